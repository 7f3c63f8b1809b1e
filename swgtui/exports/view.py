"""What an export shows of a report, worked out once: every text parsed into blocks, the
sections and rows in order with their labelled fields and partners, the open comment threads
with their anchors, the sign-off state with why the report is a draft, and the review record.

The Word and Markdown writers only render a ReportView (and a compendium renders several into
one document): the review is folded once and each fingerprint computed once per export, and
each text is parsed once. No python-docx here.

A view is in the document's language (`DocWords`): the template's words from the template in
that language (with "both", English then Lao: a line each for a title, "English / ລາວ" for a
label), the fixed words through the document's catalogue.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from swgtui.exports import layout
from swgtui.exports.words import LONG, DocWords, joined, joined_label
from swgtui.i18n import N_
from swgtui.model import report as rp
from swgtui.model import review
from swgtui.model.template import Template
from swgtui.model.types import Report, Row, Section
from swgtui.richtext import Block, parse_blocks
from swgtui.text import clean_text


@dataclass(frozen=True)
class HeaderField:
    id: str
    label: str
    text: str  # as stored (a writer puts it on one line)


@dataclass(frozen=True)
class ContactList:
    heading: str
    label: str
    labelled: bool  # the label is a line of its own under the heading, the contacts indented below it
    lines: list[str]  # "Organisation: Name (e-mail)", one a contact


@dataclass(frozen=True)
class FieldText:
    id: str
    label: str  # as the template names it
    in_document: bool  # the label is written in Word too
    column: int  # the table's column it is written in: 2 to the template's number of columns
    text: str
    blocks: list[Block]


@dataclass(frozen=True)
class ItemText:
    id: str
    name: str  # the partner (or principle), a sub-heading
    blocks: list[Block]


@dataclass(frozen=True)
class RowView:
    id: str
    title_blocks: list[Block]  # parsed with numbered=False; may be empty
    tag: str
    no_update: bool
    fields: list[FieldText]  # every field of the row's kind, in the template's order (empty ones too)
    items: list[ItemText]
    second_language: int = 0  # where the title's second language starts in title_blocks (0: it has one)
    own_title: bool = True  # the title is the row's own (not the template's words, rendered in the language)


@dataclass(frozen=True)
class SectionView:
    id: str
    title: str  # filled with the period and SWG
    no_update: bool
    rows: list[RowView]


@dataclass(frozen=True)
class Thread:
    """An open comment thread: where it is (part, field or "" for the whole part, quote) and what
    it says, its replies as lines "Name (date UTC): text"."""

    part: str
    field: str
    quote: str
    author: str
    initials: str
    at: str  # ISO
    text: str
    replies: list[str]


@dataclass(frozen=True)
class RecordRow:
    """A part's line in the review record: title, status, then approvals one a line."""

    cells: tuple[str, ...]  # part, status, approved by, organisation, date


@dataclass
class ReportView:
    id: str
    swg: str
    period: str
    title: str  # the template's title (every word of the template here is filled with the period and SWG)
    overview_heading: str
    columns: tuple[str, ...]  # the table's column titles
    column_widths: tuple[float, ...]  # each column's width in centimetres (layout.column_widths)
    orientation: str  # the page's: "portrait" or "landscape"
    template: str  # the template's id
    header_fields: list[HeaderField]
    contact_lists: list[ContactList]
    sections: list[SectionView]
    threads: list[Thread]
    signoff_state: str  # "none", "valid" or "stale"
    draft_reason: str  # why the report is a draft ("" once final)
    record: list[RecordRow]
    signoff_lines: list[str]  # each sign-off not voided, the last saying why it no longer holds
    words: DocWords = field(default_factory=DocWords)  # the document's language and its fixed words

    @property
    def final(self) -> bool:
        """True once the report has a valid final sign-off (no DRAFT, no "-DRAFT" in its name)."""
        return self.signoff_state == "valid"


NOT_SIGNED_OFF = N_("not signed off")


class _Languages:
    """The template filled in each of the document's languages, and its words joined."""

    def __init__(self, template: Template, report: Report, words: DocWords) -> None:
        self.report = report
        self.languages = words.languages
        self.templates = [template.filled(report["period"], rp.swg_name(report), code) for code in words.languages]
        self.template = self.templates[0]  # for what is not words: ids, kinds, the order

    def long(self, words: Callable[[Template], str]) -> str:
        """A title in each language, a line each: `words` picks it from the template."""
        return joined((words(template) for template in self.templates), LONG)

    def row_titles(self, row: Row) -> list[str]:
        """The row's title in each language, each once."""
        titles = [rp.shown_title(self.template, self.report, row, code) for code in self.languages]
        return titles[:1] if len(set(titles)) == 1 else titles


