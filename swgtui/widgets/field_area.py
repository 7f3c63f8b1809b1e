"""A multi-line text field as tall as its wrapped text, labelled in its top border."""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual._wrap import compute_wrap_offsets
from textual.widgets import TextArea
from textual.widgets.text_area import Location, Selection

from swgtui import graphemes


def wrapped_lines(text: str, width: int, tab_size: int = 4, most: int | None = None) -> int:
    """How many lines `text` takes when a TextArea wraps it at `width` cells; with `most`,
    counted only until they are more than `most` (a long text is not wrapped to its end).

    Textual's own wrapping function (private, but Textual is pinned), so the estimate is exact."""
    lines = 0
    for line in text.split("\n"):
        lines += len(compute_wrap_offsets(line, width, tab_size=tab_size)) + 1
        if most is not None and lines > most:
            break
    return lines


class FieldArea(TextArea):
    """A text field as tall as its wrapped text (up to MAX_LINES).

    The height is estimated before the first layout (from the width the last field had), so
    the form is laid out once; it is measured again after each resize or edit.

    The cursor stands only between grapheme clusters: it moves, deletes and selects over a Lao
    consonant with its vowel and tone marks (or an accented letter, a joined emoji) as one
    character, and a click or a move up or down that lands inside one goes to its nearer edge.
    """

    MAX_LINES = 20
    GUTTER = 2  # the tall border above and below the text
    AROUND = 10  # cells of a form's width that are not text: paddings, scrollbar, border, cursor
    text_width = 0  # the wrap width fields had last time (the same for every field of a form)

    def estimate_height(self, form_width: int) -> None:
        width = FieldArea.text_width or max(10, form_width - self.AROUND)
        lines = max(1, min(wrapped_lines(self.text, width, most=self.MAX_LINES), self.MAX_LINES))
        self.styles.height = lines + self.GUTTER

    def _fit(self) -> None:
        if self.wrap_width > 0 and self.wrapped_document.height < self.MAX_LINES:  # no scrollbar inside
            FieldArea.text_width = self.wrap_width
        lines = max(1, min(self.wrapped_document.height, self.MAX_LINES))
        height = lines + self.styles.gutter.height
        if self.styles.height is None or self.styles.height.value != height:
            self.styles.height = height

    def _validate_selection(self, selection: Selection) -> Selection:
        start, end = super()._validate_selection(selection)
        return Selection(self._between_clusters(start), self._between_clusters(end))

    def _between_clusters(self, location: Location) -> Location:
        """`location`, or the edge of the cluster it falls inside that it is nearer on screen:
        the end once the cells before it hold the whole cluster (the rest is marks, which take
        no cell), else the start."""
        row, column = location
        line = self.document[row]
        start, end = graphemes.cluster_span(line, column)
        if start == end:
            return location
        return row, end if cell_len(line[:column]) >= cell_len(line[:end]) else start

    def get_cursor_left_location(self) -> Location:
        row, column = self.cursor_location
        if column == 0:
            return super().get_cursor_left_location()
        return row, graphemes.preceding(self.document[row], column)

    def get_cursor_right_location(self) -> Location:
        row, column = self.cursor_location
        line = self.document[row]
        if column >= len(line):
            return super().get_cursor_right_location()
        return row, graphemes.following(line, column)

    def get_cursor_word_left_location(self) -> Location:
        row, column = self.cursor_location
        if column == 0:
            return super().get_cursor_word_left_location()
        return row, graphemes.word_left(self.document[row], column)

    def get_cursor_word_right_location(self) -> Location:
        row, column = self.cursor_location
        line = self.document[row]
        if column >= len(line):
            return super().get_cursor_word_right_location()
        return row, graphemes.word_right(line, column)

    def action_delete_word_right(self) -> None:
        start, end = self.selection
        row, column = end
        line = self.document[row]
        if start != end or column >= len(line):
            super().action_delete_word_right()  # a selection, or the end of a line (joins the next)
            return
        self._delete_via_keyboard(end, (row, graphemes.word_end(line, column)))

    async def _on_key(self, event: events.Key) -> None:
        """Run the field's own editing keys (backspace, delete, ctrl+w, ...) at once, like letters.

        Textual runs a widget's bindings only when the key has bubbled up to the app, through
        the queues of the form and the screen, which are busy with the previous keys' changes:
        keys typed meanwhile were inserted first, and a backspace then deleted them instead."""
        for binding in self._bindings.key_to_bindings.get(event.key, ()):
            if not binding.priority and await self.app.run_action(binding.action, self):
                event.stop()
                event.prevent_default()
                return
        await super()._on_key(event)

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit)

    def on_text_area_changed(self) -> None:
        self.call_after_refresh(self._fit)
