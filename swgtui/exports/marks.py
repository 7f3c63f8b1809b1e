"""The export marks of a report as the store holds it (swgtui.exports.docx_properties): which
revision of each text an export shows, and the order of its rows and partners.

First the report's history is completed as a review package's is (swgtui.exchange.send): every
text gets a revision, so each text shown has a base. On a read-only store nothing is written:
the marks name only the texts whose revision holds what the file shows. Only each value's heads
are read (the store's index of the history finds them), never the whole history.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from swgtui.model import report as rp
from swgtui.model.ids import new_id
from swgtui.model.merge import synthetic_revisions
from swgtui.model.merge_graph import heads
from swgtui.model.merge_keys import FieldKey, text_values
from swgtui.model.types import Person, Report, Revision
from swgtui.store.repository import ReportStore

if TYPE_CHECKING:
    from swgtui.exports.docx_properties import ExportMarks


def report_with_marks(store: ReportStore, report_id: str, by: Person | None = None) -> tuple[Report, ExportMarks]:
    """The report and the marks of an export of it made now; `by` is who exports (the author of
    the revisions the completed history gains)."""
    report = store.get(report_id)
    shown = store.history_heads(report["id"])
    if store.writable and synthetic_revisions(report, shown):  # heads alone say what is missing
        store.save(report, touch=False, author=cast(dict[str, str] | None, by), complete_history=True)
        missing = synthetic_revisions(report, store.history_heads(report["id"]))
        if missing:
            store.save(report, touch=False, revisions=missing)
        shown = store.history_heads(report["id"])
    return report, marks_of(report, shown)


def marks_of(report: Report, history: list[Revision]) -> ExportMarks:
    """The marks of an export of `report` now: a new export id, and for each text the head
    revision holding the text shown (of a key in conflict, the head whose text the report shows).
    `history`: the report's history, or only the heads of its keys (the same heads)."""
    from swgtui.exports.docx_properties import ExportMarks  # python-docx only when exporting

    return ExportMarks(
        report_id=report["id"],
        export_id=new_id(),
        exported_at=rp.now_iso(),
        template=report["template"],
        bases=bases(report, history),
        rows={section["id"]: [row["id"] for row in section["rows"]] for section in report["sections"]},
        items={row["id"]: [item["id"] for item in row["items"]] for row in rp.rows(report) if row["items"]},
    )


def bases(report: Report, history: list[Revision]) -> dict[FieldKey, str]:
    """(part, text key) -> the id of the head revision whose text the report shows."""
    by_key: dict[FieldKey, list[Revision]] = {}
    for revision in history:
        by_key.setdefault((revision["part"], revision["field"]), []).append(revision)
    found = {}
    for key, text in text_values(report).items():
        shown = [head for head in heads(by_key.get(key, [])) if head["text"] == text and not head.get("removed")]
        if shown:
            found[key] = shown[-1]["id"]
    return found