def build_view(report: Report, template: Template, language: str = "en") -> ReportView:
    """The view of `report` an export renders, in the document's `language` ("en", "lo" or
    "both"); the report itself is left as it is."""
    words = DocWords(language)
    texts = _Languages(template, report, words)
    template = texts.template
    summary, stale = review.export_review(report, gettext=words)
    state = summary["signoff"]["state"]
    draft_reason = "" if state == "valid" else words(NOT_SIGNED_OFF) if state == "none" else stale
    header = report["header"]["fields"]
    return ReportView(
        id=report["id"],
        swg=rp.swg_name(report),
        period=report["period"],
        title=texts.long(lambda t: t.title),
        overview_heading=texts.long(lambda t: t.overview_heading),
        columns=tuple(joined(titles, LONG) for titles in zip(*(t.columns for t in texts.templates), strict=True)),
        column_widths=layout.column_widths(
            template.column_widths or (None,) * len(template.columns), template.orientation
        ),
        orientation=template.orientation,
        template=template.id,
        header_fields=[
            HeaderField(specs[0].id, joined_label(spec.label for spec in specs), header.get(specs[0].id, ""))
            for specs in zip(*(t.header_fields for t in texts.templates), strict=True)
        ],
        contact_lists=_contact_lists(report, texts),
        sections=[_section(texts, section) for section in report["sections"]],
        threads=[_thread(thread) for thread in summary["threads"] if not thread["resolved"]],
        signoff_state=state,
        draft_reason=draft_reason,
        record=_record(report, texts, summary, words),
        signoff_lines=_signoff_lines(summary, stale, words),
        words=words,
    )


def _contact_lists(report: Report, texts: _Languages) -> list[ContactList]:
    found = []
    for specs in zip(*(t.contact_lists for t in texts.templates), strict=True):
        spec = specs[0]
        lines = []
        for contact in report["header"]["contacts"].get(spec.id, []):
            line = f"{contact['organisation']}: {contact['name']}" if contact["organisation"] else contact["name"]
            lines.append(f"{line} ({contact['email']})" if contact["email"] else line)
        labelled = spec.heading.rstrip(":") != spec.label  # as its first language has it, in every one
        heading, label = joined_label(s.heading for s in specs), joined_label(s.label for s in specs)
        found.append(ContactList(heading, label, labelled, lines))
    return found


def _section(texts: _Languages, section: Section) -> SectionView:
    specs = [template.section(section["id"]) for template in texts.templates]
    title = joined((spec.title for spec in specs if spec is not None), LONG) or section["id"]
    return SectionView(
        id=section["id"],
        title=title,
        no_update=bool(section.get("no_update")),
        rows=[_row(texts, row) for row in section["rows"]],
    )


def _row(texts: _Languages, row: Row) -> RowView:
    kinds = [rp.row_kind(template, row) for template in texts.templates]
    fields = []
    for i, spec in enumerate(kinds[0].fields):
        text = row["fields"].get(spec.id, "")
        blocks = parse_blocks(text) if text.strip() else []
        label = joined_label(kind.fields[i].label for kind in kinds)
        fields.append(FieldText(spec.id, label, spec.label_in_document, spec.column, text, blocks))
    shown = texts.row_titles(row)
    titles = [parse_blocks(title, numbered=False) for title in shown]
    return RowView(
        id=row["id"],
        title_blocks=[block for blocks in titles for block in blocks],
        tag=row.get("tag") or "",
        no_update=bool(row.get("no_update")),
        fields=fields,
        items=[ItemText(item["id"], item["name"], parse_blocks(item["text"])) for item in row["items"]],
        second_language=len(titles[0]) if len(titles) > 1 else 0,
        own_title=shown == [row["title"]],
    )


def _thread(thread: dict[str, Any]) -> Thread:
    author = thread["by"]
    replies = [
        clean_text(f"{reply['by']['name']} ({review.local_time(reply['at'], utc=True)}): {reply['text']}")
        for reply in thread["replies"]
    ]
    return Thread(
        part=thread["part"],
        field=thread["field"],
        quote=thread["quote"],
        author=author["name"],
        initials=review.initials(author),
        at=thread["at"],
        text=clean_text(thread["text"]),
        replies=replies,
    )


def _record(report: Report, texts: _Languages, summary: dict[str, Any], words: DocWords) -> list[RecordRow]:
    titles = {row["id"]: LONG.join(title.split("\n")[0] for title in texts.row_titles(row)) for row in rp.rows(report)}
    titles[rp.HEADER_ID] = texts.long(lambda t: t.header_title)
    rows = []
    for part in summary["parts"]:
        approvals = part["approvals"]  # each reviewer's approval, one a line, the latest last
        people = "\n".join(
            f"{a['by']['name']} ({_role(a['by'], words)})" + review.recorded(a, gettext=words) for a in approvals
        )
        organisations = "\n".join(a["by"].get("organisation", "") for a in approvals)
        dates = "\n".join(review.local_time(a["at"], utc=True) for a in approvals)
        status = words(review.STATUS_LABELS[part["status"]])
        rows.append(
            RecordRow(tuple(clean_text(cell) for cell in (titles[part["id"]], status, people, organisations, dates)))
        )
    return rows


def _signoff_lines(summary: dict[str, Any], stale: str, words: DocWords) -> list[str]:
    signoffs = summary["signoffs"]
    lines = []
    for number, signoff in enumerate(signoffs, start=1):
        person = signoff["by"]
        line = f"{person['name']} ({_role(person, words)}, {person.get('organisation', '')}), "
        line += review.local_time(signoff["at"], utc=True)
        if signoff.get("note"):
            line += f": {signoff['note']}"
        if number == len(signoffs) and summary["signoff"]["state"] == "stale":
            line += f" — {review.void_reason(stale, signoff, gettext=words)}"
        lines.append(clean_text(line))
    return lines


def _role(person: dict[str, Any], words: DocWords) -> str:
    """A person's role as the document says it (the stored role is a key of review.ROLE_LABELS)."""
    role = person["role"]
    return words(review.ROLE_LABELS[role]) if role in review.ROLE_LABELS else role
