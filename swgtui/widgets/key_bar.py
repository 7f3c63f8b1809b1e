"""The keys of the screen in one line of text at the bottom; click a key to press it.

Textual's Footer builds a widget per key and rebuilds them all whenever the screen's
bindings are refreshed (the editor does that on every row change); one line of text is
drawn in a fraction of that time.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.screen import Screen
from textual.widgets import Static

from swgtui.i18n import _

MAX_LINES = 3


class KeyBar(Static):
    """Wraps onto more lines when the screen is too narrow for every key (never cuts one); on
    MAX_LINES lines at most: when they cannot hold every key (Lao's longer words on a narrow
    screen), the keys are put closer, then the last keys but F1 give way to "…" (F1 and the
    palette list them all)."""

    DEFAULT_CSS = f"""
    KeyBar {{
        dock: bottom;
        height: auto;
        max-height: {MAX_LINES};
        background: $footer-background;
        color: $footer-foreground;
        padding: 0 1;
        text-wrap: nowrap;
        text-overflow: clip;
    }}
    """

    _key_colours: dict[str, str | None] = {}  # theme name -> its footer's key colour
    _height = 0  # the lines a later key bar showed last, kept for it until its keys are shown

    def __init__(self, later: bool = False) -> None:
        """`later`: show the keys once the screen is drawn (its room kept meanwhile), so they
        cost the screen's first frame nothing."""
        super().__init__("", markup=False)
        self._shown: list[tuple[str, str, str, bool]] | None = None
        self._width = 0
        self._later = later
        if later and KeyBar._height:
            self.styles.height = KeyBar._height

    def on_mount(self) -> None:
        if self._later:
            self.call_after_refresh(self.show_keys)
        else:
            self.show_keys()

    def show_keys(self) -> None:
        """Show the screen's keys, and follow them from now on."""
        if self._shown is None:
            self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)
            self.bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def on_resize(self) -> None:
        if self.size.width != self._width and self._shown is not None:
            self._width = self.size.width
            self.update(self._lines(self._shown))

    def bindings_changed(self, screen: Screen) -> None:
        shown, seen = [], set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if binding.show and binding.action not in seen:
                seen.add(binding.action)  # a description is marked N_ where the binding is made
                shown.append((binding.key, self.app.get_key_display(binding), _(binding.description), active.enabled))
        if shown != self._shown:
            self._shown = shown
            lines = self._lines(shown)
            self.update(lines)
            if self._later:
                KeyBar._height = min(MAX_LINES, len(lines.plain.split("\n")) + self.styles.gutter.height)
                self._later = False
                self.styles.clear_rule("height")  # as tall as its keys from now on

    def _key_colour(self) -> str | None:
        """The theme's colour for keys in a footer (its variables are worked out once per theme)."""
        theme = self.app.theme
        if theme not in KeyBar._key_colours:
            KeyBar._key_colours[theme] = self.app.get_css_variables().get("footer-key-foreground")
        return KeyBar._key_colours[theme]

    def _lines(self, keys: list[tuple[str, str, str, bool]]) -> Text:
        """One entry per key, "key description", put on as many lines as the width needs."""
        colour = self._key_colour()
        key_style = Style(bold=True, color=colour)
        palette = Style.on(click="app.command_palette")  # first: every key of the screen is there
        entries = [Text("^p", style=key_style + palette) + Text(" " + _("palette"), style=palette)]
        for key, display, description, enabled in keys:
            press = Style.on(click=f"app.simulate_key({key!r})")
            if enabled:
                entries.append(Text(display, style=key_style + press) + Text(f" {description}", style=press))
            else:
                entries.append(Text(f"{display} {description}", style="dim"))
        width = self.size.width or self.app.size.width - 2  # before the first layout: the screen's
        for gap in (2, 1):
            lines = _laid_out(entries, width, gap)
            if len(lines) <= MAX_LINES:
                return Text("\n").join(lines)
        more = Text("…", style=palette)
        while len(entries) > 2 and len(lines) > MAX_LINES:  # the last key (the app's F1) stays
            entries = [*entries[:-2], entries[-1]]
            lines = _laid_out([*entries[:-1], more, entries[-1]], width, 1)
        return Text("\n").join(lines)


def _laid_out(entries: list[Text], width: int, gap: int) -> list[Text]:
    """The entries on as many lines of `width` cells as they need, `gap` spaces apart."""
    lines = [Text()]
    for entry in entries:
        if lines[-1] and lines[-1].cell_len + gap + entry.cell_len > width:
            lines.append(Text())
        lines[-1] += (Text(" " * gap) if lines[-1] else Text()) + entry
    return lines
