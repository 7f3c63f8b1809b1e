"""The report store: the one place the app and the command line read and save reports.

Layout on disk, for a store file ``store.json``:

    store.json             TinyDB: the "store" table (schema version) and the "reports" index
                           (id, swg, period, template, complete, updated) for the report list
    store.json.lock        present while a writer has the store open
    store.reports/ID.json  TinyDB: one report each, so saving a field rewrites only that report

Every file is written atomically (see storage.py).
"""

from __future__ import annotations

import contextlib
import copy
import functools
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tinydb import TinyDB, where

from swgtui import report as rp
from swgtui.dumpfile import check_report
from swgtui.store.backup import make_backup, newest_backup, recover
from swgtui.store.history import HistoryLog
from swgtui.store.lock import StoreLock
from swgtui.store.storage import AtomicJSONStorage, DamagedFileError, StorageError, read_json, remove_leftovers
from swgtui.template import load_template
from swgtui.validate import listed_summary

SCHEMA_VERSION = 1
STORE_MARK = "swgtui-store"


def _serialised(method: Callable[..., Any]) -> Callable[..., Any]:
    """Run the method under the store's mutex: the app saves from a worker thread."""

    @functools.wraps(method)
    def wrapper(self: ReportStore, *args: Any, **kwargs: Any) -> Any:
        with self._mutex:
            return method(self, *args, **kwargs)

    return wrapper


class StoreError(Exception):
    """The store cannot be opened, read or written; the message says why and what to do."""


class ReportNotFoundError(StoreError):
    pass


class ReportUnreadableError(StoreError):
    """The report's file holds data swgtui cannot show; it can still be deleted."""


