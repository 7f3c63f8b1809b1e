"""The report store: the one place the app and the command line read and save reports.

Layout on disk, for a store file ``store.json``:

    store.json             TinyDB: the "store" table (schema version), the "reports" index
                           (id, swg, period, template, complete, updated) for the report list,
                           and "deleted" (the ids of the reports deleted, and when)
    store.json.lock        locked by the operating system while a writer has the store open
                           (see lock.py); its content only names the holder
    store.reports/ID.json  TinyDB: one report each, so saving a field rewrites only that report
    store.json.checked     a cache of the report files last written or found good (see checked.py)

Every file is written atomically (see storage.py). A save writes the history, then the report,
as one unit (see `ReportStore.save`); a report file that does not hold a well-formed report is
reported as damaged and never written over.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import hashlib
import itertools
import threading
import time
from collections.abc import Callable, Iterator, MutableMapping
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar, cast

from tinydb import TinyDB, where

from swgtui import paths
from swgtui.i18n import _
from swgtui.model import report as rp
from swgtui.model.schema import (
    READS,
    SCHEMA_VERSION,
    TemplateUnusableError,
    listed_summary,
    report_from_json,
    report_to_json,
)
from swgtui.model.standing import latest_act, report_standing
from swgtui.model.template import Template, TemplateError, load_template
from swgtui.model.types import Report, Revision
from swgtui.store.backup import (
    back_up_report,
    backup_note,
    make_backup,
    newest_backup,
    newest_good_copy,
    recover,
    report_files,
)
from swgtui.store.checked import Identity, file_identity, load_checked, save_checked
from swgtui.store.checks import report_in
from swgtui.store.history import HistoryLog
from swgtui.store.lock import StoreLock, StoreLockedError
from swgtui.store.storage import (
    AtomicJSONStorage,
    DamagedFileError,
    StorageError,
    cannot_read,
    os_reason,
    read_json,
    read_only,
    remove_leftovers,
    write_bytes_atomic,
)
from swgtui.text import clean_line

STORE_MARK = "swgtui-store"
YIELD_EVERY = 5  # report files checked between pauses that let the app's screen run (see unreadable_reports)
P = ParamSpec("P")
R = TypeVar("R")


def _serialised(method: Callable[Concatenate[ReportStore, P], R]) -> Callable[Concatenate[ReportStore, P], R]:
    """Run the method under the store's mutex: the app saves from a worker thread."""

    @functools.wraps(method)
    def wrapper(self: ReportStore, /, *args: P.args, **kwargs: P.kwargs) -> R:
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

    def __init__(self, path: Path, *, writable: bool = True, holder: str = "swgtui", wait: float = 0) -> None:
        self.path = Path(path)
        self.writable = writable
        self.wait = wait  # seconds to wait for another writer's lock (the command line waits, the app not)
        self.reports_dir = self.path.with_name(self.path.stem + ".reports")
        self._lock = StoreLock(self.path, holder)
        self._index: TinyDB | None = None
        self._report_dbs: dict[str, TinyDB] = {}
        self._mutex = threading.RLock()
        self._history_logs: dict[str, HistoryLog] = {}
        self._checked: dict[str, tuple[Any, Report]] = {}  # report id → the file's data, checked and cleaned
        self._listed: tuple[Any, list[dict[str, Any]]] = (None, [])  # the list of reports read, its lines checked
        self._good: dict[str, Identity] | None = None  # report file name → identity last written or found good
        # (read by the first check of every file, then kept up to date by saves and written at close)
        self._good_changed = False
        self.upgraded_from: int | None = None  # the schema of an older release this opening upgraded
        self.upgrade_backup: Path | None = None  # the backup of the store as it was before that

    # --- opening and closing -----------------------------------------------------------------

    @_serialised
    def open(self) -> ReportStore:
        try:
            if self.writable:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._lock.acquire(self.wait)
            self._index = TinyDB(storage=AtomicJSONStorage, path=self.path, read_only=not self.writable)
            self._check_schema()
            if self.writable:
                remove_leftovers(self.path.parent, self.path.name)  # under the lock: no writer is left
                if self.reports_dir.is_dir():
                    remove_leftovers(self.reports_dir)
        except StorageError as error:
            self.close()
            raise StoreError(self._with_recovery_hint(error, of_store=True)) from None
        except OSError as error:  # a read-only or full folder, a missing permission
            self.close()
            raise StoreError(
                _(
                    "cannot open {path} for writing: {reason}; nothing was changed. "
                    "'swgtui --read-only' opens it without writing"
                ).format(path=self.path, reason=os_reason(error))
            ) from None
        except Exception:
            self.close()
            raise
        return self

    def _with_recovery_hint(self, error: StorageError, of_store: bool = False, report_file: Path | None = None) -> str:
        message = str(error)
        if not isinstance(error, DamagedFileError):
            return message
        if report_file is not None:
            return message + self._report_recovery_hint(report_file, damaged=True)
        backup = newest_backup(self.path)
        if backup is None and of_store:  # the reports' own files are still there
            hint = _(
                "{message}. There is no backup; 'swgtui recover --db {path}' keeps it beside it "
                "and lists the reports again from their own files"
            )
        elif backup is None:
            hint = _("{message}. There is no backup to recover from.")
        else:
            hint = _(
                "{message}. The newest good backup is from {backup}; "
                "'swgtui recover --db {path}' restores it and keeps the damaged file beside it"
            )
        return hint.format(message=message, path=self.path, backup=backup.name if backup else "")

    def _report_recovery_hint(self, report_file: Path, damaged: bool = False) -> str:
        """Where a good copy of this very report file is, and how to restore it."""
        backup = newest_good_copy(self.path, report_file.name)
        if backup is None:
            return _(". No backup holds a good copy of it to recover from.")
        if damaged:
            hint = _(
                ". The newest good copy of it is in the backup from {backup}; "
                "'swgtui recover --db {path}' restores it and keeps the damaged file beside it"
            )
        else:
            hint = _(
                ". The newest good copy of it is in the backup from {backup}; 'swgtui recover --db {path}' restores it"
            )
        return hint.format(backup=backup.name, path=self.path)

    def backup_now(self) -> Path:
        """Add a rolling backup of the store (the app does this each time it opens a store). The
        store's mutex is held for each file in turn, so a report opens or saves meanwhile."""
        self._require_writable()
        try:
            return make_backup(self.path, self.reports_dir, guard=self._while_open)
        except OSError as error:
            raise StoreError(
                _("cannot back up {path}: {reason}").format(path=self.path, reason=os_reason(error))
            ) from None

    @contextlib.contextmanager
    def _while_open(self) -> Iterator[None]:
        """The store's mutex, held by a step of a longer task; StoreError if the store was closed."""
        with self._mutex:
            if self._index is None:
                raise StoreError(_("{path} was closed; its backup was not finished").format(path=self.path))
            yield

    @_serialised
    def recover(self) -> list[str]:
        """Restore damaged or missing files from the newest good backup (lock held, store not open)."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._lock.acquire(self.wait)
            done = recover(self.path, self.reports_dir)
        except (StorageError, OSError) as error:
            self._lock.release()
            raise StoreError(str(error)) from None
        self._lock.release()
        with self:  # every line says what its report now holds; list again any saved after the backup
            listed = {s["id"] for s in self.list_reports()}
            for report_file in sorted(self.reports_dir.glob("*.json")):
                try:
                    report = self.get_file(report_file)
                    self._update_summary(load_template(report["template"]), report, self._last_actor(report))
                except (StoreError, TemplateError):
                    continue
                if report_file.stem not in listed:
                    done.append(_("listed report {id} again").format(id=report["id"]))
        return done

    def _last_actor(self, report: Report) -> str | None:
        """Who acted last on the report as its file and history now say (None: none says)."""
        try:
            heads = self._history(report["id"]).all_heads()
        except StorageError:
            heads = []
        act = latest_act(report, heads)
        return act[1] if act is not None else None

    def unreadable_reports(self) -> dict[str, str]:
        """Each listed report whose file cannot be opened, and why. Only files changed since swgtui
        last wrote or checked them are read (see checked.py); it pauses every few files, so that
        the app's screen, in another thread, keeps running."""
        with self._mutex:
            if self._good is None:
                self._good = load_checked(self.path)
            good = self._good
        found = {}
        for count, summary in enumerate(self.list_reports(), 1):
            name = f"{summary['id']}.json"
            now = file_identity(self.reports_dir / name)
            if now is None or good.get(name) != now:
                try:
                    self.get_file(self.reports_dir / name)
                except StoreError as error:
                    found[summary["id"]] = str(error)
                    good.pop(name, None)
                else:
                    if now is not None:
                        good[name] = now
                self._good_changed = True
            if count % YIELD_EVERY == 0:
                time.sleep(0)
        with self._mutex:
            if self._good_changed and self.writable and self._index is not None:
                save_checked(self.path, good)
                self._good_changed = False
        return found

    def get_file(self, report_file: Path) -> Report:
        """A report read straight from its file (used when the list of reports was lost)."""
        try:
            return report_in(read_json(report_file))
        except (StorageError, rp.ReportError) as error:
            raise StoreError(_("{name} cannot be read: {reason}").format(name=report_file.name, reason=error)) from None

    def _check_schema(self) -> None:
        assert self._index is not None
        raw = self._index.storage.read()
        if raw is None:
            if self.writable:
                self._index.table("store").insert({"mark": STORE_MARK, "schema": SCHEMA_VERSION})
            return
        marks = raw.get("store", {})
        mark: object = next(iter(marks.values()), {}) if isinstance(marks, dict) else {}
        if not isinstance(mark, dict) or mark.get("mark") != STORE_MARK:
            raise StoreError(_("{path} is not a swgtui store; it was left untouched").format(path=self.path))
        schema = mark.get("schema")
        if type(schema) is not int or schema not in READS:  # not 1.0, not true
            if schema is None:
                said = _(
                    "{path} has no store schema mark; this swgtui reads {reads}. Use the swgtui version that wrote it."
                )
            else:
                said = _(
                    "{path} has store schema {schema}; this swgtui reads {reads}. Use the swgtui version that wrote it."
                )
            reads = _(" and ").join(map(str, READS))
            raise StoreError(said.format(path=self.path, schema=repr(schema), reads=reads))
        if not _good_list(raw.get("reports", {})):
            damaged = DamagedFileError(
                _("{path} is damaged (its list of reports is malformed); left untouched").format(path=self.path)
            )
            raise StoreError(self._with_recovery_hint(damaged))
        if schema != SCHEMA_VERSION and self.writable:  # reports convert as they are read
            self.upgrade_backup = make_backup(self.path, self.reports_dir)  # the store as the older release left it
            self.upgraded_from = schema
            self._index.table("store").update({"schema": SCHEMA_VERSION})

    @property
    def upgrade_message(self) -> str:
        """What to tell the user once, when this opening upgraded a store of an older release
        (empty otherwise), in the interface's language: the app shows it as a notification."""
        if self.upgraded_from is None or self.upgrade_backup is None:
            return ""
        return _(
            "{name} was written by an older swgtui (store schema {old}) and is now upgraded to schema "
            "{new}; that release cannot open it any more. The store as it was is kept in {backup}"
        ).format(name=self.path.name, old=self.upgraded_from, new=SCHEMA_VERSION, backup=self.upgrade_backup)

    @property
    def upgrade_note(self) -> str:
        """`upgrade_message` as a note, as the command line writes it on standard error."""
        message = self.upgrade_message
        return _("note: {message}").format(message=message) if message else ""

    @_serialised
    def close(self) -> None:
        if self._good_changed and self.writable and self._index is not None:
            save_checked(self.path, self._good or {})
        self._good, self._good_changed = None, False
        for log in self._history_logs.values():
            log.write_index()  # while the lock is held: only the writer writes it
        self._history_logs.clear()
        for db in self._report_dbs.values():
            db.close()
        self._report_dbs.clear()
        self._checked.clear()
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
            raise StoreError(_("the store is not open"))
        return self._index

    def _require_writable(self) -> None:
        if not self.writable:
            raise StoreError(read_only(self.path))

    # --- reading -----------------------------------------------------------------------------

    @_serialised
    def list_reports(self, first: int | None = None) -> list[dict[str, Any]]:
        """One summary per report (id, swg, period, template, complete, updated), oldest first;
        `first`: only the first so many (what a long list shows before the rest is checked)."""
        stored = self._stored_list()
        if self._listed[0] is not stored:  # each line is checked once per version of the list
            if first is not None:
                return [listed_summary(line) for line in itertools.islice(stored.values(), first)]
            self._listed = (stored, [listed_summary(line) for line in stored.values()])
        return [dict(summary) for summary in self._listed[1][:first]]  # the caller's own copies

    @_serialised
    def listed_names(self) -> list[dict[str, str]]:
        """Each report's id, SWG, period and template as the list of reports shows them, oldest
        first, the rest of its line not checked: quick (each distinct name cleaned once), to lay
        out a long list on screen before every line is checked (see `list_reports`)."""
        cleaned: dict[str, str] = {}

        def shown(value: Any) -> str:
            if not isinstance(value, str):
                return "?"
            if value not in cleaned:
                cleaned[value] = clean_line(value)
            return cleaned[value]

        names = []
        for line in self._stored_list().values():
            if not isinstance(line, dict):
                names.append(dict.fromkeys(("id", "swg", "period", "template"), "?"))
                continue
            report_id = line.get("id")  # an id is plain (the line is checked later)
            swg, period, template = shown(line.get("swg")), shown(line.get("period")), shown(line.get("template"))
            names.append(
                {
                    "id": report_id if isinstance(report_id, str) else "?",
                    "swg": swg,
                    "period": period,
                    "template": template,
                }
            )
        return names

    @_serialised
    def note_received(self, report_id: str, at: str) -> None:
        """Note on the report's line that a package or a reviewed Word file of it was received at
        `at` (ISO): the coordinator's overview shows it."""
        self._require_writable()
        if _file(self.index).changed_on_disk():
            self.index.storage.close()
        reports = self.index.table("reports")
        if reports.get(where("id") == report_id) is None:
            raise ReportNotFoundError(_("no report with id {id}").format(id=repr(report_id)))
        try:
            reports.update({"received": at}, where("id") == report_id)
        except (StorageError, OSError) as error:
            raise StoreError(
                _("cannot note the receipt in the list of reports: {reason}").format(reason=error)
            ) from None

    @_serialised
    def complete_lines(self, lines: dict[str, dict[str, Any]]) -> None:
        """Add these keys to the lines of these reports (by id) in the list of reports, in one
        write: what a line written by an earlier release lacks, worked out from its report
        (swgtui.overview). A report no longer listed is left out."""
        self._require_writable()
        if _file(self.index).changed_on_disk():
            self.index.storage.close()
        try:
            self.index.table("reports").update_multiple(
                [(fields, where("id") == report_id) for report_id, fields in lines.items()]
            )
        except (StorageError, OSError) as error:
            raise StoreError(_("cannot complete the list of reports: {reason}").format(reason=error)) from None

    def _stored_list(self) -> dict[str, Any]:
        """The list of reports as the store's file holds it (read again if another program changed it)."""
        if _file(self.index).changed_on_disk():  # written by another program: show what it holds
            self.index.storage.close()
        return (self.index.storage.read() or {}).get("reports", {})

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
            path = self.reports_dir / f"{report_id}.history.jsonl"
            log = self._history_logs[report_id] = HistoryLog(path, keep_index=self.writable)
        return log

    @_serialised
    def full_history(self, report_id: str) -> list[Revision]:
        """Every saved revision of the report's texts, in the order they were saved."""
        self._get(report_id)
        try:
            return self._history(report_id).read()
        except StorageError as error:
            raise StoreError(str(error)) from None

    @_serialised
    def history_heads(self, report_id: str) -> list[Revision]:
        """The head revisions of every value the report's history holds (see HistoryLog.heads)."""
        self._get(report_id)
        try:
            return self._history(report_id).all_heads()
        except StorageError as error:
            raise StoreError(str(error)) from None

    @_serialised
    def history_skipped(self, report_id: str) -> int:
        """How many lines of the report's history the last read skipped (torn or malformed)."""
        return self._history(report_id).skipped

    @_serialised
    def history(self, report_id: str, part_id: str, field_id: str) -> list[Revision]:
        """The revisions of one text, oldest first (numbered from 1)."""
        self._get(report_id)
        try:
            return self._history(report_id).revisions(part_id, field_id)
        except StorageError as error:
            raise StoreError(str(error)) from None

    @_serialised
    def get(self, report_id: str) -> Report:
        """A copy of the report: change it with the report functions, then `save` it. Read again
        if another program changed its file (a save of an earlier copy is refused: see storage.py)."""
        db = self._report_dbs.get(report_id)
        if db is not None and _file(db).changed_on_disk():
            db.storage.close()
        return self._get(report_id)

    def _get(self, report_id: str) -> Report:
        if not self.index.table("reports").contains(where("id") == report_id):
            known = ", ".join(s["id"] for s in self.list_reports()) or _("none")
            raise ReportNotFoundError(
                _("no report {id} in {path} (reports: {known})").format(id=repr(report_id), path=self.path, known=known)
            )
        doc = self._stored(report_id)
        if doc is None:
            missing = _("the file of report {id} is missing from {folder}").format(
                id=repr(report_id), folder=self.reports_dir
            )
            raise StoreError(missing + self._report_recovery_hint(self.reports_dir / f"{report_id}.json"))
        return doc

    def _stored(self, report_id: str, copied: bool = True) -> Report | None:
        """A copy of the report as its file holds it, None if there is no file yet; StoreError
        if the file is damaged or of another shape (it is then left untouched). The file is
        checked once each time it is read from disk (the storage keeps it in memory)."""
        storage = _file(self._report_db(report_id))
        try:
            data = storage.read()
            if data is None:
                return None
            checked = self._checked.get(report_id)
            if checked is None or checked[0] is not data:
                checked = self._checked[report_id] = (data, report_in(data))  # its texts cleaned
            return copy.deepcopy(checked[1]) if copied else checked[1]
        except StorageError as error:  # the list still shows it, as "cannot open", and it can be deleted
            raise ReportUnreadableError(self._with_recovery_hint(error, report_file=storage.path)) from None
        except TemplateUnusableError as error:  # the report may be sound: its template is not here
            raise ReportUnreadableError(
                _("report {id} cannot be opened: {reason}; the report is kept as it is").format(
                    id=report_id, reason=error
                )
                + " "
                + _("(add its template to the templates folder {folder}, e.g. from the person who sent it)").format(
                    folder=paths.templates_dir()
                )
            ) from None
        except rp.ReportError as error:
            damaged = DamagedFileError(
                _(
                    "report {id} cannot be opened: {reason} "
                    "({path} is damaged or not a swgtui report; it was left untouched)"
                ).format(id=report_id, reason=error, path=storage.path)
            )
            raise ReportUnreadableError(self._with_recovery_hint(damaged, report_file=storage.path)) from None

    # --- writing -----------------------------------------------------------------------------

    @_serialised
    def save(
        self,
        report: Report,
        touch: bool = True,
        author: dict[str, str] | None = None,
        *,
        revisions: list[Revision] | None = None,
        complete_history: bool = False,
        updated_by: str | None = None,
    ) -> None:
        """Write one report (only its own file) and the texts that changed to its history, as one
        unit, then refresh its line in the list of reports if needed. `revisions`: append these
        to the history instead (a merge made them); `complete_history`: write a revision of every
        value the history does not hold yet (not only of those that changed since the last save).

        The new revisions are appended to the history first, then the report file is replaced;
        if that fails, the history is cut back to where it was. So either both are written or
        neither is, and the StoreError says which (and, in the rare case the cut back fails
        too, that the history lists revisions the report does not hold). A report file that
        is damaged is never written over."""
        self._require_writable()
        try:
            retaken = self._lock.check_held()
        except StoreLockedError as error:
            raise StoreError(_nothing_saved(error)) from None
        if retaken:  # said once; the files themselves refuse a version another program wrote meanwhile
            raise StoreError(
                _("{reason}; nothing was saved this time, the next save goes ahead").format(reason=retaken)
            )
        if touch or not report.get("updated"):
            report["updated"] = rp.now_iso()
        template = load_template(report["template"])
        try:
            self.reports_dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(
                _("cannot save to {path}: {reason}; nothing was saved").format(
                    path=self.reports_dir, reason=os_reason(error)
                )
            ) from None
        before = self._stored(report["id"], copied=False)  # the version on disk, only read
        log = self._history(report["id"])
        try:
            if revisions is None:
                entries = log.new_lines(None if complete_history else before, report, author)
            else:
                entries = revisions
            old_size = log.append(entries) if entries else None
        except StorageError as error:
            raise StoreError(_nothing_saved(error)) from None
        stored = report_to_json(report)  # never shares nested objects with the caller's report
        if not entries and before is not None and stored == before:
            return  # the file holds this version already (an export's completed history, say)
        table = self._report_db(report["id"]).table("report")
        try:
            if before is not None:
                table.update(_replaced_by(stored), doc_ids=[1])  # keys it no longer has go too
            else:
                table.insert(stored)
        except (StorageError, OSError) as error:
            if isinstance(error, StorageError):
                reason = str(error)
            else:
                reason = _("cannot save to {path}: {reason}").format(path=self.reports_dir, reason=error)
            undone = log.cut_back(old_size) if old_size is not None else ""
            raise StoreError(_nothing_saved(reason) + undone) from None
        self._checked[report["id"]] = (table.storage.read(), cast(Report, stored))  # what the file now holds
        self._record_good(f"{report['id']}.json")
        log.write_index()  # if it lags far behind (the app saves for hours)
        try:
            self._update_summary(template, report, updated_by or _saved_by(author, entries))
        except (StorageError, OSError) as error:
            raise StoreError(
                _(
                    "the report and its history were saved, but the list of reports was not updated ({reason}); "
                    "it is updated at the next save"
                ).format(reason=error)
            ) from None

    def _update_summary(self, template: Template, report: Report, updated_by: str | None = None) -> None:
        """The report's line in the list of reports: what the report list and the coordinator's
        overview show (swgtui.overview), so that neither opens a report. `updated_by`: who saved
        it (None: the line keeps whom it named)."""
        summary = summary_line(template, report)
        if updated_by is not None:
            summary["updated_by"] = updated_by
        if _file(self.index).changed_on_disk():  # another program listed a report: keep its line
            self.index.storage.close()  # (this report's own line is the one just written)
        reports = self.index.table("reports")
        current = reports.get(where("id") == report["id"])
        if current is None:
            reports.insert(summary)
        elif any(current.get(k) != v for k, v in summary.items()):
            reports.update(summary, where("id") == report["id"])

    @_serialised
    def create(self, template_id: str, swg: str, period: str, swg_key: str | None = None) -> Report:
        """A new empty report on the template, saved; of the SWG `swg_key` (None: the one its
        name `swg` stands for)."""
        self._require_writable()
        try:
            report = rp.new_report(load_template(template_id), swg, period, swg_key)
        except rp.ReportError as error:
            raise StoreError(str(error)) from None
        self.save(report)
        return report

    @_serialised
    def add(self, report: Report, history: list[Revision] | None = None, updated_by: str | None = None) -> str:
        """Add a report from elsewhere (load, sample), with the field history it brings;
        a taken id is replaced by a new one."""
        self._require_writable()
        try:
            report = report_from_json(report)
        except rp.ReportError as error:
            raise StoreError(str(error)) from None
        taken = {s["id"] for s in self.list_reports()}
        if report["id"] in taken or not _safe_id(report["id"]):
            report["id"] = rp.new_report_id()
        if history:
            self.reports_dir.mkdir(parents=True, exist_ok=True)
            try:
                self._history(report["id"]).write_all(history)
            except StorageError as error:
                raise StoreError(str(error)) from None
        self.save(report, touch=False, updated_by=updated_by)  # a loaded report keeps its own dates
        return report["id"]

    @_serialised
    def delete(self, report_id: str, remember: bool = True) -> None:
        """Delete the report and its history; the store remembers its id (`was_deleted`) unless
        `remember` is False (taking back a receive that added it)."""
        self._require_writable()
        if not self.index.table("reports").contains(where("id") == report_id):
            self.get(report_id)  # says which reports there are
        if remember and not self.was_deleted(report_id):
            self.index.table("deleted").insert({"id": report_id, "at": rp.now_iso()})
        self._forget(report_id)
        try:
            self.index.table("reports").remove(where("id") == report_id)
            for name in report_files(report_id):
                (self.reports_dir / name).unlink(missing_ok=True)
        except StorageError as error:
            raise StoreError(str(error)) from None
        except OSError as error:
            raise StoreError(
                _("cannot delete report {id}: {reason}").format(id=report_id, reason=os_reason(error))
            ) from None

    @_serialised
    def was_deleted(self, report_id: str) -> bool:
        """Whether a report of this id was deleted from this store."""
        return self.index.table("deleted").contains(where("id") == report_id)

    # --- backups of one report, to take a change back ------------------------------------------

    @_serialised
    def back_up_report(self, report_id: str, note: dict[str, Any]) -> Path:
        """Keep the report's file and history as they are now (store.backups/report-TIME/), with
        `note` saying what is about to be done."""
        self._require_writable()
        line = self.index.table("reports").get(where("id") == report_id)
        if isinstance(line, dict):  # what the list said of it: who saved it, when it was received
            note = {**note, "listed": {key: line[key] for key in ("updated_by", "received") if key in line}}
        try:
            return back_up_report(self.path, self.reports_dir, report_id, note)
        except (OSError, StorageError) as error:
            raise StoreError(
                _("cannot back up report {id}: {reason}; nothing was changed").format(id=report_id, reason=error)
            ) from None

    @_serialised
    def report_file_sha256(self, report_id: str) -> str:
        """The sha256 of the report's file as it is on disk ("" if it has none)."""
        path = self.reports_dir / report_files(report_id)[0]
        try:
            return hashlib.sha256(path.read_bytes()).hexdigest()
        except FileNotFoundError:
            return ""
        except OSError as error:
            raise StoreError(cannot_read(path, error)) from None

    @_serialised
    def restore_report(self, report_id: str, backup: Path) -> None:
        """Put the report's file and history back as `backup` (from `back_up_report`) holds them,
        and its line in the list of reports."""
        self._require_writable()
        self._forget(report_id)
        try:
            for name in report_files(report_id):
                kept = backup / "reports" / name
                if kept.is_file():
                    write_bytes_atomic(self.reports_dir / name, kept.read_bytes())
                else:
                    (self.reports_dir / name).unlink(missing_ok=True)
        except (OSError, StorageError) as error:
            raise StoreError(
                _("cannot restore report {id} from {backup}: {reason}").format(
                    id=report_id, backup=backup, reason=error
                )
            ) from None
        report = self._get(report_id)
        self._update_summary(load_template(report["template"]), report)
        listed = backup_note(backup).get("listed")
        if isinstance(listed, dict):
            reports = self.index.table("reports")
            said = {key: value for key, value in listed.items() if key in ("updated_by", "received")}
            gone = [key for key in ("updated_by", "received") if key not in said]
            reports.update(_restored_line(said, gone), where("id") == report_id)

    def _record_good(self, name: str) -> None:
        """The report file of this name was just written by this store: good as it is now (kept
        once the files were checked: the app's; the command line leaves the cache alone)."""
        if self._good is None:
            return
        now = file_identity(self.reports_dir / name)
        if now is not None and self._good.get(name) != now:
            self._good[name] = now
            self._good_changed = True

    def _forget(self, report_id: str) -> None:
        """Drop what the store keeps in memory of a report's files (they are replaced or gone)."""
        self._checked.pop(report_id, None)
        db = self._report_dbs.pop(report_id, None)
        if db is not None:
            db.close()
        self._history_logs.pop(report_id, None)  # its history (and index) are replaced or removed


