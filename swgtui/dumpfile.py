"""The report file format of `swgtui dump` and `swgtui load` (also the bundled sample).

{"format", "version", "report"} and, from a store, "history": every saved revision of the
report's texts, so a report moved to another laptop keeps what was written before.
"""

from __future__ import annotations

import json
from typing import Any

from swgtui.report import CONTACT_KEYS, HEADER_ID, Report, ReportError
from swgtui.template import Template, TemplateError, load_template
from swgtui.text import clean_text

FORMAT = "swgtui-report"
VERSION = 1


def dump_report(report: Report, history: list[dict[str, Any]] | None = None) -> str:
    """The report (and its field history, if given) as indented UTF-8 JSON (Lao stays Lao)."""
    data: dict[str, Any] = {"format": FORMAT, "version": VERSION, "report": report}
    if history is not None:
        data["history"] = history
    return json.dumps(data, ensure_ascii=False, indent=2)


def parse_report(text: str, source: str = "file") -> Report:
    """Read a dumped report back, checking every part against its template."""
    return parse_dump(text, source)[0]


def parse_dump(text: str, source: str = "file") -> tuple[Report, list[dict[str, Any]]]:
    """Read a dump back: the report, checked against its template, and its field history."""
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
    try:
        history = check_history(data.get("history", []))
    except ReportError as error:
        raise ReportError(f"{source}: {error}") from None
    return report, history


def check_history(entries: Any) -> list[dict[str, Any]]:
    """The revisions of a dump, each {"part", "field", "rev", "text", "by", "at"}, checked."""
    if not isinstance(entries, list):
        raise ReportError("the history must be a list of revisions")
    checked = []
    for number, entry in enumerate(entries, start=1):
        where = f"history revision {number}"
        if not isinstance(entry, dict):
            raise ReportError(f"{where} must be an object")
        rev = entry.get("rev")
        if not isinstance(rev, int) or isinstance(rev, bool) or rev < 1:
            raise ReportError(f"{where}: rev must be a whole number from 1")
        by = entry.get("by")
        if by is not None and not (isinstance(by, dict) and all(isinstance(v, str) for v in by.values())):
            raise ReportError(f"{where}: by must name who wrote it")
        checked.append(
            {
                "part": _text(entry.get("part"), f"{where} part"),
                "field": _text(entry.get("field"), f"{where} field"),
                "rev": rev,
                "text": _text(entry.get("text"), f"{where} text"),
                "by": by,
                "at": _text(entry.get("at", ""), f"{where} at"),
            }
        )
    return checked


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
        section["no_update"] = bool(section.get("no_update", False))
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
