"""The first screen: every report in the store with its SWG, period and completeness."""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from rich.cells import cell_len
from rich.text import Text
from textual import work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.visual import RulesMap
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from swgtui.i18n import N_, _
from swgtui.identity import load_identity
from swgtui.model import report as rp
from swgtui.model.rollover import next_period
from swgtui.model.template import TemplateError, available_templates
from swgtui.screens.dialogs import ConfirmDialog, TextDialog, tell
from swgtui.screens.doc_language import document_language_commands, saved_document_language
from swgtui.screens.host import host
from swgtui.screens.new_report import NewReportDialog
from swgtui.store import ReportStore, ReportUnreadableError, StoreError
from swgtui.swgs import suggested_period
from swgtui.widgets.columns import column_widths, columns_line, fit_width
from swgtui.widgets.key_bar import KeyBar

if TYPE_CHECKING:  # loaded when first needed (the app's warm-up loads them while the list is read)
    from swgtui.session import ReportSession
    from swgtui.workspace import Workspace

COLUMNS = (N_("Sector Working Group"), N_("Period"), N_("Template"), N_("Complete"), N_("Last saved (UTC)"))
MAX_COLUMN_WIDTH = 50
RIGHT_ALIGNED = frozenset({3})  # completeness
LIST_MARGIN = 8  # cells of the screen's width around the list's columns (border, padding, scrollbar)
CHECK_DELAY = 0.5  # seconds after the list is shown: every report file changed since is checked, in a worker


def _period(summary: dict[str, Any], twins: dict[str, int]) -> str:
    """The period as the list shows it: numbered when other reports share its SWG and period."""
    twin = twins.get(summary["id"])
    return f"{summary['period']} ({twin})" if twin else summary["period"]


def _laid_out_as_whole(
    names: list[dict[str, str]], first: list[dict[str, Any]]
) -> tuple[dict[str, int], list[tuple[str, ...]]]:
    """For the `first` reports of a list whose reports have these `names`: their numbers among
    the reports of the same SWG and period (as rp.twin_numbers numbers the whole list), and the
    widest cells each name takes in the whole list (its period with the largest such number),
    from each distinct name once."""
    counts = Counter((name["swg"].casefold(), name["period"]) for name in names)
    seen: Counter[tuple[str, str]] = Counter()
    twins: dict[str, int] = {}
    for summary in first:
        key = (summary["swg"].casefold(), summary["period"])
        if counts[key] > 1:
            seen[key] += 1
            twins[summary["id"]] = seen[key]
    widest: list[tuple[str, ...]] = []
    for swg, period, template in {(name["swg"], name["period"], name["template"]) for name in names}:
        count = counts[swg.casefold(), period]
        widest.append((swg, f"{period} ({count})" if count > 1 else period, template, "", ""))
    return twins, widest


def typed_path(typed: str) -> Path:
    """The file a user typed or pasted: quotes around it ('…' or "…", as a file dropped on the
    terminal is pasted) and a leading file:// (its %20 and the like decoded) are taken off."""
    path = typed.strip()
    if len(path) > 1 and path[0] == path[-1] and path[0] in "'\"":
        path = path[1:-1].strip()
    if path.startswith("file://"):
        path = unquote(path.removeprefix("file://").removeprefix("localhost"))
    return Path(path).expanduser()


class ListLine(Content):
    """A line of the list whose height is known without wrapping it: one line when it fits
    (a list of thousands of reports lays out in an instant); wrapped as any text otherwise."""

    def get_height(self, rules: RulesMap, width: int) -> int:
        if self.cell_length + 2 * rules.get("line_pad", 0) <= width and "\n" not in self.plain:
            return 1
        return super().get_height(rules, width)


class ReportOptions(OptionList):
    """The list of reports; its enter opens the highlighted report (the key bar says so)."""

    BINDINGS = [Binding("enter", "select", N_("Open"), id="list.open", tooltip=N_("Open report"))]


