"""The conflict view: a part's fields that two copies of the report changed differently. Each
version (who, when) is listed; the selected one is shown against the text both started from,
line by line. `t` takes the selected version, `e` goes to the field to write the text."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from swgtui.i18n import N_, _
from swgtui.model import conflicts
from swgtui.model.conflicts import ConflictHead, ConflictListing
from swgtui.model.review import describe, local_time
from swgtui.widgets.key_bar import KeyBar

DIFF_STYLES = {"+": "green", "-": "red", "@": "cyan"}


def who(head: ConflictHead) -> str:
    """Who wrote a version: "Ms Vanh (focal point, Ministry of Health)"."""
    by = head["by"]
    if not by or not by.get("name"):
        return _("someone unknown")
    return describe(by) if by.get("role") else by["name"]  # type: ignore[arg-type]


def differences_text(base: str, text: str) -> Text:
    """A version's differences from the base, '-' only in the base (red), '+' only in the
    version (green); user text is never read as markup."""
    shown = Text()
    for line in conflicts.differences(base, text):
        shown.append(line + "\n", style=DIFF_STYLES.get(line[:1], ""))
    return shown or Text(_("(the same as the text they started from)") + "\n", style="dim")


@dataclass
class Settle:
    """What the user chose: take a version (its revision id) of a field, or (None) edit it."""

    field: str
    revision: str | None


class ConflictScreen(ModalScreen[Settle | None]):
    """Returns the version to take, the field to edit, or None (closed)."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("escape", "close", N_("Close"), id="conflict.close"),
        Binding(
            "t",
            "take",
            N_("Take"),
            id="conflict.take",
            tooltip=N_("Take the selected version: the field gets its text"),
        ),
        Binding("e", "edit", N_("Edit"), id="conflict.edit", tooltip=N_("Write the text yourself, in the field")),
    ]

    def __init__(self, title: str, entries: list[ConflictListing], shown: dict[str, str]) -> None:
        """`shown`: the text the report shows now, by field (one of the versions)."""
        super().__init__()
        self.title_text = title
        self.entries = entries
        self.shown = shown
        self.choices: list[tuple[ConflictListing, ConflictHead | None]] = []  # per option: None for a heading

    def compose(self) -> ComposeResult:
        options: list[Option] = []
        for entry in self.entries:
            options.append(Option(Text(entry.get("label", entry["field"]), style="bold"), disabled=True))
            self.choices.append((entry, None))
            for number, head in enumerate(entry["heads"], start=1):
                label = Text(_("version {number}").format(number=number) + "  ", style="bold") + Text(who(head))
                label += Text(f"\n{local_time(head['at'])}")
                label += Text(" " + _("(yours)") if head["mine"] else "", style="bold")
                if self.shown.get(entry["field"]) == head["text"]:
                    label += Text(" · " + _("shown now"), style="dim")
                options.append(Option(label))
                self.choices.append((entry, head))
        with Vertical(classes="dialog wide"):
            yield Static(Text(self.title_text, style="bold"))
            yield Static(
                Text(
                    _("Two copies of the report changed this differently. Take one version (t), or write the text (e).")
                )
            )
            with Horizontal(classes="history"):
                yield OptionList(*options, id="versions")
                with VerticalScroll(id="diff-pane"):
                    yield Static("", id="diff")
            yield KeyBar()

    def on_mount(self) -> None:
        versions = self.query_one(OptionList)
        first = next((index for index, (_entry, head) in enumerate(self.choices) if head is not None), None)
        if first is not None:
            versions.highlighted = first
            self._show(first)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show(event.option_index)

    def _show(self, index: int) -> None:
        entry, head = self.choices[index]
        if head is None:
            return
        number = entry["heads"].index(head) + 1
        label = entry.get("label", entry["field"])
        shown = Text(_("{field}: version {number}").format(field=label, number=number), style="bold")
        shown += Text(_(", by {who}, {when}").format(who=who(head), when=local_time(head["at"])) + "\n\n")
        shown += Text(_("The text they started from:") + "\n", style="bold")
        shown += Text((entry["base"] or _("(empty)")) + "\n\n", style="dim")
        against = _("Version {number} against it:").format(number=number)
        shown += Text(against + "\n", style="bold") + differences_text(entry["base"], head["text"])
        whole = _("Version {number} in full:").format(number=number)
        shown += Text("\n" + whole + "\n", style="bold") + Text(head["text"] or _("(empty)"))
        self.query_one("#diff", Static).update(shown)

    def _chosen(self) -> tuple[ConflictListing, ConflictHead | None] | None:
        index = self.query_one(OptionList).highlighted
        return self.choices[index] if index is not None else None

    def action_take(self) -> None:
        chosen = self._chosen()
        if chosen is not None and chosen[1] is not None:
            self.dismiss(Settle(chosen[0]["field"], chosen[1]["revision"]))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_take()

    def action_edit(self) -> None:
        chosen = self._chosen()
        if chosen is not None:
            self.dismiss(Settle(chosen[0]["field"], None))

    def action_close(self) -> None:
        self.dismiss(None)
