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
import fnmatch
import json
import os
import stat
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from swgtui.i18n import N_, _

TEMP_SUFFIX = ".swgtui-tmp"
REPLACE_TRIES = 20  # Windows: up to about a second while a reader has the file open
REPLACE_PAUSE = 0.05
MAX_FILE_BYTES = 200_000_000  # far beyond any report; a larger file is not one of ours
# The operating system's words for the failures a person meets most, as Linux and macOS spell
# them: `os_reason` gives these in the interface's language (others as the system says them).
OS_REASONS = (
    N_("No space left on device"),
    N_("Disk quota exceeded"),
    N_("Permission denied"),
    N_("Operation not permitted"),
    N_("Read-only file system"),
    N_("No such file or directory"),
    N_("Is a directory"),
    N_("Not a directory"),
    N_("File name too long"),
    N_("Input/output error"),
    N_("Too many open files"),
)


class StorageError(Exception):
    """The file could not be read or written; the message says which and why."""


class ChangedFileError(StorageError):
    """Another program wrote the file since this one read it."""


class DamagedFileError(StorageError):
    """The file exists but is not readable JSON (truncated, overwritten, not ours)."""


def file_kind(mode: int) -> str:
    """What a path that is not a regular file is, as a person names it: "a folder", "a device" …"""
    if stat.S_ISDIR(mode):
        return _("a folder")
    if stat.S_ISFIFO(mode):
        return _("a named pipe")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _("a device")
    if stat.S_ISSOCK(mode):
        return _("a socket")
    return _("not a regular file")


def read_regular(path: Path) -> tuple[bytes, os.stat_result] | None:
    """A regular file's bytes and identity, None if it does not exist. StorageError, before
    reading anything, for a device, a named pipe or a folder, and for a file over MAX_FILE_BYTES."""
    try:
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode):  # checked before opening: a pipe would block
            raise StorageError(not_a_file(path, mode))
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        return None
    except OSError as error:
        raise StorageError(cannot_read(path, error)) from None
    with os.fdopen(fd, "rb") as handle:
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):  # swapped since the check
                raise StorageError(not_a_file(path, info.st_mode))
            raw = handle.read(MAX_FILE_BYTES + 1)
        except OSError as error:
            raise StorageError(cannot_read(path, error)) from None
    if len(raw) > MAX_FILE_BYTES:
        raise StorageError(too_large(path, untouched=True))
    return raw, info


def not_a_file(path: Path, mode: int) -> str:
    """What a person is told of a path that is not a regular file (a folder, a pipe …)."""
    return _("{path} is {kind}, not a file; it was left untouched").format(path=path, kind=file_kind(mode))


def os_reason(error: OSError) -> str:
    """Why the operating system refused, in the interface's language where it is one of
    OS_REASONS (as the system says it otherwise)."""
    reason = error.strerror
    if not reason:
        return str(error)
    return _(reason) if reason in OS_REASONS else reason


def cannot_read(path: Path, error: OSError) -> str:
    """What a person is told of a file the operating system would not let be read."""
    return _("cannot read {path}: {reason}").format(path=path, reason=os_reason(error))


def too_large(path: Path, untouched: bool = False) -> str:
    """What a person is told of a file over MAX_FILE_BYTES (`untouched`: and that it was left so)."""
    limit = MAX_FILE_BYTES // 1_000_000
    if untouched:
        message = _("{path} is larger than {limit} MB, too large for a swgtui file; it was left untouched")
    else:
        message = _("{path} is larger than {limit} MB, too large for a swgtui file")
    return message.format(path=path, limit=limit)


def read_json(path: Path) -> Any:
    """The decoded file, None if it does not exist; StorageError if unreadable, DamagedFileError
    if it is not JSON or holds nothing (empty, blank or null: a store file is never that)."""
    return _decoded(path, read_regular(path))


