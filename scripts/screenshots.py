"""Make the README's screenshots anew from the app as it is now (run after changing a screen):

    python scripts/screenshots.py

Writes into docs/screenshots/: the report list, the editor and the sign-off screen on the
sample report, in English and in Lao (Textual's own SVG screenshots, 120x40), and the first
page of the sample's Word export in each document language (PNG; needs LibreOffice's soffice
and poppler's pdftoppm, skipped with a note when they are missing).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
SIZE = (120, 40)
SCREENS = {  # name: the keys that reach it from the report list, one at a time
    "report-list": (),
    "editor": ("enter", "alt+down", "alt+down"),
    "signoff": ("enter", "ctrl+g"),
}


async def screenshot(language: str, keys: tuple[str, ...], folder: Path) -> str:
    from swgtui import i18n
    from swgtui.app import make_app
    from swgtui.model import report as rp
    from swgtui.sample import sample_report
    from swgtui.store import ReportStore

    i18n.set_language(language)
    rp.now_iso = lambda: "2026-01-15T09:30:00+00:00"  # the same screenshot whenever it is made
    place = folder / f"{language}-{len(keys)}"
    place.mkdir()
    os.chdir(place)  # the list shows the store's path: a short one, the same on every machine
    with ReportStore(Path("store.json"), holder="swgtui app") as store:
        store.add(sample_report())
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            for key in keys:
                await pilot.press(key)
                await app.workers.wait_for_complete()
                await pilot.pause(0.3)
            return app.export_screenshot(title="swgtui")


def first_page(language: str, folder: Path) -> str:
    """The first page of the sample's export in `language` as a PNG, or why it could not be made."""
    soffice, pdftoppm = shutil.which("soffice"), shutil.which("pdftoppm")
    if not soffice or not pdftoppm:
        return "skipped: soffice and pdftoppm are needed"
    env = {**os.environ, "SWGTUI_DB": str(folder / "export-store.json"), "SWGTUI_EXPORT_RECORD": str(folder / "x.json")}
    swgtui = [sys.executable, "-m", "swgtui"]
    report = subprocess.run([*swgtui, "sample"], env=env, capture_output=True, text=True, check=True).stdout.split()[0]
    docx = folder / f"export-{language}.docx"
    export = [*swgtui, "export", report, "--out", str(docx), "--doc-lang", language]
    subprocess.run(export, env=env, capture_output=True, text=True, check=True)
    profile = f"-env:UserInstallation=file://{folder}/profile"
    convert = [soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(docx)]
    subprocess.run(convert, capture_output=True, check=True)
    target = OUT / f"export-first-page-{language}"
    subprocess.run(
        [pdftoppm, "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(docx.with_suffix(".pdf")), str(target)],
        check=True,
    )
    return str(target.with_suffix(".png").relative_to(ROOT))


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        os.environ.update(  # never the user's own store, settings or exports
            SWGTUI_CONFIG_DIR=str(folder / "config"),
            SWGTUI_EXPORT_DIR=str(folder / "exports"),
            SWGTUI_EXPORT_RECORD=str(folder / "exports.json"),
            SWGTUI_TEMPLATES=str(folder / "templates"),
        )
        os.environ.pop("SWGTUI_LANG", None)
        for language in ("en", "lo"):
            for name, keys in SCREENS.items():
                path = OUT / f"{name}-{language}.svg"
                path.write_text(asyncio.run(screenshot(language, keys, folder)), encoding="utf-8")
                print(path.relative_to(ROOT))
            print(first_page(language, folder))


if __name__ == "__main__":
    main()
