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


class KeyBar(Static):
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
        padding: 0 1;
        text-wrap: nowrap;
        text-overflow: clip;
    }
    """

    def __init__(self) -> None:
        super().__init__("", markup=False)
        self._shown: list[tuple[str, str, str, bool]] | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)
        self.bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen) -> None:
        shown, seen = [], set()
        for _, binding, enabled, _ in screen.active_bindings.values():
            if binding.show and binding.action not in seen:
                seen.add(binding.action)
                shown.append((binding.key, self.app.get_key_display(binding), binding.description, enabled))
        if shown != self._shown:
            self._shown = shown
            self.update(self._line(shown))

    def _line(self, keys: list[tuple[str, str, str, bool]]) -> Text:
        colour = self.app.get_css_variables().get("footer-key-foreground")  # as the theme's footer
        key_style = Style(bold=True, color=colour)
        palette = Style.on(click="app.command_palette")  # first: every key of the screen is there
        line = Text("^p", style=key_style + palette) + Text(" palette  ", style=palette)
        for key, display, description, enabled in keys:
            press = Style.on(click=f"app.simulate_key({key!r})")
            if enabled:
                line += Text(display, style=key_style + press) + Text(f" {description}  ", style=press)
            else:
                line += Text(f"{display} {description}  ", style="dim")
        return line
