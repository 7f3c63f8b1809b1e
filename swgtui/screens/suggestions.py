"""The suggestions view: reviewers' edits that came back in a Word file, each waiting to be
accepted or rejected. The list names the part, the field, who and when, and whether it still
applies; the selected one is shown word by word against the text the reviewer started from
(struck through in red: taken out; underlined in green: put in). `a` accepts, `r` rejects,
`e` (or enter) goes to the field; pgdn / pgup scroll a long change. After a decision the view
stays open on the next open suggestion."""

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
from swgtui.model import textdiff
from swgtui.model.review import describe, local_time
from swgtui.model.types import Suggestion
from swgtui.widgets.key_bar import KeyBar

HOW = N_("accept (a) or reject (r) each one; e goes to the field.")
DELETED = "red strike"
INSERTED = "green underline"

# What each outlook (swgtui.model.suggestions.outlook) means, in the list and above the diff
# (its name and meaning translated where shown)
OUTLOOKS = {
    "applies": (
        N_("applies"),
        "green",
        N_("the field reads as when the suggestion was made: accepting gives it this text."),
    ),
    "merges": (
        N_("merges"),
        "yellow",
        N_("the field changed since the export, elsewhere in its text: accepting merges both changes."),
    ),
    "conflicts": (
        N_("conflicts"),
        "red",
        N_(
            "the field changed since the export in the same place: accepting puts the field in conflict "
            "(f7 settles it)."
        ),
    ),
    "same": (N_("already in"), "dim", N_("the field reads this text already: accepting only records it.")),
}


def outlook(name: str) -> tuple[str, str, str]:
    """An outlook's name, style and meaning, in the interface's language."""
    if name not in OUTLOOKS:
        return name, "", ""
    word, style, meaning = OUTLOOKS[name]
    return _(word), style, _(meaning)


@dataclass
class SuggestionEntry:
    """One open suggestion as the view shows it."""

    suggestion: Suggestion
    part: str  # the part's title
    field: str  # the field's label
    outlook: str  # "applies", "merges", "conflicts" or "same"
    current: str  # the field's text now


@dataclass
class Decision:
    """What the user chose for a suggestion: "accept", "reject" or "show" (go to its field)."""

    entry: SuggestionEntry
    action: str


def who(suggestion: Suggestion) -> str:
    """The reviewer: "Mr Lord (reviewer, Embassy of the United Kingdom)"."""
    by = suggestion["by"]
    return describe(by) if by.get("role") else by.get("name") or _("a reviewer")


def word_changes(before: str, after: str) -> Text:
    """The reviewer's change word by word: taken out struck through in red, put in underlined
    in green; a line break taken out or put in shows as ¶. Only the paragraphs that changed are
    shown, each run of unchanged ones as "…". User text is never read as markup."""
    shown = Text()
    for op, piece in textdiff.word_diff(before, after):
        if op == textdiff.DELETE:
            shown.append(piece.replace("\n", "¶"), style=DELETED)
        elif op == textdiff.INSERT:
            shown.append(piece.replace("\n", "¶\n"), style=INSERTED)
        else:
            shown.append(piece)
    kept: list[Text] = []
    for line in shown.split("\n"):
        if any(str(span.style) in (DELETED, INSERTED) for span in line.spans):
            kept.append(line)
        elif not kept or kept[-1].plain != "…":
            kept.append(Text("…", style="dim"))
    if not any(line.plain != "…" for line in kept):
        return Text(_("(no change)"), style="dim")
    return Text("\n").join(kept)


