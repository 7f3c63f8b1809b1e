"""A report's outline: every part with its title, text and completeness.

`swgtui show --json` prints it and the app's navigation is built from it, so both always agree.
"""

from __future__ import annotations

from typing import Any

from swgtui.model import conflicts
from swgtui.model import report as rp
from swgtui.model.template import Template, fill
from swgtui.model.types import Report, Row, Section


def row_outline(template: Template, section: Section, row: Row) -> dict[str, Any]:
    return {
        "id": row["id"],
        "title": row["title"],
        "tag": row["tag"],
        "kind": row["kind"],
        "fields": dict(row["fields"]),
        "items": [dict(item) for item in row["items"]],
        "no_update": row["no_update"],
        "complete": round(rp.row_completeness(template, section, row), 4),
    }


def header_outline(template: Template, report: Report) -> dict[str, Any]:
    header = report["header"]
    return {
        "id": rp.HEADER_ID,
        "title": fill(template.header_title, report["period"], rp.swg_name(report)),
        "fields": dict(header["fields"]),
        "contacts": {
            list_id: [dict(c, email_valid=rp.email_is_valid(c.get("email", ""))) for c in people]
            for list_id, people in header["contacts"].items()
        },
        "complete": round(rp.header_completeness(template, report), 4),
    }


def with_conflicts(report: Report, view: dict[str, Any]) -> dict[str, Any]:
    """A part's outline with its fields in conflict, if it has any: "conflicts": [{"field", "heads"}]."""
    found = conflicts.part_conflicts(report, view["id"])
    if found:
        view["conflicts"] = [{"field": c["field"], "heads": list(c["heads"])} for c in found]
    return view


def outline(template: Template, report: Report) -> dict[str, Any]:
    sections = []
    for section in report["sections"]:
        spec = template.section(section["id"])
        view = {
            "id": section["id"],
            "title": fill(spec.title, report["period"], rp.swg_name(report)) if spec else section["id"],
            "complete": round(rp.section_completeness(template, section), 4),
            "no_update": bool(section.get("no_update")),
            "rows": [with_conflicts(report, row_outline(template, section, row)) for row in section["rows"]],
        }
        sections.append(with_conflicts(report, view))
    return {
        "id": report["id"],
        "swg": rp.swg_name(report),
        "period": report["period"],
        "template": report["template"],
        "complete": round(rp.report_completeness(template, report), 4),
        "header": with_conflicts(report, header_outline(template, report)),
        "sections": sections,
    }
