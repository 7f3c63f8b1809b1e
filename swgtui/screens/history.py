"""A field's history: every saved revision (who, when), its difference from the current text,
and restoring one (which is saved as a new revision)."""

from __future__ import annotations

import difflib

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from swgtui.i18n import N_, _
from swgtui.model.review import local_time
from swgtui.model.types import Revision
from swgtui.widgets.key_bar import KeyBar


def diff_text(old: str, current: str) -> Text:
    """Line by line: '-' only in the revision (red), '+' only in the current text (green)."""
    text = Text()
    for line in difflib.ndiff(old.splitlines(), current.splitlines()):
        mark, body = line[:2], line[2:]
        if mark == "? ":
            continue
        style = {"- ": "red", "+ ": "green"}.get(mark, "dim")
        text.append(f"{mark}{body}\n", style=style)
    return text or Text(_("(no difference)"), style="dim")


def _empty(entry: Revision) -> str:
    return _("(removed)") if entry.get("removed") else _("(empty)")


class HistoryDialog(ModalScreen[str | None]):
    """Returns the text of the revision to restore, or None."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("escape", "close", N_("Close"), id="history.close"),
        Binding(
            "r", "restore", N_("Restore"), id="history.restore", tooltip=N_("Make the selected revision current again")
        ),
    ]

    def __init__(self, title: str, revisions: list[Revision], current: str) -> None:
        super().__init__()
        self.title_text = title
        self.revisions = list(reversed(revisions))  # newest first
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(Text(self.title_text, style="bold"))
            if not self.revisions:
                yield Static(_("No saved revisions yet."))
            with Horizontal(classes="history"):
                options = []
                for entry in self.revisions:
                    by = entry.get("by")
                    who = by["name"] if by else _("unknown")
                    label = Text(f"#{entry['rev']} ", style="bold") + Text(f"{local_time(entry['at'])}  {who}")
                    label += Text(
                        f"\n{entry['text'].splitlines()[0][:40] if entry['text'] else _empty(entry)}", style="dim"
                    )
                    options.append(Option(label))  # two revisions may share a number
                yield OptionList(*options, id="revisions")
                with VerticalScroll(id="diff-pane"):
                    yield Static("", id="diff")
            yield KeyBar()

    def on_mount(self) -> None:
        if self.revisions:
            self.query_one(OptionList).highlighted = 0
            self._show(0)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show(event.option_index)

    def _show(self, index: int) -> None:
        entry = self.revisions[index]
        heading = Text(
            _("Revision #{number} compared with the current text").format(number=entry["rev"]) + "\n\n", style="bold"
        )
        self.query_one("#diff", Static).update(heading + diff_text(entry["text"], self.current))

    def action_restore(self) -> None:
        index = self.query_one(OptionList).highlighted
        if index is not None and self.revisions:
            self.dismiss(self.revisions[index]["text"])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.revisions[event.option_index]["text"])

    def action_close(self) -> None:
        self.dismiss(None)
