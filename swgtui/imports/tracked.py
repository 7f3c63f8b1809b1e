"""Word's tracked changes on the XML of word/document.xml: the text with every change accepted,
the text with every change rejected, and who changed a paragraph when.

Both views are deep copies (or the tree itself, changed, when it is not needed again), so the
same file can be read both ways. Rows inserted with Track
Changes on are dropped from both views (swgtui cannot place a new row from Word), rows deleted
are emptied in the accepted view but kept, so the rows of both views line up one to one.
Paragraphs that a tracked paragraph mark joins or splits keep the numbers `number_paragraphs`
gave them (SOURCE, several numbers when joined), so each view's paragraphs lead back to the file's.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SOURCE = "swgtui-paragraph"  # its number(s) in the file (number_paragraphs); no namespace: none to declare
INSERTED, DELETED = (f"{W}ins", f"{W}moveTo"), (f"{W}del", f"{W}moveFrom")
FORMAT_CHANGES = tuple(
    f"{W}{name}"
    for name in ("rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "trPrChange", "tcPrChange", "tblGridChange")
)
RANGE_MARKS = tuple(
    f"{W}{name}" for name in ("moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd")
)

Element = Any  # an lxml element (python-docx's oxml classes included)


def number_paragraphs(root: Element) -> Iterator[tuple[int, Element]]:
    """Give every paragraph its number in document order (SOURCE), yielding (number, paragraph)
    one at a time (a list of them all would hold a Python object for each)."""
    for number, paragraph in enumerate(root.iter(f"{W}p")):
        paragraph.set(SOURCE, str(number))
        yield number, paragraph


def sources(paragraph: Element) -> list[int]:
    """The numbers of the file's paragraphs this paragraph of a view was made from."""
    return [int(n) for n in (paragraph.get(SOURCE) or "").split()]


def inserted_rows(root: Element) -> int:
    """How many table rows were inserted with Track Changes on (both views leave them out)."""
    return sum(1 for _ in _marked_rows(root, INSERTED))


def accepted(root: Element, in_place: bool = False) -> Element:
    """A copy with every tracked change accepted (`in_place`: the tree itself, changed)."""
    view = root if in_place else copy.deepcopy(root)
    _drop_inserted_rows(view)
    for row in list(_marked_rows(view, DELETED)):  # emptied: each cell keeps its first paragraph, empty
        for cell in row.iterchildren(f"{W}tc"):
            first = cell.find(f"{W}p")
            for child in list(cell):
                if child.tag != f"{W}tcPr" and child is not first:
                    cell.remove(child)
            for child in list(first if first is not None else []):
                if child.tag != f"{W}pPr":
                    first.remove(child)
    _remove(view, DELETED)
    _join_marked_paragraphs(view, DELETED)
    _unwrap(view, INSERTED)
    _remove(view, FORMAT_CHANGES + RANGE_MARKS)
    _remove_markers(view)
    return view


def original(root: Element, in_place: bool = False) -> Element:
    """A copy with every tracked change rejected: the text as it was before the reviewer's changes."""
    view = root if in_place else copy.deepcopy(root)
    _drop_inserted_rows(view)
    _remove(view, INSERTED)
    _join_marked_paragraphs(view, INSERTED)
    _unwrap(view, DELETED)
    for name, old in (("delText", "t"), ("delInstrText", "instrText")):
        for element in list(view.iter(f"{W}{name}")):
            element.tag = f"{W}{old}"
    for change in list(view.iter(f"{W}rPrChange", f"{W}pPrChange")):
        properties, old = change.getparent(), change.find(f"{W}rPr" if change.tag == f"{W}rPrChange" else f"{W}pPr")
        keep = [c for c in properties if c.tag in (f"{W}rPr", f"{W}sectPr")] if change.tag == f"{W}pPrChange" else []
        for child in list(properties):
            properties.remove(child)
        for child in list(old if old is not None else []):
            properties.append(child)
        for child in keep:  # a paragraph's mark and section stay the paragraph's own
            properties.append(child)
    _remove(view, FORMAT_CHANGES + RANGE_MARKS)
    _remove_markers(view)
    return view


