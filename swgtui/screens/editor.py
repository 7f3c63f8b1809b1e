"""The report editor: the outline on the left, the selected part's form on the right.

Every change is made through the report's session (swgtui.session); the screen keeps the
forms, timers and notifications. Each change is saved in the background about 0.3 s after the
last keystroke (a newer copy always wins, see ReportSession.save_snapshot), and the status line
says whether the current part is saved. Reviewing and field history (editor_review) and the
contact and partner dialogs (editor_entries) are mixed in from their own modules, which
declare what they use of this screen in editor_base.
"""

from __future__ import annotations

import asyncio
import functools
import time
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.timer import Timer
from textual.widgets import Header, Static, Tree

from swgtui import i18n
from swgtui.exports.files import ExportError, export_report
from swgtui.i18n import N_, _
from swgtui.identity import load_identity
from swgtui.model import conflicts
from swgtui.model import report as rp
from swgtui.model.template import TemplateError, fill
from swgtui.model.types import Person
from swgtui.screens.dialogs import ConfirmDialog, TextDialog
from swgtui.screens.doc_language import document_language_commands, saved_document_language, warn_missing_words
from swgtui.screens.editor_conflicts import ConflictActions
from swgtui.screens.editor_entries import EntryDialogs
from swgtui.screens.editor_review import ReviewActions
from swgtui.screens.editor_suggestions import SuggestionActions
from swgtui.screens.host import host
from swgtui.screens.reviewing import Reviewing
from swgtui.session import ReportSession
from swgtui.store import StoreError
from swgtui.widgets.key_bar import KeyBar
from swgtui.widgets.outline_tree import OutlineTree
from swgtui.widgets.part_form import FocusPlace, PartForm
from swgtui.widgets.review_panel import ReviewPanel
from swgtui.workspace import Workspace

if TYPE_CHECKING:
    from swgtui.exchange import Sent

SAVE_DELAY = 0.3  # seconds of quiet before a save
TYPE_AHEAD_WAIT = 2.0  # seconds a key typed in the outline waits for its part's form to be shown
RETRY_DELAY = 2.0  # after a failed save
PREPARE_DELAY = 0.25  # seconds on a part before its neighbours' forms are built
PROGRESS_WIDTH = 30  # cells of the progress bar, at most (less when its words need them)
PROGRESS_AROUND = 3  # cells of the navigation's width beside the progress line: padding, border
NAVIGATION_WIDTH = 48  # cells left of the form (as in editor.tcss)
NARROW_NAVIGATION_WIDTH = 30  # below WIDE_FROM columns (as in editor.tcss), e.g. 80×24
WIDE_FROM = 110  # columns

ROW_ACTIONS = {"remove_row", "edit_title", "change_tag", "move_row"}
SIGN_OFF = "(sign-off)"  # what the status line names when the latest change was the sign-off (no part)
PART_ACTIONS = ROW_ACTIONS | {"toggle_no_update", "add_entry", "comment", "review_step", "field_history"}
READ_ONLY_HIDDEN = ROW_ACTIONS | {
    "add_row",
    "add_entry",
    "toggle_no_update",
    "comment",
    "review_step",
    "save_now",
    "send_for_review",
}


