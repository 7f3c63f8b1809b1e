"""A checkbox whose state reads without colour: "[x]" when ticked, "[ ]" when not.

Textual's Checkbox shows the same "X" either way and tells them apart by colour only, which
some terminals (and eyes) do not show. Typing on it is never lost: a printable key other than
space (which ticks it) is handed on as `Typed`, for the form to write into its first field.
"""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.message import Message
from textual.widgets import Checkbox


class TickBox(Checkbox):
    class Typed(Message):
        """A printable key pressed on the box (not space), for the form's first field."""

        def __init__(self, character: str) -> None:
            super().__init__()
            self.character = character

    def on_key(self, event: events.Key) -> None:
        if event.is_printable and event.character and event.character != " ":
            event.stop()
            event.prevent_default()
            self.post_message(self.Typed(event.character))

    @property
    def _button(self) -> Content:
        return Content.styled("[x]" if self.value else "[ ]", "bold")
