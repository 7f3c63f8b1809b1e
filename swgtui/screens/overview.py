"""The coordinator's overview: where each SWG's report for one period stands, one line per SWG
(swgtui.overview), sorted and filtered by status; enter opens a line's report, or creates it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual import work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static
from textual.worker import get_current_worker

from swgtui import i18n
from swgtui.i18n import N_, _, ngettext
from swgtui.model import report as rp
from swgtui.model.review import local_time
from swgtui.model.standing import NOT_STARTED, SIGNED_OFF, STATUS_LABELS, STATUSES
from swgtui.model.template import TemplateError, available_templates
from swgtui.overview import OTHER, SwgLine, earlier_report, period_overview
from swgtui.screens.dialogs import ChoiceDialog, ConfirmDialog, TextDialog
from swgtui.screens.doc_language import document_language_commands, saved_document_language
from swgtui.screens.host import host
from swgtui.store import ReportStore, StoreError
from swgtui.swgs import swg_named
from swgtui.widgets.columns import fit_width
from swgtui.widgets.key_bar import KeyBar
from swgtui.workspace import Workspace

SORTS = ("swg", "status", "complete", "updated")  # s cycles through them, in this order
SORT_LABELS = {
    "swg": N_("SWG order"),
    "status": N_("status"),
    "complete": N_("completeness (least first)"),
    "updated": N_("last updated (newest first)"),
}
STATUS_STYLES = {
    "not_started": "dim",
    "changes_requested": "bold yellow",
    "approved": "green",
    "signed_off": "bold green",
    "signoff_stale": "bold red",
}
LEAST_SWG_WIDTH = 14  # the SWG's name is shortened to this before a column is left out
TABLE_MARGIN = 4  # cells of the screen's width around the table (padding, scrollbar)
FROM = "from:"  # a choice to start a missing report from the SWG's earlier one: FROM + its id
DUPLICATE = "{count}×"  # marks an SWG with two or more reports for the period: "2×", "3×" …


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    right: bool = False  # right-aligned (numbers)
    optional: bool = False  # left out when every cell is empty
    drop: int = 0  # left out on a narrow screen, the highest first (the line below the table says it)


COLUMNS = (
    Column("mark", ""),
    Column("swg", N_("SWG")),
    Column("status", N_("Status")),
    Column("complete", N_("Complete"), right=True),
    Column("comments", N_("Comments"), right=True),
    Column("suggestions", N_("Sugg./confl."), right=True, optional=True),
    Column("updated", N_("Updated")),
    Column("by", N_("By"), optional=True, drop=2),
    Column("received", N_("Received"), optional=True, drop=1),
)


def status_label(status: str) -> str:
    """A status in the user's words, in the interface's language."""
    return _(STATUS_LABELS[status]) if status in STATUS_LABELS else status


LAO_GROUP = "ກຸ່ມວຽກຂະແໜງ"  # "sector working group", as the list's Lao names start


def short_name(name: str) -> str:
    """The SWG's name without "Sector Working Group" (every line is one): "Health", "ສາທາລະນະສຸກ"."""
    for ending in (" Sector Working Group", " SWG"):
        if name.casefold().endswith(ending.casefold()) and len(name) > len(ending):
            return name[: -len(ending)]
    if name.startswith(LAO_GROUP) and len(name) > len(LAO_GROUP):
        return name[len(LAO_GROUP) :]
    return name


def swg_name(line: SwgLine) -> str:
    """The line's SWG in the interface's language: the list's Lao name in Lao, else its English
    name (the report's own name for an SWG outside the list)."""
    swg = swg_named(line.swg) if i18n.language() == "lo" else None
    return swg.lao if swg is not None and swg.lao else line.name


def local_date(iso: str) -> str:
    return local_time(iso)[:10] if iso else ""


def cells(line: SwgLine) -> dict[str, str]:
    """The line's cells, by column key."""
    return {
        "mark": DUPLICATE.format(count=len(line.reports)) if line.duplicate else "",
        "swg": short_name(swg_name(line)),
        "status": status_label(line.status),
        "complete": f"{line.complete:.0%}" if line.reports else "",
        "comments": str(line.open_comments) if line.open_comments else "",
        "suggestions": suggestions_cell(line),
        "updated": local_date(line.updated),
        "by": line.updated_by,
        "received": local_date(line.received),
    }


