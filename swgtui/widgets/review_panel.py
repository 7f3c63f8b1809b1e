"""The review part of a part's form: its status and approval, and its comment threads.

One widget, drawn as text with clickable links (a form with a row of buttons per thread was
slow to show). With the keyboard: Tab to the panel, ↑/↓ choose a thread, r replies, x
resolves or reopens it; ctrl+r and ctrl+t change the status and comment from anywhere.

Links and keys only announce what the user wants (`ReviewPanel.Approve` …); the editor screen
asks who is acting and applies it, so every review step goes through one place.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static

from swgtui.i18n import N_, _
from swgtui.identity import load_identity
from swgtui.model import report as rp
from swgtui.model import review
from swgtui.model.review import Person, local_time
from swgtui.model.template import load_template
from swgtui.widgets.links import link

STATUS_STYLES = {
    review.DRAFT: "dim",
    review.READY: "cyan",
    review.CHANGES: "red",
    review.APPROVED: "green",
    review.STALE: "magenta",
}
STEPS = (  # the links under the status: label (translated where shown), action, step
    (N_("Ready for review"), "ready", "ready"),
    (N_("Approve"), "approve", "approve"),
    (N_("Request changes"), "request_changes", "request-changes"),
)
RECORD = N_("Record a co-chair's approval…")  # a focal point's link: an approval sent by e-mail


def step_links(report: rp.Report, part_id: str, person: Person | None) -> list[tuple[str, str]]:
    """The links under the status (label, translated where shown, and action): the steps
    `person` may take on the part now (every step while who is acting is not known), a focal
    point's way to record a reviewer's approval on their behalf, and a comment."""
    possible = review.possible_steps(report, part_id, person) if person else [step for *_rest, step in STEPS]
    links = [(label, action) for label, action, step in STEPS if step in possible]
    if person is None or person["role"] not in review.REVIEWER_ROLES:
        links.append((RECORD, "record_for"))
    return [*links, (N_("Comment"), "comment")]


def approver_names(approvals: list[dict[str, Any]], width: int) -> Text:
    """The approvers' names, as many whole names as fit in `width` then "+N"; an approval that
    no longer holds (the part changed since) is marked "!" as in the outline."""
    text = Text(no_wrap=True, overflow="ellipsis")
    for position, approval in enumerate(approvals):
        who = approval["by"]["name"] + review.recorded(approval, " (", ")")
        name = Text(who) if approval["holds"] else Text(f"! {who}", "magenta")
        lead = ", " if position else ""
        rest = len(approvals) - position - 1
        more = f" +{rest}" if rest else ""
        if position and text.cell_len + len(lead) + name.cell_len + len(more) > width:
            text += Text(f" +{len(approvals) - position}")
            break
        text += Text(lead) + name
    return text


def status_text(report: rp.Report, part_id: str) -> Text:
    status = review.part_status(report, part_id)
    text = Text(_("Status:") + " ", style="bold")
    text += Text(_(review.STATUS_LABELS[status]), style=f"bold {STATUS_STYLES[status]}")
    for approval in review.part_approvals(report, part_id):
        recorded = review.recorded(approval)
        who, when = review.describe(approval["by"]) + recorded, local_time(approval["at"])
        if approval["holds"]:
            text += Text("\n  " + _("approved by {who}, {when}").format(who=who, when=when), "green")
        else:
            line = _("was approved by {who}, {when} — the part changed since").format(who=who, when=when)
            text += Text("\n  " + line, style="magenta")
    request = review.changes_request(report, part_id)
    if request:
        by = review.describe(request["by"]) + review.recorded(request)
        text += Text(
            "\n" + _("Changes requested by {who}, {when}:").format(who=by, when=local_time(request["at"])), "red"
        )
        text += Text(f"\n  {request['detail']}")
    return text


def thread_text(report: rp.Report, thread: dict, number: int) -> Text:
    state = _("resolved") if thread["resolved"] else _("open")
    text = Text("✉ " + _("Comment {number}").format(number=number), style="bold")
    text += Text(f" · {state}", style="green" if thread["resolved"] else "yellow")
    if thread["field"]:
        label = rp.field_label(load_template(report["template"]), report, thread["part"], thread["field"])
        text += Text(f" · {label}", style="dim")
    if thread["quote"]:
        text += Text(f"\n  “{thread['quote']}”", style="italic")
    for position, comment in enumerate([thread, *thread["replies"]]):
        lead = "\n  " if position == 0 else "\n    ↳ "
        text += Text(lead) + Text(f"{review.describe(comment['by'])}, {local_time(comment['at'])}: ", style="dim")
        text += Text(comment["text"])
    if thread["resolved"]:
        resolved = thread["resolved"]
        said = _("resolved by {name}, {when}").format(name=resolved["by"]["name"], when=local_time(resolved["at"]))
        text += Text("\n  " + said, style="dim")
    return text


class ReviewPanel(Static, can_focus=True):
    BINDINGS = [
        Binding("up", "choose(-1)", N_("Previous comment"), show=False),
        Binding("down", "choose(1)", N_("Next comment"), show=False),
        Binding("r", "reply", N_("Reply"), tooltip=N_("Reply to the chosen comment")),
        Binding("x", "resolve", N_("Resolve/reopen"), tooltip=N_("Resolve the chosen comment, or reopen it")),
    ]

    class PartStep(Message):
        """A review step on the part `part_id`."""

        def __init__(self, part_id: str) -> None:
            super().__init__()
            self.part_id = part_id

    class Ready(PartStep):
        """Mark the part ready for review."""

    class Approve(PartStep):
        """Approve the part."""

    class RequestChanges(PartStep):
        """Request changes to the part (the note is asked for)."""

    class RecordFor(PartStep):
        """Record a reviewer's approval (or request) on their behalf: the status dialog, at their name."""

    class Comment(PartStep):
        """Comment on the part (or on the field being edited)."""

    class ThreadStep(Message):
        """A step on the comment thread `thread_id`."""

        def __init__(self, thread_id: str) -> None:
            super().__init__()
            self.thread_id = thread_id

    class Reply(ThreadStep):
        """Reply to the thread."""

    class Resolve(ThreadStep):
        """Resolve the thread."""

    class Reopen(ThreadStep):
        """Reopen the resolved thread."""

    def __init__(self, report: rp.Report, part_id: str) -> None:
        super().__init__(classes="review-panel")
        self.report = report
        self.part_id = part_id
        self.chosen = 0  # the thread that r and x act on

    def on_mount(self) -> None:
        self.refresh_status()

    def refresh_status(self) -> None:
        """Redraw from the report (an edit can void an approval)."""
        self.update(self._text())

    def _threads(self) -> list[dict]:
        return review.threads(self.report, self.part_id)

    def _text(self) -> Text:
        text = Text(_("Review") + "\n", style="bold") + status_text(self.report, self.part_id) + Text("\n")
        for position, (label, action) in enumerate(step_links(self.report, self.part_id, load_identity())):
            text += Text("   " if position else "") + link("[" + _(label) + "]", action)
        threads = self._threads()
        for position, thread in enumerate(threads):
            chosen = self.has_focus and position == self.chosen
            text += Text("\n\n") + Text("▶ " if chosen else "  ", style="bold")
            text += thread_text(self.report, thread, position + 1)
            again = _("Reopen") if thread["resolved"] else _("Resolve")
            text += Text("\n  ") + link("[" + _("Reply") + "]", f"reply({thread['id']!r})")
            text += Text("  ") + link(f"[{again}]", f"resolve({thread['id']!r})")
        if threads and self.has_focus:
            text += Text("\n\n" + _("↑/↓ choose a comment · r reply · x resolve or reopen"), style="dim")
        return text

    def on_focus(self) -> None:
        self.refresh_status()

    def on_blur(self) -> None:
        self.refresh_status()

    def action_ready(self) -> None:
        self.post_message(self.Ready(self.part_id))

    def action_approve(self) -> None:
        self.post_message(self.Approve(self.part_id))

    def action_request_changes(self) -> None:
        self.post_message(self.RequestChanges(self.part_id))

    def action_record_for(self) -> None:
        self.post_message(self.RecordFor(self.part_id))

    def action_comment(self) -> None:
        self.post_message(self.Comment(self.part_id))

    def action_choose(self, offset: int) -> None:
        threads = self._threads()
        if threads:
            self.chosen = (self.chosen + offset) % len(threads)
            self.refresh_status()

    def _thread(self, thread_id: str) -> dict | None:
        """The thread `thread_id`, else the chosen one (the one r and x act on)."""
        threads = self._threads()
        if thread_id:
            return next((thread for thread in threads if thread["id"] == thread_id), None)
        return threads[min(self.chosen, len(threads) - 1)] if threads else None

    def action_reply(self, thread_id: str = "") -> None:
        thread = self._thread(thread_id)
        if thread:
            self.post_message(self.Reply(thread["id"]))

    def action_resolve(self, thread_id: str = "") -> None:
        """Resolve the thread, or reopen it if it is resolved."""
        thread = self._thread(thread_id)
        if thread:
            self.post_message((self.Reopen if thread["resolved"] else self.Resolve)(thread["id"]))