class SuggestionsScreen(ModalScreen[Decision | None]):
    """Returns the decision on the selected suggestion, or None (closed)."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("escape", "close", N_("Close"), id="suggestions.close"),
        Binding(
            "a", "decide('accept')", N_("Accept"), id="suggestions.accept", tooltip=N_("Accept: the field takes it")
        ),
        Binding("r", "decide('reject')", N_("Reject"), id="suggestions.reject", tooltip=N_("Reject (with a note)")),
        Binding("e", "decide('show')", N_("Edit"), id="suggestions.show", tooltip=N_("Go to the field (also enter)")),
        Binding(
            "pagedown",
            "scroll_change(1)",
            N_("Scroll"),
            id="suggestions.down",
            tooltip=N_("Scroll the change (pgup: back)"),
            priority=True,
        ),
        Binding("pageup", "scroll_change(-1)", N_("Back"), id="suggestions.up", show=False, priority=True),
    ]

    def __init__(self, entries: list[SuggestionEntry], selected: str | None = None) -> None:
        """`selected`: the id of the suggestion to show first."""
        super().__init__()
        self.entries = entries
        self.selected = selected

    def compose(self) -> ComposeResult:
        options: list[Option | None] = []
        for entry in self.entries:
            suggestion = entry.suggestion
            name, style, _meaning = outlook(entry.outlook)
            label = Text.assemble(
                (f"{entry.part} — {entry.field}", "bold"),
                f"\n{who(suggestion)}\n{local_time(suggestion['at'])}  ",
                (name, style),
            )
            options += [Option(label, id=suggestion["id"]), None]  # None: a line between two
        count = len(self.entries)
        with Vertical(classes="dialog wide"):
            yield Static(Text(_("Suggestions from reviewers ({count} open)").format(count=count), style="bold"))
            yield Static(Text(_("Edits made in Word, not yet in the report:") + " " + _(HOW)), id="how")
            with Horizontal(classes="history"):
                yield OptionList(*options[:-1], id="suggestions")
                with VerticalScroll(id="diff-pane"):
                    yield Static("", id="diff")
            yield KeyBar()

    def on_mount(self) -> None:
        listed = self.query_one(OptionList)
        ids = [entry.suggestion["id"] for entry in self.entries]
        if ids:
            listed.highlighted = ids.index(self.selected) if self.selected in ids else 0
            self._show(listed.highlighted)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show(event.option_index)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_decide("show")

    def _show(self, index: int) -> None:
        entry = self.entries[index]
        suggestion = entry.suggestion
        how = _("a tracked change in Word") if suggestion["tracked"] else _("an edit in Word, not tracked")
        name, style, meaning = outlook(entry.outlook)
        by = _("By {who}, {when}: {how}").format(who=who(suggestion), when=local_time(suggestion["at"]), how=how)
        source = _("from {file}").format(file=suggestion["source"]) if suggestion["source"] else ""
        shown = Text.assemble(  # the change first: on a small screen it is what must show
            (f"{entry.part} — {entry.field}", "bold"),
            ("\n" + _("The change") + " (", "bold"),
            (_("taken out"), DELETED),
            (", ", "bold"),
            (_("put in"), INSERTED),
            ("):\n", "bold"),
            word_changes(suggestion["before"], suggestion["after"]),
            "\n\n",
            (name[:1].upper() + name[1:], f"bold {style}"),
            f": {meaning}",
            "\n" + by,
            ("\n" + source if source else "", "dim"),
        )
        if entry.outlook in ("merges", "conflicts"):
            shown.append("\n\n" + _("The field now reads:") + "\n", style="bold")
            shown.append(entry.current or _("(empty)"), style="dim")
        self.query_one("#diff", Static).update(shown)
        self.query_one("#diff-pane", VerticalScroll).scroll_home(animate=False)

    def action_decide(self, action: str) -> None:
        index = self.query_one(OptionList).highlighted
        if index is not None:
            self.dismiss(Decision(self.entries[index], action))

    def action_scroll_change(self, pages: int) -> None:
        """pgdn / pgup scroll the change while the list keeps ↑/↓."""
        pane = self.query_one("#diff-pane", VerticalScroll)
        (pane.scroll_page_down if pages > 0 else pane.scroll_page_up)(animate=False)

    def action_close(self) -> None:
        self.dismiss(None)
