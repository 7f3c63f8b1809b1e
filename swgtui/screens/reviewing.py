"""Review steps on one report's session, as the editor and the sign-off screen take them.

Each step is taken as whoever is acting (asked the first time), through the session; a step
the model refuses says why in a notification. `done(part_id)` follows every step that went
through, so the screen that opened the report saves it and redraws.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.screen import Screen

from swgtui.i18n import _
from swgtui.identity import load_identity, save_identity
from swgtui.model import report as rp
from swgtui.model import review
from swgtui.model.review import Person, ReviewError
from swgtui.screens.review_dialogs import (
    ON_BEHALF_STEPS,
    STEP_LABELS,
    CommentsDialog,
    IdentityDialog,
    NoteDialog,
    ReviewLogDialog,
    StatusDialog,
    role_name,
)
from swgtui.session import ReportSession
from swgtui.widgets.review_panel import ReviewPanel

STEPS = STEP_LABELS


def steps_for(person: Person | None) -> dict[str, str]:
    """The status steps (of STEPS) that `person`'s role may take; every step while nobody is
    known yet (who is acting is asked before the step is taken, and the model checks it)."""
    return {step: label for step, label in STEPS.items() if person is None or person["role"] in review.STEP_ROLES[step]}


def with_identity(app: App[Any], then: Callable[[Person], None]) -> None:
    """Run `then` with who is acting; the first time, ask (and remember the answer)."""
    person = load_identity()
    if person is not None:
        then(person)
        return
    app.push_screen(IdentityDialog(), lambda answer: identity_given(app, answer, then))


def identity_given(app: App[Any], answer: Person | None, then: Callable[[Person], None] | None) -> None:
    """Remember who the user said they are (and say so), then run `then` as them."""
    if answer is None:
        return
    try:
        person = save_identity(answer["name"], answer["organisation"], answer["role"])
    except ReviewError as error:
        app.notify(str(error), severity="error", markup=False)
        return
    app.notify(_("You are {name} ({role}).").format(name=person["name"], role=role_name(person["role"])), markup=False)
    for panel in app.screen.query(ReviewPanel):  # the steps it offers are the new role's
        panel.refresh_status()
    if then is not None:
        then(person)


class Reviewing:
    """The review steps of one report, taken from `screen` (see the module's docstring)."""

    def __init__(self, session: ReportSession, screen: Screen[Any], done: Callable[[str], None]) -> None:
        self.session = session
        self.screen = screen
        self.done = done

    def part_title(self, part_id: str) -> str:
        return rp.part_title(self.session.template, self.session.report, part_id)

    def field_label(self, part_id: str, field: str) -> str:
        return rp.field_label(self.session.template, self.session.report, part_id, field)

    def change(self, step: Callable[[ReportSession], object], part_id: str = "") -> None:
        """Take a step on the session as whoever is acting; then `done(part_id)`."""

        def apply(person: Person) -> None:
            self.session.person = person  # checked by the model when it acts
            try:
                step(self.session)
            except rp.ReportError as error:
                self.screen.notify(str(error), title=_("Not done"), severity="error", markup=False, timeout=8)
                return
            self.done(part_id)

        with_identity(self.screen.app, apply)

    def status(self, part_id: str, step: str, on_behalf_of: Person | None = None) -> None:
        """A status step on a part (one of STEPS), or one recorded on behalf of a reviewer who
        sent it by e-mail; requesting changes asks for the note first."""
        if step != "request-changes":
            self.change(lambda session: session.set_status(part_id, step, on_behalf_of=on_behalf_of), part_id)
            return

        def with_note(note: str | None) -> None:
            if note:
                self.change(lambda session: session.request_changes(part_id, note, on_behalf_of), part_id)

        part = self.part_title(part_id)
        if on_behalf_of:
            title = _("Request changes to {part} for {name}").format(part=part, name=on_behalf_of["name"])
        else:
            title = _("Request changes to {part}").format(part=part)
        dialog = NoteDialog(title, _("What needs to change?"))
        self.screen.app.push_screen(dialog, with_note)

    def choose_status(self, part_id: str, on_behalf: bool = False) -> None:
        """Ask who is acting (the first time), then offer the status steps they may take now
        (their role's, where the part's status allows them), and those they may record for a
        reviewer who answered by e-mail; `on_behalf`: the cursor starts in that reviewer's name."""

        def steps(person: Person, on_behalf_of: Person | None) -> dict[str, str]:
            possible = review.possible_steps(self.session.report, part_id, on_behalf_of or person)
            offered = ON_BEHALF_STEPS if on_behalf_of else STEPS
            return {step: offered[step] for step in possible if step in offered}

        def offer(person: Person) -> None:
            if not steps_for(person):
                said = _("A {role} takes no status steps.").format(role=role_name(person["role"]))
                self.screen.notify(said, markup=False)
                return
            status = _(review.STATUS_LABELS[review.part_status(self.session.report, part_id)])
            dialog = StatusDialog(
                self.part_title(part_id), person["role"], lambda of: steps(person, of), status, on_behalf
            )
            self.screen.app.push_screen(dialog, lambda step: chosen(step, dialog.on_behalf))

        def chosen(step: str | None, on_behalf_of: Person | None) -> None:
            if step:
                self.status(part_id, step, on_behalf_of)

        with_identity(self.screen.app, offer)

    def comment(self, part_id: str, field: str = "", quote: str = "", reply_to: str | None = None) -> None:
        """Comment on a part (on a field, quoting a passage of it), or reply to a comment."""
        label = self.field_label(part_id, field) if field else ""
        context = f"{label}: “{quote}”" if quote else label
        title = _("Comment on {part}").format(part=self.part_title(part_id))
        if reply_to:
            comments = review.review_data(self.session.report)["comments"]
            replied = next((c for c in comments if c["id"] == reply_to), None)
            title = (
                _("Reply to the comment {comment}").format(comment=review.comment_words(replied))
                if replied
                else _("Reply")
            )

        def add(text: str | None) -> None:
            if text:
                self.change(lambda session: session.add_comment(part_id, text, field, quote, reply_to), part_id)

        self.screen.app.push_screen(NoteDialog(title, context), add)

    def resolve(self, thread_id: str, reopen: bool = False) -> None:
        """Resolve a comment thread, or reopen it."""
        self.change(lambda session: session.reopen(thread_id) if reopen else session.resolve(thread_id))

    def sign_off(self) -> None:
        """Sign the whole report off, with an optional note; refused with the reasons until it can be."""
        blockers = review.signoff_blockers(self.session.report)
        if blockers:
            more = "\n" + _("… and {count} more").format(count=len(blockers) - 6) if len(blockers) > 6 else ""
            message = _("Not yet:") + "\n" + "\n".join(blockers[:6]) + more
            self.screen.notify(message, title=_("Cannot sign off"), severity="warning", markup=False, timeout=10)
            return

        def with_note(note: str | None) -> None:
            if note is not None:
                self.change(lambda session: session.sign_off(note))

        dialog = NoteDialog(
            _("Sign the report off"), _("An optional note kept with the sign-off"), False, _("Sign off")
        )
        self.screen.app.push_screen(dialog, with_note)

    def open_comments(self, go_to_part: Callable[[str], None]) -> None:
        """List every open comment; choosing one goes to its part (`go_to_part`)."""
        titles = {part: self.part_title(part) for part in rp.part_ids(self.session.report)}

        def jump(part_id: str | None) -> None:
            if part_id and part_id in titles:
                go_to_part(part_id)

        threads = [
            {**t, "field_label": self.field_label(t["part"], t["field"]) if t["field"] else ""}
            for t in review.threads(self.session.report, open_only=True)
        ]
        self.screen.app.push_screen(CommentsDialog(threads, titles), jump)

    def show_log(self) -> None:
        """The review record: every step, who and when."""
        titles = {part: self.part_title(part) for part in rp.part_ids(self.session.report)}
        self.screen.app.push_screen(ReviewLogDialog(review.review_log(self.session.report), titles))
