"""A crash-safe JSON storage for TinyDB.

TinyDB's own JSONStorage rewrites its file in place, so a crash mid-write leaves a broken file;
it also escapes every non-ASCII character. This storage writes UTF-8 to a temporary file in the
same folder, fsyncs it and renames it over the old file, so the file on disk is always either
the old or the new version. It keeps the last data in memory: the store holds a lock, so no
other process writes the file while it is open.

Windows: a folder cannot be fsynced there (skipped), and renaming over a file that another
process has open (a reader) fails for a moment, so the rename is retried for up to a second.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

TEMP_SUFFIX = ".swgtui-tmp"
REPLACE_TRIES = 20  # Windows: up to about a second while a reader has the file open
REPLACE_PAUSE = 0.05


class StorageError(Exception):
    """The file could not be read or written; the message says which and why."""


class DamagedFileError(StorageError):
    """The file exists but is not readable JSON (truncated, overwritten, not ours)."""


def read_json(path: Path) -> Any:
    """The decoded file, None if it does not exist or is empty; StorageError if unreadable."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise StorageError(f"cannot read {path}: {error.strerror}") from None
    if not raw.strip():
        return None
    try:
        return json.loads(raw.decode("utf-8"))
    except RecursionError:
        reason = "nested too deeply"
    except ValueError as error:  # not UTF-8, not JSON, or a number too long to convert
        reason = str(error).split("\n")[0][:120]
    raise DamagedFileError(f"{path} is damaged or not a swgtui file ({reason}); it was left untouched")


def write_json_atomic(path: Path, data: Any) -> None:
    """Replace `path` with `data` as UTF-8 JSON so that a crash leaves the old or the new file."""
    write_bytes_atomic(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def write_bytes_atomic(path: Path, payload: bytes) -> None:
    """Replace `path` with `payload`: a temporary file in the same folder, fsynced, renamed over."""
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as temp:
            temp.write(payload)
            temp.flush()
            os.fsync(temp.fileno())
        _replace(temp_name, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise StorageError(f"cannot save to {path}: {error.strerror or error}") from None
    _fsync_folder(path.parent)


def _replace(source: str, target: Path) -> None:
    """os.replace, retried briefly on Windows while another process has the target open."""
    for attempt in range(REPLACE_TRIES):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if sys.platform != "win32" or attempt == REPLACE_TRIES - 1:
                raise
            time.sleep(REPLACE_PAUSE)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (a power cut could otherwise undo it); not possible on Windows."""
    if sys.platform == "win32":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_leftovers(folder: Path, pattern: str = "*") -> int:
    """Delete the temporary files a crash left behind for the files `pattern` matches; returns how many.

    Call it only while holding the store's lock: every writer of these files holds it, so any
    temporary file of theirs found then belongs to a writer that is gone. Temporary files of
    other files (an export written beside the store) are never touched."""
    removed = 0
    for leftover in folder.glob(f".{pattern}.*{TEMP_SUFFIX}"):
        try:
            leftover.unlink()
            removed += 1
        except OSError:
            pass
    return removed


def _tables(data: dict[str, Any]) -> bool:
    """Whether the data has TinyDB's shape: {table: {document number: document}}."""
    return all(
        isinstance(table, dict) and all(key.isdigit() and isinstance(doc, dict) for key, doc in table.items())
        for table in data.values()
    )


class AtomicJSONStorage(Storage):
    """TinyDB storage on one JSON file, written atomically, read once and then kept in memory."""

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self._data: dict[str, Any] | None = None

    def read(self) -> dict[str, Any] | None:
        if self._data is None:
            data = read_json(self.path)
            if data is not None and not isinstance(data, dict):
                raise StorageError(f"{self.path} is not a swgtui file; it was left untouched")
            if data is not None and not _tables(data):
                raise DamagedFileError(f"{self.path} is damaged or not a swgtui file; it was left untouched")
            self._data = data
        return self._data

    def write(self, data: dict[str, Any]) -> None:
        if self.read_only:
            raise StorageError(f"{self.path} is open read-only")
        try:
            write_json_atomic(self.path, data)
        except StorageError:
            self._data = None  # memory may now be ahead of the disk: re-read on next use
            raise
        self._data = data

    def close(self) -> None:
        self._data = None