class EditorScreen(ReviewActions, EntryDialogs, SuggestionActions, ConflictActions):
    CSS_PATH = "editor.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE_FROM, "-wide")]  # a narrower outline on small screens
    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="editor.back", tooltip=N_("Back to the report list (saves first)")),
        Binding("alt+down", "step(1)", N_("Next"), id="editor.next", priority=True, tooltip=N_("Next part (row)")),
        Binding(
            "alt+up", "step(-1)", N_("Prev"), id="editor.previous", priority=True, tooltip=N_("Previous part (row)")
        ),
        Binding(
            "ctrl+e",
            "export",
            N_("Word"),
            id="editor.export",
            priority=True,
            tooltip=N_("Export to Word (.docx)"),
        ),
        Binding("f3", "add_row", N_("Add"), id="editor.add_row", tooltip=N_("Add row to this section")),
        Binding(
            "f5",
            "send_for_review",
            N_("Send"),
            id="editor.send",
            show=False,
            tooltip=N_("Send for review: write a review package of the report"),
        ),
        Binding(
            "f6",
            "change_period",
            N_("Period"),
            id="editor.period",
            show=False,
            tooltip=N_("Change the reporting period"),
        ),
        Binding("f4", "remove_row", N_("Remove"), id="editor.remove_row", tooltip=N_("Remove row (asks first)")),
        Binding(
            "f2",
            "edit_title",
            N_("Title"),
            id="editor.edit_title",
            show=False,
            tooltip=N_("Rename row (edit its title)"),
        ),
        Binding(
            "f9",
            "change_tag",
            N_("Tag"),
            id="editor.change_tag",
            tooltip=N_("Tag row: recommendation or call for action"),
        ),
        Binding(
            "ctrl+up",
            "move_row(-1)",
            N_("Up"),
            id="editor.move_up",
            priority=True,
            show=False,
            tooltip=N_("Move row up"),
        ),
        Binding(
            "ctrl+down",
            "move_row(1)",
            N_("Down"),
            id="editor.move_down",
            priority=True,
            show=False,
            tooltip=N_("Move row down"),
        ),
        Binding("ctrl+t", "comment", N_("Comment"), id="editor.comment", tooltip=N_("Comment on this row or field")),
        Binding(
            "ctrl+r",
            "review_step",
            N_("Status"),
            id="editor.status",
            show=False,
            tooltip=N_("Status: ready for review, approve or request changes"),
        ),
        Binding(
            "ctrl+g", "signoff", N_("Review"), id="editor.signoff", tooltip=N_("Sign-off screen: review every part")
        ),
        Binding(
            "ctrl+o",
            "open_comments",
            N_("Comments"),
            id="editor.comments",
            show=False,
            tooltip=N_("Open comments: list them all"),
        ),
        Binding("ctrl+l", "review_log", N_("Log"), id="editor.log", show=False, tooltip=N_("Review record (log)")),
        Binding(
            "f10",
            "field_history",
            N_("History"),
            id="editor.history",
            show=False,
            tooltip=N_("History of this field: compare and restore"),
        ),
        Binding(
            "f7",
            "conflicts",
            N_("Conflicts"),
            id="editor.conflicts",
            priority=True,  # before the text field's own f7 (select all, also ctrl+a) while in conflict
            tooltip=N_("Fields in conflict: every version against the text they started from; take one or edit"),
        ),
        Binding("f7", "no_conflicts", show=False),  # once none is left (f7 above is hidden then)
        Binding(
            "f12",
            "suggestions",
            N_("Suggestions"),
            id="editor.suggestions",
            tooltip=N_("Suggestions from reviewers: their edits in Word, word by word; accept or reject"),
        ),
        Binding("f12", "no_suggestions", show=False),  # once none is open (f12 above is hidden then)
        Binding(
            "ctrl+n",
            "add_entry",
            N_("Add entry"),
            id="editor.add_entry",
            tooltip=N_("Add contact (header block) or partner"),
        ),
        Binding(
            "f8",
            "toggle_no_update",
            N_("No update"),
            id="editor.no_update",
            tooltip=N_("No update this period: mark or unmark the row (on a section heading, the section)"),
        ),
        Binding(
            "ctrl+b",
            "toggle_outline",
            N_("Outline"),
            id="editor.outline",
            priority=True,
            tooltip=N_("Outline: hide or show (the form takes the width)"),
        ),
        Binding(
            "ctrl+s",
            "save_now",
            N_("Save"),
            id="editor.save",
            show=False,
            tooltip=N_("Save now (changes are saved anyway)"),
        ),
    ]

    def __init__(self, session: ReportSession) -> None:
        """`session`: the report, opened by the list off the event loop."""
        super().__init__()
        # the breakpoint's class from the start: set on the first resize, it would restyle every widget
        self.add_class("-wide" if self.app.size.width >= WIDE_FROM else "-narrow")
        self.session = session
        self.reviewing = Reviewing(session, self, self.after_review)
        self.part_id = rp.HEADER_ID
        self._save_timer: Timer | None = None
        self._form_lock = asyncio.Lock()
        self._forms: dict[str, PartForm] = {}  # part id -> its form, built on first visit
        self._stale: set[str] = set()  # forms to rebuild before they are shown again
        self._built = 0
        self._prepare_timer: Timer | None = None
        self.focus_after: Callable[[PartForm], object] | None = None  # once the rebuilt form shows
        self._focus_place: FocusPlace | None = None  # where the focus was in a form being rebuilt
        self._edited: dict[str, int] = {}  # part id -> the version of its latest edit not yet saved
        self._saved_at: dict[str, str] = {}  # part id -> when its latest edit was saved (HH:MM:SS)
        self._last_save_error = ""  # shown once in a notification, until a save goes through
        self._shown: PartForm | None = None  # the form on screen
        self.heading: str | None = None  # the section whose heading the outline's cursor is on
        self._typed_ahead: list[tuple[str, str, float]] = []  # (part, key, when) typed in the outline
        self._typing_ahead = False  # a timer will type them once their form is shown
        self._lines: dict[str, Text] = {}  # what the title, progress and save-state lines show
        self._completeness: tuple[tuple[int, int], float] = ((-1, 0), 0.0)  # (version, report) -> share
        self._lines_due = False  # the save-state line and key bar are to follow the part shown
        self._line_widgets: dict[str, Static] = {}  # selector -> the line showing it

    # --- layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        first = self._forms[rp.HEADER_ID] = self._shown = self._new_form(rp.HEADER_ID)  # drawn with the screen
        yield Header()
        with Horizontal(id="panes"):  # the forms sit beside the outline; only the current one is shown
            with Vertical(id="navigation"):
                yield Static(self._lines.setdefault("#report-title", self._title()), id="report-title")
                yield Static("", id="progress")  # filled once the form is drawn (it reads the whole report)
                yield OutlineTree(id="outline")  # built once the form is drawn, or when a key needs it
            yield first
            hint = Static("", id="section-hint")  # in the form's place on the heading of an empty section
            hint.display = False
            yield hint
        yield Static("", id="save-state")
        yield KeyBar(later=True)

    def _title(self) -> Text:
        return Text(rp.swg_name(self.report), style="bold") + Text(f"\n{self.report['period']}", style="dim")

    def on_mount(self) -> None:
        """The first frame shows the form; the outline, progress and keys follow right after it."""
        self._show_title()
        tree = self.query_one(OutlineTree)
        tree.rebuild_later(self.template, self.report)
        self.call_after_refresh(self._refresh_progress)
        self.go_to_part(rp.HEADER_ID)
        tree.focus()
        self.offer_conflicts()
        self.tell_suggestions()
        warn_missing_words(self.app, self.template)
        self.call_after_refresh(host(self).release_keys)  # the keys typed while the report was read

    def _show_title(self) -> None:
        """The title bar names the report: its SWG and period (and the app's note: demo, read-only)."""
        note = self.app.sub_title if self.app.sub_title != type(self.app).SUB_TITLE else ""
        self.sub_title = f"{rp.swg_name(self.report)} · {self.report['period']}{f' · {note}' if note else ''}"
        self._put("#report-title", self._title())  # above the outline on wide screens

    # --- navigation --------------------------------------------------------------------------

    @property
    def form(self) -> PartForm:
        """The form on screen (one form per part is kept, so going back to a part is instant)."""
        shown = self._shown
        return shown if shown is not None and shown.is_attached else PartForm()  # a placeholder while rebuilt

    def go_to_part(self, part_id: str, rebuild_form: bool = False, focus_form: bool = False) -> None:
        """Select a part at once; its form follows (renders are serialised, the last one wins).

        A form already built is shown right here, so the next frame draws it with the outline.
        A rebuilt form gets the focus back where it was (the same field, its cursor where it
        was): the old form goes with the focused widget, e.g. after a dialog changed the part."""
        if rebuild_form and part_id == self.part_id:
            self._focus_place = self.form.focus_place() or self._focus_place
        self.part_id = part_id
        self._leave_heading()
        if rebuild_form:
            self._stale.update(self._forms)  # review marks and rows may have changed anywhere
        self.query_one(OutlineTree).select_part(part_id)
        self._show_lines_later()
        form = self._forms.get(part_id)
        if form is not None and part_id not in self._stale:
            self._show_form(form, focus_form)
        else:
            self.run_worker(self._render_form(focus_form), group="form")

    def _show_lines_later(self) -> None:
        """The save-state line and the key bar follow the part once its form is drawn (once
        for many parts passed while alt+↓ is held)."""
        if not self._lines_due:
            self._lines_due = True
            self.call_after_refresh(self._show_lines)

    def _show_lines(self) -> None:
        self._lines_due = False
        self._show_save_state()
        self.refresh_bindings()

    def _show_form(self, form: PartForm, focus_form: bool) -> None:
        if self.heading_is_shown():
            return  # the user went on to an empty section's heading while this form was built
        if self._shown is not form:
            if self._shown is not None:
                self._shown.display = False
            self._shown = form
        form.display = True
        place, self._focus_place = self._focus_place, None
        if self.focus_after is not None:
            self.focus_after(form)
            self.focus_after = None
        elif place is not None and place.part_id == form.part_id:
            if not form.restore_focus(place):  # that widget is gone: stay in the form
                form.focus_first_field()
        elif focus_form or self._focus_is_lost():
            form.focus_first_field()  # e.g. alt+↓ while writing: go on writing in the next part
        self.call_after_refresh(self._show_focused, form)
        if self._prepare_timer is not None:
            self._prepare_timer.stop()
        self._prepare_timer = self.set_timer(  # once the user pauses, not while the form is drawn
            PREPARE_DELAY,
            lambda: self.run_worker(  # the coroutine is made by the worker, so none is left unawaited
                functools.partial(self._prepare_neighbours, form.part_id),  # type: ignore[arg-type]
                group="prepare",
                exclusive=True,
                exit_on_error=False,
            ),
        )

    def _show_focused(self, form: PartForm) -> None:
        """Scroll the form to the focused widget, once the form is laid out (a new partner's
        narrative is at its end)."""
        focused = self.focused
        if focused is not None and form.is_attached and form in focused.ancestors:
            form.scroll_to_widget(focused, animate=False)

    def _focus_is_lost(self) -> bool:
        """True when the focus is nowhere, or on a widget hidden or removed with its form."""
        focused = self.focused
        if focused is None:
            return True
        return not focused.is_attached or not all(node.display for node in focused.ancestors_with_self)

    def _new_form(self, part_id: str) -> PartForm:
        self._built += 1  # a fresh id: a form being removed may still hold the old one
        return PartForm(
            self.session,
            part_id,
            width=self.app.size.width - self.navigation_width(),
            id=f"part-{self._built}",
            classes="part-form",
        )

    async def _form_for(self, part_id: str) -> PartForm:
        """The part's form, built (or rebuilt when stale) on first use."""
        form = self._forms.get(part_id)
        if form is not None and part_id not in self._stale:
            return form
        if form is not None:
            del self._forms[part_id]
            await form.remove()
        form = self._new_form(part_id)
        form.display = False  # until it is the current part's
        try:
            await self.query_one("#panes", Horizontal).mount(form)
        except asyncio.CancelledError:  # a preparation overtaken by the user: never keep half a form
            form.remove()
            raise
        self._forms[part_id] = form
        self._stale.discard(part_id)
        return form

    async def _render_form(self, focus_form: bool) -> None:
        async with self._form_lock:
            part_id = self.part_id
            if part_id not in rp.part_ids(self.report):
                return
            try:
                form = await self._form_for(part_id)
            except Exception:
                if not self.is_attached:  # the app closed while the form was being built
                    return
                raise
            for gone in set(self._forms) - set(rp.part_ids(self.report)):  # removed rows
                await self._forms.pop(gone).remove()
            if part_id == self.part_id:  # else the user has moved on, and that part is shown
                self._show_form(form, focus_form)

    async def _prepare_neighbours(self, part_id: str) -> None:
        """Build the next and previous parts' forms while the user reads this one.

        Only a head start: if it fails (say, the app is closing), the form is built on the visit."""
        parts = rp.part_ids(self.report)
        if part_id not in parts:
            return
        position = parts.index(part_id)
        for neighbour in parts[position + 1 : position + 2] + parts[max(0, position - 1) : position]:
            async with self._form_lock:
                if neighbour in parts and (neighbour not in self._forms or neighbour in self._stale):
                    await self._form_for(neighbour)

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[str]) -> None:
        part_id = event.node.data
        if part_id and part_id.startswith("section:"):
            self._go_to_heading(part_id.removeprefix("section:"))
        elif part_id and (part_id != self.part_id or self.heading is not None):
            self.go_to_part(part_id)

    def _walk(self) -> list[str]:
        """What alt+↓ / alt+↑ go through: the parts, and the headings of empty sections that
        take added rows (so they can be given rows)."""
        stops = [rp.HEADER_ID]
        for section in self.report["sections"]:
            spec = self.template.section(section["id"])
            if section["rows"]:
                stops.extend(row["id"] for row in section["rows"])
            elif spec is not None and spec.rows_editable:
                stops.append(f"section:{section['id']}")
        return stops

    def action_step(self, offset: int) -> None:
        stops = self._walk()
        here = f"section:{self.heading}" if self.heading_is_shown() else self.part_id
        position = stops.index(here) + offset if here in stops else -1
        if not 0 <= position < len(stops):
            return
        if stops[position].startswith("section:"):
            section_id = stops[position].removeprefix("section:")
            self.query_one(OutlineTree).select_section(section_id)
            self._go_to_heading(section_id)
        else:
            self.go_to_part(stops[position])

    def _section_rows(self, section_id: str) -> list[rp.Row]:
        return next((s["rows"] for s in self.report["sections"] if s["id"] == section_id), [])

    def heading_is_shown(self) -> bool:
        """True while an empty section's heading is shown in the form's place (no part is)."""
        return self.heading is not None and not self._section_rows(self.heading)

    def _go_to_heading(self, section_id: str) -> None:
        """The outline's cursor is on a section's heading: f3 adds to that section, and an
        empty section says so in the form's place."""
        self.heading = section_id
        if self.heading_is_shown():
            if self._shown is not None:
                self._shown.display = False
            self.query_one("#section-hint", Static).update(self._section_hint(section_id))
            self.query_one("#section-hint", Static).display = True
        self.refresh_bindings()

    def _section_name(self, section_id: str) -> str:
        """The section's short title as shown (the template's words filled in), else its id."""
        spec = self.template.section(section_id)
        if spec is None:
            return section_id
        return fill(
            self.template.words_in(spec.short_title, i18n.language()), self.report["period"], rp.swg_name(self.report)
        )

    def _section_hint(self, section_id: str) -> Text:
        """What an empty section's heading says in the form's place: whether it is marked
        'no update this period', and what f3 and f8 do."""
        hint = Text(self._section_name(section_id), style="bold") + Text("\n\n" + _("No rows yet.") + " ")
        hint += Text("f3", style="bold") + Text(" " + _("adds one (its title goes in column 1)"))
        if rp.find_section(self.report, section_id).get("no_update"):
            hint += Text(".\n\n") + Text(_("The section is marked 'no update this period':") + " ", style="bold")
            return hint + Text("f8", style="bold") + Text(" " + _("again unmarks it."))
        return (
            hint + Text("; ") + Text("f8", style="bold") + Text(" " + _("marks the section 'no update this period'."))
        )

    def _leave_heading(self) -> None:
        if self.heading is None:
            return
        self.heading = None
        self.query_one("#section-hint", Static).display = False
        if self._shown is not None and self._shown.is_attached:
            self._shown.display = True
        self.refresh_bindings()

    def on_outline_tree_typed(self, event: OutlineTree.Typed) -> None:
        """A key typed in the outline goes into the part's first field, so nothing typed is lost."""
        if self.session.read_only:
            self.notify(_("The store is open read-only: nothing can be typed here."), markup=False)
            return
        if self.heading_is_shown():
            self.notify(_("This section has no rows yet: press f3 to add one, then type."), markup=False)
            return
        self._typed_ahead.append((self.part_id, event.character, time.monotonic()))
        self._type_ahead()

    def _type_ahead_again(self) -> None:
        self._typing_ahead = False
        self._type_ahead()

    def _type_ahead(self) -> None:
        """Type what was typed in the outline into its part's first field, in the order typed;
        a part whose form is still being shown (keys typed fast, as a row opens) gets its keys
        once it is, and only a part never shown within TYPE_AHEAD_WAIT loses them, with a word."""
        while self._typed_ahead:
            part_id, character, at = self._typed_ahead[0]
            form = self._forms.get(part_id)
            if form is None or part_id in self._stale or not form.is_attached:
                if time.monotonic() - at < TYPE_AHEAD_WAIT:
                    if not self._typing_ahead:  # one timer at a time, however many keys wait
                        self._typing_ahead = True
                        self.set_timer(0.02, self._type_ahead_again)
                    return
                self._typed_ahead.clear()
                self.notify(_("The part is still being shown: type again in a moment."), markup=False)
                return
            self._typed_ahead.pop(0)
            form.type_into_first_field(character)

    # --- saving ------------------------------------------------------------------------------

    def on_part_form_changed(self, event: PartForm.Changed) -> None:
        self._changed(event.part_id)
        tree = self.query_one(OutlineTree)
        if event.structural:
            if event.entry_id:
                self.focus_after = lambda form: form.focus_entry(event.entry_id)
            tree.rebuild(self.template, self.report, select=event.part_id)
            self.go_to_part(event.part_id, rebuild_form=True)
        else:
            tree.refresh_part(self.template, self.report, event.part_id)
            for panel in self.form.query(ReviewPanel).results(ReviewPanel):
                panel.refresh_status()

    def save_soon(self) -> None:
        self._changed()

    def _changed(self, part_id: str = "") -> None:
        """The report changed (in `part_id`, else in the current part): save it soon."""
        if self.session.read_only:
            return  # nothing can be changed (the form is read-only too)
        self._edited[part_id or self.part_id] = self.session.version
        host(self).ask_who_once()  # if skipped at start: once more, now
        self._show_title()
        self._refresh_progress()
        self._show_save_state()
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(SAVE_DELAY, self._save_in_background)

    def _save_in_background(self) -> None:
        if host(self).asking_who:  # so the history records who wrote it
            self._save_timer = self.set_timer(SAVE_DELAY, self._save_in_background)
            return
        self._save_worker(*self.session.snapshot())

    @work(thread=True, group="save", exit_on_error=False)
    def _save_worker(self, snapshot: rp.Report, version: int) -> None:
        try:
            written = self.save_copy(snapshot, version)
        except StoreError as error:
            self.app.call_from_thread(self.save_failed, str(error))
            return
        except Exception as error:  # never let a save fail silently: say so and keep retrying
            self.app.call_from_thread(self.save_failed, f"{type(error).__name__}: {error}")
            return
        if written:
            self.app.call_from_thread(self.saved)

    def save_copy(self, snapshot: rp.Report, version: int) -> bool:
        """Save a copy of the report taken at `version`, unless a newer one is saved already."""
        self.session.person = load_identity()  # who typed it (it may be asked after the start)
        return self.session.save_snapshot(snapshot, version)

    def pending_save(self) -> tuple[rp.Report, int] | None:
        if not self.session.unsaved:
            return None
        if self._save_timer is not None:
            self._save_timer.stop()
        return self.session.snapshot()

    def saved(self) -> None:
        """A save went through: the parts whose edits it held were saved now."""
        self._last_save_error = ""
        now = datetime.now().strftime("%H:%M:%S")
        for part_id, version in list(self._edited.items()):
            if version <= self.session.saved_version:
                self._saved_at.pop(SIGN_OFF, None)  # the latest save: this one
                self._saved_at[part_id] = now
                del self._edited[part_id]
        self._show_save_state()

    def save_failed(self, message: str) -> None:
        """What matters first (the status line is one line and cuts the rest); the whole reason
        once in a notification, which wraps."""
        self._put(
            "#save-state",
            Text(
                _("✗ Not saved; your text is kept here and saving is retried: {reason}").format(reason=message),
                style="bold red",
            ),
        )
        if message != self._last_save_error:
            self._last_save_error = message
            self.notify(message, title=_("Not saved"), severity="error", timeout=15, markup=False)
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(RETRY_DELAY, self._save_in_background)

    def flush_saves(self) -> None:
        """Save now, in this thread, if anything is not yet on disk (before leaving); a
        StoreError if text on screen cannot be saved (a field over its limit), so leaving asks
        first instead of dropping it."""
        if self._save_timer is not None:
            self._save_timer.stop()
        if self.session.unsaved:
            self.settle_typed()
            self.save_copy(*self.session.snapshot())
        for reason in self._not_saved():
            raise StoreError(_("{reason}: shorten it before leaving").format(reason=reason))

    def on_part_form_text_refused(self, event: PartForm.TextRefused) -> None:
        event.stop()
        self._show_save_state()

    def _not_saved(self) -> list[str]:
        """Why text on screen is not saved (a field over its limit), in any part's form."""
        return [reason for form in self._forms.values() for reason in form.not_saved()]

    def action_save_now(self) -> None:
        try:
            self.flush_saves()
        except StoreError as error:
            self.save_failed(str(error))
            return
        self.saved()

    def _show_save_state(self) -> None:
        if self.session.read_only:
            note = _("{note}; nothing here is saved.").format(note=host(self).read_only_note)
            self._put("#save-state", Text(note, style="yellow"))
            return
        not_saved = self._not_saved()
        if not_saved:  # the rest is saved, but this must not read "Saved"
            said = _("✗ Not saved: {reason}; shorten it").format(reason=not_saved[0])
            self._put("#save-state", Text(said, style="bold red"))
            return
        shown = self.part_id in rp.part_ids(self.report)  # not while a removed row is being left
        part = Text(f" — {self.part_title(self.part_id)}" if shown else "", style="dim")  # after the state
        signed = SIGN_OFF in self._edited or (SIGN_OFF in self._saved_at and not self._edited)
        if signed:  # the latest change is the sign-off, not an edit of this part
            part = Text(" — " + _("the sign-off"), style="dim")
        if self.session.unsaved:
            self._put("#save-state", Text(_("● Saving…"), style="yellow") + part)
        elif self.part_id in self._saved_at or signed:  # when this part's latest edit was saved
            at = self._saved_at[SIGN_OFF if signed else self.part_id]
            self._put("#save-state", Text(_("✓ Saved at {time}").format(time=at), style="green") + part)
        else:  # not edited here: its text is as it was saved, no time to tell
            self._put("#save-state", Text(_("✓ Saved"), style="green") + part)

    def _put(self, selector: str, text: Text) -> None:
        """Show `text` in a line of the screen, unless it shows it already (each update lays
        the screen out again, and most keystrokes change none of these lines)."""
        if self._lines.get(selector) == text:
            return
        line = self._line_widgets.get(selector)
        if line is None:  # found once (a query walks every form kept on the screen)
            try:
                line = self._line_widgets[selector] = self.query_one(selector, Static)
            except NoMatches:  # not composed yet, or gone with the screen
                return
        self._lines[selector] = text
        line.update(text)

    def _progress_bar(self) -> Text:
        key = (self.session.version, id(self.report))  # every change counts in the version
        if self._completeness[0] != key:
            self._completeness = (key, rp.report_completeness(self.template, self.report))
        percent = round(self._completeness[1] * 100)
        words = Text(" " + _("{percent} complete").format(percent=f"{percent:>3}%"))
        room = NAVIGATION_WIDTH if self.app.size.width >= WIDE_FROM else NARROW_NAVIGATION_WIDTH
        width = max(5, min(PROGRESS_WIDTH, room - PROGRESS_AROUND - words.cell_len))  # the words are never cut
        filled = round(percent * width / 100)
        bar = Text("━" * filled, style="green") + Text("━" * (width - filled), style="dim")
        return bar + words

    def navigation_width(self) -> int:
        """Cells left of the form: the outline's, none while it is hidden."""
        if self.has_class("-outline-hidden"):
            return 0
        return NAVIGATION_WIDTH if self.app.size.width >= WIDE_FROM else NARROW_NAVIGATION_WIDTH

    def on_resize(self) -> None:
        self.call_after_refresh(self._refresh_progress)  # its width may change; the form is drawn first

    def action_toggle_outline(self) -> None:
        """Hide the outline (the form takes the whole width) or show it again."""
        hidden = self.toggle_class("-outline-hidden").has_class("-outline-hidden")
        self._stale.update(set(self._forms) - {self.part_id})  # built for the other width; this one is in use
        if hidden and self.query_one(OutlineTree).has_focus:
            self.form.focus_first_field()

    def _refresh_progress(self) -> None:
        self._put("#progress", self._progress_bar())

    async def action_back(self) -> None:
        try:
            self.flush_saves()
        except StoreError as error:
            self.save_failed(str(error))
            return
        self.app.pop_screen()

    # --- rows --------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Row actions that the template does not allow here are hidden (key bar and palette)."""
        if self.session.read_only and action in READ_ONLY_HIDDEN | {"change_period"}:
            return False
        if action == "conflicts":  # only while the report has some
            return bool(conflicts.conflicts_of(self.report))
        if action == "suggestions":  # only while reviewers' suggestions are open
            return self.has_open_suggestions()
        if action == "toggle_no_update" and self._heading_section():
            return True  # f8 on a section's heading marks the whole section
        if action in PART_ACTIONS and self.heading_is_shown():
            return False  # no part is shown
        if action == "add_entry":
            if self.part_id == rp.HEADER_ID:
                return True
            return rp.row_kind(self.template, rp.find_row(self.report, self.part_id)[1]).has_items
        if action not in ROW_ACTIONS | {"toggle_no_update"}:
            return True
        if self.part_id == rp.HEADER_ID:
            return False
        section, row = rp.find_row(self.report, self.part_id)
        if action == "toggle_no_update":
            return True
        if action == "move_row":
            return self.template.section(section["id"]).rows_editable  # type: ignore[union-attr]
        if rp.is_fixed_row(self.template, section, row):
            return False
        return action != "change_tag" or bool(rp.row_kind(self.template, row).tags)

    def _current_section_id(self) -> str:
        """The section whose heading is selected, else the current row's (if it takes added
        rows), else the first that does."""
        if self.heading is not None:
            return self.heading
        if self.part_id != rp.HEADER_ID:
            section, _row = rp.find_row(self.report, self.part_id)
            if self.template.section(section["id"]).rows_editable:  # type: ignore[union-attr]
                return section["id"]
        return next(s.id for s in self.template.sections if s.rows_editable)

    def after_change(self, part_id: str, focus_form: bool = False, edited: str = "") -> None:
        self._changed(edited or part_id)
        self.query_one(OutlineTree).rebuild(self.template, self.report, select=part_id)
        self.go_to_part(part_id, rebuild_form=True, focus_form=focus_form)

    def after_review(self, part_id: str = "") -> None:
        """A review step on the part `part_id`, or (none) on the whole report: the sign-off."""
        self._changed(part_id or SIGN_OFF)
        self.query_one(OutlineTree).rebuild(self.template, self.report, select=self.part_id)
        self.go_to_part(self.part_id, rebuild_form=True)

    def action_add_row(self) -> None:
        section_id = self._current_section_id()
        spec = self.template.section(section_id)
        if spec is None or not spec.rows_editable:
            title = self._section_name(section_id)
            self.notify(
                _("The rows of {section} are set by the template.").format(section=title),
                severity="warning",
                markup=False,
            )
            return
        kind = self.template.row_kinds[spec.new_row_kind or ""]
        after = self.part_id if self.part_id != rp.HEADER_ID and self.heading is None else None

        def add(answer: tuple[str, str] | None) -> None:
            if answer is None:
                return
            row = self.session.add_row(section_id, answer[0], answer[1], after=after)
            self.after_change(row["id"], focus_form=True)

        title = _("Add a row to {section}").format(section=self._section_name(section_id))
        self.app.push_screen(TextDialog(title, _("Title (column 1)"), choices=kind.tags), add)

    def action_remove_row(self) -> None:
        row = rp.find_row(self.report, self.part_id)[1]
        parts = rp.part_ids(self.report)
        following = parts[parts.index(self.part_id) - 1]

        def remove(confirmed: bool | None) -> None:
            if not confirmed:
                return
            self.session.remove_row(row["id"])
            self.after_change(following, edited=row["id"])

        title = rp.shown_title(self.template, self.report, row).split("\n")[0] or _("this untitled row")
        question = _("Remove the row {title!r} and all its text?").format(title=title)
        self.app.push_screen(ConfirmDialog(question, _("Remove")), remove)

    def action_add_entry(self) -> None:
        self.form.add_entry()

    def action_edit_title(self) -> None:
        self.form.focus_title()

    def action_change_tag(self) -> None:
        row = rp.find_row(self.report, self.part_id)[1]
        tags = rp.row_kind(self.template, row).tags
        following = tags[(tags.index(row["tag"]) + 1) % len(tags)] if row["tag"] in tags else tags[0]
        self.session.retag_row(row["id"], following)
        self.notify(_("Tag: {tag}").format(tag=following), timeout=2, markup=False)
        self.after_change(row["id"])

    def action_move_row(self, offset: int) -> None:
        tag = rp.find_row(self.report, self.part_id)[1]["tag"] if self.part_id != rp.HEADER_ID else ""
        try:
            moved = self.session.move_row(self.part_id, offset)
        except rp.ReportError as error:
            self.notify(str(error), severity="warning", markup=False)
            return
        if moved:
            dropped = rp.dropped_tag(self.template, self.report, self.part_id, tag)
            if dropped:
                self.notify(_("Moved: {what}.").format(what=dropped), severity="warning", markup=False)
            self.after_change(self.part_id)

    def action_change_period(self) -> None:
        def change(answer: tuple[str, str] | None) -> None:
            if answer is None or not self.session.set_period(answer[0]):
                return
            if Workspace(self.session.store).same_reports(self.report):
                swg, period = rp.swg_name(self.report), self.report["period"]
                said = _("Another report is for {swg} {period} too.").format(swg=swg, period=period)
                self.notify(said, severity="warning", markup=False)
            self.after_change(rp.HEADER_ID)

        dialog = TextDialog(_("Change the reporting period"), _("Period"), self.report["period"], check=rp.check_period)
        self.app.push_screen(dialog, change)

    def _heading_section(self) -> str | None:
        """The section whose heading is selected in the outline (reached with alt+↓/↑, or with
        the outline focused)."""
        if self.heading is not None:
            return self.heading
        tree = next(iter(self.query(OutlineTree).results(OutlineTree)), None)  # none before compose
        return tree.selected_section() if tree is not None and tree.has_focus else None

    def action_toggle_no_update(self) -> None:
        section_id = self._heading_section()
        if section_id:
            section = rp.find_section(self.report, section_id)
            marked = not section.get("no_update")
            self.session.set_section_no_update(section_id, marked)
            what = (
                _("{section}: marked 'no update this period'")
                if marked
                else _("{section}: no longer marked 'no update this period'")
            )
            self.notify(what.format(section=self._section_name(section_id)), timeout=3, markup=False)
            self._changed()
            self.query_one(OutlineTree).rebuild(self.template, self.report, select=self.part_id)
            self.query_one(OutlineTree).move_cursor(self.query_one(OutlineTree).section_nodes[section_id])
            if self.heading_is_shown():
                self.query_one("#section-hint", Static).update(self._section_hint(section_id))
            self.refresh_bindings()
            return
        row = rp.find_row(self.report, self.part_id)[1]
        self.session.set_no_update(row["id"], not row["no_update"])
        self.after_change(row["id"])

    def palette_commands(self) -> list[SystemCommand]:
        """Commands without a key, for the palette."""
        return [
            SystemCommand(
                _("Export to Markdown (.md)"),
                _("Write the report as Markdown, e.g. for e-mail"),
                self.action_export_markdown,
            ),
            *document_language_commands(self.app),
        ]

    # --- export ------------------------------------------------------------------------------

    def action_export(self) -> None:
        self._export("docx")

    def action_export_markdown(self) -> None:
        self._export("md")

    def _export(self, file_format: str) -> None:
        """Export what is on screen: saved first, so that the Word file's marks name the
        revisions it shows; when the save fails, the copy on screen (without marks)."""
        try:
            self.flush_saves()
        except StoreError as error:
            self.save_failed(str(error))
            self._export_worker(file_format, self.session.snapshot()[0])
            return
        self._export_worker(file_format)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def _export_worker(self, file_format: str, unsaved: rp.Report | None = None) -> None:
        try:
            if unsaved is None:
                workspace = Workspace(self.session.store)
                language = saved_document_language()
                exported = workspace.export(self.session.report_id, file_format, by=load_identity(), language=language)
            else:
                exported = export_report(unsaved, file_format, language=saved_document_language())
        except (ExportError, StoreError, rp.ReportError, TemplateError) as error:
            self.app.call_from_thread(self.notify, str(error), title=_("Export failed"), severity="error", markup=False)
            return
        message = "\n".join([str(exported.path), *exported.notes])
        self.app.call_from_thread(self.notify, message, title=_("Exported to"), timeout=12, markup=False)

    # --- sending for review ------------------------------------------------------------------

    def action_send_for_review(self) -> None:
        try:
            self.flush_saves()  # the package holds what is on screen
        except StoreError as error:
            self.save_failed(str(error))
            return
        self._send_worker(self.session.person or load_identity())

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def _send_worker(self, by: Person | None) -> None:
        try:
            sent = Workspace(self.session.store).send(self.session.report_id, by=by)
        except (rp.ReportError, StoreError, ExportError, TemplateError) as error:
            self.app.call_from_thread(self.notify, str(error), title=_("Not sent"), severity="error", markup=False)
            return
        self.app.call_from_thread(self._sent, sent)

    def _sent(self, sent: Sent) -> None:
        """The review events the package carried first are marked so here too (the next save keeps it)."""
        for event in self.report.get("review", {}).get("events", []):
            if event["id"] in sent.marked:
                event["package"] = sent.package_id
        self.notify(sent.said(), title=_("Review package written"), severity="warning", timeout=20, markup=False)
