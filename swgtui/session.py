"""One open report and every change made to it, by the app and the command line alike.

A `ReportSession` holds the store, one report, its template, who is acting and whether the
report may be changed at all. Every change goes through one of its methods, which calls the
function of `swgtui.model.report` or `swgtui.model.review` that makes it (so the checks and
refusals are theirs), refuses with `ReadOnlyError` when the session is read-only, and counts
the change. Saving is behind it too:

- `save()` writes the report now, with who is acting as the author of the texts that changed
  (the command line saves once at the end of a command);
- `snapshot()` and `save_snapshot()` let the app save copies from a background thread: each
  copy carries the change count it was taken at, and a copy older than one already saved is
  never written over it (the latest snapshot wins).
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable
from typing import Any, TypeVar, cast

from swgtui.i18n import _
from swgtui.model import conflicts, merge_keys, refs, review, suggestions
from swgtui.model import report as rp
from swgtui.model.merge_keys import is_text_key
from swgtui.model.template import Template, load_template
from swgtui.model.types import Comment, Contact, Partner, Person, Report, Revision, Row, Suggestion
from swgtui.store.repository import ReportStore

T = TypeVar("T")


class ReadOnlyError(rp.ReportError):
    """A change asked of a session opened read-only; nothing was changed."""


class ReportSession:
    """One report open for reading or changing (see the module's docstring)."""

    def __init__(
        self, store: ReportStore, report: Report, person: Person | None = None, read_only: bool = False
    ) -> None:
        """`report` as read from `store`. `person` is who is acting: the author of the texts a
        save records in the field history and of every review step (None: not known; review
        steps are then refused). A store opened without writing makes the session read-only."""
        self.store = store
        self.report = report
        self.template: Template = load_template(report["template"])
        self.person = person
        self.read_only = read_only or not store.writable
        self.version = 0  # how many changes were made through this session
        self.saved_version = 0  # the version last written to the store
        self._save_lock = threading.Lock()
        # The app's typing settles a field in conflict only at a save, with a text unlike every
        # version in conflict (settle_typed); `swgtui set` settles it at once, whatever the text
        self.settle_when_saved = False
        self._typed: set[tuple[str, str]] = set()  # fields in conflict set since the last save

    @property
    def report_id(self) -> str:
        return self.report["id"]

    @property
    def unsaved(self) -> bool:
        """Whether a change made through the session is not yet written to the store."""
        return self.saved_version < self.version

    # --- the rule every change follows ---------------------------------------------------------

    def check_writable(self) -> None:
        """Raise ReadOnlyError if the session is read-only."""
        if self.read_only:
            raise ReadOnlyError(
                _("the report {swg} {period} is open read-only; nothing was changed").format(
                    swg=rp.swg_name(self.report), period=self.report["period"]
                )
            )

    def _change(self, apply: Callable[[], T], settles: tuple[str, ...] = ()) -> T:
        """Apply one change (refused when read-only) and count it, unless it said it changed
        nothing (returned False). `settles`: the part and the fields the change sets (none
        named: all of the part's); any of them in conflict is settled, which is a change too
        (it then returns True for False): swgtui.model.conflicts."""
        self.check_writable()
        result = apply()
        if settles and conflicts.settle(self.report, *settles) and result is False:
            result = cast(T, True)
        if result is not False:
            self.version += 1
        return result

    def _person(self) -> review.Person:
        """Who is acting, checked (ReviewError if not known)."""
        return review.check_person(self.person)

    # --- fields ------------------------------------------------------------------------------

    def set_field(self, part_id: str, field_id: str, text: str) -> bool:
        """Set one field of the header or a row (or a partner's narrative, by its id); True if
        the text changed or the field was in conflict (it is settled; see settle_when_saved)."""
        key = conflicts.key_of(part_id, field_id)
        settles: tuple[str, ...] = key
        if self.settle_when_saved and conflicts.find(self.report, *key):
            self._typed.add(key)
            settles = ()
        return self._change(lambda: rp.set_field(self.template, self.report, part_id, field_id, text), settles)

    def set_swg(self, key: str) -> bool:
        """Make the report belong to the SWG of the list with this key ("" for none of the list:
        swgtui.swgs); True if that changed."""
        return self._change(lambda: rp.set_swg(self.report, key))

    def set_period(self, text: str) -> bool:
        """Change the report's period (checked); True if it changed."""
        return self._change(lambda: rp.set_period(self.report, text), (rp.HEADER_ID, merge_keys.PERIOD))

    # --- rows --------------------------------------------------------------------------------

    def add_row(self, section_id: str, title: str, tag: str = "", after: str | None = None) -> Row:
        """Add a row to a section whose rows the SWG decides, after row `after` or at the end."""
        return self._change(lambda: rp.add_row(self.template, self.report, section_id, title, tag, after))

    def remove_row(self, row_id: str) -> None:
        """Remove a row the SWG added, with its text."""
        self._change(lambda: rp.remove_row(self.template, self.report, row_id), (row_id,))

    def rename_row(self, row_id: str, title: str) -> bool:
        """Change the title of a row the SWG added; True if it changed."""
        return self._change(lambda: rp.rename_row(self.template, self.report, row_id, title), (row_id, "title"))

    def retag_row(self, row_id: str, tag: str) -> None:
        """Set a row's tag ("" clears it)."""
        self._change(lambda: rp.retag_row(self.template, self.report, row_id, tag), (row_id, merge_keys.TAG))

    def move_row(self, row_id: str, offset: int) -> bool:
        """Move a row up (-1) or down (1); False if it cannot go further."""
        return self._change(lambda: rp.move_row(self.template, self.report, row_id, offset))

    def move_row_to_section(self, row_id: str, section_id: str, at: int | None = None) -> Row:
        """Move an added row into another section (at position `at`, else at its end)."""
        return self._change(lambda: rp.move_row_to_section(self.template, self.report, row_id, section_id, at))

    def set_no_update(self, row_id: str, no_update: bool) -> None:
        """Mark a row "no update this period", or take the mark off."""
        self._change(lambda: rp.set_no_update(self.report, row_id, no_update), (row_id, merge_keys.NO_UPDATE))

    def set_section_no_update(self, section_id: str, no_update: bool) -> bool:
        """Mark a whole section "no update this period" (or unmark it); True if that changed."""
        return self._change(
            lambda: rp.set_section_no_update(self.report, section_id, no_update), (section_id, merge_keys.NO_UPDATE)
        )

    # --- development partners (the named narratives of a row) --------------------------------

    def add_partner(self, row_id: str, name: str) -> Partner:
        """Add a partner with an empty narrative to the row."""
        return self._change(lambda: rp.add_item(self.template, self.report, row_id, name))

    def rename_partner(self, row_id: str, partner_id: str, name: str) -> bool:
        """Rename a partner (its narrative stays); True if the name changed."""
        return self._change(
            lambda: rp.rename_item(self.template, self.report, row_id, partner_id, name),
            (row_id, partner_id + merge_keys.NAME),
        )

    def remove_partner(self, row_id: str, partner_id: str) -> None:
        """Remove a partner and its narrative."""
        self._change(
            lambda: rp.remove_item(self.template, self.report, row_id, partner_id),
            (row_id, partner_id, partner_id + merge_keys.NAME),
        )

    def move_partner(self, row_id: str, partner_id: str, offset: int) -> bool:
        """Move a partner up (-1) or down (1) in its row; False if it cannot go further."""
        return self._change(lambda: rp.move_item(self.template, self.report, row_id, partner_id, offset))

    # --- contacts of the header block --------------------------------------------------------

    def contacts(self, list_id: str) -> list[Contact]:
        """The contacts of one of the header's lists (as stored; change them through the session)."""
        return self.report["header"]["contacts"].get(list_id, [])

    def _contact_id(self, list_id: str, contact: int | str) -> str:
        """A contact's id: `contact` is its position (from 0) or its id."""
        people = self.contacts(list_id)
        if isinstance(contact, int):
            if not 0 <= contact < len(people):
                message = _("contact list {list!r} has no contact number {number}")
                raise rp.ReportError(message.format(list=list_id, number=contact + 1))
            return people[contact]["id"]
        return contact

    def add_contact(self, list_id: str, organisation: str = "", name: str = "", email: str = "") -> Contact:
        """Add a contact to one of the header's lists; returns it (with its new id)."""
        values = {"organisation": organisation, "name": name, "email": email}
        return self._change(lambda: rp.add_contact(self.template, self.report, list_id, **values))

    def update_contact(self, list_id: str, contact: int | str, key: str, value: str) -> bool:
        """Change one detail (organisation, name, email) of a contact, given by its position
        (from 0) or its id; True if it changed."""
        self.check_writable()
        contact_id = self._contact_id(list_id, contact)
        return self._change(
            lambda: rp.update_contact(self.template, self.report, list_id, contact_id, key, value),
            (rp.HEADER_ID, f"{contact_id}.{key}"),
        )

    def remove_contact(self, list_id: str, contact: int | str) -> Contact:
        """Remove a contact, given by its position (from 0) or its id; returns it."""
        self.check_writable()
        contact_id = self._contact_id(list_id, contact)
        details = tuple(f"{contact_id}.{key}" for key in rp.CONTACT_KEYS)
        return self._change(
            lambda: rp.remove_contact(self.template, self.report, list_id, contact_id), (rp.HEADER_ID, *details)
        )

    # --- review --------------------------------------------------------------------------------

    def add_comment(
        self, part_id: str, text: str, field: str = "", quote: str = "", reply_to: str | None = None
    ) -> Comment:
        """Comment on a part (optionally on one field, quoting a passage of it), as `person`."""
        return self._change(
            lambda: review.add_comment(
                self.template, self.report, part_id, text, self._person(), field, quote, reply_to
            )
        )

    def reply(self, comment_id: str, text: str) -> Comment:
        """Reply to a comment (in its thread), as `person`."""
        return self.add_comment("", text, reply_to=comment_id)

    def resolve(self, comment_id: str) -> None:
        """Resolve the thread the comment belongs to."""
        self._change(lambda: review.resolve_comment(self.report, comment_id, self._person()))

    def reopen(self, comment_id: str) -> None:
        """Reopen the resolved thread the comment belongs to."""
        self._change(lambda: review.resolve_comment(self.report, comment_id, self._person(), reopen=True))

    def set_status(self, part_id: str, action: str, note: str = "", on_behalf_of: Person | None = None) -> str:
        """A review step on a part (one of review.ACTIONS: ready, approve, request-changes);
        returns the part's new status. `on_behalf_of`: the step is theirs (an approval sent by
        e-mail), recorded by `person`."""
        if on_behalf_of is None:
            return self._change(lambda: review.set_status(self.report, part_id, action, self._person(), note))
        return self._change(
            lambda: review.set_status(self.report, part_id, action, on_behalf_of, note, recorded_by=self._person())
        )

    def mark_ready(self, part_id: str, note: str = "") -> str:
        return self.set_status(part_id, "ready", note)

    def approve(self, part_id: str, note: str = "", on_behalf_of: Person | None = None) -> str:
        return self.set_status(part_id, "approve", note, on_behalf_of)

    def request_changes(self, part_id: str, note: str, on_behalf_of: Person | None = None) -> str:
        return self.set_status(part_id, "request-changes", note, on_behalf_of)

    def sign_off(self, note: str = "") -> dict[str, Any]:
        """Sign the whole report off (chair or co-chair; every part approved, no comment open)."""
        return self._change(lambda: review.sign_off(self.report, self._person(), note))

    # --- a reviewer's suggestions (swgtui.model.suggestions) ------------------------------------

    def suggestions(self, state: str | None = suggestions.OPEN) -> list[Suggestion]:
        """The suggestions in `state` ("open", "accepted", "rejected"; None: all), in the
        report's order."""
        return suggestions.suggestions(self.report, state)

    def accept_suggestion(self, suggestion_id: str) -> str:
        """Accept an open suggestion, as `person`: the field takes the reviewer's text (merged
        with what changed since, or left in conflict), saved at once with its revisions.
        Returns "taken", "merged" or "conflict"."""
        self.check_writable()
        person = self._person()
        if self.unsaved:  # the history first holds every change made before
            self.save()
        with self._save_lock:
            history = self.store.full_history(self.report_id)
            accepted = suggestions.accept(self.report, history, suggestion_id, person, self.template)
            self.store.save(accepted.report, revisions=accepted.new_revisions)
            report = cast(dict[str, Any], self.report)  # the same object: screens hold it
            report.clear()
            report.update(accepted.report)
            self.version += 1
            self.saved_version = self.version
        return accepted.outcome

    def reject_suggestion(self, suggestion_id: str, note: str = "") -> None:
        """Reject an open suggestion, as `person` (the note says why); saved like every change."""
        self._change(lambda: suggestions.reject(self.report, suggestion_id, self._person(), note))

    def standing(self) -> tuple[dict[tuple[str, str, str], dict[str, Any]], dict[str, Any] | None]:
        """What of the review holds now: every approval that still holds, by (part, its id), with
        the part's title; and the sign-off if it is valid (else None). Compare two of them to
        see what a change broke."""
        summary = review.review_summary(self.report)
        approvals = {
            (part["id"], approval["by"]["name"], approval["at"]): {**approval, "title": part["title"]}
            for part in summary["parts"]
            for approval in part["approvals"]
            if approval["holds"]
        }
        signoff = summary["signoff"]
        return approvals, signoff["last"] if signoff["state"] == "valid" else None

    def broken_since(
        self, before: tuple[dict[tuple[str, str, str], dict[str, Any]], dict[str, Any] | None]
    ) -> list[str]:
        """What the changes since `before` (a `standing()`) stopped holding, one line each:
        "this change voids the approval of 'Header block' by Mr Lord (co-chair, …)", "the
        sign-off by Mr Lord on 2026-11-27 no longer holds"."""
        approvals, signoff = before
        approvals_now, signoff_now = self.standing()
        voids = _("this change voids the approval of {title} by {who}")
        said = [
            voids.format(title=rp.quoted(approval["title"]), who=review.describe(approval["by"]))
            for key, approval in approvals.items()
            if key not in approvals_now
        ]
        if signoff is not None and signoff_now is None:
            day = review.local_time(signoff["at"])[:10]
            said.append(
                _("the sign-off by {name} on {day} no longer holds").format(name=signoff["by"]["name"], day=day)
            )
        return said

    # --- field history -------------------------------------------------------------------------

    def history(self, part_id: str, field_id: str) -> list[Revision]:
        """The saved revisions of one text, oldest first (what is not saved yet is not in it).
        Only texts have a history to show: the structure's values (merge_keys) are refused."""
        if not is_text_key(field_id):
            rp.get_field(self.template, self.report, part_id, field_id)  # names the part's fields
            raise rp.ReportError(_("{field!r} has no history to show").format(field=field_id))
        return self.store.history(self.report_id, part_id, field_id)

    def history_skipped(self) -> int:
        """How many lines of the history the last read skipped (torn or malformed)."""
        return self.store.history_skipped(self.report_id)

    def restore(self, part_id: str, field_id: str, revision: int | str) -> Revision:
        """Make a saved revision of a text (given by its number, its id or the start of its id:
        refs.find_revision) the current text again; it becomes a new revision when saved.
        Returns the revision restored."""
        self.check_writable()
        label = rp.field_label(self.template, self.report, part_id, field_id)
        where = f"{rp.part_name(self.template, self.report, part_id)} — {label}"
        chosen = refs.find_revision(self.history(part_id, field_id), revision, where)
        if field_id == "title":
            self.rename_row(part_id, chosen["text"])
        else:
            self.set_field(part_id, field_id, chosen["text"])
        return chosen

    # --- conflicts (fields two copies changed differently) -------------------------------------

    def conflicts(self) -> list[conflicts.ConflictListing]:
        """Every field in conflict with the text its versions started from and each version
        (who, when, whether it is `person`'s own), from the saved history."""
        return conflicts.listing(self.template, self.report, self.store.full_history(self.report_id), self.person)

    def take_head(self, part_id: str, field: str, revision_id: str) -> Revision:
        """Settle a field in conflict by taking one of its versions (a head revision, by id);
        saved as a revision whose parents are every version. Returns the version taken."""
        self.check_writable()
        listed = conflicts.find(self.report, part_id, field)
        where = f"{conflicts.part_name(self.template, self.report, part_id)}: "
        where += conflicts.field_name(self.template, self.report, part_id, field)
        if listed is None:
            raise rp.ReportError(_("{where} is not in conflict").format(where=where))
        versions = self.store.history(self.report_id, part_id, field)  # a value ("@tag") too
        head = next((r for r in versions if r["id"] == revision_id), None)
        if head is None or revision_id not in listed["heads"]:
            message = _("{revision} is not one of the versions of {where} in conflict")
            raise rp.ReportError(message.format(revision=revision_id, where=where))
        self._change(lambda: self._set_value(part_id, field, head["text"]), (part_id, field))
        return head

    @property
    def typed_in_conflict(self) -> bool:
        """Whether a field in conflict was set since the last settle_typed."""
        return bool(self._typed)

    def settle_typed(self) -> bool:
        """(settle_when_saved) Settle each field in conflict set since the last call whose text is
        now unlike every version in conflict; one equal to a version stays in conflict. True if
        one was settled."""
        typed, self._typed = self._typed, set()
        values = merge_keys.report_values(self.report)
        settled = False
        for part_id, field in typed:
            listed = conflicts.find(self.report, part_id, field)
            if listed is None:
                continue
            versions = self.store.history(self.report_id, part_id, field)
            if values.get((part_id, field), "") not in {r["text"] for r in versions if r["id"] in listed["heads"]}:
                settled = self._change(lambda: False, (part_id, field)) or settled
        return settled

    def _set_value(self, part_id: str, field: str, text: str) -> None:
        """Give one key of the history (a text, or a value such as "@tag") the text `text`."""
        if field == "title":
            self.rename_row(part_id, text)
        elif field == merge_keys.TAG:
            self.retag_row(part_id, text)
        elif field == merge_keys.NO_UPDATE and part_id in rp.part_ids(self.report):
            self.set_no_update(part_id, text == merge_keys.YES)
        elif field == merge_keys.NO_UPDATE:
            self.set_section_no_update(part_id, text == merge_keys.YES)
        elif field == merge_keys.PERIOD:
            self.set_period(text)
        elif "." in field and part_id == rp.HEADER_ID:
            contact_id, key = field.split(".", 1)
            list_id, _found = refs.find_contact(self.template, self.report, contact_id)
            self.update_contact(list_id, contact_id, key, text)
        elif "." in field:
            self.rename_partner(part_id, field.split(".", 1)[0], text)
        else:
            self.set_field(part_id, field, text)

    # --- saving --------------------------------------------------------------------------------

    def save(self) -> None:
        """Write the report now, with `person` as the author of the texts that changed (on the
        thread that makes the changes: the report itself is written, not a copy)."""
        self.check_writable()
        with self._save_lock:
            version = self.version
            self.store.save(self.report, author=cast(dict[str, str] | None, self.person))
            self.saved_version = max(self.saved_version, version)

    def snapshot(self) -> tuple[Report, int]:
        """A copy of the report and the version it holds, to save from another thread."""
        return copy.deepcopy(self.report), self.version

    def save_snapshot(self, snapshot: Report, version: int) -> bool:
        """Write a copy taken by `snapshot()` unless a copy as new or newer was saved already;
        True if written. Safe to call from any thread: the latest snapshot wins."""
        self.check_writable()
        with self._save_lock:
            if version <= self.saved_version:
                return False
            self.store.save(snapshot, author=cast(dict[str, str] | None, self.person))
            self.saved_version = version
            return True