class ReportStore:
    """Reports on disk. Open with ``writable=True`` to change anything (takes the lock)."""

    def __init__(self, path: Path, *, writable: bool = True, holder: str = "swgtui") -> None:
        self.path = Path(path)
        self.writable = writable
        self.reports_dir = self.path.with_name(self.path.stem + ".reports")
        self._lock = StoreLock(self.path, holder)
        self._index: TinyDB | None = None
        self._report_dbs: dict[str, TinyDB] = {}
        self._mutex = threading.RLock()
        self._history_logs: dict[str, HistoryLog] = {}

    # --- opening and closing -----------------------------------------------------------------

    @_serialised
    def open(self) -> ReportStore:
        try:
            if self.writable:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._lock.acquire()
            self._index = TinyDB(storage=AtomicJSONStorage, path=self.path, read_only=not self.writable)
            self._check_schema()
            if self.writable:
                remove_leftovers(self.path.parent)
                if self.reports_dir.is_dir():
                    remove_leftovers(self.reports_dir)
        except StorageError as error:
            self.close()
            raise StoreError(self._with_recovery_hint(error)) from None
        except OSError as error:  # a read-only or full folder, a missing permission
            self.close()
            raise StoreError(
                f"cannot open {self.path} for writing: {error.strerror or error}; nothing was changed. "
                "'swgtui --read-only' opens it without writing"
            ) from None
        except Exception:
            self.close()
            raise
        return self

    def _with_recovery_hint(self, error: StorageError) -> str:
        message = str(error)
        if not isinstance(error, DamagedFileError):
            return message
        backup = newest_backup(self.path)
        if backup is None:
            return message + ". There is no backup to recover from."
        return (
            f"{message}. The newest good backup is from {backup.name}; "
            f"'swgtui recover --db {self.path}' restores it and keeps the damaged file beside it"
        )

    @_serialised
    def backup_now(self) -> Path:
        """Add a rolling backup of the store (the app does this each time it opens a store)."""
        self._require_writable()
        try:
            return make_backup(self.path, self.reports_dir)
        except OSError as error:
            raise StoreError(f"cannot back up {self.path}: {error.strerror or error}") from None

    @_serialised
    def recover(self) -> list[str]:
        """Restore damaged or missing files from the newest good backup (lock held, store not open)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock.acquire()
        try:
            done = recover(self.path, self.reports_dir)
        except (StorageError, OSError) as error:
            self._lock.release()
            raise StoreError(str(error)) from None
        self._lock.release()
        with self:  # list again any report saved after the backup was taken
            listed = {s["id"] for s in self.list_reports()}
            for report_file in sorted(self.reports_dir.glob("*.json")):
                if report_file.stem in listed:
                    continue
                try:
                    report = self.get_file(report_file)
                except StoreError:
                    continue
                self._update_summary(load_template(report["template"]), report)
                done.append(f"listed report {report['id']} again")
        return done

    def get_file(self, report_file: Path) -> rp.Report:
        """A report read straight from its file (used when the list of reports was lost)."""
        try:
            data = read_json(report_file)
            doc = data.get("report", {}).get("1") if isinstance(data, dict) else None
            check_report(doc)
        except (StorageError, rp.ReportError, AttributeError) as error:
            raise StoreError(f"{report_file.name} cannot be read: {error}") from None
        return doc

    def _check_schema(self) -> None:
        assert self._index is not None
        raw = self._index.storage.read()
        if raw is None:
            if self.writable:
                self._index.table("store").insert({"mark": STORE_MARK, "schema": SCHEMA_VERSION})
            return
        marks = raw.get("store", {})
        mark = next(iter(marks.values()), {}) if isinstance(marks, dict) else {}
        if not isinstance(mark, dict) or mark.get("mark") != STORE_MARK:
            raise StoreError(f"{self.path} is not a swgtui store; it was left untouched")
        if mark.get("schema") != SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} has store schema {mark.get('schema')!r}; this swgtui reads {SCHEMA_VERSION}. "
                "Use the swgtui version that wrote it."
            )

    @_serialised
    def close(self) -> None:
        for db in self._report_dbs.values():
            db.close()
        self._report_dbs.clear()
        if self._index is not None:
            self._index.close()
            self._index = None
        self._lock.release()

    def __enter__(self) -> ReportStore:
        return self.open()

    def __exit__(self, *exc: Any) -> None:
        self.close()

    @property
    def index(self) -> TinyDB:
        if self._index is None:
            raise StoreError("the store is not open")
        return self._index

    def _require_writable(self) -> None:
        if not self.writable:
            raise StoreError(f"{self.path} is open read-only")

    # --- reading -----------------------------------------------------------------------------

    @_serialised
    def list_reports(self) -> list[dict[str, Any]]:
        """One summary per report (id, swg, period, template, complete, updated), oldest first."""
        return [listed_summary(doc) for doc in self.index.table("reports").all()]

    def _report_db(self, report_id: str) -> TinyDB:
        db = self._report_dbs.get(report_id)
        if db is None:
            path = self.reports_dir / f"{report_id}.json"
            db = TinyDB(storage=AtomicJSONStorage, path=path, read_only=not self.writable)
            self._report_dbs[report_id] = db
        return db

    def _history(self, report_id: str) -> HistoryLog:
        log = self._history_logs.get(report_id)
        if log is None:
            log = self._history_logs[report_id] = HistoryLog(self.reports_dir / f"{report_id}.history.jsonl")
        return log

    @_serialised
    def full_history(self, report_id: str) -> list[dict[str, Any]]:
        """Every saved revision of the report's texts, in the order they were saved."""
        self.get(report_id)
        try:
            return self._history(report_id).read()
        except StorageError as error:
            raise StoreError(str(error)) from None

    @_serialised
    def history(self, report_id: str, part_id: str, field_id: str) -> list[dict[str, Any]]:
        """The revisions of one text, oldest first (numbered from 1)."""
        self.get(report_id)
        try:
            return self._history(report_id).revisions(part_id, field_id)
        except StorageError as error:
            raise StoreError(str(error)) from None

    @_serialised
    def get(self, report_id: str) -> rp.Report:
        """A copy of the report: change it with the report functions, then `save` it."""
        if not self.index.table("reports").contains(where("id") == report_id):
            known = ", ".join(s["id"] for s in self.list_reports()) or "none"
            raise ReportNotFoundError(f"no report {report_id!r} in {self.path} (reports: {known})")
        try:
            doc = self._report_db(report_id).table("report").get(doc_id=1)
        except StorageError as error:
            raise StoreError(self._with_recovery_hint(error)) from None
        if doc is None:
            raise StoreError(f"the file of report {report_id!r} is missing from {self.reports_dir}")
        report = copy.deepcopy(dict(doc))
        try:
            check_report(report)  # a hand-edited file must not reach the screen or the exporters
        except rp.ReportError as error:
            raise ReportUnreadableError(f"report {report_id} cannot be opened: {error}") from None
        return report

    # --- writing -----------------------------------------------------------------------------

    @_serialised
    def save(self, report: rp.Report, touch: bool = True, author: dict[str, str] | None = None) -> None:
        """Write one report (only its own file), record the texts that changed in its history,
        and refresh its line in the index if needed."""
        self._require_writable()
        if touch or not report.get("updated"):
            report["updated"] = rp.now_iso()
        template = load_template(report["template"])
        try:
            self.reports_dir.mkdir(parents=True, exist_ok=True)
            table = self._report_db(report["id"]).table("report")
            before = table.get(doc_id=1)  # the version on disk (the storage keeps it in memory)
            stored = copy.deepcopy(report)  # never share nested objects with the caller's report
            if before is not None:
                table.update(stored, doc_ids=[1])
            else:
                table.insert(stored)
            self._history(report["id"]).record(before, report, author)
            self._update_summary(template, report)
        except StorageError as error:
            raise StoreError(str(error)) from None
        except OSError as error:
            raise StoreError(f"cannot save to {self.reports_dir}: {error.strerror}") from None

    def _update_summary(self, template: Any, report: rp.Report) -> None:
        summary = {
            "id": report["id"],
            "swg": rp.swg_name(report),
            "period": report["period"],
            "template": report["template"],
            "complete": round(rp.report_completeness(template, report), 4),
        }
        reports = self.index.table("reports")
        current = reports.get(where("id") == report["id"])
        if current is None:
            reports.insert({**summary, "updated": report["updated"]})
        elif any(current.get(k) != v for k, v in summary.items()):
            reports.update({**summary, "updated": report["updated"]}, where("id") == report["id"])

    @_serialised
    def create(self, template_id: str, swg: str, period: str) -> rp.Report:
        """A new empty report on the template, saved."""
        self._require_writable()
        try:
            report = rp.new_report(load_template(template_id), swg, period)
        except rp.ReportError as error:
            raise StoreError(str(error)) from None
        self.save(report)
        return report

    @_serialised
    def add(self, report: rp.Report, history: list[dict[str, Any]] | None = None) -> str:
        """Add a report from elsewhere (load, sample), with the field history it brings;
        a taken id is replaced by a new one."""
        self._require_writable()
        try:
            check_report(report)
        except rp.ReportError as error:
            raise StoreError(str(error)) from None
        report = copy.deepcopy(report)
        taken = {s["id"] for s in self.list_reports()}
        if report["id"] in taken or not _safe_id(report["id"]):
            report["id"] = rp.new_report_id()
        if history:
            self.reports_dir.mkdir(parents=True, exist_ok=True)
            try:
                self._history(report["id"]).write_all(history)
            except StorageError as error:
                raise StoreError(str(error)) from None
        self.save(report, touch=False)  # a loaded report keeps its own dates
        return report["id"]

    @_serialised
    def delete(self, report_id: str) -> None:
        self._require_writable()
        with contextlib.suppress(ReportUnreadableError):  # one that cannot be opened can be deleted
            self.get(report_id)
        db = self._report_dbs.pop(report_id, None)
        if db is not None:
            db.close()
        try:
            self.index.table("reports").remove(where("id") == report_id)
            (self.reports_dir / f"{report_id}.json").unlink(missing_ok=True)
            (self.reports_dir / f"{report_id}.history.jsonl").unlink(missing_ok=True)
            self._history_logs.pop(report_id, None)
        except StorageError as error:
            raise StoreError(str(error)) from None
        except OSError as error:
            raise StoreError(f"cannot delete report {report_id}: {error.strerror}") from None


def _safe_id(report_id: str) -> bool:
    """Ids name files: letters, digits, - and _ only."""
    return (
        bool(report_id) and len(report_id) <= 64 and all(c.isascii() and (c.isalnum() or c in "-_") for c in report_id)
    )
