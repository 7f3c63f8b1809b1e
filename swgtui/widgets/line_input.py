"""A one-line text field whose cursor stands only between grapheme clusters."""

from __future__ import annotations

from rich.cells import cell_len
from textual.widgets import Input
from textual.widgets.input import Selection

from swgtui import graphemes


class LineInput(Input):
    """Textual's Input, moving, deleting and selecting over a Lao consonant with its vowel and
    tone marks (an accented letter, a joined emoji) as one character, as the multi-line fields
    do (FieldArea): Textual's Input goes by code point, so a backspace took a tone mark alone.

    Words are found as in the multi-line fields (`graphemes.word_left` and the like). A
    password field keeps Textual's moves (they give no hint of its words)."""

    def validate_selection(self, selection: Selection) -> Selection:
        start, end = super().validate_selection(selection)
        return Selection(self._between_clusters(start), self._between_clusters(end))

    def _between_clusters(self, offset: int) -> int:
        """`offset`, or the edge of the cluster it falls inside that is nearer on screen: the
        end once the cells before it hold the whole cluster (the rest is marks), else the start."""
        value = self.value
        start, end = graphemes.cluster_span(value, offset)
        if start == end:
            return offset
        return end if cell_len(value[:offset]) >= cell_len(value[:end]) else start

    def _move(self, target: int, select: bool) -> None:
        start = self.selection.start
        self.selection = Selection(start, target) if select else Selection.cursor(target)

    def action_cursor_left(self, select: bool = False) -> None:
        if not select and not self.selection.is_empty:
            super().action_cursor_left()  # to the selection's start
        else:
            self._move(graphemes.preceding(self.value, self.cursor_position), select)

    def action_cursor_right(self, select: bool = False) -> None:
        if not select and (not self.selection.is_empty or (self.cursor_at_end and self._suggestion)):
            super().action_cursor_right()  # to the selection's end, or the suggestion taken
        else:
            self._move(graphemes.following(self.value, self.cursor_position), select)

    def action_cursor_left_word(self, select: bool = False) -> None:
        if self.password:
            super().action_cursor_left_word(select)
        else:
            self._move(graphemes.word_left(self.value, self.cursor_position), select)

    def action_cursor_right_word(self, select: bool = False) -> None:
        if self.password:
            super().action_cursor_right_word(select)
        else:
            self._move(graphemes.word_right(self.value, self.cursor_position), select)

    def action_delete_left(self) -> None:
        if self.selection.is_empty:
            self.delete(graphemes.preceding(self.value, self.cursor_position), self.cursor_position)
        else:
            self.delete_selection()

    def action_delete_right(self) -> None:
        if self.selection.is_empty:
            self.delete(self.cursor_position, graphemes.following(self.value, self.cursor_position))
        else:
            self.delete_selection()

    def action_delete_left_word(self) -> None:
        if self.password or not self.selection.is_empty:
            super().action_delete_left_word()
        else:
            self.delete(graphemes.word_left(self.value, self.cursor_position), self.cursor_position)

    def action_delete_right_word(self) -> None:
        if self.password or not self.selection.is_empty:
            super().action_delete_right_word()
        else:
            self.delete(self.cursor_position, graphemes.word_end(self.value, self.cursor_position))