def _nothing_saved(reason: object) -> str:
    return _("{reason}; nothing was saved").format(reason=reason)


def _saved_by(author: dict[str, str] | None, entries: list[Revision]) -> str | None:
    """Who saved: the author given, else whoever wrote the newest of the revisions saved."""
    if author and author.get("name"):
        return author["name"]
    newest = max(entries, key=lambda entry: entry["at"], default=None)
    by = newest["by"] if newest else None
    return str(by["name"]) if isinstance(by, dict) and by.get("name") else None


def summary_line(template: Template, report: Report) -> dict[str, Any]:
    """What the list of reports keeps of a report (see ReportStore._update_summary)."""
    standing = report_standing(template=template, report=report).as_summary()
    # its focal points: the people of the template's first group of contact lists (Annex 2's
    # "SWG Secretariat Focal Point:", government officials and development partners)
    heading = template.contact_lists[0].heading if template.contact_lists else ""
    focal = [spec.id for spec in template.contact_lists if spec.heading == heading]
    contacts = [
        {"list": list_id, "organisation": contact["organisation"], "name": contact["name"], "email": contact["email"]}
        for list_id in focal
        for contact in report["header"]["contacts"].get(list_id, [])
    ]
    return {
        "id": report["id"],
        "swg": rp.swg_name(report),
        "swg_key": rp.report_swg(report),
        "period": report["period"],
        "template": report["template"],
        "updated": report["updated"],  # "last saved" on the report list
        **standing,
        "contacts": contacts,
    }


