"""The report's outline as a tree: the header block, then each section and its rows, each
with its completeness. User text is shown as plain Text, never parsed as markup."""

from __future__ import annotations

from collections import Counter
from typing import cast

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from swgtui import i18n
from swgtui.i18n import N_, _
from swgtui.model import conflicts, review
from swgtui.model import report as rp
from swgtui.model import suggestions as sg
from swgtui.model.template import Template, fill
from swgtui.model.types import Section


def completeness_mark(value: float, no_update: bool = False) -> tuple[str, str]:
    """The mark and its style: ✓ 100%, ◐ 40%, ○ 0% or – (no update this period). A label
    takes the mark's style as its own (the title shows in it, under its own styles)."""
    if no_update:
        return "–    ", "dim"
    if value >= 1:
        return "✓ 100%", "green"
    icon, style = ("○", "red") if value == 0 else ("◐", "yellow")
    return f"{icon} {value:>4.0%}", style


STATUS_BADGES = {
    review.DRAFT: ("  ", ""),
    review.READY: ("R ", "bold cyan"),
    review.CHANGES: ("C ", "bold red"),
    review.APPROVED: ("A ", "bold green"),
    review.STALE: ("! ", "bold magenta"),
}


CONFLICT_MARK = ("≠", "bold red")  # a field of the part is in conflict
SUGGESTION_STYLE = "bold cyan"  # ✎n: a reviewer's edits (from Word) waiting to be accepted or rejected

# What the marks mean, for the keys panel (f1) of a screen with the outline (translated where shown)
MARKS_LEGEND = [
    ("✓ ◐ ○ –", N_("complete, partly, empty, no update this period")),
    ("R C A !", N_("ready for review, changes requested, approved, changed since approval")),
    ("≠", N_("a field in conflict (f7)")),
    ("✉n", N_("open comments")),
    ("✎n", N_("open suggestions from reviewers (f12)")),
]

Piece = tuple[str, str]  # text and its style


class ReviewMarks:
    """What the outline marks on each part, worked out in one pass over the report's review
    record, conflicts and suggestions (not once per part)."""

    def __init__(self, report: rp.Report) -> None:
        self.report = report
        self.in_conflict = {conflict["part"] for conflict in conflicts.conflicts_of(report)}
        self.open_comments = Counter(thread["part"] for thread in review.threads(report, open_only=True))
        suggested = sg.suggestions(report) if report.get("review", {}).get("suggestions") else []
        self.suggested = Counter(suggestion["part"] for suggestion in suggested)

    def of(self, part_id: str) -> list[Piece]:
        """The part's review status as one letter (R, C, A, !), ≠ if a field of it is in
        conflict, its open comments (✉n) and its open suggestions (✎n)."""
        marks = [STATUS_BADGES[review.part_status(self.report, part_id)]]
        if part_id in self.in_conflict:
            marks += [CONFLICT_MARK, (" ", "")]
        if self.open_comments[part_id]:
            marks.append((f"✉{self.open_comments[part_id]} ", "yellow"))
        if self.suggested[part_id]:
            marks.append((f"✎{self.suggested[part_id]} ", SUGGESTION_STYLE))
        return marks


def row_label(marks: ReviewMarks, completeness: float, row: rp.Row, title: str) -> Text:
    """A row's line: its marks and its title as shown (`rp.shown_title`)."""
    title = title.split("\n")[0].strip() or _("(untitled row)")
    pieces = [completeness_mark(completeness, row.get("no_update", False)), (" ", ""), *marks.of(row["id"])]
    pieces.append((title, ""))
    if row.get("tag"):
        pieces.append((f" ({row['tag']})", "italic dim"))
    return Text.assemble(*pieces, style=pieces[0][1])  # the line in the mark's colour


