"""The editor's review actions and field history, mixed into EditorScreen.

Comments, status steps and the sign-off screen go through `review_change`, which asks who is
acting (once) and then saves and redraws; the history dialog compares and restores a field's
saved revisions. Uses the screen's report, template, part_id, form, store and session.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

from textual import work

from swgtui.model import report as rp
from swgtui.model import review
from swgtui.model.review import Person
from swgtui.screens.dialogs import ChoiceDialog
from swgtui.screens.history import HistoryDialog
from swgtui.screens.review_dialogs import CommentsDialog, NoteDialog, ReviewLogDialog
from swgtui.screens.signoff import SignOffScreen
from swgtui.store import StoreError
from swgtui.widgets.outline_tree import OutlineTree
from swgtui.widgets.review_panel import ReviewPanel


class ReviewActions:
    # --- review ------------------------------------------------------------------------------

    def part_title(self, part_id: str) -> str:
        return rp.part_title(self.template, self.report, part_id)

    def field_label(self, part_id: str, field: str) -> str:
        return rp.field_label(self.template, self.report, part_id, field)

    def review_change(self, change: Callable[[Person], object], part_id: str = "") -> None:
        """Apply a review step as whoever is acting (asked the first time), then save and redraw."""

        def apply(person: Person) -> None:
            try:
                change(person)
            except rp.ReportError as error:
                self.notify(str(error), title="Not done", severity="error", markup=False, timeout=8)
                return
            self._changed(part_id)
            self.query_one(OutlineTree).rebuild(self.template, self.report, select=self.part_id)
            self.go_to_part(self.part_id, rebuild_form=True)
            for screen in self.app.screen_stack:
                if isinstance(screen, SignOffScreen):
                    screen.refresh_parts()

        self.app.with_identity(apply)  # type: ignore[attr-defined]

    def review_step(self, part_id: str, step: str) -> None:
        """A status step on a part; requesting changes asks for the note first."""
        if step != "request-changes":
            self.review_change(lambda person: review.set_status(self.report, part_id, step, person), part_id)
            return

        def with_note(note: str | None) -> None:
            if note:
                self.review_change(lambda person: review.set_status(self.report, part_id, step, person, note), part_id)

        dialog = NoteDialog(f"Request changes to {self.part_title(part_id)}", "What needs to change?")
        self.app.push_screen(dialog, with_note)

    def comment_on(self, part_id: str, field: str = "", quote: str = "", reply_to: str | None = None) -> None:
        label = self.field_label(part_id, field) if field else ""
        context = f"{label}: “{quote}”" if quote else label
        title = f"Comment on {self.part_title(part_id)}"
        if reply_to:
            replied = next((c for c in review.review_data(self.report)["comments"] if c["id"] == reply_to), None)
            title = f"Reply to the comment {review.comment_words(replied)}" if replied else "Reply"

        def add(text: str | None) -> None:
            if text:
                self.review_change(
                    lambda person: review.add_comment(
                        self.template, self.report, part_id, text, person, field, quote, reply_to
                    ),
                    part_id,
                )

        self.app.push_screen(NoteDialog(title, context), add)

    def on_review_panel_ready(self, event: ReviewPanel.Ready) -> None:
        self.review_step(event.part_id, "ready")

    def on_review_panel_approve(self, event: ReviewPanel.Approve) -> None:
        self.review_step(event.part_id, "approve")

    def on_review_panel_request_changes(self, event: ReviewPanel.RequestChanges) -> None:
        self.review_step(event.part_id, "request-changes")

    def on_review_panel_comment(self, event: ReviewPanel.Comment) -> None:
        self.action_comment()

    def on_review_panel_reply(self, event: ReviewPanel.Reply) -> None:
        self.comment_on(self.part_id, reply_to=event.thread_id)

    def on_review_panel_resolve(self, event: ReviewPanel.Resolve) -> None:
        self.review_change(lambda person: review.resolve_comment(self.report, event.thread_id, person, False))

    def on_review_panel_reopen(self, event: ReviewPanel.Reopen) -> None:
        self.review_change(lambda person: review.resolve_comment(self.report, event.thread_id, person, True))

    def action_comment(self) -> None:
        field, quote = self.form.focused_field()
        self.comment_on(self.part_id, field, quote)

    def action_review_step(self) -> None:
        choices = [("ready", "Ready for review"), ("approve", "Approve"), ("request-changes", "Request changes")]

        def chosen(step: str | None) -> None:
            if step:
                self.review_step(self.part_id, step)

        self.app.push_screen(ChoiceDialog(f"Status of {self.part_title(self.part_id)}", choices), chosen)

    def action_signoff(self) -> None:
        self.app.push_screen(SignOffScreen(self))

    def action_open_comments(self) -> None:
        titles = {part: self.part_title(part) for part in rp.part_ids(self.report)}

        def jump(part_id: str | None) -> None:
            if part_id and part_id in titles:
                while self.app.screen is not self:
                    self.app.pop_screen()
                self.go_to_part(part_id)

        threads = [
            {**t, "field_label": self.field_label(t["part"], t["field"]) if t["field"] else ""}
            for t in review.threads(self.report, open_only=True)
        ]
        self.app.push_screen(CommentsDialog(threads, titles), jump)

    def action_review_log(self) -> None:
        titles = {part: self.part_title(part) for part in rp.part_ids(self.report)}
        self.app.push_screen(ReviewLogDialog(review.review_data(self.report)["log"], titles))

    # --- history -----------------------------------------------------------------------------

    def action_field_history(self) -> None:
        """The saved revisions of the focused field (or of the part's first field)."""
        field, _ = self.form.focused_field()
        if not field:
            field = rp.field_ids(self.template, self.report, self.part_id)[0]
        pending = None
        if self.session.saved_version < self._version:  # the latest typing becomes a revision first
            if self._save_timer is not None:
                self._save_timer.stop()
            pending = (copy.deepcopy(self.report), self._version)
        self._history_worker(self.part_id, field, pending)

    @work(thread=True, group="history", exit_on_error=False)
    def _history_worker(self, part_id: str, field: str, pending: tuple[rp.Report, int] | None) -> None:
        """Save what is pending and read the history off the event loop (it can be long)."""
        try:
            if pending is not None and self.save_copy(pending[0], pending[1]):
                self.app.call_from_thread(self._saved)
            revisions = self.store.history(self.report["id"], part_id, field)
        except StoreError as error:
            self.app.call_from_thread(self._save_failed, str(error))
            return
        self.app.call_from_thread(self._show_history, part_id, field, revisions)

    def _show_history(self, part_id: str, field: str, revisions: list[dict]) -> None:
        current = rp.get_field(self.template, self.report, part_id, field)
        label = self.field_label(part_id, field)

        def restore(text: str | None) -> None:
            if text is None or text == current:
                return
            if getattr(self.app, "read_only", False):
                self.notify("The store is open read-only: nothing can be restored here.", markup=False)
                return
            rp.set_field(self.template, self.report, part_id, field, text)
            self.notify(f"Restored an earlier version of {label}.", markup=False)
            self._after_row_change(part_id)

        title = f"History of {self.part_title(part_id)} — {label}"
        self.app.push_screen(HistoryDialog(title, revisions, current), restore)
