"""The editor's conflicts, mixed into EditorScreen: f7 shows the current part's fields in
conflict (or goes to the next part that has some) in the conflict view, where the user takes
one version or goes to the field to write the text; opening a report with conflicts offers it."""

from __future__ import annotations

from textual import events, work

from swgtui.i18n import N_, _, ngettext
from swgtui.identity import load_identity
from swgtui.model import conflicts, merge_keys
from swgtui.model import report as rp
from swgtui.model.conflicts import ConflictListing
from swgtui.model.types import Revision
from swgtui.screens.conflict import ConflictScreen, Settle, who
from swgtui.screens.dialogs import ConfirmDialog
from swgtui.screens.editor_base import EditorBase
from swgtui.store import StoreError
from swgtui.widgets.outline_tree import OutlineTree

# How to set again a value in conflict that is not a text field (which settles it)
VALUE_KEYS = {
    merge_keys.TAG: N_("press f9 to give the row its tag"),
    merge_keys.NO_UPDATE: N_("press f8 to mark or unmark it"),
    merge_keys.PERIOD: N_("press f6 to set the period"),
}


class ConflictActions(EditorBase):
    def offer_conflicts(self) -> None:
        """When the report has fields in conflict, ask whether to settle them now."""
        self.session.settle_when_saved = True  # typing settles a conflict only with a text of one's own
        found = conflicts.conflicts_of(self.report)
        if not found or self.session.read_only:
            return
        question = ngettext(
            "{fields} (≠ in the outline). Settle it now? (later: f7)",
            "{fields} (≠ in the outline). Settle them now? (later: f7)",
            len(found),
        ).format(fields=conflicts.fields_in_conflict(len(found)))

        def answer(settle: bool | None) -> None:
            if settle:
                self.action_conflicts()

        self.app.push_screen(ConfirmDialog(question, _("Settle"), safe=True), answer)

    def settle_typed(self, save_soon: bool = False) -> None:
        """On leaving the field, saving with ctrl+s or leaving the report (not at the saves
        while typing: a stray key undone with ctrl+z settles nothing): a field in conflict
        typed into is settled if its text is unlike every version (swgtui.session); the
        outline and the keys then show it."""
        if self.session.settle_typed():
            if save_soon:  # else the caller saves now
                self.save_soon()
            self.query_one(OutlineTree).rebuild(self.template, self.report, select=self.part_id)
            self.refresh_bindings()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if self.session.typed_in_conflict and event.widget.has_class("field"):
            self.settle_typed(save_soon=True)

    def _conflicted_part(self) -> str | None:
        """The current part if it is in conflict, else the next one that is (in report order)."""
        listed = {c["part"] for c in conflicts.conflicts_of(self.report)}
        if self.part_id in listed:
            return self.part_id
        order = rp.part_ids(self.report) + [s["id"] for s in self.report["sections"]]
        start = order.index(self.part_id) + 1 if self.part_id in order else 0
        return next((part for part in order[start:] + order[:start] if part in listed), None)

    def action_no_conflicts(self) -> None:
        self.notify(_("No field is in conflict."), markup=False)

    def action_conflicts(self) -> None:
        part_id = self._conflicted_part()
        if part_id is None:
            self.action_no_conflicts()
            return
        if part_id != self.part_id and part_id in rp.part_ids(self.report):
            self.go_to_part(part_id)
        self._conflicts_worker(part_id)

    @work(thread=True, group="conflicts", exit_on_error=False)
    def _conflicts_worker(self, part_id: str) -> None:
        """Read the versions from the history off the event loop (it can be long)."""
        try:
            history = self.session.store.full_history(self.session.report_id)
        except StoreError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error", markup=False)
            return
        self.app.call_from_thread(self._show_conflicts, part_id, history)

    def _show_conflicts(self, part_id: str, history: list[Revision]) -> None:
        listed = conflicts.listing(self.template, self.report, history, load_identity())
        found = [entry for entry in listed if entry["part"] == part_id]
        if not found:
            return
        title = _("In conflict: {part}").format(part=conflicts.part_name(self.template, self.report, part_id))

        def settle(choice: Settle | None) -> None:
            if choice is not None:
                self._settle(part_id, choice, next(e for e in found if e["field"] == choice.field))

        values = merge_keys.report_values(self.report)
        shown = {entry["field"]: values.get((part_id, entry["field"]), "") for entry in found}
        self.app.push_screen(ConflictScreen(title, found, shown), settle)

    def _settle(self, part_id: str, choice: Settle, entry: ConflictListing) -> None:
        label = entry.get("label", choice.field)
        if choice.revision is None:
            self._edit(part_id, choice.field, label)
            return
        try:
            self.session.take_head(part_id, choice.field, choice.revision)
        except rp.ReportError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        head = next(h for h in entry["heads"] if h["revision"] == choice.revision)
        left = len(conflicts.conflicts_of(self.report))
        said = _("{field}: took the version of {who}.").format(field=label, who=who(head))
        if left:
            said += " " + _("{count} more in conflict: f7 shows the next.").format(count=left)
        self.notify(said, markup=False)
        self.after_change(part_id if part_id in rp.part_ids(self.report) else self.part_id)
        self.refresh_bindings()  # f7 goes with the last conflict

    def _edit(self, part_id: str, field: str, label: str) -> None:
        """Go to the field in conflict to write its text (typing there settles it)."""
        if not merge_keys.is_text_key(field) or part_id not in rp.part_ids(self.report):
            how = _(VALUE_KEYS.get(field, N_("set it again in the form")))
            self.notify(_("{field}: {how}; that settles it.").format(field=label, how=how), markup=False)
            return
        if part_id != self.part_id:
            self.go_to_part(part_id)
        if field == "title":
            self.form.focus_title()
        else:
            self.form.focus_field(field)
        said = _("{field}: a text of your own written here settles the conflict when saved.").format(field=label)
        self.notify(said, markup=False)
