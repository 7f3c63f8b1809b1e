"""Rows drawn as one line of aligned columns: an option list of such lines draws far faster
than a DataTable (which renders every cell on its own)."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.text import Text


def column_widths(labels: tuple[str, ...], rows: list[tuple[str, ...]], widest: int) -> list[int]:
    """Each column as wide as its widest cell or label, up to `widest` cells."""
    return [
        min(widest, max([cell_len(label), *map(cell_len, {row[position] for row in rows})]))  # each text once
        for position, label in enumerate(labels)
    ]


def fit_width(widths: list[int], room: int, flexible: int = 0, least: int = 12) -> list[int]:
    """The widths with column `flexible` narrowed (to `least` at most) so that every column,
    two spaces apart, fits in `room` cells: the others are never cut."""
    total = sum(widths) + 2 * len(widths)
    fitted = list(widths)
    fitted[flexible] = max(least, widths[flexible] - max(0, total - room))
    return fitted


def columns_line(
    cells: tuple[str | Text, ...], widths: list[int], style: str = "", right_aligned: frozenset[int] = frozenset()
) -> Text:
    """The cells padded (or shortened with …) to their widths, two spaces apart."""
    plain = [cell for cell in cells if isinstance(cell, str)]
    if len(plain) == len(cells):  # plain cells: one string made into one Text (fast for thousands of lines)
        fitted = (
            _fitted(cell, width, position in right_aligned)
            for position, (cell, width) in enumerate(zip(plain, widths, strict=True))
        )
        return Text("".join(cell + "  " for cell in fitted), style=style)
    line = Text(style=style)
    for position, (cell, width) in enumerate(zip(cells, widths, strict=True)):
        shown = cell.copy() if isinstance(cell, Text) else Text(cell)
        shown.truncate(width, overflow="ellipsis")
        padding = Text(" " * (width - shown.cell_len))
        line += padding + shown if position in right_aligned else shown + padding
        line += Text("  ")
    return line


def _fitted(cell: str, width: int, right_aligned: bool) -> str:
    """A plain cell padded (or shortened with …) to `width` cells."""
    length = cell_len(cell)
    if length > width:
        cell = set_cell_size(cell, width - 1) + "…"
        length = cell_len(cell)
    padding = " " * (width - length)
    return padding + cell if right_aligned else cell + padding
