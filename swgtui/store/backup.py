"""Rolling backups of a store, and recovery from the newest good one.

``store.backups/YYYYmmddTHHMMSS/`` holds a copy of ``store.json`` and of every report file that
holds a well-formed report; the newest few are kept. Recovery never overwrites a damaged file without
keeping it beside the original as ``NAME.damaged-TIMESTAMP``.
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

from swgtui.model.report import ReportError
from swgtui.store.checks import report_in
from swgtui.store.storage import StorageError, read_json

KEEP = 5


def backups_dir(store_path: Path) -> Path:
    return store_path.with_name(store_path.stem + ".backups")


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")


def _readable(path: Path) -> bool:
    try:
        return isinstance(read_json(path), dict)
    except StorageError:
        return False


def _readable_report(path: Path) -> bool:
    """The file holds a well-formed report (valid JSON of another shape counts as damaged)."""
    try:
        report_in(read_json(path))
    except (StorageError, ReportError):
        return False
    return True


def make_backup(store_path: Path, reports_dir: Path, keep: int = KEEP) -> Path:
    """Copy the store's readable files into a new backup folder and drop the oldest ones."""
    target = backups_dir(store_path) / _stamp()
    (target / "reports").mkdir(parents=True)
    shutil.copy2(store_path, target / store_path.name)
    if reports_dir.is_dir():
        for report_file in reports_dir.glob("*.json"):
            if _readable_report(report_file):
                shutil.copy2(report_file, target / "reports" / report_file.name)
    for old in sorted(p for p in backups_dir(store_path).iterdir() if p.is_dir())[:-keep]:
        shutil.rmtree(old, ignore_errors=True)
    return target


def newest_backup(store_path: Path) -> Path | None:
    folder = backups_dir(store_path)
    if not folder.is_dir():
        return None
    good = [p for p in sorted(folder.iterdir()) if (p / store_path.name).is_file() and _readable(p / store_path.name)]
    return good[-1] if good else None


def keep_aside(path: Path, stamp: str | None = None) -> str:
    """Copy a damaged file to NAME.damaged-TIMESTAMP beside it (before it is replaced); the copy's name."""
    aside = path.with_name(f"{path.name}.damaged-{stamp or _stamp()}")
    shutil.copy2(path, aside)
    return aside.name


def recover(store_path: Path, reports_dir: Path) -> list[str]:
    """Put back every damaged or missing file from the newest good backup; say what was done."""
    backup = newest_backup(store_path)
    stamp = _stamp()
    if backup is None:
        if not store_path.is_file() or _readable(store_path):
            raise StorageError(f"there is no good backup of {store_path} to recover from")
        aside = keep_aside(store_path, stamp)  # the reports' own files are listed anew from them
        store_path.unlink()
        return [
            f"kept the damaged {store_path.name} as {aside}; there is no backup, so the list of reports starts anew"
        ]
    done = []
    if not _readable(store_path):
        if store_path.exists():
            done.append(f"kept the damaged {store_path.name} as {keep_aside(store_path, stamp)}")
        shutil.copy2(backup / store_path.name, store_path)
        done.append(f"restored {store_path.name} from the backup of {backup.name}")
    reports_dir.mkdir(parents=True, exist_ok=True)
    for saved in sorted((backup / "reports").glob("*.json")):
        current = reports_dir / saved.name
        if not current.exists() or not _readable_report(current):
            if current.exists():
                done.append(f"kept the damaged {current.name} as {keep_aside(current, stamp)}")
            shutil.copy2(saved, current)
            done.append(f"restored report {saved.stem} from the backup of {backup.name}")
    return done or ["nothing was damaged"]
