"""Rolling backups of a store, and recovery from the newest good copy of each file.

``store.backups/YYYYmmddTHHMMSS/`` holds a copy of ``store.json`` and of every report file that
holds a well-formed report; the newest few (KEEP) are kept. A damaged report file is left out of
new backups, so rotation also keeps, beyond KEEP, the newest backup that holds a good copy of a
report file (or of ``store.json``) that is damaged or missing in the store now: the last good copy
of a file is never rotated away while the store needs it, and that backup keeps its true date.

A file unchanged since the previous backup (the same size and modification time as that backup's
copy: copies keep the time, and the store replaces its files by renaming, never in place) is
hard-linked from that backup rather than copied, so a backup costs what changed, not the store's
size (copied where links fail: another file system, Windows without links). So no file of a
backup is ever written to: recovery and restoring copy out of backups, and rotation deletes
whole folders (a file linked from another backup lives on there).

Before a change made from outside (receiving a review package), one report's file and history
are kept in ``store.backups/report-TIMESTAMP/`` with a note saying what was done (the newest
KEEP are kept), so that the change can be taken back.

Recovery puts back each damaged or missing file from the newest backup that holds a good copy of
that file, and never overwrites a damaged file without keeping it beside the original as
``NAME.damaged-TIMESTAMP``; a file no backup holds a good copy of is named as such.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from swgtui.i18n import _
from swgtui.model.report import ReportError
from swgtui.store.checks import report_in
from swgtui.store.storage import StorageError, read_json, write_json_atomic

KEEP = 5
YIELD_EVERY = 5  # files: a backup runs beside the app's screen, in a thread; it lets the screen run between


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


def _backups(store_path: Path) -> list[Path]:
    """The backup folders of the whole store, oldest first (not those of one report)."""
    folder = backups_dir(store_path)
    return sorted(p for p in folder.iterdir() if p.is_dir() and p.name[:1].isdigit()) if folder.is_dir() else []


def _newest_holding(store_path: Path, relative: str, good: Callable[[Path], bool]) -> Path | None:
    for backup in reversed(_backups(store_path)):
        if (backup / relative).is_file() and good(backup / relative):
            return backup
    return None


def newest_backup(store_path: Path) -> Path | None:
    """The newest backup whose store.json reads."""
    return _newest_holding(store_path, store_path.name, _readable)


def newest_good_copy(store_path: Path, report_file_name: str) -> Path | None:
    """The newest backup that holds a well-formed copy of the report file of this name."""
    return _newest_holding(store_path, f"reports/{report_file_name}", _readable_report)


def _listed(store_path: Path) -> set[str]:
    """The file names of the reports the store's list names (none if it cannot be read)."""
    try:
        rows = read_json(store_path).get("reports", {})
    except (StorageError, AttributeError):
        return set()
    ids = [row.get("id") for row in rows.values() if isinstance(row, dict)] if isinstance(rows, dict) else []
    return {f"{i}.json" for i in ids if isinstance(i, str) and i == Path(i).name and i not in ("", ".", "..")}


def _needed(store_path: Path, unreadable: set[str]) -> set[Path]:
    """The backups that hold the last good copy of store.json, if it cannot be read, and of each
    report file named (damaged or missing in the store now)."""
    needed = {newest_good_copy(store_path, name) for name in unreadable}
    if not _readable(store_path):
        needed.add(newest_backup(store_path))
    return {backup for backup in needed if backup is not None}


def make_backup(
    store_path: Path,
    reports_dir: Path,
    keep: int = KEEP,
    guard: Callable[[], AbstractContextManager[Any]] = contextlib.nullcontext,
) -> Path:
    """Copy the store's readable files into a new backup folder (linking those unchanged since the
    previous backup) and drop the oldest ones (but not one that holds the last good copy of a file
    damaged or missing in the store). `guard`: a lock held for each file in turn, not for the whole
    backup (the app's store, so that opening a report never waits for the backup); it may raise
    to stop the backup, which is then removed, as one that fails is."""
    previous = next(reversed(_backups(store_path)), None)
    target = backups_dir(store_path) / _stamp()
    (target / "reports").mkdir(parents=True)
    try:
        with guard():
            _keep_copy(store_path, target / store_path.name, previous and previous / store_path.name, _readable)
            unreadable = {name for name in _listed(store_path) if not (reports_dir / name).is_file()}
        with os.scandir(reports_dir) if reports_dir.is_dir() else contextlib.nullcontext(()) as entries:
            names = [entry.name for entry in entries if entry.name.endswith(".json") and entry.is_file()]
        for count, name in enumerate(names, 1):
            kept = previous and previous / "reports" / name
            with guard():
                if not _keep_copy(reports_dir / name, target / "reports" / name, kept, _readable_report):
                    unreadable.add(name)
            if count % YIELD_EVERY == 0:
                time.sleep(0)
    except BaseException:  # a half-made backup must not count among the kept ones
        shutil.rmtree(target, ignore_errors=True)
        raise
    with guard():
        needed = _needed(store_path, unreadable)
        for old in _backups(store_path)[:-keep]:
            if old not in needed:
                shutil.rmtree(old, ignore_errors=True)
    return target


