"""Read a Word file a reviewer sent back: each text as exported and as the reviewer left it,
who changed it when, and their comments, matched to the report the file was exported from.

The file is read twice with the import's reader (docx_reader): once with every tracked change
rejected (the text as it was given to the reviewer, plus any untracked edits) and once with
every change accepted, with the template's words in the language the marks record (else the one
its column titles are in). Rows are matched to the report by the export marks' row order (else
by title, else by the report's order), partners by the marks' order (else by name). A row that
shows the template's title (rp.shown_title) in the file's language, or in both, reads as the
title the report keeps: unchanged. Nothing in the report is changed: what to make of the
differences is the receiver's business (exchange_docx).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from dataclasses import field as _default
from functools import partial
from pathlib import Path
from typing import Any

from lxml import etree  # type: ignore[import-untyped]  # (python-docx's own XML library)

from swgtui.exports.docx_properties import ExportMarks, read_marks
from swgtui.i18n import _
from swgtui.imports import tracked, wordxml
from swgtui.imports.docx_reader import (
    Body,
    DocxImportError,
    _columns,
    _comment_ranges,
    _open,
    _RawRow,
    _Reader,
    _split_tag,
    _squash,
    _strip_marks,
    comment_author,
    view,
)
from swgtui.imports.template_match import BOTH, TemplateNotFound, Words, find_template, languages
from swgtui.model import report as rp
from swgtui.model.template import Template, load_template
from swgtui.model.types import Report, Row
from swgtui.text import clean_line, clean_text

W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
W15 = "{http://schemas.microsoft.com/office/word/2012/wordml}"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


@dataclass
class FieldText:
    part: str
    field: str  # a text key: a header or row field id, a partner (item) id, or "title"
    original: str  # Markdown-lite, every tracked change rejected
    accepted: str  # every tracked change accepted
    authors: list[str] = _default(default_factory=list)  # authors of its tracked changes, latest change last
    changed_at: str | None = None  # the date of its latest tracked change (ISO, UTC)
    change_dates: list[str] = _default(default_factory=list)  # every tracked change's date, in order


@dataclass
class WordComment:
    word_id: str
    part: str
    field: str  # a field id or partner id; "" for the part as a whole (a row's title, the header's lists)
    quote: str  # the passage it is anchored on
    text: str
    author: str
    at: str | None
    parent: str | None  # word_id of the comment it answers (commentsExtended paraIdParent)
    done: bool  # resolved in Word (commentsExtended done="1")


@dataclass
class ReviewedFile:
    name: str
    marks: ExportMarks | None
    fields: list[FieldText]  # every text key found in the file, in the file's order
    comments: list[WordComment]  # parents before their replies
    modified_by: str  # who saved it last (core properties), else its author, else "Word reviewer"
    modified_at: str | None
    notes: list[str]  # what was not taken (rows added in Word, contacts edited, …)
    period: str = ""  # the period its overview heading names, as sent (every tracked change rejected)


def read_file_marks(path: Path, template: Template | None = None) -> ExportMarks | None:
    """The file's export marks, opened with the import's checks (size, zip, memory). A file
    without them is refused first if it has no Annex 2 table (a letter): its marks are not what it lacks."""
    document = _open(path)
    marks = read_marks(document, path.name)
    if marks is None:
        body = view(document, lambda root: root)
        try:
            _Reader(body, template or _template_of(document, body, path)).find_table()
        except DocxImportError as error:
            raise DocxImportError(f"{path.name}: {error}") from None
    return marks


def _template_of(document: Any, body: Body, path: Path) -> Template:
    """The template the file records or its words match; else Annex 2."""
    try:
        return find_template(document, body.element, path.name, None)[0]
    except TemplateNotFound:
        return load_template("annex2")


def read_reviewed(
    path: Path, report: Report, template: Template, marks: ExportMarks | None, sent_titles: dict[str, str] | None = None
) -> ReviewedFile:
    """`sent_titles`: each row's title as exported (the marks' base of its title), by row id."""
    document = _open(path, copies=1)
    numbered = tracked.number_paragraphs(document.element)
    changes = {number: found for number, paragraph in numbered if (found := tracked.changes_in(paragraph))}
    added_rows = tracked.inserted_rows(document.element)
    before = _View(document, template, tracked.original, marks)
    # the file's own tree, changed: not needed again
    after = _View(document, template, partial(tracked.accepted, in_place=True), marks)
    notes: list[str] = []
    pairs = _match_rows(before, report, marks, notes, sent_titles or {})
    if not pairs and not before.header:
        raise DocxImportError(
            _("{name} is not an Annex 2 report: none of its rows or header fields was found").format(name=path.name)
        )
    before.read(report, pairs, marks)
    after.read(report, pairs, marks, like=before)
    fields = _field_texts(report, template, before, after, changes)
    _note_other_changes(report, added_rows, before, after, notes)
    comments = _comments(document, before, after, notes)
    properties = _core_properties(document)
    return ReviewedFile(
        name=path.name,
        marks=marks,
        fields=fields,
        comments=comments,
        modified_by=clean_line(properties.last_modified_by or properties.author or "") or "Word reviewer",
        modified_at=_modified(properties),
        notes=notes,
        period=before.period,
    )


# --- one view of the file -----------------------------------------------------------------------


class _View:
    """The file with every tracked change accepted, or every one rejected, read into a scratch
    copy of the report: header fields, and each matched row's title, fields and partners."""

    def __init__(self, document: Any, template: Template, transform: Any, marks: ExportMarks | None) -> None:
        self.document = view(document, transform)
        self.template = template
        said = marks.language if marks is not None and marks.language in languages(template) else None
        self.reader = _Reader(self.document, template, Words(template, said) if said else None)  # else by its columns
        self.table = self.reader.find_table()  # a file without the table is refused here
        self.table_rows = wordxml.rows(self.table)
        self.raw_rows = self.reader.raw_rows(self.table_rows, one_to_one=marks is not None)
        self.header: dict[str, str] = {}
        self.contacts: list[tuple[str, str, str, str]] = []
        self.rows: dict[str, Row] = {}  # report row id -> the file's texts of it
        self.tags: dict[str, str] = {}
        self.keys: dict[int, tuple[str, str]] = {}  # the file's paragraph number -> (part, text key)
        scratch = _report_shape(template)
        self.period = self.reader.read_header(scratch)
        self.header = dict(scratch["header"]["fields"])
        for list_id, people in scratch["header"]["contacts"].items():
            self.contacts += [(list_id, c["organisation"], c["name"], c["email"]) for c in people]

    def title(self, raw: _RawRow, kind_id: str) -> tuple[str, str]:
        lines = [self.reader.lines.line(p) for p in raw.cells[0]]
        title = "\n".join(line for line in lines if line.strip())
        return _split_tag(title, self.template.row_kinds[kind_id])

    def untagged_title(self, raw: _RawRow) -> str:
        """The row's title without its tag, whatever the row's kind."""
        titles = [self.title(raw, kind_id) for kind_id in self.template.row_kinds]
        return next((title for title, tag in titles if tag), titles[0][0] if titles else "")

    def read(
        self,
        report: Report,
        pairs: list[tuple[_RawRow, str]],
        marks: ExportMarks | None,
        like: _View | None = None,
    ) -> None:
        for raw_before, row_id in pairs:
            row = rp.find_row(report, row_id)[1]
            raw = self._same_rows(raw_before)
            scratch = copy.deepcopy(row)
            scratch["fields"], scratch["items"], scratch["no_update"] = {}, [], False
            self.reader._fill(scratch, raw)
            title, tag = self.title(raw, row["kind"])
            if _squash(_strip_marks(title)) in _shown_titles(self.template, report, row):
                title = row["title"]  # the title it was given, in the file's language(s): unchanged
            scratch["title"], self.tags[row_id] = title, tag
            for item in scratch["items"]:
                item["id"] = ""
            _match_items(scratch, row, marks, like.rows.get(row_id) if like else None)
            self.rows[row_id] = scratch
        for element, (part_id, anchor) in self.reader.anchors.items():
            key = anchor["id"] if isinstance(anchor, dict) else anchor or ("title" if part_id != rp.HEADER_ID else "")
            for number in tracked.sources(element):
                if key:
                    self.keys[number] = (part_id, key)

    def _same_rows(self, raw: _RawRow) -> _RawRow:
        """The rows of this view that `raw` (read in the other view) was read from."""
        paragraphs = _columns(self.table_rows[raw.rows[0]], len(self.template.columns))
        for number in raw.rows[1:]:
            more = self.table_rows[number]
            for index in range(1, len(paragraphs)):
                if index < len(more):
                    paragraphs[index].extend(more[index].paragraphs)
        return _RawRow(raw.section, paragraphs, raw.rows)


