"""A checkbox whose state reads without colour: "[x]" when ticked, "[ ]" when not.

Textual's Checkbox shows the same "X" either way and tells them apart by colour only, which
some terminals (and eyes) do not show.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox


class TickBox(Checkbox):
    @property
    def _button(self) -> Content:
        return Content.styled("[x]" if self.value else "[ ]", "bold")
