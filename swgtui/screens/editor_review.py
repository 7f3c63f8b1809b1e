"""The editor's review actions and field history, mixed into EditorScreen.

Comments and status steps (from keys or the review panel) and the sign-off screen go through
the screen's `reviewing` (swgtui.screens.reviewing), which asks who is acting (once) and makes
the change through the session; the history dialog compares and restores a field's saved
revisions.
"""

from __future__ import annotations

from textual import work

from swgtui.i18n import _
from swgtui.model import report as rp
from swgtui.model.types import Revision
from swgtui.screens.editor_base import EditorBase
from swgtui.screens.history import HistoryDialog
from swgtui.screens.reviewing import Reviewing
from swgtui.screens.signoff import SignOffScreen
from swgtui.store import StoreError
from swgtui.widgets.review_panel import ReviewPanel


class ReviewActions(EditorBase):
    reviewing: Reviewing

    # --- the review panel's links and keys ---------------------------------------------------

    def on_review_panel_ready(self, event: ReviewPanel.Ready) -> None:
        self.reviewing.status(event.part_id, "ready")

    def on_review_panel_approve(self, event: ReviewPanel.Approve) -> None:
        self.reviewing.status(event.part_id, "approve")

    def on_review_panel_request_changes(self, event: ReviewPanel.RequestChanges) -> None:
        self.reviewing.status(event.part_id, "request-changes")

    def on_review_panel_record_for(self, event: ReviewPanel.RecordFor) -> None:
        self.reviewing.choose_status(event.part_id, on_behalf=True)

    def on_review_panel_comment(self, event: ReviewPanel.Comment) -> None:
        self.action_comment()

    def on_review_panel_reply(self, event: ReviewPanel.Reply) -> None:
        self.reviewing.comment(self.part_id, reply_to=event.thread_id)

    def on_review_panel_resolve(self, event: ReviewPanel.Resolve) -> None:
        self.reviewing.resolve(event.thread_id)

    def on_review_panel_reopen(self, event: ReviewPanel.Reopen) -> None:
        self.reviewing.resolve(event.thread_id, reopen=True)

    # --- the editor's keys -------------------------------------------------------------------

    def action_comment(self) -> None:
        field, quote = self.form.focused_field()
        self.reviewing.comment(self.part_id, field, quote)

    def action_review_step(self) -> None:
        self.reviewing.choose_status(self.part_id)

    def action_signoff(self) -> None:
        def open_part(part_id: str | None) -> None:
            if part_id:
                self.go_to_part(part_id)

        self.app.push_screen(SignOffScreen(self.session, self.after_review, self.sub_title or ""), open_part)

    def action_open_comments(self) -> None:
        self.reviewing.open_comments(self.go_to_part)

    def action_review_log(self) -> None:
        self.reviewing.show_log()

    # --- history -----------------------------------------------------------------------------

    def action_field_history(self) -> None:
        """The saved revisions of the focused field (or of the part's first field)."""
        field = self.form.focused_field()[0]
        if not field:
            field = rp.field_ids(self.template, self.report, self.part_id)[0]
        self._history_worker(self.part_id, field, self.pending_save())  # the latest typing first

    @work(thread=True, group="history", exit_on_error=False)
    def _history_worker(self, part_id: str, field: str, pending: tuple[rp.Report, int] | None) -> None:
        """Save what is pending and read the history off the event loop (it can be long)."""
        try:
            if pending is not None and self.save_copy(*pending):
                self.app.call_from_thread(self.saved)
            revisions = self.session.history(part_id, field)
        except StoreError as error:
            self.app.call_from_thread(self.save_failed, str(error))
            return
        self.app.call_from_thread(self._show_history, part_id, field, revisions)

    def _show_history(self, part_id: str, field: str, revisions: list[Revision]) -> None:
        current = rp.get_field(self.template, self.report, part_id, field)
        label = rp.field_label(self.template, self.report, part_id, field)

        def restore(text: str | None) -> None:
            if text is None or text == current:
                return
            if self.session.read_only:
                self.notify(_("The store is open read-only: nothing can be restored here."), markup=False)
                return
            self.session.set_field(part_id, field, text)
            self.notify(_("Restored an earlier version of {field}.").format(field=label), markup=False)
            self.after_change(part_id)

        title = _("History of {part} — {field}").format(part=self.part_title(part_id), field=label)
        self.app.push_screen(HistoryDialog(title, revisions, current), restore)
