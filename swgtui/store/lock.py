"""One writer at a time: the operating system's lock on ``store.json.lock`` decides who holds the store.

The lock is taken with the `filelock` package (``flock`` on Linux and macOS, ``LockFileEx`` on
Windows), so it ends with the process that holds it: a crash never leaves the store locked. The
file's content only names the holder for messages; an empty or garbage file means nothing. The
name is written from the second byte on, because Windows keeps the locked first byte unreadable
for other processes.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import stat
import sys
from datetime import UTC, datetime
from pathlib import Path

from filelock import FileLock, Timeout

from swgtui.i18n import _
from swgtui.text import clean_line

NAME_OFFSET = 1  # byte 0 is the one Windows locks
HOLDER_MAX = 200  # characters of a holder's description shown in a message
_HELD: set[FileLock] = set()  # a lock is held until released or the process ends, even if its store is dropped


class StoreLockedError(Exception):
    """Another swgtui process holds the store."""


class StoreLock:
    """The store's lock: `acquire` waits up to `wait` seconds, then says who holds it."""

    def __init__(self, store_path: Path, holder: str) -> None:
        self.path = store_path.with_name(store_path.name + ".lock")
        self.holder = holder
        self._lock = FileLock(self.path, thread_local=False)
        self._wanted = False  # acquired and not yet released: the lock must stay held

    @property
    def held(self) -> bool:
        return self._lock.is_locked

    def describe_holder(self) -> str:
        """Who the lock file names as its holder, cleaned for the screen, or '' if it names nobody."""
        info = self._read()
        if not info:
            return ""
        holder, pid, host, since = (clean_line(str(info.get(k, "?"))) for k in ("holder", "pid", "host", "since"))
        said = _("{holder} (process {pid} on {host}, since {since})")
        return said.format(holder=holder or "swgtui", pid=pid, host=host, since=since)[:HOLDER_MAX]

    def busy_holder(self) -> str:
        """Who holds the lock right now, or '' if nobody does (checked by trying to take it)."""
        try:
            self._lock.acquire(timeout=0)
        except Timeout:
            return self.describe_holder() or _("another swgtui")
        except OSError:
            return ""  # cannot even try (a read-only folder): nobody can be writing here either
        self.release()
        return ""

    def _read(self) -> dict[str, object] | None:
        try:
            with open(self.path, "rb") as handle:
                handle.seek(NAME_OFFSET)
                info = json.loads(handle.read(4096).decode("utf-8"))
        except (OSError, ValueError, RecursionError):
            return None
        return info if isinstance(info, dict) else None

    def acquire(self, wait: float = 0) -> None:
        """Take the lock, waiting up to `wait` seconds for another holder to finish."""
        if self.held:
            raise StoreLockedError(self._open_here())
        with contextlib.suppress(OSError):  # a pipe or a device would hang or lock nothing
            if not stat.S_ISREG(os.stat(self.path).st_mode):
                raise StoreLockedError(
                    _("{path} is not a regular file; remove it (swgtui makes it anew)").format(path=self.path)
                )
        try:
            self._lock.acquire(timeout=wait)
        except Timeout:
            info: dict[str, object] = self._read() or {}
            if info.get("pid") == os.getpid() and info.get("host") == socket.gethostname():
                raise StoreLockedError(self._open_here()) from None
            who = self.describe_holder() or _("another swgtui")
            if wait:
                said = _("the store is in use by {who} (waited {seconds} s); close it there first")
            else:
                said = _("the store is in use by {who}; close it there first")
            raise StoreLockedError(said.format(who=who, seconds=f"{wait:g}")) from None
        _HELD.add(self._lock)
        self._wanted = True
        self._write_name()

    def check_held(self) -> str:
        """'' while the lock file on disk is the one this store holds. If another program removed
        or replaced it, the lock is taken again when free (the message says so); StoreLockedError,
        naming the holder, if another swgtui took the store meanwhile."""
        if not self._wanted:
            return ""
        if self.held and self._is_on_disk():
            return ""
        self._lock.release(force=True)  # the lock on a file that is gone protects nothing
        _HELD.discard(self._lock)
        try:
            self._lock.acquire(timeout=0)
        except (Timeout, OSError):
            who = self.describe_holder() or _("another program")
            raise StoreLockedError(
                _(
                    "the lock file {path} was removed or replaced by another program and the store is now "
                    "in use by {who}; close it there, then open the report again"
                ).format(path=self.path, who=who)
            ) from None
        _HELD.add(self._lock)
        self._write_name()
        return _("the lock file {path} was removed or replaced by another program; swgtui has taken it again").format(
            path=self.path
        )

    def _open_here(self) -> str:
        return _("the store is already open in this process ({holder})").format(holder=self.holder)

    def _is_on_disk(self) -> bool:
        fd = getattr(getattr(self._lock, "_context", None), "lock_file_fd", None)
        if fd is None:
            return True  # cannot tell (another filelock version)
        try:
            return os.path.samestat(os.stat(self.path), os.fstat(fd))
        except FileNotFoundError:
            return False
        except OSError:
            return True  # cannot tell: the save itself says what is wrong

    def _write_name(self) -> None:
        info = {
            "holder": self.holder,
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "since": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        with contextlib.suppress(OSError), open(self.path, "r+b") as handle:  # only a name: best effort
            handle.seek(NAME_OFFSET)
            handle.write(json.dumps(info).encode("utf-8"))
            handle.truncate()

    def release(self) -> None:
        self._wanted = False
        if not self.held:
            return
        if sys.platform != "win32":  # Windows: filelock removes the file itself once it is unlocked
            # Removed while still held: a process waiting on this file sees it unlinked and retries.
            # (Never another holder's: the file may have been replaced since, see `check_held`.)
            if self._is_on_disk():
                with contextlib.suppress(OSError):
                    self.path.unlink()
        self._lock.release(force=True)
        _HELD.discard(self._lock)
