"""One writer at a time: a lock file beside the store naming the process that holds it."""

from __future__ import annotations

import contextlib
import json
import os
import socket
from datetime import UTC, datetime
from pathlib import Path


class StoreLockedError(Exception):
    """Another live swgtui process holds the store."""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class StoreLock:
    """An exclusive lock file; a lock left by a dead process on this machine is taken over."""

    def __init__(self, store_path: Path, holder: str) -> None:
        self.path = store_path.with_name(store_path.name + ".lock")
        self.holder = holder
        self.held = False

    def describe_holder(self) -> str:
        """Who holds the lock, in words, or '' if nobody does."""
        info = self._read()
        if not info:
            return ""
        where = f"process {info.get('pid')} on {info.get('host')}, since {info.get('since')}"
        return f"{info.get('holder', 'swgtui')} ({where})"

    def _read(self) -> dict | None:
        try:
            info = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return info if isinstance(info, dict) else None

    def _is_stale(self, info: dict | None) -> bool:
        if info is None:
            return True  # unreadable: a crash between creating and writing it
        if info.get("host") != socket.gethostname():
            return False  # cannot check a process on another machine
        pid = info.get("pid")
        return not isinstance(pid, int) or not _alive(pid)

    def acquire(self) -> None:
        info = {
            "holder": self.holder,
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "since": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        for _ in range(2):
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                current = self._read()
                if current and current.get("pid") == os.getpid() and current.get("host") == info["host"]:
                    raise StoreLockedError(f"the store is already open in this process ({self.holder})") from None
                if not self._is_stale(current):
                    raise StoreLockedError(
                        f"the store is in use by {self.describe_holder()}; close it there first"
                    ) from None
                with contextlib.suppress(FileNotFoundError):
                    self.path.unlink()
                continue
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(info, handle)
                handle.flush()
                os.fsync(handle.fileno())
            self.held = True
            return
        raise StoreLockedError(f"could not take the lock {self.path}")

    def release(self) -> None:
        if self.held:
            self.held = False
            with contextlib.suppress(OSError):
                self.path.unlink()