def suggestions_cell(line: SwgLine) -> str:
    """Open suggestions, and conflicts after a slash when there are any: "3", "3 / 1", "0 / 1"."""
    if line.conflicts:
        return f"{line.open_suggestions} / {line.conflicts}"
    return str(line.open_suggestions) if line.open_suggestions else ""


def sorted_lines(lines: list[SwgLine], sort: str) -> list[SwgLine]:
    """The lines in the order `sort` names; the SWG list's order among equals."""
    order = {id(line): position for position, line in enumerate(lines)}
    status_rank = {status: rank for rank, status in enumerate(STATUSES)}
    keys: dict[str, Callable[[SwgLine], Any]] = {
        "swg": lambda line: order[id(line)],
        "status": lambda line: (status_rank.get(line.status, len(STATUSES)), order[id(line)]),
        "complete": lambda line: (line.complete, order[id(line)]),
        "updated": lambda line: (not line.updated, _negated(line.updated), order[id(line)]),
    }
    return sorted(lines, key=keys[sort])


def _negated(iso: str) -> tuple[int, ...]:
    """A key that sorts ISO times newest first."""
    return tuple(-ord(char) for char in iso)


def next_filter(current: str, lines: list[SwgLine]) -> str:
    """The status shown after `current` ("" is every line): the next one some line has, in
    STATUSES order, then every line again."""
    present = {line.status for line in lines}
    ring = ["", *STATUSES]
    start = ring.index(current) if current in ring else 0
    for step in range(1, len(ring) + 1):
        status = ring[(start + step) % len(ring)]
        if not status or status in present:
            return status
    return ""


def title_line(period: str, lines: list[SwgLine]) -> str:
    """e.g. "2025/2026 — 7 of 10 SWGs reporting, 2 signed off, 1 with two reports"."""
    reporting = sum(1 for line in lines if line.reports)
    signed = sum(1 for line in lines if line.status == SIGNED_OFF)
    said = _("{period} — {reporting} of {count} SWGs reporting, {signed} signed off").format(
        period=period, reporting=reporting, count=len(lines), signed=signed
    )
    duplicates = sum(1 for line in lines if line.duplicate)
    if duplicates:
        said += _(", {count} with two or more reports (2×: to settle)").format(count=duplicates)
    return said


def detail_line(line: SwgLine, period: str) -> str:
    """All that is known of the highlighted line, columns left out on a narrow screen too."""
    contacts = ", ".join(
        f"{who['name'] or who['organisation']} <{who['email']}>" if who["email"] else who["name"]
        for who in line.contacts
        if who["name"] or who["email"]
    )
    chase = " " + _("Focal points: {contacts}.").format(contacts=contacts) if contacts else ""
    if not line.reports:
        return _("{name}: no report for {period}; enter creates it.").format(name=swg_name(line), period=period) + chase
    said = [swg_name(line)]
    if line.duplicate:
        said.append(
            _("{count} reports ({ids}): a duplicate to settle").format(
                count=len(line.reports), ids=", ".join(line.reports)
            )
        )
    if line.updated and line.updated_by:
        said.append(_("updated {time} by {name}").format(time=local_time(line.updated), name=line.updated_by))
    elif line.updated:
        said.append(_("updated {time}").format(time=local_time(line.updated)))
    if line.received:
        said.append(_("received {time}").format(time=local_time(line.received)))
    if line.signed_off:
        said.append(_("signed off {date}").format(date=local_date(line.signed_off)))
    if line.parts:
        said.append(
            ngettext("{approved} of {count} part approved", "{approved} of {count} parts approved", line.parts).format(
                approved=line.approved, count=line.parts
            )
        )
    return " · ".join(said) + (chase if line.status == NOT_STARTED else "")  # nothing written yet: whom to ask


class SwgTable(DataTable[Text]):
    """One line per SWG; enter on a line opens its report (the key bar says so)."""

    BINDINGS = [
        Binding(
            "enter",
            "select_cursor",
            N_("Open"),
            id="overview.open",
            tooltip=N_("Open the SWG's report (or create it when it has none)"),
        )
    ]


