"""Saving from background threads without ever letting an older copy win."""

from __future__ import annotations

import threading

from swgtui.model.report import Report
from swgtui.store.repository import ReportStore


class LatestSaver:
    """Saves numbered snapshots of one report; a snapshot older than the last saved is skipped."""

    def __init__(self, store: ReportStore) -> None:
        self.store = store
        self._lock = threading.Lock()
        self.saved_version = 0

    def save(self, snapshot: Report, version: int, author: dict[str, str] | None = None) -> bool:
        """Write `snapshot` unless a newer version is already on disk; True if written."""
        with self._lock:
            if version <= self.saved_version:
                return False
            self.store.save(snapshot, author=author)
            self.saved_version = version
            return True
