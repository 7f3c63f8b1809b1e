"""The report's outline as a tree: the header block, then each section and its rows, each
with its completeness. User text is shown as plain Text, never parsed as markup."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from swgtui.model import conflicts, review
from swgtui.model import report as rp
from swgtui.model import suggestions as sg
from swgtui.model.template import Template
from swgtui.model.types import Section


def completeness_mark(value: float, no_update: bool = False) -> Text:
    if no_update:
        return Text("–    ", style="dim")
    if value >= 1:
        return Text("✓ ", style="green") + Text("100%", style="green")
    icon, style = ("○", "red") if value == 0 else ("◐", "yellow")
    return Text(f"{icon} ", style=style) + Text(f"{value:>4.0%}", style=style)


STATUS_BADGES = {
    review.DRAFT: Text("  "),
    review.READY: Text("R ", style="bold cyan"),
    review.CHANGES: Text("C ", style="bold red"),
    review.APPROVED: Text("A ", style="bold green"),
    review.STALE: Text("! ", style="bold magenta"),
}


CONFLICT_MARK = Text("≠", style="bold red")  # a field of the part is in conflict
SUGGESTION_STYLE = "bold cyan"  # ✎n: a reviewer's edits (from Word) waiting to be accepted or rejected

# What the marks mean, for the keys panel (f1) of a screen with the outline
MARKS_LEGEND = [
    ("✓ ◐ ○ –", "complete, partly, empty, no update this period"),
    ("R C A !", "ready for review, changes requested, approved, changed since approval"),
    ("≠", "a field in conflict (f7)"),
    ("✉n", "open comments"),
    ("✎n", "open suggestions from reviewers (f12)"),
]


def open_suggestions(report: rp.Report, part_id: str) -> int:
    """How many reviewers' suggestions on the part are neither accepted nor rejected."""
    if not report.get("review", {}).get("suggestions"):
        return 0
    return sum(1 for suggestion in sg.suggestions(report) if suggestion["part"] == part_id)


def review_marks(report: rp.Report, part_id: str) -> Text:
    """The part's review status as one letter (R, C, A, !), ≠ if a field of it is in conflict,
    its open comments (✉n) and its open suggestions (✎n)."""
    marks = STATUS_BADGES[review.part_status(report, part_id)].copy()
    if conflicts.part_conflicts(report, part_id):
        marks += CONFLICT_MARK + Text(" ")
    open_comments = review.open_thread_count(report, part_id)
    if open_comments:
        marks += Text(f"✉{open_comments} ", style="yellow")
    suggested = open_suggestions(report, part_id)
    if suggested:
        marks += Text(f"✎{suggested} ", style=SUGGESTION_STYLE)
    return marks


def row_label(template: Template, report: rp.Report, section: Section, row: rp.Row) -> Text:
    title = row["title"].split("\n")[0].strip() or "(untitled row)"
    label = completeness_mark(rp.row_completeness(template, section, row), row.get("no_update", False))
    label += Text(" ") + review_marks(report, row["id"]) + Text(title)
    if row.get("tag"):
        label += Text(f" ({row['tag']})", style="italic dim")
    return label


class OutlineTree(Tree[str]):
    """Node data is the part id (``header`` or a row id); section nodes carry ``section:X``.

    Typing here is never lost: each printable key (space too) is handed on as `Typed`."""

    class Typed(Message):
        """A printable key pressed in the outline, for the part's form to take."""

        def __init__(self, character: str) -> None:
            super().__init__()
            self.character = character

    def on_key(self, event: events.Key) -> None:
        if event.is_printable and event.character:
            event.stop()
            event.prevent_default()
            self.post_message(self.Typed(event.character))

    def select_section(self, section_id: str) -> None:
        """Move the cursor to a section's heading, without announcing a highlight."""
        node = self.section_nodes.get(section_id)
        if node is not None and self.cursor_node is not node:
            with self.prevent(Tree.NodeHighlighted):
                self.move_cursor(node)

    def __init__(self, **kwargs) -> None:
        super().__init__("report", **kwargs)
        self.show_root = False
        self.guide_depth = 2
        self.part_nodes: dict[str, TreeNode[str]] = {}
        self.section_nodes: dict[str, TreeNode[str]] = {}

    def rebuild(self, template: Template, report: rp.Report, select: str = rp.HEADER_ID) -> None:
        """Rebuild every node and put the cursor on `select`, without announcing a highlight."""
        with self.prevent(Tree.NodeHighlighted):
            self._add_nodes(template, report)
            self.last_line  # noqa: B018 - lay the lines out now, so nodes know where they are
            self.select_part(select)

    def _add_nodes(self, template: Template, report: rp.Report) -> None:
        self.clear()
        self.part_nodes.clear()
        self.section_nodes.clear()
        header = self.root.add_leaf(self._header_label(template, report), data=rp.HEADER_ID)
        self.part_nodes[rp.HEADER_ID] = header
        for section in report["sections"]:
            spec = template.section(section["id"])
            node = self.root.add(
                self._section_label(template, report, section, spec.short_title if spec else section["id"]),
                data=f"section:{section['id']}",
                expand=True,
            )
            self.section_nodes[section["id"]] = node
            for row in section["rows"]:
                self.part_nodes[row["id"]] = node.add_leaf(row_label(template, report, section, row), data=row["id"])

    def refresh_part(self, template: Template, report: rp.Report, part_id: str) -> None:
        """Update the labels of one part and of its section."""
        if part_id == rp.HEADER_ID:
            self.part_nodes[part_id].set_label(self._header_label(template, report))
            return
        section, row = rp.find_row(report, part_id)
        self.part_nodes[part_id].set_label(row_label(template, report, section, row))
        spec = template.section(section["id"])
        self.section_nodes[section["id"]].set_label(
            self._section_label(template, report, section, spec.short_title if spec else section["id"])
        )

    def select_part(self, part_id: str) -> None:
        """Move the cursor to a part; only the user's own cursor moves announce a highlight."""
        node = self.part_nodes.get(part_id)
        if node is not None and self.cursor_node is not node:
            with self.prevent(Tree.NodeHighlighted):
                self.move_cursor(node)

    def _header_label(self, template: Template, report: rp.Report) -> Text:
        marks = review_marks(report, rp.HEADER_ID)
        return (
            completeness_mark(rp.header_completeness(template, report))
            + Text(" ")
            + marks
            + Text(template.header_title)
        )

    def _section_label(self, template: Template, report: rp.Report, section: Section, title: str) -> Text:
        mark = completeness_mark(rp.section_completeness(template, section), section.get("no_update", False))
        if conflicts.part_conflicts(report, section["id"]):
            mark += Text(" ") + CONFLICT_MARK
        return mark + Text(" " + title, style="bold")

    def selected_section(self) -> str | None:
        """The section whose heading the cursor is on, if it is on one."""
        data = self.cursor_node.data if self.cursor_node else None
        return data.removeprefix("section:") if data and data.startswith("section:") else None
