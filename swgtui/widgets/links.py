"""Clickable links inside a line of text: lighter than a row of buttons, one widget per line."""

from __future__ import annotations

from typing import Any

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static


def link(label: str, action: str) -> Text:
    """`label`, running `action` on the widget that shows it when clicked."""
    return Text(label, style=Style(bold=True) + Style.on(click=action))


class LinkLine(Static):
    """Text whose links ask for something (`LinkLine.Request`); a parent or the screen does it."""

    class Request(Message):
        """kind: what is asked; target: of what (a contact list, a partner); number: which or how far."""

        def __init__(self, kind: str, target: str = "", number: int = 0) -> None:
            super().__init__()
            self.kind = kind
            self.target = target
            self.number = number

    def action_request(self, kind: str, target: str = "", number: int = 0) -> None:
        self.post_message(self.Request(kind, target, number))


def request(label: str, kind: str, target: str = "", number: int = 0) -> Text:
    """A link that makes its LinkLine post `Request(kind, target, number)`."""
    return link(label, f"request({kind!r}, {target!r}, {number!r})")


class EntryLine(LinkLine, can_focus=True):
    """A partner's line: its links, and the same by key when the line has the focus (tab to it).

    Its keys are ones a typist does not press by accident; any printable key goes on as `Typed`,
    for the partner's narrative, so nothing typed here is lost."""

    BINDINGS = [
        Binding("f2", "rename", "Rename", tooltip="Rename this partner"),
        Binding("shift+up", "move(-1)", "Up", tooltip="Move this partner up"),
        Binding("shift+down", "move(1)", "Down", tooltip="Move this partner down"),
        Binding("delete", "remove", "Remove", tooltip="Remove this partner and its narrative (asks first)"),
    ]

    class Typed(Message):
        """A printable key pressed on a partner's line, for its narrative to take."""

        def __init__(self, entry_id: str, character: str) -> None:
            super().__init__()
            self.entry_id = entry_id
            self.character = character

    def __init__(self, content: Text, entry_id: str, **kwargs: Any) -> None:
        super().__init__(content, **kwargs)
        self.entry_id = entry_id

    def on_key(self, event: events.Key) -> None:
        if event.is_printable and event.character:
            event.stop()
            event.prevent_default()
            self.post_message(self.Typed(self.entry_id, event.character))

    def action_rename(self) -> None:
        self.post_message(self.Request("rename_item", self.entry_id))

    def action_move(self, offset: int) -> None:
        self.post_message(self.Request("move_item", self.entry_id, offset))

    def action_remove(self) -> None:
        self.post_message(self.Request("remove_item", self.entry_id))
