"""The reviewers' screen: every part with its status, approval and open comments; review steps
from here; and the final sign-off of the whole report by the chair or a co-chair.

It works on the report's session; `done(part_id)` follows each step (the editor saves and
redraws), and the screen returns the part to open (enter, or a chosen comment), if any."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from swgtui.i18n import N_, _, ngettext
from swgtui.identity import load_identity
from swgtui.model import report as rp
from swgtui.model import review
from swgtui.screens.reviewing import Reviewing, steps_for
from swgtui.session import ReportSession
from swgtui.widgets.key_bar import KeyBar
from swgtui.widgets.review_panel import STATUS_STYLES, approver_names


class SignOffScreen(Screen[str | None]):
    CSS_PATH = "signoff.tcss"
    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="signoff.back", tooltip=N_("Back to the report")),
        Binding(
            "enter", "open_part", N_("Open"), id="signoff.open", tooltip=N_("Open the selected part in the editor")
        ),
        Binding(
            "r", "step('ready')", N_("Ready"), id="signoff.ready", tooltip=N_("Mark the selected part ready for review")
        ),
        Binding("a", "step('approve')", N_("Approve"), id="signoff.approve", tooltip=N_("Approve the selected part")),
        Binding(
            "x",
            "step('request-changes')",
            N_("Request changes"),
            id="signoff.changes",
            tooltip=N_("Request changes to the selected part (with a note)"),
        ),
        Binding(
            "s",
            "sign_off",
            N_("Sign off"),
            id="signoff.final",
            tooltip=N_("Sign the whole report off (chair, co-chair)"),
        ),
        Binding("o", "comments", N_("Comments"), id="signoff.comments", tooltip=N_("List every open comment")),
        Binding("l", "log", N_("Log"), id="signoff.log", tooltip=N_("Show the review record")),
    ]

    def __init__(self, session: ReportSession, done: Callable[[str], None], sub_title: str = "") -> None:
        """`sub_title`: the report's SWG and period, as the editor shows them."""
        super().__init__()
        self.session = session
        self.done = done
        self.reviewing = Reviewing(session, self, self._done)
        self.report_title = sub_title
        self._approvals: dict[str, list[dict[str, Any]]] = {}  # each part's standing approvals

    def _done(self, part_id: str) -> None:
        self.done(part_id)
        self.refresh_parts()
        self.refresh_bindings()  # who is acting may have been asked

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="signoff-state")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="parts")
        yield Static("", id="part-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = self.report_title
        table = self.query_one(DataTable)
        table.add_column(_("Part"), key="part", width=40)  # widths: see _fit_columns
        table.add_column(_("Status"), key="status")
        table.add_column(_("Approved by"), key="by")
        table.add_column(_("When"), key="when")
        table.add_column(_("Comments"), key="comments")
        self.refresh_parts()
        table.focus()

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit_columns)

    def _fit_columns(self) -> None:
        """Status and time as wide as their longest value (whatever comes later), the part and
        the approvers sharing the rest (whole names, then "+N"), so no column is cut at 80
        columns or at 120."""
        table = self.query_one(DataTable)
        statuses = [_(label) for label in review.STATUS_LABELS.values()]
        fixed = {
            "status": max(map(cell_len, [_("Status"), *statuses])),
            "when": max(len("2025-12-31 23:59"), cell_len(_("When"))),
        }
        flexible = [table.columns.get(key) for key in ("part", "by")]  # type: ignore[call-overload]
        if None in flexible:
            return
        for key, width in fixed.items():
            if key in table.columns:
                table.columns[key].auto_width, table.columns[key].width = False, width  # type: ignore[index]
        others = sum(c.get_render_width(table) for c in table.columns.values() if c not in flexible)
        room = table.size.width - table.scrollbar_size_vertical - others - 4 * table.cell_padding
        needed = max((approver_names(a, room).cell_len for a in self._approvals.values()), default=0)
        by_width = max(cell_len(_("Approved by")), min(needed, room // 2), room - 40)
        for column, width in zip(flexible, (min(40, max(10, room - by_width)), by_width), strict=True):
            column.auto_width, column.width = False, width
        for part_id, approvals in self._approvals.items():
            table.update_cell(part_id, "by", approver_names(approvals, by_width))
        table.refresh(layout=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Read-only: no steps. A step key shows only when the acting person's role may take it."""
        if action in ("step", "sign_off") and self.session.read_only:
            return False
        return action != "step" or str(parameters[0]) in steps_for(load_identity())

    def refresh_parts(self) -> None:
        report = self.session.report
        table = self.query_one(DataTable)
        row_index = table.cursor_row
        table.clear()
        by_column = table.columns.get("by")  # type: ignore[call-overload]
        by_width = by_column.width if by_column and not by_column.auto_width else 30
        self._approvals = {}
        for part in review.review_summary(report)["parts"]:
            part_id, status, approvals = part["id"], part["status"], part["approvals"]
            self._approvals[part_id] = approvals
            latest = max((approval["at"] for approval in approvals), default="")
            open_count = part["open_comments"]
            table.add_row(
                Text(part["title"], overflow="ellipsis", no_wrap=True),
                Text(_(review.STATUS_LABELS[status]), style=STATUS_STYLES[status]),
                approver_names(approvals, by_width),
                Text(review.local_time(latest) if latest else ""),
                Text(str(open_count) if open_count else "", style="yellow"),
                key=part_id,
            )
        if row_index >= 0:
            table.move_cursor(row=min(row_index, table.row_count - 1))
        self.query_one("#signoff-state", Static).update(self._state_text())
        self._show_detail()

    def on_data_table_row_highlighted(self) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        """Under the table: what the reviewer asked to change, and what the part still lacks."""
        part_id = self._selected()
        text = Text()
        if part_id:
            report = self.session.report
            text += Text(rp.part_title(self.session.template, report, part_id), style="bold")
            problems = rp.part_problems(self.session.template, report, part_id)
            if not problems:
                text += Text(" — " + _("complete"), style="green")
            request = review.changes_request(report, part_id)
            if request:
                when = review.local_time(request["at"])
                by = review.describe(request["by"]) + review.recorded(request)
                text += Text(
                    "\n" + _("Changes requested by {who}, {when}:").format(who=by, when=when) + " ", style="red"
                )
                text += Text(request["detail"])
            if problems:
                text += Text("\n" + _("Not complete:") + " ", style="yellow") + Text("; ".join(problems))
        self.query_one("#part-detail", Static).update(text)

    def _state_text(self) -> Text:
        report = self.session.report
        state, last = review.signoff_state(report)
        blockers = review.signoff_blockers(report)
        if state == "valid" and last:
            said = _("✓ Signed off by {who}, {when}").format(
                who=review.describe(last["by"]), when=review.local_time(last["at"])
            )
            return Text(said, style="bold green")
        text = Text()
        if state == "stale" and last:
            said = _("! The sign-off by {name} is no longer valid: the report changed.").format(name=last["by"]["name"])
            text += Text(said + "\n", "magenta")
        approved = sum(review.part_status(report, p) == review.APPROVED for p in rp.part_ids(report))
        parts = len(rp.part_ids(report))
        said = ngettext(
            "Not signed off: {approved} of {count} part approved",
            "Not signed off: {approved} of {count} parts approved",
            parts,
        )
        text += Text(said.format(approved=approved, count=parts), style="bold")
        if blockers:
            open_comments = review.open_thread_count(report)
            missing = len(rp.completeness_problems(self.session.template, report))
            comments = ngettext("{count} open comment", "{count} open comments", open_comments).format(
                count=open_comments
            )
            things = ngettext("{count} thing missing", "{count} things missing", missing).format(count=missing)
            text += Text(f", {comments}, {things}. ")
            text += Text(_("Every part complete and approved and no comment open is needed."))
        else:
            text += Text(". " + _("Ready for the final sign-off (s)."), style="green")
        return text

    def _selected(self) -> str | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def action_step(self, step: str) -> None:
        part_id = self._selected()
        if part_id:
            self.reviewing.status(part_id, step)

    def action_open_part(self) -> None:
        part_id = self._selected()
        if part_id:
            self._open(part_id)

    def _open(self, part_id: str) -> None:
        """Back to the editor, on this part."""
        self.dismiss(part_id)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open_part()

    def action_sign_off(self) -> None:
        self.reviewing.sign_off()

    def action_comments(self) -> None:
        self.reviewing.open_comments(self._open)

    def action_log(self) -> None:
        self.reviewing.show_log()

    def action_back(self) -> None:
        self.dismiss(None)
