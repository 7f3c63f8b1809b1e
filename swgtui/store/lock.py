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
import sys
from datetime import UTC, datetime
from pathlib import Path

from filelock import FileLock, Timeout

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

    @property
    def held(self) -> bool:
        return self._lock.is_locked

    def describe_holder(self) -> str:
        """Who the lock file names as its holder, cleaned for the screen, or '' if it names nobody."""
        info = self._read()
        if not info:
            return ""
        holder, pid, host, since = (clean_line(str(info.get(k, "?"))) for k in ("holder", "pid", "host", "since"))
        return f"{holder or 'swgtui'} (process {pid} on {host}, since {since})"[:HOLDER_MAX]

    def busy_holder(self) -> str:
        """Who holds the lock right now, or '' if nobody does (checked by trying to take it)."""
        try:
            self._lock.acquire(timeout=0)
        except Timeout:
            return self.describe_holder() or "another swgtui"
        except OSError:
            return ""  # cannot even try (a read-only folder): nobody can be writing here either
        self.release()
        return ""

    def _read(self) -> dict | None:
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
            raise StoreLockedError(f"the store is already open in this process ({self.holder})")
        try:
            self._lock.acquire(timeout=wait)
        except Timeout:
            info = self._read() or {}
            if info.get("pid") == os.getpid() and info.get("host") == socket.gethostname():
                raise StoreLockedError(f"the store is already open in this process ({self.holder})") from None
            who = self.describe_holder() or "another swgtui"
            waited = f" (waited {wait:g} s)" if wait else ""
            raise StoreLockedError(f"the store is in use by {who}{waited}; close it there first") from None
        _HELD.add(self._lock)
        self._write_name()

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
        if not self.held:
            return
        if sys.platform != "win32":  # Windows: filelock removes the file itself once it is unlocked
            # Removed while still held: a process waiting on this file sees it unlinked and retries.
            with contextlib.suppress(OSError):
                self.path.unlink()
        self._lock.release(force=True)
        _HELD.discard(self._lock)