def _shown_titles(template: Template, report: Report, row: Row) -> set[str]:
    """The row's title as an export may show it, squashed: in each language a document of the
    template may be in, and in both (a line each). A row of the template shows the template's
    words (not the title the report keeps of them) unless the SWG renamed it (`rp.shown_title`)."""
    each = [rp.shown_title(template, report, row, code) for code in languages(template) if code != BOTH]
    return {_squash(_strip_marks(title)) for title in [*each, "\n".join(dict.fromkeys(each))]}


def _report_shape(template: Template) -> Report:
    """An empty report of the template, for the header to be read into."""
    report = rp.new_report(template, "scratch", "2000")
    report["header"]["fields"] = {}
    return report


# --- matching rows and partners -----------------------------------------------------------------


def _match_rows(
    before: _View, report: Report, marks: ExportMarks | None, notes: list[str], sent_titles: dict[str, str]
) -> list[tuple[_RawRow, str]]:
    """Each row of the file with the report's row it shows: by the marks' order where the file
    has as many rows in a section as the marks say (but by title for rows moved in Word), else
    by title, else by the report's order."""
    pairs: list[tuple[_RawRow, str]] = []
    known = {row["id"]: row for row in rp.rows(report)}
    shown = {row["id"]: _shown_titles(before.template, report, row) for row in known.values()}
    for section in report["sections"]:
        in_file = [raw for raw in before.raw_rows if raw.section == section["id"]]
        current = [row["id"] for row in section["rows"]]
        titles = {_squash(_strip_marks(row["title"])): row["id"] for row in section["rows"]}
        for row in section["rows"]:  # the template's words of a row, as the file's language shows them
            for title in shown[row["id"]]:
                titles.setdefault(title, row["id"])
        file_titles = [_squash(_strip_marks(before.untagged_title(raw))) for raw in in_file]
        by_title = [titles.get(title) for title in file_titles]
        expected = marks.rows.get(section["id"]) if marks is not None else None
        if expected is not None and len(expected) == len(in_file):
            found: list[str | None] = _moved_by_title(expected, file_titles, known, sent_titles, shown)
        elif expected is None and None not in by_title and len(set(by_title)) == len(by_title):
            found = list(by_title)
        elif expected is None and len(current) == len(in_file):
            found = list(current)
        else:
            found = by_title
        for raw, row_id, title in zip(in_file, found, file_titles, strict=True):
            if row_id is None:
                said = _("row {title} of section {section} matches no row of the report: not taken")
                notes.append(said.format(title=repr(title[:60]), section=section["id"]))
            elif row_id not in known:
                said = _("row {title} was removed from the report since the export: not taken")
                notes.append(said.format(title=repr(title[:60])))
            else:
                pairs.append((raw, row_id))
    return pairs


