"""Keep the catalogues of swgtui's messages current (needs Babel: ``pip install -e '.[test]'``).

    python scripts/translations.py update    # extract every message into swgtui.pot; add new ones to each .po
    python scripts/translations.py fill F    # put the translations of a JSON file {"English": "Lao", ...} in lo's .po
    python scripts/translations.py compile   # .po -> .mo (what the app reads)
    python scripts/translations.py review    # write docs/translations-awaiting-review.md

Every translation put in by `fill` carries the translator comment AWAITING_REVIEW; a Lao
speaker who has checked an entry deletes that line, and `review` lists the entries still
carrying it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "swgtui" / "locale"
POT = LOCALE / "swgtui.pot"
AWAITING_REVIEW = "awaiting review: no Lao speaker has checked this translation yet"
REVIEW_LIST = ROOT / "docs" / "translations-awaiting-review.md"


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "swgtui.po"


def pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], cwd=ROOT, check=True)


def update() -> None:
    pybabel(
        "extract",
        "-F",
        "babel.cfg",
        "--no-location",
        "--sort-output",
        "--no-wrap",
        "--add-comments=TRANSLATORS:",
        "--project=swgtui",
        "--copyright-holder=swgtui",
        "-o",
        str(POT),
        "swgtui",
    )
    for language in ("lo",):
        action = "update" if po_path(language).exists() else "init"
        extra = ["--no-fuzzy-matching", "--ignore-obsolete", "--no-wrap"] if action == "update" else ["--no-wrap"]
        pybabel(action, "-i", str(POT), "-d", str(LOCALE), "-D", "swgtui", "-l", language, *extra)


def fill(source: Path, language: str = "lo") -> None:
    translations = json.loads(source.read_text(encoding="utf-8"))
    path = po_path(language)
    with path.open("rb") as file:
        catalog = read_po(file, locale=language)
    unknown = []
    for msgid, text in translations.items():
        message = catalog.get(msgid)
        if message is None:
            unknown.append(msgid)
            continue
        if message.pluralizable:
            message.string = tuple(text) if isinstance(text, list) else (text,)
        else:
            message.string = text
        if AWAITING_REVIEW not in message.user_comments:
            message.user_comments.append(AWAITING_REVIEW)
    with path.open("wb") as file:
        write_po(file, catalog, width=0, omit_header=False, sort_output=True, no_location=True)
    for msgid in unknown:
        print(f"not in the catalogue (run update first, or the code no longer has it): {msgid!r}", file=sys.stderr)


def compile_all() -> None:
    pybabel("compile", "-d", str(LOCALE), "-D", "swgtui", "--statistics")


def review() -> None:
    lines = [
        "# Translations awaiting review",
        "",
        "No Lao speaker has checked these translations yet. Each is marked in",
        "`swgtui/locale/lo/LC_MESSAGES/swgtui.po` with the comment",
        f'"{AWAITING_REVIEW}"; a reviewer corrects the Lao (`msgstr`), deletes that comment line,',
        "and runs `python scripts/translations.py compile` and `review`. This list is made by `review`.",
        "",
        "| English | Lao |",
        "| --- | --- |",
    ]
    with po_path("lo").open("rb") as file:
        catalog = read_po(file, locale="lo")

    def cell(text: object) -> str:
        words = " / ".join(text) if isinstance(text, tuple) else str(text)
        return words.replace("|", "\\|").replace("\n", " ")

    count = 0
    for message in catalog:
        if message.id and AWAITING_REVIEW in message.user_comments:
            lines.append(f"| {cell(message.id)} | {cell(message.string)} |")
            count += 1
    lines[2:2] = [f"{count} entries.", ""]
    REVIEW_LIST.parent.mkdir(exist_ok=True)
    REVIEW_LIST.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{count} entries awaiting review, listed in {REVIEW_LIST.relative_to(ROOT)}")


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "update":
        update()
    elif command == "fill" and len(sys.argv) == 3:
        fill(Path(sys.argv[2]))
    elif command == "compile":
        compile_all()
    elif command == "review":
        review()
    else:
        sys.exit(__doc__)
