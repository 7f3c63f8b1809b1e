"""A swgtui Word export changed the way Word changes it when a reviewer works on it.

    reviewed = Reviewed(path)                      # a file written by export_docx
    reviewed.replace("old words", "new words", author="Mr Lord", date="2026-03-02T09:15:00Z")
    reviewed.insert_after("anchor words", " more", author=...)   # a tracked insertion only
    reviewed.delete_across("end of one row", "start of the next", author=...)
    reviewed.make_bold("a passage", author=...)      # a tracked formatting change (w:rPrChange)
    reviewed.delete_row("a title"), reviewed.insert_row_after("a title", "New row")
    reviewed.move_row_before("a title", "another title")   # a row dragged, Track Changes off
    reviewed.edit("old words", "new words")        # typed with Track Changes off
    first = reviewed.comment("a passage", "Why?", author="Mr Lord", date=...)
    reviewed.reply(first, "Because.", author="Noy Focal", date=...)
    reviewed.resolve(first)
    reviewed.saved_by("Mr Lord", "2026-03-02T10:00:00Z")
    reviewed.save()                                # over the file, or save(other_path)

Tracked changes are `w:ins` / `w:del` around runs (deleted text in `w:delText`), each with a
`w:id`, `w:author` and `w:date`; a deleted paragraph mark is `w:pPr/w:rPr/w:del`. Comments go
to word/comments.xml (`w:comment` with author, initials and date; its paragraphs carry a
`w14:paraId`), anchored by commentRangeStart / commentRangeEnd and a commentReference run;
replies and the done state go to word/commentsExtended.xml (`w15:commentEx`), with its
relationship and content type. Passages are found by their text: each must be in exactly one
paragraph of the document.
"""

from __future__ import annotations

import copy
import itertools
import zipfile
from pathlib import Path

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"
W15_NS = "http://schemas.microsoft.com/office/word/2012/wordml"
W = f"{{{W_NS}}}"
W14 = f"{{{W14_NS}}}"
W15 = f"{{{W15_NS}}}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
COMMENTS = (
    "word/comments.xml",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml",
)
COMMENTS_EXTENDED = (
    "word/commentsExtended.xml",
    "http://schemas.microsoft.com/office/2011/relationships/commentsExtended",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml",
)
REVIEWER = "Mr Lord"
WHEN = "2026-03-02T09:15:00Z"


def _text(paragraph: etree._Element) -> str:
    return "".join(t.text or "" for t in paragraph.iter(f"{W}t"))


def _shown_runs(paragraph: etree._Element) -> list[etree._Element]:
    """The paragraph's runs whose text shows: its own and those inside an insertion (a second
    edit of one paragraph finds the first one's text), not those inside a deletion."""
    return [run for run in paragraph.iter(f"{W}r") if run.getparent().tag != f"{W}del"]


def _w(tag: str, **attributes: str) -> etree._Element:
    element = etree.Element(f"{W}{tag}")
    for name, value in attributes.items():
        element.set(f"{W}{name}", value)
    return element