def _moved_by_title(
    expected: list[str],
    file_titles: list[str],
    known: dict[str, Row],
    sent_titles: dict[str, str],
    shown: dict[str, set[str]],
) -> list[str | None]:
    """The marks' order, but a row whose title (as sent, or as shown: `shown`) is another row's
    goes with that row; a row whose title is no row's keeps its place unless its place was
    taken (retitled)."""

    def titles(row_id: str) -> set[str]:
        said = [sent_titles.get(row_id), known[row_id]["title"] if row_id in known else None]
        return {_squash(_strip_marks(title)) for title in said if title is not None} | shown.get(row_id, set())

    pairs = enumerate(zip(expected, file_titles, strict=True))
    moved = [i for i, (row_id, title) in pairs if title not in titles(row_id)]
    if not moved:
        return list(expected)
    found: list[str | None] = list(expected)
    by_title: dict[int, str] = {}
    for i in moved:
        fits = [expected[j] for j in moved if file_titles[i] in titles(expected[j])]
        if len(fits) == 1 and fits[0] not in by_title.values():
            by_title[i] = fits[0]
    for i in moved:
        found[i] = by_title.get(i, expected[i] if expected[i] not in by_title.values() else None)
    return found


def _match_items(scratch: Row, row: Row, marks: ExportMarks | None, like: Row | None) -> None:
    """Give the partners read from the file their ids in the report: by the other view's, by
    the marks' order, else by name ("" when none fits)."""
    found = scratch["items"]
    expected = (marks.items.get(row["id"]) if marks is not None else None) or []
    if like is not None and len(like["items"]) == len(found):
        ids = [item["id"] for item in like["items"]]
    elif expected and len(expected) == len(found):
        ids = list(expected)
    else:
        names = {_squash(item["name"]): item["id"] for item in row["items"]}
        ids = [names.get(_squash(item["name"]), "") for item in found]
    present = {item["id"] for item in row["items"]}
    for item, item_id in zip(found, ids, strict=True):
        item["id"] = item_id if item_id in present else ""


