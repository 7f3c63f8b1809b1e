"""Rows drawn as one line of aligned columns: an option list of such lines draws far faster
than a DataTable (which renders every cell on its own)."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text


def column_widths(labels: tuple[str, ...], rows: list[tuple[str, ...]], widest: int) -> list[int]:
    """Each column as wide as its widest cell or label, up to `widest` cells."""
    return [
        min(widest, max([cell_len(label), *(cell_len(row[position]) for row in rows)]))
        for position, label in enumerate(labels)
    ]


def columns_line(
    cells: tuple[str | Text, ...], widths: list[int], style: str = "", right_aligned: frozenset[int] = frozenset()
) -> Text:
    """The cells padded (or shortened with …) to their widths, two spaces apart."""
    line = Text(style=style)
    for position, (cell, width) in enumerate(zip(cells, widths, strict=True)):
        shown = cell.copy() if isinstance(cell, Text) else Text(cell)
        shown.truncate(width, overflow="ellipsis")
        padding = Text(" " * (width - shown.cell_len))
        line += padding + shown if position in right_aligned else shown + padding
        line += Text("  ")
    return line
