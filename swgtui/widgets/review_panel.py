"""The review part of a part's form: its status and approval, and its comment threads.

Buttons only announce what the user wants (`ReviewPanel.Action`); the editor screen asks who
is acting and applies it, so every review step goes through one place.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Static

from swgtui import report as rp
from swgtui import review
from swgtui.review import local_time

STATUS_STYLES = {
    review.DRAFT: "dim",
    review.READY: "cyan",
    review.CHANGES: "red",
    review.APPROVED: "green",
    review.STALE: "magenta",
}


def status_text(report: rp.Report, part_id: str) -> Text:
    status = review.part_status(report, part_id)
    text = Text("Status: ", style="bold") + Text(review.STATUS_LABELS[status], style=f"bold {STATUS_STYLES[status]}")
    approval = (review.review_data(report)["parts"].get(part_id) or {}).get("approval")
    if approval:
        verb = "approved" if status == review.APPROVED else "was approved"
        text += Text(f" — {verb} by {review.describe(approval['by'])}, {local_time(approval['at'])}", style="dim")
    return text


def thread_text(thread: dict) -> Text:
    state = "resolved" if thread["resolved"] else "open"
    text = Text(f"✉ {thread['id']}", style="bold") + Text(
        f" · {state}", style="green" if thread["resolved"] else "yellow"
    )
    if thread["field"]:
        text += Text(f" · {thread['field']}", style="dim")
    if thread["quote"]:
        text += Text(f"\n  “{thread['quote']}”", style="italic")
    for position, comment in enumerate([thread, *thread["replies"]]):
        lead = "\n  " if position == 0 else "\n    ↳ "
        text += Text(lead) + Text(f"{review.describe(comment['by'])}, {local_time(comment['at'])}: ", style="dim")
        text += Text(comment["text"])
    if thread["resolved"]:
        text += Text(
            f"\n  resolved by {thread['resolved']['by']['name']}, {local_time(thread['resolved']['at'])}", style="dim"
        )
    return text


class ReviewPanel(Vertical):
    class Action(Message):
        """kind: status (value: ready|approve|request-changes), comment, reply, resolve, reopen."""

        def __init__(self, kind: str, value: str = "") -> None:
            super().__init__()
            self.kind = kind
            self.value = value

    def __init__(self, report: rp.Report, part_id: str) -> None:
        super().__init__(classes="review-panel")
        self.report = report
        self.part_id = part_id

    def compose(self) -> ComposeResult:
        yield Static(Text("Review", style="bold"), classes="field-label")
        yield Static(status_text(self.report, self.part_id), classes="status")
        with Horizontal(classes="review-buttons"):
            yield Button("Ready for review", name="status:ready", compact=True)
            yield Button("Approve", name="status:approve", compact=True, variant="success")
            yield Button("Request changes", name="status:request-changes", compact=True, variant="warning")
            yield Button("Comment", name="comment:", compact=True, variant="primary")
        for thread in review.threads(self.report, self.part_id):
            yield Static(thread_text(thread), classes="thread")
            with Horizontal(classes="thread-buttons"):
                yield Button("Reply", name=f"reply:{thread['id']}", compact=True)
                if thread["resolved"]:
                    yield Button("Reopen", name=f"reopen:{thread['id']}", compact=True)
                else:
                    yield Button("Resolve", name=f"resolve:{thread['id']}", compact=True)

    def refresh_status(self) -> None:
        """Re-read the status (an edit can void an approval)."""
        self.query_one(".status", Static).update(status_text(self.report, self.part_id))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        kind, _, value = str(event.button.name).partition(":")
        self.post_message(self.Action(kind, value))