# --- what changed -------------------------------------------------------------------------------


def _field_texts(
    report: Report,
    template: Template,
    before: _View,
    after: _View,
    changes: dict[int, list[tuple[str, str, str | None]]],
) -> list[FieldText]:
    keys: dict[tuple[str, str], list[int]] = {}
    for view_ in (before, after):
        for number, key in view_.keys.items():
            keys.setdefault(key, [])
            if number not in keys[key]:
                keys[key].append(number)

    def text(part: str, key: str, original: str, accepted: str) -> FieldText:
        numbers = sorted(keys.get((part, key), []))
        dated = sorted((date or "", author) for n in numbers for __, author, date in changes.get(n, []))
        authors: list[str] = []
        for __, author in dated:
            if author in authors:
                authors.remove(author)
            authors.append(author)
        dates = [date for date, __ in dated if date]
        return FieldText(part, key, original, accepted, [a for a in authors if a], max(dates, default=None), dates)

    found = []
    for spec in template.header_fields:
        if spec.id in before.header or spec.id in after.header:
            found.append(text(rp.HEADER_ID, spec.id, before.header.get(spec.id, ""), after.header.get(spec.id, "")))
    for row in rp.rows(report):
        if row["id"] not in before.rows:
            continue
        old, new = before.rows[row["id"]], after.rows[row["id"]]
        found.append(text(row["id"], "title", old["title"], new["title"]))
        if not (row["no_update"] or old["no_update"]):
            for spec in rp.row_kind(template, row).fields:
                found.append(text(row["id"], spec.id, old["fields"].get(spec.id, ""), new["fields"].get(spec.id, "")))
        olds = {item["id"]: item["text"] for item in old["items"] if item["id"]}
        news = {item["id"]: item["text"] for item in new["items"] if item["id"]}
        for item in row["items"]:
            if item["id"] in olds or item["id"] in news:
                found.append(text(row["id"], item["id"], olds.get(item["id"], ""), news.get(item["id"], "")))
    return found


def _note_other_changes(report: Report, added: int, before: _View, after: _View, notes: list[str]) -> None:
    """What the reviewer changed that swgtui does not take from a file."""
    if added:
        notes.append(_("{count} row(s) added in Word were not taken: add them in swgtui").format(count=added))
    if before.contacts != after.contacts:
        notes.append(_("contacts changed in Word were not taken: change them in swgtui"))
    names = {item["id"]: item["name"] for row in rp.rows(report) for item in row["items"]}
    for row_id, new in after.rows.items():
        row = rp.find_row(report, row_id)[1]
        title = rp.row_title(row)
        if not new["title"] and before.rows[row_id]["title"]:
            said = _("the row {title} was deleted in Word: its texts are suggested empty, remove it in swgtui")
            notes.append(said.format(title=repr(title)))
        elif before.tags.get(row_id) != after.tags.get(row_id) != row["tag"]:  # (not one swgtui marked changed)
            notes.append(
                _("the tag of {title} changed in Word was not taken: change it in swgtui").format(title=repr(title))
            )
        for item in new["items"]:
            if not item["id"]:
                said = _("partner {name} of {title} matches no partner of the report: not taken")
                notes.append(said.format(name=repr(item["name"][:60]), title=repr(title)))
            elif _squash(item["name"]) != _squash(names[item["id"]]):
                said = _(
                    "partner {name} is named {file_name} in the file: "
                    "a partner's name is not taken from Word (rename it in swgtui)"
                )
                notes.append(said.format(name=repr(names[item["id"]][:60]), file_name=repr(item["name"][:60])))


def _modified(properties: Any) -> str | None:
    """When the file was saved last (ISO UTC); None when unknown, or out of range in UTC."""
    try:
        return tracked.utc_iso(properties.modified)
    except (OverflowError, ValueError):  # python-docx shifts the time by its zone itself
        return None


def _core_properties(document: Any) -> Any:
    """The file's core properties: LibreOffice links them under a relationship type python-docx
    does not know (".../officedocument/..."), so the part is looked up by its name first."""
    for part in document.part.package.iter_parts():
        if part.partname == "/docProps/core.xml" and hasattr(part, "core_properties"):
            return part.core_properties
    return document.core_properties