def changes_in(paragraph: Element) -> list[tuple[str, str, str | None]]:
    """The tracked changes in a paragraph of the file (not of a view), in document order:
    ("ins" | "del", author, date as ISO UTC or None). A paragraph mark counts too."""
    found = []
    for element in paragraph.iter(*INSERTED, *DELETED):
        kind = "ins" if element.tag in INSERTED else "del"
        found.append((kind, element.get(f"{W}author") or "", iso_date(element.get(f"{W}date"))))
    return found


def iso_date(text: str | None) -> str | None:
    """A date as Word writes it ("2026-03-02T09:15:00Z"; LibreOffice may leave out the zone)
    as ISO UTC, like swgtui's own times; None when absent or unreadable."""
    if not text:
        return None
    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return utc_iso(when)


def utc_iso(when: datetime | None) -> str | None:
    """A date (UTC when it has no zone) as ISO UTC to the second; None when absent or when it
    has no UTC time (year 1 or 9999 shifted out of range by its zone)."""
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    try:
        return when.astimezone(UTC).replace(microsecond=0).isoformat(timespec="seconds")
    except (OverflowError, ValueError):
        return None


# --- the pieces ---------------------------------------------------------------------------------


def _is_mark(element: Element) -> bool:
    """A w:ins / w:del inside properties (w:rPr, w:trPr): marks a paragraph mark, a run's
    formatting or a row, rather than wrapping content."""
    parent = element.getparent()
    return parent is not None and parent.tag in (f"{W}rPr", f"{W}trPr", f"{W}tcPr", f"{W}numPr")


def _marked_rows(root: Element, tags: tuple[str, ...]) -> list[Element]:
    return [
        row
        for row in root.iter(f"{W}tr")
        if (properties := row.find(f"{W}trPr")) is not None and any(properties.find(tag) is not None for tag in tags)
    ]


def _drop_inserted_rows(view: Element) -> None:
    for row in _marked_rows(view, INSERTED):
        row.getparent().remove(row)


def _remove(view: Element, tags: tuple[str, ...]) -> None:
    for element in list(view.iter(*tags)):
        if element.tag in FORMAT_CHANGES or element.tag in RANGE_MARKS or not _is_mark(element):
            parent = element.getparent()
            if parent is not None:
                parent.remove(element)


def _unwrap(view: Element, tags: tuple[str, ...]) -> None:
    for element in list(view.iter(*tags)):
        if _is_mark(element):
            continue
        parent = element.getparent()
        if parent is None:
            continue
        at = parent.index(element)
        for offset, child in enumerate(list(element)):
            parent.insert(at + offset, child)
        parent.remove(element)


def _join_marked_paragraphs(view: Element, tags: tuple[str, ...]) -> None:
    """A paragraph whose mark is marked (w:pPr/w:rPr/w:del in the accepted view, w:ins in the
    original) runs on into the next paragraph of the same cell: its content goes to the start
    of that paragraph, which keeps its own properties (as Word does)."""
    for paragraph in _marked_paragraphs(view, tags):
        following = paragraph.getnext()
        if following is None or following.tag != f"{W}p":
            continue  # the end of a cell or of the document: nothing to join
        content = [child for child in paragraph if child.tag != f"{W}pPr"]
        properties = following.find(f"{W}pPr")
        at = 0 if properties is None else 1
        for offset, child in enumerate(content):
            following.insert(at + offset, child)
        following.set(SOURCE, " ".join(filter(None, (paragraph.get(SOURCE), following.get(SOURCE)))))
        paragraph.getparent().remove(paragraph)


def _marked_paragraphs(view: Element, tags: tuple[str, ...]) -> list[Element]:
    """The paragraphs whose mark (w:pPr/w:rPr) holds one of `tags`, in document order (found
    from the marks, not by looking into every paragraph)."""
    found: list[Element] = []
    for element in view.iter(*tags):
        mark = element.getparent()
        properties = mark.getparent() if mark is not None else None
        paragraph = properties.getparent() if properties is not None else None
        if (
            paragraph is not None
            and properties is not None
            and paragraph.tag == f"{W}p"
            and properties.tag == f"{W}pPr"
            and paragraph.find(f"{W}pPr/{W}rPr") is mark
            and (not found or found[-1] is not paragraph)
        ):
            found.append(paragraph)
    return found


def _remove_markers(view: Element) -> None:
    for element in list(view.iter(*INSERTED, *DELETED)):
        if _is_mark(element):
            element.getparent().remove(element)
