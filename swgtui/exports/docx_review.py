"""The review marks of a Word export: open comments as Word comments, the "Review record"
appendix, and DRAFT in the page header until the report has a valid final sign-off."""

from __future__ import annotations

import contextlib
from datetime import datetime

from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from swgtui.model import report as rp
from swgtui.model import review
from swgtui.model.template import Template
from swgtui.text import clean_text

RECORD_WIDTHS = (Cm(10.0), Cm(3.8), Cm(5.0), Cm(4.4), Cm(2.9))


def mark_draft(document: DocumentObject, report: rp.Report) -> None:
    """Say DRAFT in the page header of a report without a valid final sign-off."""
    state, _ = review.signoff_state(report)
    if state == "valid":
        return
    paragraph = document.sections[0].header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = paragraph.add_run(f"DRAFT — {'not signed off' if state == 'none' else review.stale_reason(report)}")
    run.bold = True
    run.font.size = Pt(12)
    run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)


def add_word_comments(
    document: DocumentObject, anchors: dict[str, dict[str, list[Paragraph]]], report: rp.Report
) -> int:
    """Each open comment thread becomes a Word comment on its row's (or field's) text."""
    added = 0
    for thread in review.threads(report, open_only=True):
        part_anchors = anchors.get(thread["part"])
        if not part_anchors:
            continue
        paragraphs = part_anchors.get(thread["field"]) or part_anchors.get("") or []
        if thread["quote"]:
            paragraphs = [p for p in paragraphs if thread["quote"] in p.text] or paragraphs
        runs = [run for paragraph in paragraphs for run in paragraph.runs]
        if not runs:
            continue
        author = thread["by"]
        comment = document.add_comment(
            runs, clean_text(thread["text"]), author=author["name"], initials=review.initials(author)
        )
        _date(comment, thread["at"])
        if thread["quote"]:
            comment.add_paragraph(clean_text(f"On: “{thread['quote']}”"))
        for reply in thread["replies"]:
            when = review.local_time(reply["at"], utc=True)
            comment.add_paragraph(clean_text(f"{reply['by']['name']} ({when}): {reply['text']}"))
        added += 1
    return added


def _date(comment, iso: str) -> None:
    with contextlib.suppress(ValueError):
        comment._comment_elm.date = datetime.fromisoformat(iso)


def write_review_record(document: DocumentObject, template: Template, report: rp.Report) -> None:
    """An appendix listing every part's status and approval, and the sign-offs."""
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    heading = document.add_paragraph()
    run = heading.add_run("Review record")
    run.bold, run.font.size = True, Pt(12)

    table = document.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    table.autofit = False
    for cell, title in zip(table.rows[0].cells, ("Part", "Status", "Approved by", "Organisation", "Date"), strict=True):
        cell.paragraphs[0].add_run(title).bold = True
    titles = {row["id"]: row["title"].split("\n")[0] for row in rp.rows(report)}
    titles[rp.HEADER_ID] = template.header_title
    summary = review.review_summary(report)
    for part in summary["parts"]:
        values = [clean_text(titles[part["id"]]), review.STATUS_LABELS[part["status"]], "", "", ""]
        if part["approvals"]:  # each reviewer's approval, one a line, the latest last
            people = [approval["by"] for approval in part["approvals"]]
            values[2] = "\n".join(
                f"{approval['by']['name']} ({approval['by']['role']})" + review.recorded(approval)
                for approval in part["approvals"]
            )
            values[3] = "\n".join(person.get("organisation", "") for person in people)
            values[4] = "\n".join(review.local_time(approval["at"], utc=True) for approval in part["approvals"])
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = clean_text(value)
    for column, width in zip(table.columns, RECORD_WIDTHS, strict=True):
        column.width = width
    for table_row in table.rows:
        for cell, width in zip(table_row.cells, RECORD_WIDTHS, strict=True):
            cell.width = width

    signoffs = summary["signoffs"]
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_before = Pt(12)
    paragraph.add_run("Final sign-off").bold = True
    if not signoffs:
        document.add_paragraph("Not signed off yet.")
        return
    for number, signoff in enumerate(signoffs, start=1):
        person = signoff["by"]
        when = review.local_time(signoff["at"], utc=True)
        line = f"{person['name']} ({person['role']}, {person.get('organisation', '')}), {when}"
        if signoff.get("note"):
            line += f": {signoff['note']}"
        if number == len(signoffs) and summary["signoff"]["state"] == "stale":
            line += f" — {review.void_signoff_reason(report, signoff)}"
        document.add_paragraph(clean_text(line), style="List Bullet")