def _restored_line(kept: dict[str, Any], gone: list[str]) -> Callable[[MutableMapping[str, Any]], None]:
    def restore(line: MutableMapping[str, Any]) -> None:
        line.update(kept)
        for key in gone:
            line.pop(key, None)

    return restore


def _replaced_by(stored: dict[str, Any]) -> Callable[[MutableMapping[str, Any]], None]:
    """A TinyDB update that makes the document `stored` (an update of fields keeps the others)."""

    def replace(document: MutableMapping[str, Any]) -> None:
        document.clear()
        document.update(stored)

    return replace


def _file(db: TinyDB) -> AtomicJSONStorage:
    """The storage of a TinyDB the store opened: always an AtomicJSONStorage."""
    storage = db.storage
    assert isinstance(storage, AtomicJSONStorage)
    return storage


def _good_list(reports: Any) -> bool:
    """The store's list of reports: an object of summaries. A summary of the wrong shape does
    not make the store unreadable: the list shows it as "cannot open" (validate.listed_summary)."""
    return isinstance(reports, dict) and all(isinstance(summary, dict) for summary in reports.values())


def _safe_id(report_id: str) -> bool:
    """Ids name files: letters, digits, - and _ only."""
    return (
        bool(report_id) and len(report_id) <= 64 and all(c.isascii() and (c.isalnum() or c in "-_") for c in report_id)
    )
