"""What an export shows of a report, worked out once: every text parsed into blocks, the
sections and rows in order with their labelled fields and partners, the open comment threads
with their anchors, the sign-off state with why the report is a draft, and the review record.

The Word and Markdown writers only render a ReportView (and a compendium renders several into
one document): the review is folded once and each fingerprint computed once per export, and
each text is parsed once. No python-docx here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from swgtui.exports import layout
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

    @property
    def final(self) -> bool:
        """True once the report has a valid final sign-off (no DRAFT, no "-DRAFT" in its name)."""
        return self.signoff_state == "valid"


def build_view(report: Report, template: Template) -> ReportView:
    """The view of `report` an export renders (the report itself is left as it is)."""
    period = report["period"]
    swg = rp.swg_name(report)
    template = template.filled(period, swg)
    summary, stale = review.export_review(report)
    state = summary["signoff"]["state"]
    draft_reason = "" if state == "valid" else "not signed off" if state == "none" else stale
    return ReportView(
        id=report["id"],
        swg=swg,
        period=period,
        title=template.title,
        overview_heading=template.overview_heading,
        columns=tuple(template.columns),
        column_widths=layout.column_widths(
            template.column_widths or (None,) * len(template.columns), template.orientation
        ),
        orientation=template.orientation,
        template=template.id,
        header_fields=[
            HeaderField(spec.id, spec.label, report["header"]["fields"].get(spec.id, ""))
            for spec in template.header_fields
        ],
        contact_lists=_contact_lists(report, template),
        sections=[_section(template, section) for section in report["sections"]],
        threads=[_thread(thread) for thread in summary["threads"] if not thread["resolved"]],
        signoff_state=state,
        draft_reason=draft_reason,
        record=_record(report, template, summary),
        signoff_lines=_signoff_lines(summary, stale),
    )


def _contact_lists(report: Report, template: Template) -> list[ContactList]:
    found = []
    for spec in template.contact_lists:
        lines = []
        for contact in report["header"]["contacts"].get(spec.id, []):
            line = f"{contact['organisation']}: {contact['name']}" if contact["organisation"] else contact["name"]
            lines.append(f"{line} ({contact['email']})" if contact["email"] else line)
        found.append(ContactList(spec.heading, spec.label, spec.heading.rstrip(":") != spec.label, lines))
    return found


def _section(template: Template, section: Section) -> SectionView:
    spec = template.section(section["id"])
    return SectionView(
        id=section["id"],
        title=spec.title if spec else section["id"],
        no_update=bool(section.get("no_update")),
        rows=[_row(template, row) for row in section["rows"]],
    )


def _row(template: Template, row: Row) -> RowView:
    fields = []
    for spec in rp.row_kind(template, row).fields:
        text = row["fields"].get(spec.id, "")
        blocks = parse_blocks(text) if text.strip() else []
        fields.append(FieldText(spec.id, spec.label, spec.label_in_document, spec.column, text, blocks))
    return RowView(
        id=row["id"],
        title_blocks=parse_blocks(row["title"], numbered=False),
        tag=row.get("tag") or "",
        no_update=bool(row.get("no_update")),
        fields=fields,
        items=[ItemText(item["id"], item["name"], parse_blocks(item["text"])) for item in row["items"]],
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


def _record(report: Report, template: Template, summary: dict[str, Any]) -> list[RecordRow]:
    titles = {row["id"]: row["title"].split("\n")[0] for row in rp.rows(report)}
    titles[rp.HEADER_ID] = template.header_title
    rows = []
    for part in summary["parts"]:
        approvals = part["approvals"]  # each reviewer's approval, one a line, the latest last
        people = "\n".join(f"{a['by']['name']} ({a['by']['role']})" + review.recorded(a) for a in approvals)
        organisations = "\n".join(a["by"].get("organisation", "") for a in approvals)
        dates = "\n".join(review.local_time(a["at"], utc=True) for a in approvals)
        status = review.STATUS_LABELS[part["status"]]
        rows.append(
            RecordRow(tuple(clean_text(cell) for cell in (titles[part["id"]], status, people, organisations, dates)))
        )
    return rows


def _signoff_lines(summary: dict[str, Any], stale: str) -> list[str]:
    signoffs = summary["signoffs"]
    lines = []
    for number, signoff in enumerate(signoffs, start=1):
        person = signoff["by"]
        line = f"{person['name']} ({person['role']}, {person.get('organisation', '')}), "
        line += review.local_time(signoff["at"], utc=True)
        if signoff.get("note"):
            line += f": {signoff['note']}"
        if number == len(signoffs) and summary["signoff"]["state"] == "stale":
            line += f" — {review.void_reason(stale, signoff)}"
        lines.append(clean_text(line))
    return lines