def _unchanged(source: Path, kept: Path | None) -> bool:
    """Whether the previous backup's copy `kept` is of this very version of `source`."""
    if kept is None:
        return False
    try:
        now, then = source.stat(), kept.stat()
    except OSError:
        return False
    return (now.st_size, now.st_mtime_ns) == (then.st_size, then.st_mtime_ns)


def _keep_copy(source: Path, copy: Path, kept: Path | None, readable: Callable[[Path], bool]) -> bool:
    """Keep `source` in a backup as `copy`: linked from the previous backup's copy `kept` if it is
    unchanged since (that backup holds only readable files), else copied if `readable`. Whether it
    is kept."""
    if _unchanged(source, kept):
        assert kept is not None
        try:
            os.link(kept, copy)
            return True
        except OSError:  # another file system, or no links: copied as any other file
            pass
    if not readable(source):
        return False
    shutil.copy2(source, copy)
    return True


def keep_aside(path: Path, stamp: str | None = None) -> str:
    """Copy a damaged file to NAME.damaged-TIMESTAMP beside it (before it is replaced); the copy's name."""
    aside = path.with_name(f"{path.name}.damaged-{stamp or _stamp()}")
    shutil.copy2(path, aside)
    return aside.name


def recover(store_path: Path, reports_dir: Path) -> list[str]:
    """Put back every damaged or missing file from the newest backup holding a good copy of it; say
    what was done, and name each damaged or missing report that no backup holds a good copy of."""
    backup = newest_backup(store_path)
    stamp = _stamp()
    if backup is None:
        if not store_path.is_file() or _readable(store_path):
            raise StorageError(_("there is no good backup of {path} to recover from").format(path=store_path))
        aside = keep_aside(store_path, stamp)  # the reports' own files are listed anew from them
        store_path.unlink()
        return [
            _("kept the damaged {name} as {aside}; there is no backup, so the list of reports starts anew").format(
                name=store_path.name, aside=aside
            )
        ]
    done = []
    if not _readable(store_path):
        if store_path.exists():
            done.append(_kept_aside(store_path, stamp))
        shutil.copy2(backup / store_path.name, store_path)
        done.append(_("restored {name} from the backup of {backup}").format(name=store_path.name, backup=backup.name))
    reports_dir.mkdir(parents=True, exist_ok=True)
    names = _listed(store_path) | {p.name for p in reports_dir.glob("*.json")}
    names |= {p.name for p in (backup / "reports").glob("*.json")}  # as before: what the newest backup holds
    for name in sorted(names):
        current = reports_dir / name
        if current.is_file() and _readable_report(current):
            continue
        source = newest_good_copy(store_path, name)
        if source is None:
            if current.exists():
                said = _("report {id} is damaged and no backup holds a good copy of it; it was left as it is")
            else:
                said = _("report {id} is missing and no backup holds a good copy of it; it was left as it is")
            done.append(said.format(id=current.stem))
            continue
        if current.exists():
            done.append(_kept_aside(current, stamp))
        shutil.copy2(source / "reports" / name, current)
        done.append(_("restored report {id} from the backup of {backup}").format(id=current.stem, backup=source.name))
    return done or [_("nothing was damaged")]


def _kept_aside(path: Path, stamp: str) -> str:
    """Keep a damaged file beside it (`keep_aside`), saying so."""
    return _("kept the damaged {name} as {aside}").format(name=path.name, aside=keep_aside(path, stamp))


REPORT_BACKUP = "report-"
NOTE = "note.json"


def back_up_report(store_path: Path, reports_dir: Path, report_id: str, note: dict[str, Any], keep: int = KEEP) -> Path:
    """Copy one report's file and history (those that exist) into a new backup folder with
    `note` (what is about to be done), and drop the oldest such folders beyond `keep`."""
    target = backups_dir(store_path) / f"{REPORT_BACKUP}{_stamp()}"
    (target / "reports").mkdir(parents=True)
    try:
        for name in report_files(report_id):
            if (reports_dir / name).is_file():
                shutil.copy2(reports_dir / name, target / "reports" / name)
        write_json_atomic(target / NOTE, note)
    except BaseException:  # a half-made backup (disk full) must not count among the kept ones
        shutil.rmtree(target, ignore_errors=True)
        raise
    for old in report_backups(store_path)[:-keep]:
        shutil.rmtree(old, ignore_errors=True)
    return target


def report_files(report_id: str) -> tuple[str, str, str]:
    """The names of a report's file, of its history file and of the history's index (a cache)."""
    return f"{report_id}.json", f"{report_id}.history.jsonl", f"{report_id}.history.index"


def report_backups(store_path: Path) -> list[Path]:
    """The backups of single reports, oldest first."""
    folder = backups_dir(store_path)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_dir() and p.name.startswith(REPORT_BACKUP))


def backup_note(backup: Path) -> dict[str, Any]:
    """The note kept with a report's backup ({} if it cannot be read)."""
    try:
        note = read_json(backup / NOTE)
    except StorageError:
        return {}
    return note if isinstance(note, dict) else {}


def update_note(backup: Path, **changes: Any) -> None:
    write_json_atomic(backup / NOTE, {**backup_note(backup), **changes})
