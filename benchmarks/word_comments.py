"""A reviewed Word file with many comments, as Word writes them: each anchored on a passage of
the table's narratives (commentRangeStart, commentRangeEnd and a commentReference run), one in four a reply
to the comment before it, one thread in ten marked done (word/commentsExtended.xml)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree  # type: ignore[import-untyped]

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"
W15_NS = "http://schemas.microsoft.com/office/word/2012/wordml"
W, W14, W15 = f"{{{W_NS}}}", f"{{{W14_NS}}}", f"{{{W15_NS}}}"
RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
PARTS = {  # name: (relationship type, content type)
    "comments.xml": (
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml",
    ),
    "commentsExtended.xml": (
        "http://schemas.microsoft.com/office/2011/relationships/commentsExtended",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml",
    ),
}
AUTHORS = ("Mr Lord", "Anna Reviewer", "Khamla Sisouk")


def _w(tag: str, **attributes: str) -> etree._Element:
    element = etree.Element(f"{W}{tag}")
    for name, value in attributes.items():
        element.set(f"{W}{name}", value)
    return element


def with_comments(source: Path, out: Path, count: int) -> Path:
    """A copy of `source` (a swgtui export without comments) carrying `count` comments."""
    with zipfile.ZipFile(source) as archive:
        files = {info.filename: archive.read(info) for info in archive.infolist()}
    document = etree.fromstring(files["word/document.xml"])
    table = next(document.iter(f"{W}tbl"))
    runs = [  # in the narratives: the second and third cells of the rows below the column titles
        run
        for row in table.findall(f"{W}tr")[1:]
        for cell in row.findall(f"{W}tc")[1:3]
        for run in cell.iter(f"{W}r")
        if "".join(run.itertext()).strip()
    ]
    comments = etree.Element(f"{W}comments", nsmap={"w": W_NS, "w14": W14_NS})
    extended = etree.Element(f"{W15}commentsEx", nsmap={"w15": W15_NS})
    parent = ""
    for number in range(count):
        run = runs[number % len(runs)]
        run.addprevious(_w("commentRangeStart", id=str(number)))
        end = _w("commentRangeEnd", id=str(number))
        run.addnext(end)
        reference = _w("r")
        reference.append(_w("commentReference", id=str(number)))
        end.addnext(reference)
        author = AUTHORS[number % len(AUTHORS)]
        comment = _w("comment", id=str(number), author=author, date="2026-03-02T09:15:00Z", initials=author[:2])
        paragraph = etree.SubElement(comment, f"{W}p")
        para_id = f"{number + 1:08X}"
        paragraph.set(f"{W14}paraId", para_id)
        etree.SubElement(
            etree.SubElement(paragraph, f"{W}r"), f"{W}t"
        ).text = f"Comment {number}: please check the figures in this passage against the 2025 survey."
        comments.append(comment)
        entry = etree.SubElement(extended, f"{W15}commentEx")
        entry.set(f"{W15}paraId", para_id)
        if number % 4 == 3 and parent:
            entry.set(f"{W15}paraIdParent", parent)
        else:
            parent = para_id
            entry.set(f"{W15}done", "1" if number % 40 == 0 else "0")
    files["word/document.xml"] = etree.tostring(document, xml_declaration=True, encoding="UTF-8", standalone=True)
    files["word/comments.xml"] = etree.tostring(comments, xml_declaration=True, encoding="UTF-8", standalone=True)
    files["word/commentsExtended.xml"] = etree.tostring(extended, xml_declaration=True, encoding="UTF-8")
    relationships = etree.fromstring(files["word/_rels/document.xml.rels"])
    types = etree.fromstring(files["[Content_Types].xml"])
    for name, (relationship, content_type) in PARTS.items():
        link = etree.SubElement(relationships, f"{RELATIONSHIPS}Relationship")
        link.set("Id", f"rIdBench{len(relationships)}")
        link.set("Type", relationship)
        link.set("Target", name)
        override = etree.SubElement(types, f"{TYPES}Override")
        override.set("PartName", f"/word/{name}")
        override.set("ContentType", content_type)
    files["word/_rels/document.xml.rels"] = etree.tostring(relationships, xml_declaration=True, encoding="UTF-8")
    files["[Content_Types].xml"] = etree.tostring(types, xml_declaration=True, encoding="UTF-8")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out