# --- comments -----------------------------------------------------------------------------------


def _comments(document: Any, before: _View, after: _View, notes: list[str]) -> list[WordComment]:
    try:
        comments = list(document.comments)
    except Exception:  # a file without a comments part
        return []
    if not comments:
        return []
    ranges = {name: _comment_ranges(v.document.element) for name, v in (("before", before), ("after", after))}
    extended = _comments_extended(document)
    by_para: dict[str, str] = {}
    found: list[WordComment] = []
    for comment in comments:
        word_id = str(comment.comment_id)
        paragraphs = comment._comment_elm.findall(f"{tracked.W}p")
        para_id = paragraphs[-1].get(f"{W14}paraId") if paragraphs else None
        if para_id:
            by_para[para_id] = word_id
        start, quote = ranges["after"].get(word_id, (None, ""))
        if not clean_text(quote).strip():
            start, quote = ranges["before"].get(word_id, (start, quote))
        part, key = _place(start, before, after)
        author = clean_line(comment_author(comment)) or "Word reviewer"
        if not part:
            notes.append(_("a comment by {author} is not on a part of the report: not taken").format(author=author))
            continue
        parent, done = extended.get(para_id or "", (None, False))
        found.append(
            WordComment(
                word_id=word_id,
                part=part,
                field="" if key == "title" else key,
                quote=clean_text(quote).strip(),
                text=clean_text(wordxml.comment_text(comment._comment_elm)).strip(),
                author=author,
                at=tracked.utc_iso(wordxml.comment_date(comment._comment_elm)),
                parent=parent,  # a paraId for now
                done=done,
            )
        )
    placed = {c.word_id for c in found}
    for comment in found:
        parent_id = by_para.get(comment.parent or "")
        comment.parent = parent_id if parent_id in placed and parent_id != comment.word_id else None
    return _parents_first(found)


def _place(start: Any, before: _View, after: _View) -> tuple[str, str]:
    """The (part, text key) of the paragraph a comment starts in; the header for the lines
    before the table (its contact lists); ("", "") when it is elsewhere (the review record)."""
    if start is None:
        return "", ""
    for number in tracked.sources(start):
        key = after.keys.get(number) or before.keys.get(number)
        if key:
            return key
    body = start
    while body.getparent() is not None and body.getparent().tag != f"{tracked.W}body":
        body = body.getparent()
    table = after.table
    if body.getparent() is not None and body.getparent().index(body) < body.getparent().index(table):
        return rp.HEADER_ID, ""
    return "", ""


def _comments_extended(document: Any) -> dict[str, tuple[str | None, bool]]:
    """paraId -> (paraIdParent, done) from word/commentsExtended.xml (Word; LibreOffice writes
    the done state only)."""
    found: dict[str, tuple[str | None, bool]] = {}
    for part in document.part.package.iter_parts():
        if part.partname != "/word/commentsExtended.xml":
            continue
        try:
            root = etree.fromstring(part.blob, _PARSER)
        except etree.XMLSyntaxError:
            return found  # unreadable: the comments stand alone and open
        for entry in root.iter(f"{W15}commentEx"):
            para_id = entry.get(f"{W15}paraId")
            if para_id:
                found[para_id] = (entry.get(f"{W15}paraIdParent"), entry.get(f"{W15}done") in ("1", "true"))
    return found


def _parents_first(comments: list[WordComment]) -> list[WordComment]:
    """Each thread in the file's order: the comment, then its replies (a reply of a reply after it)."""
    replies: dict[str, list[WordComment]] = {}
    for comment in comments:
        if comment.parent is not None:
            replies.setdefault(comment.parent, []).append(comment)
    ordered: list[WordComment] = []
    placed: set[int] = set()  # id() of the comments in `ordered`

    def add(comment: WordComment) -> None:
        to_place = [comment]
        while to_place:
            next_one = to_place.pop()
            if id(next_one) in placed:
                continue
            placed.add(id(next_one))
            ordered.append(next_one)
            to_place += reversed([reply for reply in replies.get(next_one.word_id, []) if id(reply) not in placed])

    for comment in comments:
        if comment.parent is None:
            add(comment)
    for comment in comments:  # in a cycle of parents: the rest stand alone
        if id(comment) not in placed:
            comment.parent = None
            add(comment)
    return ordered
