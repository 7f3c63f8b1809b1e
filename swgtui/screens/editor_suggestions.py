"""The editor's suggestions, mixed into EditorScreen: f12 (shown only while the report has open
suggestions) lists the reviewers' edits that came back in Word files, in the suggestions view;
accepting one gives its field the reviewer's text (taken, merged, or in conflict: the conflict
view is offered), rejecting one records why."""

from __future__ import annotations

from textual import work

from swgtui.i18n import N_, _, ngettext
from swgtui.model import conflicts, merge_keys
from swgtui.model import report as rp
from swgtui.model import suggestions as sg
from swgtui.model.types import Person, Revision
from swgtui.screens.dialogs import ConfirmDialog
from swgtui.screens.editor_conflicts import ConflictActions
from swgtui.screens.review_dialogs import NoteDialog
from swgtui.screens.reviewing import with_identity
from swgtui.screens.suggestions import Decision, SuggestionEntry, SuggestionsScreen
from swgtui.store import StoreError

KEY = "f12"  # as bound in editor.py


LAST = N_("That was the last open suggestion.")


class SuggestionActions(ConflictActions):
    _decided_at: dict[str, int] = {}  # each suggestion's place in the list last shown

    def has_open_suggestions(self) -> bool:
        return bool(self.report.get("review", {}).get("suggestions")) and bool(sg.suggestions(self.report))

    def tell_suggestions(self) -> None:
        """On opening the report: say how many suggestions wait, and which key shows them."""
        count = len(sg.suggestions(self.report)) if self.has_open_suggestions() else 0
        if count:
            said = ngettext(
                "{count} suggestion from reviewers is open (✎ in the outline): {key} shows it.",
                "{count} suggestions from reviewers are open (✎ in the outline): {key} shows them.",
                count,
            )
            self.notify(said.format(count=count, key=KEY), timeout=10, markup=False)

    def action_no_suggestions(self) -> None:
        self.notify(_("No suggestion from reviewers is open."), markup=False)

    def action_suggestions(self) -> None:
        if not self.has_open_suggestions():
            self.action_no_suggestions()
            return
        self._suggestions_worker()

    @work(thread=True, group="suggestions", exclusive=True, exit_on_error=False)
    def _suggestions_worker(self, at: int | None = None) -> None:
        """Read the history off the event loop (it can be long): each outlook needs it. `at`:
        the place in the list of the suggestion just decided (the next one is shown there)."""
        try:
            history = self.session.store.full_history(self.session.report_id)
        except StoreError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error", markup=False)
            return
        self.app.call_from_thread(self._show_suggestions, history, at)

    def _next_suggestion(self, decided: SuggestionEntry) -> bool:
        """After a decision, the view again on the next open suggestion; False when none is left."""
        if not self.has_open_suggestions():
            return False
        self._suggestions_worker(at=self._decided_at.get(decided.suggestion["id"]))
        return True

    def _entries(self, history: list[Revision]) -> list[SuggestionEntry]:
        """The open suggestions, in the report's order of parts (as listed by the model)."""
        parts = rp.part_ids(self.report)
        values = merge_keys.report_values(self.report)
        entries = []
        for suggestion in sg.suggestions(self.report):
            part, field = suggestion["part"], suggestion["field"]
            shown = part in parts
            entries.append(
                SuggestionEntry(
                    suggestion,
                    self.part_title(part) if shown else _("(a removed row)"),
                    conflicts.field_name(self.template, self.report, part, field) if shown else field,
                    sg.outlook(self.report, history, suggestion),
                    values.get((part, field), ""),
                )
            )
        return entries

    def _show_suggestions(self, history: list[Revision], at: int | None = None) -> None:
        entries = self._entries(history)
        if not entries:
            self.action_no_suggestions()
            return
        if at is not None:  # the one after the suggestion just decided (now at its place)
            here: str | None = entries[min(at, len(entries) - 1)].suggestion["id"]
        else:
            here = next((e.suggestion["id"] for e in entries if e.suggestion["part"] == self.part_id), None)
        self._decided_at = {entry.suggestion["id"]: place for place, entry in enumerate(entries)}
        self.app.push_screen(SuggestionsScreen(entries, selected=here), self._decided)

    def _decided(self, decision: Decision | None) -> None:
        if decision is None:
            return
        if decision.action == "show":
            self._go_to_field(decision.entry)
            return
        try:
            self.session.check_writable()
        except rp.ReportError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        if decision.action == "accept":
            with_identity(self.app, lambda person: self._accept(decision.entry, person))
        else:
            self.app.push_screen(
                NoteDialog(
                    _("Reject the suggestion of {name}").format(name=decision.entry.suggestion["by"]["name"]),
                    _("{part} — {field}. A note for the record (optional):").format(
                        part=decision.entry.part, field=decision.entry.field
                    ),
                    required=False,
                    done=_("Reject"),
                ),
                lambda note: (
                    with_identity(self.app, lambda person: self._reject(decision.entry, note, person))
                    if note is not None
                    else None
                ),
            )

    def _go_to_field(self, entry: SuggestionEntry) -> None:
        part = entry.suggestion["part"]
        if part not in rp.part_ids(self.report):
            self.notify(_("That row has been removed."), markup=False)
            return
        self._focus_field_after(entry)
        if part != self.part_id:
            self.go_to_part(part)
        elif self.focus_after is not None:  # the form is shown already
            self.focus_after(self.form)
            self.focus_after = None

    def _focus_field_after(self, entry: SuggestionEntry) -> None:
        """Once the part's form is shown, put the cursor in the suggestion's field."""
        field = entry.suggestion["field"]
        self.focus_after = lambda form: form.focus_title() if field == "title" else form.focus_field(field)

    def _accept(self, entry: SuggestionEntry, person: Person) -> None:
        suggestion = entry.suggestion
        self.session.person = person  # who accepts (the model checks it)
        standing = self.session.standing()
        try:
            outcome = self.session.accept_suggestion(suggestion["id"])
        except (rp.ReportError, StoreError) as error:
            self.notify(str(error), severity="error", markup=False)
            return
        part, name = suggestion["part"], suggestion["by"]["name"]
        shown = part in rp.part_ids(self.report)
        if shown:
            self._focus_field_after(entry)  # the form is rebuilt with the new text
        self.after_change(part if shown else self.part_id)
        self.saved()  # accepting saved the report
        self.refresh_bindings()  # f12 goes with the last open suggestion
        where = f"{entry.field} ({entry.part})"
        broken = "".join(f"\n{said[:1].upper()}{said[1:]}." for said in self.session.broken_since(standing))
        if outcome == "conflict":
            question = _(
                "Accepted the suggestion of {name}, but the field changed since the export in the same lines: "
                "{where} is in conflict (≠ in the outline)."
            ).format(name=name, where=where)
            question += broken + "\n" + _("Settle it now? (later: f7)")

            def settle_now(settle: bool | None) -> None:
                if settle:
                    self.action_conflicts()
                else:
                    self._next_suggestion(entry)

            self.app.push_screen(ConfirmDialog(question, _("Settle"), safe=True), settle_now)
            return
        if outcome == "merged":
            said = _("{where}: merged the suggestion of {name} with the changes made since the export.")
        else:
            said = _("{where}: took the suggestion of {name}.")
        left = "" if self._next_suggestion(entry) else " " + _(LAST)
        self.notify(said.format(where=where, name=name) + broken + left, title=_("Accepted"), markup=False)

    def _reject(self, entry: SuggestionEntry, note: str, person: Person) -> None:
        suggestion = entry.suggestion
        self.session.person = person  # who rejects (the model checks it)
        try:
            self.session.reject_suggestion(suggestion["id"], note)
        except (rp.ReportError, StoreError) as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.after_review(suggestion["part"] if suggestion["part"] in rp.part_ids(self.report) else self.part_id)
        self.refresh_bindings()  # f12 goes with the last open suggestion
        left = "" if self._next_suggestion(entry) else " " + _(LAST)
        said = _("{field} ({part}): rejected the suggestion of {name}.").format(
            field=entry.field, part=entry.part, name=suggestion["by"]["name"]
        )
        self.notify(said + left, title=_("Rejected"), markup=False)
