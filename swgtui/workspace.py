"""The reports of one store as a whole: list, create, roll over, import, load, export, delete,
send and receive review packages, and open one of them as a `ReportSession` to read or change it.

The app's report list and the command line both go through here, so a report is created,
rolled over or imported the same way from either.
"""

from __future__ import annotations

import contextlib
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from swgtui.exports.files import Exported, ExportError, export_report
from swgtui.i18n import _
from swgtui.model import blame, refs, review
from swgtui.model import report as rp
from swgtui.model.dumpfile import dump_report, parse_dump
from swgtui.model.merge import synthetic_revisions
from swgtui.model.rollover import roll_over
from swgtui.model.template import load_template
from swgtui.model.types import Person, Report, Revision
from swgtui.session import ReportSession
from swgtui.store.repository import ReportNotFoundError, ReportStore
from swgtui.store.storage import file_kind

if TYPE_CHECKING:
    from swgtui.exchange import Received, Sent


@dataclass
class Imported:
    """A report added from a file: its id in the store, and what went where (for the user)."""

    report_id: str
    summary: list[str] = field(default_factory=list)


def _is_docx(path: Path) -> bool:
    """Whether the file is a Word file (named .docx, or a zip holding word/document.xml), not a
    review package."""
    if path.suffix.lower() == ".docx":
        return True
    try:
        with zipfile.ZipFile(path) as archive:
            return "word/document.xml" in archive.namelist()
    except (OSError, zipfile.BadZipFile):
        return False


