"""The page and the table of an export, in centimetres: A4 in the template's orientation, and
the width of each of the template's columns (no python-docx here: the view works them out).

A column's width is the template's; the columns without one share what is left of the text
width. When the widths given leave too little for those (or exceed the text width), they are
scaled down to fit.
"""

from __future__ import annotations

A4 = (21.0, 29.7)  # width, height of a portrait page
MARGIN = 1.8  # every side
MIN_SHARED = 2.0  # the least a column without a width of its own is given, while the page allows
_SLACK = 1e-9  # widths that add up to the text width exactly, in floating point


def page_size(orientation: str) -> tuple[float, float]:
    """The page's width and height for "portrait" or "landscape"."""
    short, long = A4
    return (long, short) if orientation == "landscape" else (short, long)


def text_width(orientation: str) -> float:
    """The width between the margins."""
    return page_size(orientation)[0] - 2 * MARGIN


def column_widths(widths: tuple[float | None, ...], orientation: str) -> tuple[float, ...]:
    """Each column's width: as given (None: a share of what is left of the text width), scaled
    down to fit the text width when the given ones take too much."""
    available = text_width(orientation)
    shared = sum(1 for width in widths if width is None)
    given = sum(width for width in widths if width is not None)
    room = available - shared * min(MIN_SHARED, available / max(len(widths), 1))
    scale = room / given if given > room + _SLACK else 1.0
    fixed = [None if width is None else width * scale for width in widths]
    share = (available - sum(width for width in fixed if width is not None)) / shared if shared else 0.0
    return tuple(share if width is None else width for width in fixed)