class OverviewScreen(Screen[None]):
    """`open_report(report_id)` opens a report in the editor, as the report list does."""

    CSS_PATH = "overview.tcss"
    BINDINGS = [
        Binding(
            "s", "next_sort", N_("Sort"), id="overview.sort", tooltip=N_("Sort by SWG, status, completeness or update")
        ),
        Binding("f", "next_filter", N_("Filter"), id="overview.filter", tooltip=N_("Show only the SWGs of one status")),
        Binding("p", "change_period", N_("Period"), id="overview.period", tooltip=N_("Overview of another period")),
        Binding(
            "c",
            "compendium",
            N_("Compendium"),
            id="overview.compendium",
            tooltip=N_("Write the Round Table compendium of this period (Word)"),
        ),
        Binding("escape", "app.pop_screen", N_("Back"), id="overview.back", tooltip=N_("Back to the report list")),
    ]

    def __init__(
        self, store: ReportStore, period: str, open_report: Callable[[str], None], report_id: str | None = None
    ) -> None:
        """`report_id`: the report whose SWG's line is highlighted first (the one selected on the list)."""
        super().__init__()
        self.first_report = report_id
        self.store = store
        self.period = rp.period_key(period)
        self.open_report = open_report
        self.lines: list[SwgLine] = []
        self.summaries: dict[str, dict[str, Any]] = {}  # report id -> its line in the list of reports
        self.sort = SORTS[0]
        self.status = ""  # the status shown, "" for every line
        self.shown: list[SwgLine] = []  # the lines in the table, in its order
        self._read_once = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="overview-title")
        yield Static("", id="overview-view")
        yield SwgTable(id="swgs", cursor_type="row", zebra_stripes=True)
        yield Static("", id="overview-empty")
        yield Static("", id="overview-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#overview-title", Static).update(
            Text(_("{period} — reading the reports…").format(period=self.period))
        )

    def on_screen_resume(self) -> None:
        """Read again on showing the screen (first, and back from the editor)."""
        self.read_lines()

    def on_resize(self) -> None:
        if self._read_once:
            self.show_lines()

    @work(thread=True, exclusive=True, group="overview", exit_on_error=False)
    def read_lines(self) -> None:
        """Where each SWG stands, read off the event loop (an old store works lines out once)."""
        worker = get_current_worker()
        period = self.period
        try:
            lines = period_overview(self.store, period)
            summaries = {summary["id"]: summary for summary in self.store.list_reports()}
        except StoreError as error:
            self.app.call_from_thread(self.notify, str(error), title=_("Cannot read"), severity="error", markup=False)
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self._read, period, lines, summaries)

    def _read(self, period: str, lines: list[SwgLine], summaries: dict[str, dict[str, Any]]) -> None:
        if period != self.period:  # another period was asked for meanwhile: its own reading follows
            return
        first = None if self._read_once else next((ln.swg for ln in lines if self.first_report in ln.reports), None)
        self.lines, self.summaries, self._read_once = lines, summaries, True
        self.show_lines(keep=first)

    def show_lines(self, keep: str | None = None) -> None:
        """The lines, sorted and filtered, in the table; the highlighted SWG stays highlighted."""
        table = self.query_one("#swgs", SwgTable)
        current = keep or self.highlighted_swg()
        ordered = sorted_lines(self.lines, self.sort)
        self.shown = [line for line in ordered if not self.status or line.status == self.status]
        columns, widths = self._layout(self.shown)
        table.clear(columns=True)
        for column, width in zip(columns, widths, strict=True):
            label = Text(_(column.label) if column.label else "", justify="right" if column.right else "left")
            table.add_column(label, width=width, key=column.key)
        for line in self.shown:
            found = cells(line)
            styles = {"status": STATUS_STYLES.get(line.status, "")}
            row = [
                Text(found[c.key], style=styles.get(c.key, ""), justify="right" if c.right else "left") for c in columns
            ]
            table.add_row(*row, key=line.swg)
        keys = [line.swg for line in self.shown]
        if current in keys:
            table.move_cursor(row=keys.index(current), animate=False)
        self.sub_title = _("Overview of {period}").format(period=self.period)
        self.query_one("#overview-title", Static).update(Text(title_line(self.period, self.lines), style="bold"))
        if self.status:
            shown = f"{status_label(self.status)} ({len(self.shown)})"
        else:
            shown = _("all {count} SWGs").format(count=len(self.lines))
        view = _("Sorted by {sort} (s) · showing {shown} (f) · period {period} (p)").format(
            sort=_(SORT_LABELS[self.sort]), shown=shown, period=self.period
        )
        self.query_one("#overview-view", Static).update(Text(view, style="dim"))
        empty = self.query_one("#overview-empty", Static)
        nothing = _("No SWG is {status} for {period}. f shows the others.")
        empty.update(Text(nothing.format(status=status_label(self.status) if self.status else "", period=self.period)))
        empty.display = not self.shown
        table.display = bool(self.shown)
        self.show_detail()

    def _layout(self, lines: list[SwgLine]) -> tuple[list[Column], list[int]]:
        """The columns the screen has room for (empty optional ones left out, then those with a
        `drop`, highest first, on a narrow screen) and their widths."""
        rows = [cells(line) for line in lines]
        columns = [c for c in COLUMNS if not c.optional or any(row[c.key] for row in rows)]
        if not any(line.duplicate for line in lines):
            columns = [c for c in columns if c.key != "mark"]
        room = self.app.size.width - TABLE_MARGIN

        def widths_of(kept: list[Column]) -> list[int]:
            return [
                max([cell_len(_(c.label) if c.label else ""), *(cell_len(row[c.key]) for row in rows)]) for c in kept
            ]

        widths = widths_of(columns)
        for column in sorted((c for c in columns if c.drop), key=lambda c: -c.drop):
            swg = widths[[c.key for c in columns].index("swg")]
            if sum(widths) - swg + LEAST_SWG_WIDTH + 2 * len(widths) <= room:
                break
            columns.remove(column)
            widths = widths_of(columns)
        flexible = [c.key for c in columns].index("swg")
        return columns, fit_width(widths, room, flexible=flexible, least=LEAST_SWG_WIDTH)

    def highlighted_line(self) -> SwgLine | None:
        table = self.query_one("#swgs", SwgTable)
        if not self.shown or not table.display or not 0 <= table.cursor_row < len(self.shown):
            return None
        return self.shown[table.cursor_row]

    def highlighted_swg(self) -> str | None:
        line = self.highlighted_line()
        return line.swg if line is not None else None

    def on_data_table_row_highlighted(self) -> None:
        self.show_detail()

    def show_detail(self) -> None:
        line = self.highlighted_line()
        self.query_one("#overview-detail", Static).update(Text(detail_line(line, self.period) if line else ""))

    def on_data_table_row_selected(self) -> None:  # enter, or a click on the highlighted line
        self.open_line()

    def opens_a_report_on(self, key: str) -> bool:
        """Whether `key` opens a report at once (the app then keeps the keys typed after it for
        the report's editor): enter on a line with one report."""
        line = self.highlighted_line()
        return key == "enter" and line is not None and len(line.reports) == 1

    # --- actions -------------------------------------------------------------------------------

    def action_next_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.show_lines()

    def action_next_filter(self) -> None:
        self.status = next_filter(self.status, self.lines)
        self.show_lines()

    def action_change_period(self) -> None:
        def chosen(answer: tuple[str, str] | None) -> None:
            if answer:
                self.period = rp.check_period(answer[0])
                self.status = ""
                reading = _("{period} — reading the reports…").format(period=self.period)
                self.query_one("#overview-title", Static).update(Text(reading))
                self.read_lines()

        title = _("Overview of another period")
        self.app.push_screen(TextDialog(title, _("Period"), self.period, check=rp.check_period), chosen)

    def palette_commands(self) -> list[SystemCommand]:
        """Commands without a key, for the palette: the language of the compendium."""
        return document_language_commands(self.app)

    def action_compendium(self) -> None:
        self.notify(_("Writing the compendium of {period}…").format(period=self.period), timeout=3, markup=False)
        self._write_compendium(self.period)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def _write_compendium(self, period: str) -> None:
        from swgtui.exports.compendium import write_compendium  # python-docx loads with it
        from swgtui.exports.files import ExportError

        try:
            exported = write_compendium(self.store, period, language=saved_document_language())
        except (StoreError, ExportError, rp.ReportError) as error:
            self.app.call_from_thread(
                self.notify, str(error), title=_("Compendium not written"), severity="error", markup=False
            )
            return
        message = "\n".join([str(exported.path), *exported.notes])
        self.app.call_from_thread(self.notify, message, title=_("Compendium written to"), timeout=12, markup=False)

    def open_line(self) -> None:
        """Open the highlighted line's report; with two or more, ask which; with none, offer to
        create it."""
        line = self.highlighted_line()
        if line is not None and len(line.reports) == 1:
            self.open_report(line.reports[0])
            return
        host(self).release_keys()  # the app kept the keys typed after enter for an editor: a dialog takes them
        if line is not None and line.reports:
            self._ask_which(line)
        elif line is not None:
            self._offer_to_create(line)

    def _ask_which(self, line: SwgLine) -> None:
        choices = [(report_id, self._report_label(report_id, line)) for report_id in line.reports]
        title = _("{name} has {count} reports for {period}: open which?").format(
            name=swg_name(line), count=len(line.reports), period=self.period
        )

        def chosen(report_id: str | None) -> None:
            if report_id:
                self.open_report(report_id)

        self.app.push_screen(ChoiceDialog(title, choices), chosen)

    def _report_label(self, report_id: str, line: SwgLine) -> str:
        """e.g. "1f2e3d4c — drafting, 40%, updated 2026-01-15 09:30", and the report's own SWG
        name when it is not the line's (in Lao, say)."""
        summary = self.summaries.get(report_id, {})
        status = status_label(str(summary.get("status", ""))) if summary.get("status") else ""
        complete = summary.get("complete")
        said = [status] if status else []
        if isinstance(complete, int | float):
            said.append(f"{complete:.0%}")
        if summary.get("updated"):
            said.append(_("updated {time}").format(time=local_time(str(summary["updated"]))))
        name = f" ({summary['swg']})" if summary.get("swg") not in ("", None, line.name) else ""
        return f"{report_id} — {', '.join(said)}{name}"

    def _offer_to_create(self, line: SwgLine) -> None:
        if not self.store.writable:
            message = _("{name} has no report for {period}; the store is read-only.")
            self.notify(message.format(name=swg_name(line), period=self.period), markup=False)
            return
        templates, problems = available_templates()
        for problem in problems:
            self.notify(problem, title=_("Template skipped"), severity="warning", markup=False)
        if not templates:
            self.notify(_("No template could be loaded."), severity="error", markup=False)
            return
        period, name = self.period, line.name  # the name a created report is given: as the list names it
        shown = swg_name(line)
        earlier = earlier_report(list(self.summaries.values()), line.swg, period)

        def create(template_id: str | None) -> None:
            if template_id and template_id.startswith(FROM):
                self._roll_over(template_id.removeprefix(FROM), period)
            elif template_id:
                self._create(template_id, name, period, "" if line.swg.startswith(OTHER) else line.swg)

        if earlier is not None:  # as r on the report list does: its rows, partners and contacts
            title = _("{name} has no report for {period} yet. Create it and open it:").format(name=shown, period=period)
            earlier_label = _("from its {period} report (rows, partners, contacts)").format(period=earlier["period"])
            choices = [(FROM + earlier["id"], earlier_label)]
            choices += [(t.id, _("empty, on {template}").format(template=t.title)) for t in templates]
            self.app.push_screen(ChoiceDialog(title, choices), create)
        elif len(templates) == 1:
            question = _("{name} has no report for {period} yet. Create it ({template}) and open it?").format(
                name=shown, period=period, template=templates[0].title
            )
            self.app.push_screen(
                ConfirmDialog(question, _("Create"), safe=True), lambda yes: create(templates[0].id if yes else None)
            )
        else:
            title = _("Create the report of {name} for {period} on which template?").format(name=shown, period=period)
            self.app.push_screen(ChoiceDialog(title, [(t.id, t.title) for t in templates]), create)

    @work(thread=True, exclusive=True, group="store", exit_on_error=False)
    def _roll_over(self, previous_id: str, period: str) -> None:
        """The period's report of an SWG from its report `previous_id` of an earlier period."""
        try:
            report_id = Workspace(self.store).roll_over(previous_id, rp.check_period(period))["id"]
        except (rp.ReportError, StoreError, TemplateError) as error:
            self.app.call_from_thread(self.notify, str(error), title=_("Not created"), severity="error", markup=False)
            return
        self.app.call_from_thread(self.open_report, report_id)

    @work(thread=True, exclusive=True, group="store", exit_on_error=False)
    def _create(self, template_id: str, name: str, period: str, swg_key: str) -> None:
        """A new report of the SWG `swg_key` ("" for one outside the list), named `name`, for `period`."""
        try:
            report_id = self.store.create(template_id, name, rp.check_period(period), swg_key)["id"]
        except (rp.ReportError, StoreError) as error:
            self.app.call_from_thread(self.notify, str(error), title=_("Not created"), severity="error", markup=False)
            return
        self.app.call_from_thread(self.open_report, report_id)