def _decoded(path: Path, read: tuple[bytes, os.stat_result] | None) -> Any:
    if read is None:
        return None
    raw = read[0]
    try:
        data = json.loads(raw.decode("utf-8")) if raw.strip() else None
    except RecursionError:
        reason = _("nested too deeply")
    except ValueError as error:  # not UTF-8, not JSON, or a number too long to convert
        reason = str(error).split("\n")[0][:120]
    else:
        if data is not None:
            return data
        reason = _("it is empty") if not raw.strip() else _("it holds only null")
    raise DamagedFileError(
        _("{path} is damaged or not a swgtui file ({reason}); it was left untouched").format(path=path, reason=reason)
    )


def write_json_atomic(path: Path, data: Any) -> os.stat_result:
    """Replace `path` with `data` as UTF-8 JSON so that a crash leaves the old or the new file."""
    return write_bytes_atomic(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def write_bytes_atomic(path: Path, payload: bytes) -> os.stat_result:
    """Replace `path` with `payload`: a temporary file in the same folder, fsynced, renamed over.
    Returns the new file's identity (see `identity`)."""
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as temp:
            temp.write(payload)
            temp.flush()
            os.fsync(temp.fileno())
        _replace(temp_name, path)
        written = os.stat(path)  # after closing: Windows may set the time of the last write then
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise StorageError(_("cannot save to {path}: {reason}").format(path=path, reason=os_reason(error))) from None
    _fsync_folder(path.parent)
    return written


def read_only(path: Path) -> str:
    """What a person is told of a change to a file opened only for reading."""
    return _("{path} is open read-only").format(path=path)


def identity(info: os.stat_result | None) -> tuple[int, int, int] | None:
    """What tells one version of a file from another: a new file (an atomic save) or new content."""
    return None if info is None else (info.st_ino, info.st_size, info.st_mtime_ns)


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
    wanted = f".{pattern}.*{TEMP_SUFFIX}"
    try:
        names = [entry.name for entry in os.scandir(folder)]  # a store's folder of reports holds thousands
    except OSError:
        return 0
    for name in names:
        if name.endswith(TEMP_SUFFIX) and fnmatch.fnmatchcase(name, wanted):
            try:
                (folder / name).unlink()
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
    """TinyDB storage on one JSON file, written atomically, read once and then kept in memory.

    It remembers which version of the file it last read or wrote, and refuses to write over
    another: a file changed by another program since is never overwritten."""

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self._data: dict[str, Any] | None = None
        self._identity: tuple[int, int, int] | None = None  # of the version read or written; None: no file

    def read(self) -> dict[str, Any] | None:
        if self._data is None:
            read = read_regular(self.path)
            data = _decoded(self.path, read)
            if data is not None and not isinstance(data, dict):
                raise StorageError(_("{path} is not a swgtui file; it was left untouched").format(path=self.path))
            if data is not None and not _tables(data):
                raise DamagedFileError(
                    _("{path} is damaged or not a swgtui file; it was left untouched").format(path=self.path)
                )
            self._data = data
            self._identity = identity(read[1]) if read else None
        return self._data

    def changed_on_disk(self) -> bool:
        """Whether the file is no longer the version this storage last read or wrote."""
        try:
            now = identity(os.stat(self.path))
        except FileNotFoundError:
            now = None
        except OSError:
            return False  # cannot tell: the write itself says what is wrong
        return now != self._identity

    def write(self, data: dict[str, Any]) -> None:
        if self.read_only:
            raise StorageError(read_only(self.path))
        if self.changed_on_disk():  # kept so: every later write is refused too, until it is read again
            raise ChangedFileError(
                _("{path} was changed by another program since it was read; it was not overwritten").format(
                    path=self.path
                )
            )
        try:
            written = write_json_atomic(self.path, data)
        except StorageError:
            self._data = None  # memory may now be ahead of the disk: re-read on next use
            raise
        self._data = data
        self._identity = identity(written)

    def close(self) -> None:
        self._data = None
