"""The report file format of `swgtui dump` and `swgtui load` (also the bundled sample)."""

from __future__ import annotations

import json
from typing import Any

from swgtui.report import CONTACT_KEYS, HEADER_ID, Report, ReportError
from swgtui.template import Template, TemplateError, load_template
from swgtui.text import clean_text

FORMAT = "swgtui-report"
VERSION = 1


def dump_report(report: Report) -> str:
    """The report as indented UTF-8 JSON (Lao stays Lao)."""
    return json.dumps({"format": FORMAT, "version": VERSION, "report": report}, ensure_ascii=False, indent=2)


def parse_report(text: str, source: str = "file") -> Report:
    """Read a dumped report back, checking every part against its template."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ReportError(f"{source} is not a swgtui report: not valid JSON ({error})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ReportError(f'{source} is not a swgtui report (no "format": "{FORMAT}")')
    if data.get("version") != VERSION:
        raise ReportError(f"{source} has report format version {data.get('version')!r}; this swgtui reads {VERSION}")
    report = data.get("report")
    try:
        check_report(report)
    except (KeyError, TypeError, AttributeError) as error:
        raise ReportError(f"{source}: the report is malformed ({error!r})") from None
    return report


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise ReportError(f"report {where} must be text")
    return clean_text(value)


def check_report(report: Any) -> Template:
    """Raise ReportError unless `report` is a well-formed report on a known template."""
    if not isinstance(report, dict):
        raise ReportError("the report must be an object")
    try:
        template = load_template(_text(report.get("template"), "template"))
    except TemplateError as error:
        raise ReportError(str(error)) from None
    for key in ("id", "period"):
        report[key] = _text(report.get(key), key)
    if not report["id"]:
        raise ReportError("the report has no id")
    header = report["header"]
    header["fields"] = {k: _text(v, f"header field {k}") for k, v in header.get("fields", {}).items()}
    for spec in template.header_fields:
        header["fields"].setdefault(spec.id, "")
    contacts = header.setdefault("contacts", {})
    for list_id, people in contacts.items():
        if template.contact_list(list_id) is None:
            raise ReportError(f"unknown contact list {list_id!r}")
        contacts[list_id] = [{k: _text(p.get(k, ""), f"contact {k}") for k in CONTACT_KEYS} for p in people]
    seen = {HEADER_ID}
    for section in report["sections"]:
        if template.section(section["id"]) is None:
            raise ReportError(f"section {section['id']!r} is not in template {template.id}")
        for row in section["rows"]:
            row_id = _text(row["id"], "row id")
            if row_id in seen:
                raise ReportError(f"row id {row_id!r} is used twice")
            seen.add(row_id)
            kind = template.row_kinds.get(row["kind"])
            if kind is None:
                raise ReportError(f"row {row_id!r} has an unknown kind {row['kind']!r}")
            row["title"] = _text(row["title"], f"row {row_id} title")
            row["tag"] = _text(row.get("tag", ""), f"row {row_id} tag")
            row["no_update"] = bool(row.get("no_update", False))
            row["fields"] = {k: _text(v, f"row {row_id} field {k}") for k, v in row.get("fields", {}).items()}
            for spec in kind.fields:
                row["fields"].setdefault(spec.id, "")
            row["items"] = [
                {
                    "id": _text(i["id"], "item id"),
                    "name": _text(i["name"], "item name"),
                    "text": _text(i["text"], "item text"),
                }
                for i in row.get("items", [])
            ]
    review = report.get("review")
    if review is not None:
        if not isinstance(review, dict) or not all(
            isinstance(review.get(key, []), list) for key in ("comments", "signoffs", "log")
        ):
            raise ReportError("the report's review record is malformed")
        if not isinstance(review.get("parts", {}), dict):
            raise ReportError("the report's review statuses are malformed")
    reference = report.get("reference")
    if reference is not None and not (isinstance(reference, dict) and isinstance(reference.get("parts", {}), dict)):
        raise ReportError("the report's reference to last period is malformed")
    counters = report.setdefault("counters", {})
    if not isinstance(counters, dict) or not all(isinstance(v, int) for v in counters.values()):
        raise ReportError("report counters must map prefixes to numbers")
    return template
