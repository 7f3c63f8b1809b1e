"""Clickable links inside a line of text: lighter than a row of buttons, one widget per line."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
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