class Workspace:
    """The reports of one store, open already (the app's) or, used as a context manager, opened
    at first use and closed at the end (so a file to add is read and checked before the store's
    lock is taken)."""

    def __init__(self, store: ReportStore) -> None:
        self._store = store
        self._open_on_use = False
        self._opened = False

    def __enter__(self) -> Workspace:
        self._open_on_use = True
        return self

    def __exit__(self, *exc: object) -> None:
        if self._opened:
            self._store.close()
            self._opened = False

    @property
    def store(self) -> ReportStore:
        """The store (opened now if the workspace opens it and has not yet)."""
        if self._open_on_use and not self._opened:
            self._store.open()
            self._opened = True
        return self._store

    # --- reading -------------------------------------------------------------------------------

    def list_reports(self) -> list[dict[str, Any]]:
        """One line per report: id, swg, period, template, complete, updated (or its problem)."""
        return self.store.list_reports()

    def report_id(self, wanted: str) -> str:
        """The id of the report given by its id or the start of it (at least 4 characters, no
        other id starting so); what names no report is left for the store to refuse."""
        ids = [summary["id"] for summary in self.list_reports()]
        return refs.find_report_id(ids, wanted) or wanted

    def get(self, report_id: str) -> Report:
        """A copy of the report (given as `report_id` takes it), to read (change it through `open`)."""
        try:
            return self.store.get(report_id)
        except ReportNotFoundError:
            found = self.report_id(report_id)
            if found == report_id:
                raise
            return self.store.get(found)

    def same_reports(self, report: Report) -> list[str]:
        """Ids of the other reports for the same SWG and period as `report`."""
        summaries = self.list_reports()
        return rp.same_reports(
            summaries, rp.swg_name(report), report["period"], but=report["id"], key=rp.report_swg(report)
        )

    def open(self, report_id: str, person: Person | None = None, read_only: bool = False) -> ReportSession:
        """The report, to read and change through the session (read-only if asked, or if the
        store was opened without writing)."""
        return ReportSession(self.store, self.get(report_id), person, read_only)

    def dump(self, report_id: str) -> str:
        """The report and its field history as the JSON text `load` reads back."""
        report = self.get(report_id)
        return dump_report(report, self.store.full_history(report["id"]))

    # --- adding ----------------------------------------------------------------------------------

    def create(self, template_id: str, swg: str, period: str, swg_key: str | None = None) -> Report:
        """A new empty report on the template, saved; of the SWG `swg_key` (None: the one its
        name `swg` stands for: swgtui.swgs)."""
        return self.store.create(template_id, swg, period, swg_key)

    def roll_over(self, previous_id: str, period: str, swg: str | None = None, swg_key: str | None = None) -> Report:
        """Next period's report from report `previous_id` (its rows, tags, partners and contacts,
        empty narratives, last period's text kept as a reference, its SWG), saved; `swg` renames
        it, `swg_key` makes it another SWG's."""
        previous = self.get(previous_id)
        report = roll_over(load_template(previous["template"]), previous, period)
        if swg:
            rp.set_field(load_template(report["template"]), report, rp.HEADER_ID, "swg_name", swg)
        if swg_key is not None:
            rp.set_swg(report, swg_key)
        self.store.save(report)
        return report

    def add(self, report: Report, history: list[Revision] | None = None) -> str:
        """Add a report from elsewhere (the sample, a dump) with its history; returns its id
        (a new one if its own is taken)."""
        return self.store.add(report, history)

    def load(self, text: str, source: str = "file") -> str:
        """Add the report of a dump (as written by `dump`) with its history; returns its id."""
        report, history = parse_dump(text, source)
        return self.store.add(report, history)

    def import_docx(
        self, path: Path, swg: str | None = None, period: str | None = None, template: str | None = None
    ) -> Imported:
        """Add a report read from a filled report's .docx (with its Word comments); its template
        is `template` when given, else the one the file records or its words match."""
        from swgtui.imports.docx_reader import import_docx  # python-docx only when needed

        result = import_docx(path, swg, period, template)
        return Imported(self.store.add(result.report), list(result.summary))

    # --- writing out and removing ----------------------------------------------------------------

    def export(
        self,
        report_id: str,
        file_format: str = "docx",
        out: str | Path | None = None,
        final: bool = False,
        by: Person | None = None,
        changes_since: str | None = None,
        for_name: str | None = None,
        language: str = "en",
    ) -> Exported:
        """Write the report as Word (docx) or Markdown (md) in the document's `language` ("en",
        "lo" or "both"); `final` refuses (ExportError) unless
        it is signed off and unchanged since. A Word file carries the export marks (its history
        completed first, by `by`: swgtui.exports.marks). `changes_since` ("approval", a date or
        date-time; approvals by `for_name`, else by anyone) writes what changed since then as
        tracked changes."""
        report = self.get(report_id)
        if final:
            blockers = review.final_export_blockers(report)
            if blockers:
                raise ExportError(_("not ready for a final export:") + "\n- " + "\n- ".join(blockers))
        if changes_since is None and for_name is not None:
            raise ExportError(_(blame.FOR_NEEDS_APPROVAL))
        if file_format != "docx":
            if changes_since is not None:
                raise ExportError(_("--changes-since needs --format docx: the changes are Word tracked changes"))
            return export_report(report, file_format, out, language=language)
        since = blame.parse_since(changes_since, for_name or "") if changes_since is not None else None
        if since is not None:
            blame.check_approvals(report, since)
        from swgtui.exports.marks import report_with_marks

        report, marks = report_with_marks(self.store, report["id"], by)
        if since is None:
            return export_report(report, file_format, out, marks, language=language)
        changes = self._changes(report, since)
        marks.changes_since = since.given
        exported = export_report(report, file_format, out, marks, changes, language)
        exported.notes[:0] = [changes.summary(), *changes.notes]
        return exported

    def _changes(self, report: Report, since: blame.Since) -> blame.Changes:
        """What changed in the report's texts since then, from its history (completed as for
        the marks; on a read-only store, in memory)."""
        history = self.store.full_history(report["id"])
        return blame.report_changes(report, history + synthetic_revisions(report, history), since)

    def delete(self, report_id: str) -> None:
        """Delete the report and its field history."""
        self.store.delete(self.report_id(report_id))

    # --- review packages (swgtui.exchange) ------------------------------------------------------

    def send(self, report_id: str, out: str | Path | None = None, by: Person | None = None) -> Sent:
        """Write a review package of the report (to the export folder unless `out` is given)."""
        from swgtui import exchange  # loaded when first needed, not at the app's start

        return exchange.send(self.store, self.report_id(report_id), out, by)

    def receive(self, path: Path, into: str | None = None, in_app: bool = False, by: Person | None = None) -> Received:
        """Merge a review package into its report, or add the report (the file is read and
        checked before the store is opened); or take a reviewed Word file into its report
        (`into`: the report to compare it with), by `by`."""
        from swgtui import exchange

        with contextlib.suppress(OSError):  # a missing file is said by the reading below
            mode = path.stat().st_mode
            if not stat.S_ISREG(mode):  # a pipe or a device would block that reading
                raise rp.ReportError(_("{path} is {kind}, not a file").format(path=path, kind=file_kind(mode)))
        if _is_docx(path):
            from swgtui.exchange_docx import receive_docx

            return receive_docx(self.store, path, None if into is None else self.report_id(into), by, in_app)
        package = exchange.read_package(path)
        if into is not None:
            raise rp.ReportError(
                _("{name} is a review package: it names its report itself (--into is for Word files)").format(
                    name=path.name
                )
            )
        with exchange.checked(package) as (report, template_note):
            return exchange.receive_package(self.store, package, report, template_note, in_app)

    def undo_receive(self) -> str:
        """Take the last receive back; says what was done."""
        from swgtui import exchange

        return exchange.undo_receive(self.store)
