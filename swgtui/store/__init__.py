"""Saving reports: a TinyDB store with atomic writes and a single-writer lock."""

from swgtui.store.lock import StoreLockedError
from swgtui.store.repository import ReportNotFoundError, ReportStore, ReportUnreadableError, StoreError

__all__ = ["ReportNotFoundError", "ReportStore", "ReportUnreadableError", "StoreError", "StoreLockedError"]
