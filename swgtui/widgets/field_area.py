"""A multi-line text field as tall as its wrapped text, labelled in its top border."""

from __future__ import annotations

from rich.cells import cell_len
from textual.widgets import TextArea


def wrapped_lines(text: str, width: int) -> int:
    """How many lines `text` takes when word-wrapped at `width` cells (as a TextArea wraps it)."""
    total = 0
    for line in text.split("\n"):
        lines, used = 1, 0
        for word in line.split(" "):
            size = cell_len(word)
            if used and used + 1 + size > width:
                lines, used = lines + 1, 0
            used = size if not used else used + 1 + size
            while used > width:  # a word longer than the line is broken
                lines, used = lines + 1, used - width
        total += lines
    return total


class FieldArea(TextArea):
    """A text field as tall as its wrapped text (up to MAX_LINES).

    The height is estimated before the first layout (from the width the last field had), so
    the form is laid out once; it is measured again after each resize or edit.
    """

    MAX_LINES = 20
    GUTTER = 2  # the tall border above and below the text
    text_width = 0  # the wrap width fields had last time (the same for every field of a form)

    def estimate_height(self, form_width: int) -> None:
        width = FieldArea.text_width or max(10, form_width - 9)
        lines = max(1, min(wrapped_lines(self.text, width - 1), self.MAX_LINES))  # room for the cursor
        self.styles.height = lines + self.GUTTER

    def _fit(self) -> None:
        if self.wrap_width > 0 and self.wrapped_document.height < self.MAX_LINES:  # no scrollbar inside
            FieldArea.text_width = self.wrap_width
        lines = max(1, min(self.wrapped_document.height, self.MAX_LINES))
        height = lines + self.styles.gutter.height
        if self.styles.height is None or self.styles.height.value != height:
            self.styles.height = height

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit)

    def on_text_area_changed(self) -> None:
        self.call_after_refresh(self._fit)