class Reviewed:
    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        with zipfile.ZipFile(self.path) as archive:
            self.parts = {name: archive.read(name) for name in archive.namelist()}
        self.document = etree.fromstring(self.parts["word/document.xml"])
        self.comments = (
            etree.fromstring(self.parts[COMMENTS[0]])
            if COMMENTS[0] in self.parts
            else etree.Element(f"{W}comments", nsmap={"w": W_NS, "w14": W14_NS})
        )
        self.extended: list[tuple[str, str | None, bool]] = []  # (paraId, paraIdParent, done)
        self.para_ids: dict[str, str] = {}  # comment id -> the paraId of its last paragraph
        used = [int(e.get(f"{W}id")) for e in self.document.iter() if e.get(f"{W}id", "").isdigit()]
        used += [int(c.get(f"{W}id")) for c in self.comments]
        self.ids = itertools.count(max(used, default=0) + 1)
        self.para_numbers = itertools.count(0x1A2B3C01)

    # finding text ------------------------------------------------------------------------

    def paragraph(self, text: str) -> etree._Element:
        """The one paragraph holding `text` (or, of several, the one that is just `text`)."""
        found = [p for p in self.document.iter(f"{W}p") if text in _text(p)]
        exact = [p for p in found if _text(p) == text]
        found = exact if len(found) > 1 and len(exact) == 1 else found
        assert len(found) == 1, f"{text!r} is in {len(found)} paragraphs"
        return found[0]

    def _runs(self, text: str, where: str = "") -> list[etree._Element]:
        """The runs that hold exactly `text` (in the paragraph holding `where`, else `text`),
        split where needed."""
        paragraph = self.paragraph(where or text)
        start = _text(paragraph).index(text)
        self._split_at(paragraph, start)
        self._split_at(paragraph, start + len(text))
        runs, offset = [], 0
        for run in _shown_runs(paragraph):
            length = len(_text(run))
            if start <= offset and offset + length <= start + len(text) and length:
                runs.append(run)
            offset += length
        return runs

    @staticmethod
    def _split_at(paragraph: etree._Element, at: int) -> None:
        offset = 0
        for run in _shown_runs(paragraph):
            texts = run.findall(f"{W}t")
            length = len(_text(run))
            if offset < at < offset + length:
                assert len(texts) == 1, "a run with one text only"
                second = copy.deepcopy(run)
                cut = at - offset
                text = texts[0].text or ""
                texts[0].text, second.find(f"{W}t").text = text[:cut], text[cut:]
                for element in (texts[0], second.find(f"{W}t")):
                    element.set(XML_SPACE, "preserve")
                run.addnext(second)
                return
            offset += length

    def _mark(self, tag: str, author: str, date: str | None) -> etree._Element:
        mark = _w(tag, id=str(next(self.ids)), author=author)
        if date:
            mark.set(f"{W}date", date)
        return mark

    @staticmethod
    def _new_run(like: etree._Element | None, text: str) -> etree._Element:
        run = _w("r")
        properties = like.find(f"{W}rPr") if like is not None else None
        if properties is not None:
            run.append(copy.deepcopy(properties))
        t = etree.SubElement(run, f"{W}t")
        t.text = text
        t.set(XML_SPACE, "preserve")
        return run

    def _delete(self, runs: list[etree._Element], author: str, date: str | None) -> etree._Element:
        deletion = self._mark("del", author, date)
        runs[0].addprevious(deletion)
        for run in runs:
            for t in run.findall(f"{W}t"):
                t.tag = f"{W}delText"
            deletion.append(run)
        return deletion

    # tracked changes ---------------------------------------------------------------------

    def replace(self, old: str, new: str, author: str = REVIEWER, date: str | None = WHEN, where: str = "") -> None:
        """`old` struck out and `new` inserted after it, as Track Changes records typing over it
        (`where`: a longer passage of the paragraph, when `old` alone is in several)."""
        runs = self._runs(old, where)
        deletion = self._delete(runs, author, date)
        if new:
            insertion = self._mark("ins", author, date)
            insertion.append(self._new_run(runs[0], new))
            deletion.addnext(insertion)

    def insert_after(
        self, anchor: str, new: str, author: str = REVIEWER, date: str | None = WHEN, where: str = ""
    ) -> None:
        runs = self._runs(anchor, where)
        insertion = self._mark("ins", author, date)
        insertion.append(self._new_run(runs[-1], new))
        runs[-1].addnext(insertion)

    def delete_across(
        self,
        start: str,
        end: str,
        author: str = REVIEWER,
        date: str | None = WHEN,
        where: str = "",
        where_end: str = "",
    ) -> None:
        """Delete from `start` (to the end of its paragraph) up to the end of `end` (which begins
        a later paragraph, e.g. in the next row): one selection deleted with Track Changes on.
        Each paragraph gets its own w:del; a paragraph mark inside a cell is deleted too.
        `where`, `where_end`: longer passages of the two paragraphs, when needed to tell them."""
        first, last = self.paragraph(where or start), self.paragraph(where_end or end)
        paragraphs = list(self.document.iter(f"{W}p"))
        span = paragraphs[paragraphs.index(first) : paragraphs.index(last) + 1]
        assert _text(first).endswith(start) and _text(last).startswith(end)
        self._delete(self._runs(start, where), author, date)
        for paragraph in span[1:-1]:
            runs = [r for r in paragraph.findall(f"{W}r") if _text(r)]
            if runs:
                self._delete(runs, author, date)
        self._delete(self._runs(end, where_end), author, date)
        for paragraph, following in itertools.pairwise(span):
            if paragraph.getnext() is following:  # the same cell: its mark goes too
                properties = paragraph.find(f"{W}pPr")
                if properties is None:
                    properties = _w("pPr")
                    paragraph.insert(0, properties)
                marks = properties.find(f"{W}rPr")
                if marks is None:
                    marks = etree.SubElement(properties, f"{W}rPr")
                marks.append(self._mark("del", author, date))

    def make_bold(self, passage: str, author: str = REVIEWER, date: str | None = WHEN, where: str = "") -> None:
        """`passage` made bold with Track Changes on: the old formatting kept in w:rPrChange."""
        for run in self._runs(passage, where):
            properties = run.find(f"{W}rPr")
            if properties is None:
                properties = _w("rPr")
                run.insert(0, properties)
            change = self._mark("rPrChange", author, date)
            change.append(copy.deepcopy(properties))
            properties.insert(0, _w("b"))
            properties.append(change)

    def _row(self, text: str) -> etree._Element:
        row = self.paragraph(text)
        while row.tag != f"{W}tr":
            row = row.getparent()
        return row

    def _mark_row(self, row: etree._Element, tag: str, author: str, date: str | None) -> None:
        properties = row.find(f"{W}trPr")
        if properties is None:
            properties = _w("trPr")
            row.insert(row.index(row.find(f"{W}tc")), properties)
        properties.append(self._mark(tag, author, date))

    def delete_row(self, text: str, author: str = REVIEWER, date: str | None = WHEN) -> None:
        """Delete the table row holding `text` with Track Changes on: the row and its text marked."""
        row = self._row(text)
        for paragraph in row.iter(f"{W}p"):
            runs = [r for r in paragraph.findall(f"{W}r") if _text(r)]
            if runs:
                self._delete(runs, author, date)
        self._mark_row(row, "del", author, date)

    def insert_row_after(self, text: str, title: str, author: str = REVIEWER, date: str | None = WHEN) -> None:
        """A new table row, typed with Track Changes on after the row holding `text`: `title`
        in its first cell, the other cells empty."""
        row = self._row(text)
        added = copy.deepcopy(row)
        for cell in added.findall(f"{W}tc"):
            for paragraph in cell.findall(f"{W}p")[1:]:
                cell.remove(paragraph)
            for child in cell.find(f"{W}p").findall(f"{W}r"):
                child.getparent().remove(child)
        insertion = self._mark("ins", author, date)
        insertion.append(self._new_run(None, title))
        added.find(f"{W}tc/{W}p").append(insertion)
        for old in added.iter(f"{W}ins", f"{W}del"):
            if old.getparent().tag == f"{W}trPr":
                old.getparent().remove(old)
        self._mark_row(added, "ins", author, date)
        row.addnext(added)

    # untracked edits ---------------------------------------------------------------------

    def move_row_before(self, text: str, other: str) -> None:
        """The table row holding `text` dragged above the one holding `other`, Track Changes off."""
        row = self._row(text)
        self._row(other).addprevious(row)

    def edit(self, old: str, new: str, where: str = "") -> None:
        """`old` typed over with `new`, Track Changes off: no trace of the change."""
        runs = self._runs(old, where)
        runs[0].addprevious(self._new_run(runs[0], new))
        for run in runs:
            run.getparent().remove(run)

    # comments ----------------------------------------------------------------------------

    def comment(
        self,
        passage: str,
        text: str,
        author: str = REVIEWER,
        date: str = WHEN,
        initials: str | None = None,
        where: str = "",
        _anchor: tuple[etree._Element, etree._Element] | None = None,
    ) -> str:
        """A comment on `passage`; returns its id (for reply and resolve)."""
        comment_id = str(next(self.ids))
        if _anchor is None:
            runs = self._runs(passage, where)
            before, after = runs[0], runs[-1]
        else:
            before, after = _anchor
        before.addprevious(_w("commentRangeStart", id=comment_id))
        end = _w("commentRangeEnd", id=comment_id)
        after.addnext(end)
        reference = _w("r")
        style = etree.SubElement(etree.SubElement(reference, f"{W}rPr"), f"{W}rStyle")
        style.set(f"{W}val", "CommentReference")
        etree.SubElement(reference, f"{W}commentReference").set(f"{W}id", comment_id)
        end.addnext(reference)

        initials = initials or "".join(word[0] for word in author.split())
        element = _w("comment", id=comment_id, author=author, date=date, initials=initials)
        for number, line in enumerate(text.split("\n")):
            paragraph = etree.SubElement(element, f"{W}p")
            para_id = f"{next(self.para_numbers):08X}"
            paragraph.set(f"{W14}paraId", para_id)
            paragraph.set(f"{W14}textId", "77777777")
            if number == 0:
                mark = etree.SubElement(paragraph, f"{W}r")
                etree.SubElement(mark, f"{W}annotationRef")
            run = etree.SubElement(paragraph, f"{W}r")
            etree.SubElement(run, f"{W}t").text = line
        self.comments.append(element)
        self.para_ids[comment_id] = para_id
        self.extended.append((para_id, None, False))
        return comment_id

    def reply(self, to: str, text: str, author: str = REVIEWER, date: str = WHEN) -> str:
        """A reply to comment `to`, anchored on the same passage, as Word anchors replies."""
        start = self.document.xpath(f"//w:commentRangeStart[@w:id='{to}']", namespaces={"w": W_NS})[0]
        end = self.document.xpath(f"//w:commentRangeEnd[@w:id='{to}']", namespaces={"w": W_NS})[0]
        if to not in self.para_ids:  # a comment the file had (swgtui's): Word gives it a paraId on saving
            last = self.comments.xpath(f"w:comment[@w:id='{to}']/w:p", namespaces={"w": W_NS})[-1]
            self.para_ids[to] = f"{next(self.para_numbers):08X}"
            last.set(f"{W14}paraId", self.para_ids[to])
            self.extended.append((self.para_ids[to], None, False))
        reply_id = self.comment("", text, author, date, _anchor=(start, end.getnext()))
        parent = self.para_ids[to]
        self.extended[-1] = (self.para_ids[reply_id], parent, False)
        return reply_id

    def resolve(self, comment_id: str) -> None:
        """Mark the comment's thread done, as Word's "Resolve" does (the comment and its replies)."""
        root = self.para_ids[comment_id]
        self.extended = [(para, parent, done or para == root or parent == root) for para, parent, done in self.extended]

    # core properties and saving ----------------------------------------------------------

    def saved_by(self, name: str, date: str) -> None:
        """Word sets who saved the file last, and when."""
        core = etree.fromstring(self.parts["docProps/core.xml"])
        namespaces = {
            "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
            "dcterms": "http://purl.org/dc/terms/",
        }
        core.find("cp:lastModifiedBy", namespaces).text = name
        core.find("dcterms:modified", namespaces).text = date
        self.parts["docProps/core.xml"] = etree.tostring(core, xml_declaration=True, encoding="UTF-8")

    def _add_part(self, part: tuple[str, str, str], payload: bytes) -> None:
        name, relationship, content_type = part
        if name not in self.parts:
            rels = etree.fromstring(self.parts["word/_rels/document.xml.rels"])
            numbers = [int(r.get("Id")[3:]) for r in rels if r.get("Id", "").startswith("rId")]
            link = etree.SubElement(rels, f"{{{REL_NS}}}Relationship")
            link.set("Id", f"rId{max(numbers, default=0) + 1}")
            link.set("Type", relationship)
            link.set("Target", name.removeprefix("word/"))
            self.parts["word/_rels/document.xml.rels"] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8")
            types = etree.fromstring(self.parts["[Content_Types].xml"])
            override = etree.SubElement(types, f"{{{TYPES_NS}}}Override")
            override.set("PartName", f"/{name}")
            override.set("ContentType", content_type)
            self.parts["[Content_Types].xml"] = etree.tostring(types, xml_declaration=True, encoding="UTF-8")
        self.parts[name] = payload

    def save(self, path: Path | str | None = None) -> Path:
        target = Path(path) if path is not None else self.path
        self.parts["word/document.xml"] = etree.tostring(self.document, xml_declaration=True, encoding="UTF-8")
        if len(self.comments):
            self._add_part(COMMENTS, etree.tostring(self.comments, xml_declaration=True, encoding="UTF-8"))
        if self.extended:
            extended = etree.Element(f"{W15}commentsEx", nsmap={"w15": W15_NS})
            for para_id, parent, done in self.extended:
                entry = etree.SubElement(extended, f"{W15}commentEx")
                entry.set(f"{W15}paraId", para_id)
                if parent:
                    entry.set(f"{W15}paraIdParent", parent)
                entry.set(f"{W15}done", "1" if done else "0")
            self._add_part(COMMENTS_EXTENDED, etree.tostring(extended, xml_declaration=True, encoding="UTF-8"))
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, payload in self.parts.items():
                archive.writestr(name, payload)
        return target