class ReportListScreen(Screen[None]):
    CSS_PATH = "report_list.tcss"
    BINDINGS = [
        Binding("n", "new_report", N_("New report"), id="list.new", tooltip=N_("New report")),
        Binding(
            "o",
            "overview",
            N_("Overview"),
            id="list.overview",
            tooltip=N_("Overview of a period: where each SWG's report stands (the coordinator's view)"),
        ),
        Binding("delete,d", "delete_report", N_("Delete"), id="list.delete", tooltip=N_("Delete report (asks first)")),
        Binding("ctrl+e", "export_report", N_("Export .docx"), id="list.export", tooltip=N_("Export to Word (.docx)")),
        Binding(
            "r",
            "roll_over",
            N_("Next period"),
            id="list.rollover",
            tooltip=N_("Next period's report from this one (roll over)"),
        ),
        Binding("i", "import_report", N_("Import .docx"), id="list.import", tooltip=N_("Import a Word file (.docx)")),
        Binding("s", "send_report", N_("Send"), id="list.send", tooltip=N_("Send for review: write a review package")),
        Binding(
            "g",
            "receive_package",
            N_("Receive"),
            id="list.receive",
            tooltip=N_("Receive a review package or a reviewed Word file (a reviewer's answer, or a report to review)"),
        ),
        Binding("q", "app.quit", N_("Quit"), id="list.quit", tooltip=N_("Quit (saves first)")),
    ]

    def __init__(self, store: ReportStore, select: str | None = None) -> None:
        """`select`: the report highlighted first (else the first)."""
        super().__init__()
        self.store = store
        self._select = select
        self._fitted_to = 0  # the screen width the columns were fitted to
        self.unreadable: dict[str, str] = {}  # report id -> why it cannot be opened

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="store-path")
        yield Static("", id="columns")
        yield ReportOptions(id="reports")
        yield Static(_("No reports yet. Press n to create one."), id="empty")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#store-path", Static).update(Text(_("Store: {path}").format(path=self.store.path), style="dim"))
        self.call_after_refresh(self.set_timer, CHECK_DELAY, self._check_reports)  # counted from the list shown

    def on_screen_resume(self) -> None:
        if self._fitted_to:
            self.refresh_reports()
        else:  # first shown: what is on screen first, the rest a moment later
            self._show_first_reports()
            self._select = None

    def on_resize(self) -> None:
        if self._fitted_to and self._fitted_to != self.app.size.width:
            self.refresh_reports()

    def refresh_reports(self, select: str | None = None) -> None:
        """Re-read the list (on showing the screen and after a change), keeping the selection."""
        current = select or self.selected_id()
        summaries = self.store.list_reports()
        twins = rp.twin_numbers(summaries)  # reports for the same SWG and period: (1), (2), …
        rows = [self._row(summary, twins) for summary in summaries]
        self._show(rows, [row[1:] for row in rows], current)

    def _show_first_reports(self) -> None:
        """The reports that fit on the screen, their lines checked, laid out as the whole list
        will be (the same widths and numbers, from every report's names); the whole list, each
        line checked, follows once they are shown. A line found damaged beyond the screen may
        then widen the last column, as a report file found unreadable does."""
        names = self.store.listed_names()
        shown = self.store.list_reports(first=self.app.size.height)
        if len(shown) == len(names):
            self.refresh_reports(self._select)
            return
        twins, widest = _laid_out_as_whole(names, shown)
        rows = [self._row(summary, twins) for summary in shown]
        self._show(rows, [row[1:] for row in rows] + widest, self._select)
        self.call_after_refresh(self.refresh_reports, self._select)

    def _row(self, summary: dict[str, Any], twins: dict[str, int]) -> tuple[str, ...]:
        """A report's id and the cells of its line."""
        problem = self.unreadable.get(summary["id"]) or summary.get("problem")
        return (
            summary["id"],
            summary["swg"],
            _period(summary, twins),
            summary["template"],
            _("cannot open") if problem else f"{summary['complete']:.0%}",
            problem or summary.get("updated", "").replace("T", " ")[:16],
        )

    def _show(self, rows: list[tuple[str, ...]], laid_out: list[tuple[str, ...]], current: str | None) -> None:
        """List `rows` (an id and its cells), in columns as wide as the cells `laid_out` need,
        `current` highlighted."""
        reports = self.query_one("#reports", OptionList)
        columns = tuple(_(column) for column in COLUMNS)
        widths = column_widths(columns, laid_out, MAX_COLUMN_WIDTH)
        if any(cells[3] == _("cannot open") for cells in laid_out):  # the reason, in the last column, in full
            widths[-1] = max(cell_len(cells[4]) for cells in laid_out)
        self._fitted_to = self.app.size.width
        widths = fit_width(widths, self._fitted_to - LIST_MARGIN)  # the SWG is shortened first
        self.query_one("#columns", Static).update(columns_line(columns, widths, style="bold"))
        reports.clear_options()
        reports.add_options(
            [
                Option(ListLine(columns_line(row[1:], widths, right_aligned=RIGHT_ALIGNED).plain), id=row[0])
                for row in rows
            ]
        )
        self.query_one("#empty").display = not rows
        reports.display = self.query_one("#columns").display = bool(rows)
        ids = [row[0] for row in rows]
        if ids:
            reports.highlighted = ids.index(current) if current in ids else 0

    def opens_a_report_on(self, key: str) -> bool:
        """Whether `key` opens the highlighted report (the app then keeps the keys typed after
        it for the report's editor)."""
        reports = self.query_one("#reports", OptionList)
        return key == "enter" and self.focused is reports and self.selected_id() is not None

    def selected_id(self) -> str | None:
        reports = self.query_one("#reports", OptionList)
        if reports.highlighted is None or not reports.option_count:
            return None
        return reports.get_option_at_index(reports.highlighted).id

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A read-only store offers nothing that would change it."""
        changing = {"new_report", "delete_report", "import_report", "roll_over", "send_report", "receive_package"}
        return not (action in changing and not self.store.writable)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_open_report()

    def _workspace(self) -> Workspace:
        """The store's workspace: exports, merges and review packages, loaded when first needed,
        not at start-up."""
        from swgtui.workspace import Workspace

        return Workspace(self.store)

    def open_editor(self, report_id: str) -> None:
        host(self).hold_keys()  # keys typed meanwhile act in the editor, in the order typed
        self._load_for_editor(report_id)

    @work(thread=True, exclusive=True, group="check", exit_on_error=False)
    def _check_reports(self) -> None:
        """Check every report's file (those changed since last checked), so a report that cannot
        be opened says so on the list."""
        found = self.store.unreadable_reports()
        if found:
            self.app.call_from_thread(self._mark_unreadable, found)

    def _mark_unreadable(self, found: dict[str, str]) -> None:
        self.unreadable.update(found)
        self.refresh_reports()

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def _load_for_editor(self, report_id: str) -> None:
        """Read the report off the event loop; a damaged file is reported, and the list stays."""
        try:
            session = self._workspace().open(report_id)  # read-only if the store is
        except ReportUnreadableError as error:
            self.app.call_from_thread(self._mark_unreadable, {report_id: str(error)})
            message = _("{error}. d deletes it.").format(error=error)
            self.app.call_from_thread(self.notify, message, title=_("Cannot open"), severity="error", markup=False)
            self.app.call_from_thread(host(self).release_keys)
            return
        except StoreError as error:
            self.app.call_from_thread(self.notify, str(error), title=_("Cannot open"), severity="error", markup=False)
            self.app.call_from_thread(host(self).release_keys)
            return
        self.app.call_from_thread(self._show_editor, session)

    def _show_editor(self, session: ReportSession) -> None:
        from swgtui.screens.editor import EditorScreen  # loaded when first needed, not at start-up

        self.app.push_screen(EditorScreen(session))  # it takes the keys typed meanwhile once shown

    def action_new_report(self) -> None:
        templates, problems = available_templates()
        for problem in problems:
            self.notify(problem, title=_("Template skipped"), severity="warning", markup=False)
        if not templates:
            self.notify(_("No template could be loaded."), severity="error", markup=False)
            return

        def create(answer: dict[str, str] | None) -> None:
            if answer is not None:
                self._in_background(
                    lambda: self.store.create(answer["template"], answer["swg"], answer["period"])["id"],
                    _("Not created"),
                    self._created,
                )

        self.app.push_screen(NewReportDialog(templates, self.store.list_reports()), create)

    def _created(self, report_id: str) -> None:
        summaries = self.store.list_reports()
        new = next((s for s in summaries if s["id"] == report_id), None)
        if new is not None and rp.same_reports(
            summaries, new["swg"], new["period"], but=report_id, key=new.get("swg_key")
        ):
            message = _("More than one report is now for {swg} {period}.").format(swg=new["swg"], period=new["period"])
            self.notify(message, severity="warning", markup=False)
        self.refresh_reports(select=report_id)
        self.open_editor(report_id)

    @work(thread=True, exclusive=True, group="store", exit_on_error=False)
    def _in_background(self, change: Callable[[], str], failed: str, then: Callable[[str], None]) -> None:
        """A change to the store (create, delete, roll over) off the event loop; `then` follows
        on it with the change's result, or the error is shown under the title `failed`."""
        try:
            result = change()
        except (rp.ReportError, StoreError) as error:
            self.app.call_from_thread(self.notify, str(error), title=failed, severity="error", markup=False)
            return
        self.app.call_from_thread(then, result)

    def action_open_report(self) -> None:
        report_id = self.selected_id()
        if report_id is not None:
            self.open_editor(report_id)

    def action_overview(self) -> None:
        """The overview of the highlighted report's period, else of the period being reported on."""
        from swgtui.screens.overview import OverviewScreen

        report_id = self.selected_id()
        summary = next((s for s in self.store.list_reports() if s["id"] == report_id), None)
        period = suggested_period()
        if summary is not None and "problem" not in summary:
            with contextlib.suppress(rp.ReportError):  # a period edited into something else by hand
                period = rp.check_period(summary["period"])
        self.app.push_screen(OverviewScreen(self.store, period, self.open_editor, report_id))

    def action_delete_report(self) -> None:
        report_id = self.selected_id()
        if report_id is None:
            return
        summary = next(s for s in self.store.list_reports() if s["id"] == report_id)

        def deleted(_report_id: str) -> None:
            self.notify(_("Deleted {swg} {period}.").format(swg=summary["swg"], period=summary["period"]), markup=False)
            self.refresh_reports()

        def remove() -> str:
            self.store.delete(report_id)
            return report_id

        def delete(confirmed: bool | None) -> None:
            if confirmed:
                self._in_background(remove, _("Not deleted"), deleted)

        question = _("Delete the report of {swg} for {period}? This cannot be undone.")
        question = question.format(swg=summary["swg"], period=summary["period"])
        self.app.push_screen(ConfirmDialog(question, _("Delete")), delete)

    def action_roll_over(self) -> None:
        report_id = self.selected_id()
        if report_id is None:
            return
        summary = next(s for s in self.store.list_reports() if s["id"] == report_id)

        def next_report(period: str) -> str:  # in the worker: a damaged file is reported there
            return self._workspace().roll_over(report_id, period)["id"]

        def create(answer: tuple[str, str] | None) -> None:
            if answer:
                self._in_background(lambda: next_report(answer[0]), _("Not created"), self._created)

        title = _("Next period's report of {swg}: rows, partners and contacts are kept").format(swg=summary["swg"])
        dialog = TextDialog(title, _("Period"), next_period(summary["period"]), check=rp.check_period)
        self.app.push_screen(dialog, create)

    def action_import_report(self) -> None:
        def chosen(answer: tuple[str, str] | None) -> None:
            if answer:
                self._import(typed_path(answer[0]))

        self.app.push_screen(TextDialog(_("Import a filled Annex 2 (.docx)"), _("Path of the Word file")), chosen)

    @work(thread=True, exclusive=True, group="import", exit_on_error=False)
    def _import(self, path: Path) -> None:
        from swgtui.imports.docx_reader import import_docx

        try:
            result = import_docx(path)
            report_id = self.store.add(result.report)
        except (rp.ReportError, StoreError) as error:
            self.app.call_from_thread(self.notify, str(error), title=_("Not imported"), severity="error", markup=False)
            return
        summary = "\n".join(result.summary[-12:])
        self.app.call_from_thread(self.refresh_reports, report_id)
        title = _("Imported {name}").format(name=path.name)
        self.app.call_from_thread(self.notify, summary, title=title, timeout=15, markup=False)

    def action_export_report(self) -> None:
        report_id = self.selected_id()
        if report_id is not None:
            self._export(report_id)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def _export(self, report_id: str) -> None:
        from swgtui.exports.files import ExportError

        try:
            exported = self._workspace().export(report_id, by=load_identity(), language=saved_document_language())
        except (StoreError, ExportError, rp.ReportError, TemplateError) as error:
            self.app.call_from_thread(self.notify, str(error), title=_("Export failed"), severity="error", markup=False)
            return
        message = "\n".join([str(exported.path), *exported.notes])
        self.app.call_from_thread(self.notify, message, title=_("Exported to"), timeout=12, markup=False)

    # --- review packages -----------------------------------------------------------------------

    def action_send_report(self) -> None:
        report_id = self.selected_id()
        if report_id is not None:
            self._send(report_id)

    @work(thread=True, exclusive=True, group="store", exit_on_error=False)
    def _send(self, report_id: str) -> None:
        from swgtui.exports.files import ExportError

        try:
            sent = self._workspace().send(report_id, by=load_identity())
        except (rp.ReportError, StoreError, ExportError, TemplateError) as error:
            self.app.call_from_thread(self.notify, str(error), title=_("Not sent"), severity="error", markup=False)
            return
        self.app.call_from_thread(self.refresh_reports)
        self.app.call_from_thread(
            self.notify, sent.said(), title=_("Review package written"), severity="warning", timeout=20, markup=False
        )

    def action_receive_package(self) -> None:
        def chosen(answer: tuple[str, str] | None) -> None:
            if answer:
                self._receive(typed_path(answer[0]))

        title = _("Receive a review package (.swgpkg) or a reviewed Word file (.docx)")
        self.app.push_screen(TextDialog(title, _("Path of the file")), chosen)

    @work(thread=True, exclusive=True, group="store", exit_on_error=False)
    def _receive(self, path: Path, into: str | None = None) -> None:
        from swgtui.exchange_docx import NoMarksError  # python-docx is loaded by the receive, not at start

        try:
            received = self._workspace().receive(path, into=into, in_app=True, by=load_identity())
        except NoMarksError as error:
            self.app.call_from_thread(self._ask_into, path, str(error))
            return
        except (rp.ReportError, StoreError, TemplateError) as error:
            self.app.call_from_thread(self.notify, str(error), title=_("Not received"), severity="error", markup=False)
            return
        except Exception as error:  # never nothing: any other failure is said in one line too
            said = _("{path} could not be received: {kind}: {error}").format(
                path=path, kind=type(error).__name__, error=error
            )
            said = said.split("\n")[0]
            self.app.call_from_thread(self.notify, said, title=_("Not received"), severity="error", markup=False)
            return
        self.app.call_from_thread(self.refresh_reports, received.report_id)
        self.app.call_from_thread(tell, self, _("Received"), received.summary.replace("; ", ";\n"))

    def _ask_into(self, path: Path, refusal: str) -> None:
        """A Word file without swgtui's marks: receive it into the highlighted report, comparing
        it with that report's current texts, if the user says so."""
        report_id = self.selected_id()
        summary = next((s for s in self.store.list_reports() if s["id"] == report_id), None)
        if report_id is None or summary is None:  # no report to receive it into
            self.notify(refusal, title=_("Not received"), severity="error", markup=False)
            return
        question = _(
            "{name} carries no swgtui marks (not exported by swgtui, or saved without them). "
            "Receive it into {swg} {period}, comparing it with that report's current texts?"
        ).format(name=path.name, swg=summary["swg"], period=summary["period"])

        def answer(into: bool | None) -> None:
            if into:
                self._receive(path, into=report_id)

        self.app.push_screen(ConfirmDialog(question, _("Receive"), safe=True), answer)

    def action_undo_receive(self) -> None:
        self._in_background(lambda: self._workspace().undo_receive(), _("Not taken back"), self._undone)

    def _undone(self, said: str) -> None:
        self.refresh_reports()
        self.notify(said, title=_("Receive taken back"), timeout=15, markup=False)

    def palette_commands(self) -> list[SystemCommand]:
        """Commands without a key, for the palette."""
        languages = document_language_commands(self.app)
        if not self.store.writable:
            return languages
        return [
            SystemCommand(
                _("Take the last receive back"),
                _("Undo receiving a review package or a reviewed Word file (refused if the report changed since)"),
                self.action_undo_receive,
            ),
            *languages,
        ]
