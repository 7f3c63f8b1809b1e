"""F1: the keys of the screen, the app's own first, then those of the focused widget (say, the
text field's editing keys), beside the screen; with the outline, what its marks mean. Textual's
help panel puts the focused widget's keys and help first, so in a field the app's keys were
below a page of text-editing keys."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from swgtui.i18n import _
from swgtui.widgets.outline_tree import MARKS_LEGEND, OutlineTree


def key_groups(screen: Screen) -> list[tuple[str, list[tuple[str, str, bool]]]]:
    """(heading, [(keys, what it does, enabled)]): the screen's and app's keys first."""
    app_keys: dict[str, list] = {}
    widget_keys: dict[str, list] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        own = isinstance(active.node, Screen | App)
        if binding.system or not binding.description or (own and not binding.id):
            continue  # Textual's own keys of the screen (focus next, copy) are not listed
        group = app_keys if own else widget_keys
        key = screen.app.get_key_display(binding)
        if binding.action in group:
            if key not in group[binding.action][0]:
                group[binding.action][0] += f" {key}"
            continue
        what = binding.tooltip if own and binding.tooltip else binding.description
        group[binding.action] = [key, _(what), active.enabled]  # marked N_ where the binding is made
    groups = [(_("Keys of this screen"), [tuple(v) for v in app_keys.values()])]
    focused = screen.focused
    if widget_keys:
        in_field = focused is not None and focused.has_class("field")
        groups.append(
            (_("In the text field") if in_field else _("In the selected item"), list(map(tuple, widget_keys.values())))
        )
    return groups


class KeysPanel(VerticalScroll, can_focus=False):
    DEFAULT_CSS = """
    KeysPanel {
        split: right;
        width: 33%;
        min-width: 30;
        max-width: 56;
        height: 100%;
        border-left: vkey $foreground 30%;
        padding: 0 1;
    }
    """

    def compose(self) -> ComposeResult:
        yield Static("", id="keys-table")

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.show_keys)
        self.show_keys(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def show_keys(self, screen: Screen) -> None:
        shown: list[Text | Table] = []
        for number, (heading, keys) in enumerate(key_groups(screen)):
            shown.append(Text(("\n" if number else "") + heading, style="bold underline"))
            table = Table.grid(padding=(0, 1))
            table.add_column(style="bold", no_wrap=True)
            table.add_column()
            for key, what, enabled in keys:
                table.add_row(Text(key, style="" if enabled else "dim"), Text(what, style="" if enabled else "dim"))
            shown.append(table)
        if screen.query(OutlineTree):  # what the outline's marks mean
            shown.append(Text("\n" + _("Marks in the outline"), style="bold underline"))
            legend = Table.grid(padding=(0, 1))
            legend.add_column(style="bold", no_wrap=True)
            legend.add_column()
            for mark, meaning in MARKS_LEGEND:
                legend.add_row(Text(mark), Text(_(meaning)))
            shown.append(legend)
        self.query_one("#keys-table", Static).update(Group(*shown))