class OutlineTree(Tree[str]):
    """Node data is the part id (``header`` or a row id); section nodes carry ``section:X``.

    Typing here is never lost: each printable key (space too) is handed on as `Typed`."""

    class Typed(Message):
        """A printable key pressed in the outline, for the part's form to take."""

        def __init__(self, character: str) -> None:
            super().__init__()
            self.character = character

    def on_key(self, event: events.Key) -> None:
        self.finish()  # every row is there to move to (and the outline, if it was still to be built)
        if event.is_printable and event.character:
            event.stop()
            event.prevent_default()
            self.post_message(self.Typed(event.character))

    def select_section(self, section_id: str) -> None:
        """Move the cursor to a section's heading, without announcing a highlight."""
        self.finish()
        node = self.section_nodes.get(section_id)
        if node is not None and self.cursor_node is not node:
            with self.prevent(Tree.NodeHighlighted):
                self.move_cursor(node)

    def __init__(self, **kwargs) -> None:
        self._pending: list[tuple[Template, Section, TreeNode[str], list[rp.Row]]] = []  # rows added once drawn
        self._report: rp.Report = {}  # type: ignore[typeddict-item]  # the report last rebuilt from
        self._later: tuple[Template, rp.Report, str] | None = None  # a rebuild left until drawn
        super().__init__("report", **kwargs)
        self.show_root = False
        self.guide_depth = 2
        self.part_nodes: dict[str, TreeNode[str]] = {}
        self.section_nodes: dict[str, TreeNode[str]] = {}

    def rebuild(self, template: Template, report: rp.Report, select: str = rp.HEADER_ID) -> None:
        """Rebuild every node and put the cursor on `select`, without announcing a highlight.

        The rows down to a screen's height below `select` are added here, the rest once the
        outline is drawn (or as soon as anything needs them): the outline of a long report
        costs its opening only what shows."""
        self._later = None
        self._pending.clear()
        self._report = report
        with self.prevent(Tree.NodeHighlighted):
            self._add_nodes(template, report, select)
            self.last_line  # noqa: B018 - lay the lines out now, so nodes know where they are
            self._select(select)
        if self._pending:
            self.call_after_refresh(self.finish)

    def _add_nodes(self, template: Template, report: rp.Report, select: str) -> None:
        self.clear()
        self.part_nodes.clear()
        self.section_nodes.clear()
        marks = ReviewMarks(report)
        header = self.root.add_leaf(self._header_label(template, report, marks), data=rp.HEADER_ID)
        self.part_nodes[rp.HEADER_ID] = header
        parts = rp.part_ids(report)
        lines = parts.index(select) + len(report["sections"]) + self.app.size.height if select in parts else len(parts)
        for section in report["sections"]:
            shares = [rp.row_completeness(template, section, row) for row in section["rows"]]
            label = self._section_label(template, report, section, shares, marks)
            node = self.root.add(label, data=f"section:{section['id']}", expand=True)
            self.section_nodes[section["id"]] = node
            for position, (row, share) in enumerate(zip(section["rows"], shares, strict=True)):
                if position >= lines:
                    self._pending.append((template, section, node, section["rows"][position:]))
                    break
                label = row_label(marks, share, row, rp.shown_title(template, report, row))
                self.part_nodes[row["id"]] = node.add_leaf(label, data=row["id"])
            lines -= len(section["rows"]) + 1

    def rebuild_later(self, template: Template, report: rp.Report, select: str = rp.HEADER_ID) -> None:
        """`rebuild`, once the screen is drawn (or as soon as anything needs the outline): the
        outline costs opening a report nothing the user waits for."""
        self._later = (template, report, select)
        self.call_after_refresh(self.finish)

    @property
    def is_built(self) -> bool:
        return self._later is None

    def finish(self) -> None:
        """Build the outline if it was left for later, and add the rows that `rebuild` left for
        later (in the report as it is now)."""
        if self._later is not None:
            self.rebuild(*self._later)
        if not self._pending:
            return
        pending, self._pending = self._pending, []
        marks = ReviewMarks(self._report)
        for template, section, node, rows in pending:
            for row in rows:
                share = rp.row_completeness(template, section, row)
                label = row_label(marks, share, row, rp.shown_title(template, self._report, row))
                self.part_nodes[row["id"]] = node.add_leaf(label, data=row["id"])
        self.last_line  # noqa: B018 - lay the lines out now, so nodes know where they are

    def _build(self) -> None:
        """Tree's layout of the lines, as tall as it will be with the rows still to add (so the
        scrollbar stays as it is once they are)."""
        super()._build()
        if self._pending:
            waiting = sum(len(rows) for *_unused, rows in self._pending)
            self.virtual_size = Size(self.virtual_size.width, self.virtual_size.height + waiting)

    def refresh_part(self, template: Template, report: rp.Report, part_id: str) -> None:
        """Update the labels of one part and of its section."""
        if self._later is not None:
            return  # labelled as they are once built
        if part_id not in self.part_nodes:
            self.finish()
        marks = ReviewMarks(report)
        if part_id == rp.HEADER_ID:
            self.part_nodes[part_id].set_label(self._header_label(template, report, marks))
            return
        section, row = rp.find_row(report, part_id)
        title = rp.shown_title(template, report, row)
        self.part_nodes[part_id].set_label(row_label(marks, rp.row_completeness(template, section, row), row, title))
        shares = [rp.row_completeness(template, section, row) for row in section["rows"]]
        self.section_nodes[section["id"]].set_label(self._section_label(template, report, section, shares, marks))

    def select_part(self, part_id: str) -> None:
        """Move the cursor to a part; only the user's own cursor moves announce a highlight."""
        if self._later is not None:
            self._later = (*self._later[:2], part_id)  # where the cursor will be once built
            return
        if part_id not in self.part_nodes:
            self.finish()
        self._select(part_id)

    def _select(self, part_id: str) -> None:
        node = self.part_nodes.get(part_id)
        if node is not None and self.cursor_node is not node:
            with self.prevent(Tree.NodeHighlighted):
                self.move_cursor(node)

    def _header_label(self, template: Template, report: rp.Report, marks: ReviewMarks) -> Text:
        mark = completeness_mark(rp.header_completeness(template, report))
        title = rp.part_title(template, report, rp.HEADER_ID, width=1_000)
        return Text.assemble(mark, (" ", ""), *marks.of(rp.HEADER_ID), (title, ""), style=mark[1])

    def _section_label(
        self, template: Template, report: rp.Report, section: Section, shares: list[float], marks: ReviewMarks
    ) -> Text:
        """The section's completeness (the mean of its rows', as rp.section_completeness) and title."""
        spec = template.section(section["id"])
        share = (sum(shares) / len(shares) if shares else 0.0) if not section.get("no_update") else 1.0
        pieces = [completeness_mark(share, section.get("no_update", False))]
        if section["id"] in marks.in_conflict:
            pieces += [(" ", ""), CONFLICT_MARK]
        words = template.words_in(spec.short_title, i18n.language()) if spec else ""
        title = " " + (fill(words, report["period"], rp.swg_name(report)) if spec else section["id"])
        return Text.assemble(*pieces, (title, "bold"), style=pieces[0][1])

    def process_label(self, label: str | Text) -> Text:
        """A label of one line is taken as it is (Tree splits every label into lines)."""
        if isinstance(label, Text) and "\n" not in label.plain:
            return label
        return super().process_label(label)

    def get_label_width(self, node: TreeNode[str]) -> int:
        """As Tree's (the label rendered, with its expand icon), without rendering it."""
        width = cast(Text, node.label).cell_len
        if node.allow_expand:
            width += cell_len(self.ICON_NODE_EXPANDED if node.is_expanded else self.ICON_NODE)
        return width

    def selected_section(self) -> str | None:
        """The section whose heading the cursor is on, if it is on one."""
        data = self.cursor_node.data if self.cursor_node else None
        return data.removeprefix("section:") if data and data.startswith("section:") else None
