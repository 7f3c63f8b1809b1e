"""The report file format of `swgtui dump` and `swgtui load` (also the bundled sample).

{"format", "version", "report"} and, from a store, "history": every saved revision of the
report's texts, so a report moved to another laptop keeps what was written before.
"""

from __future__ import annotations

import json
from typing import Any

from swgtui.report import Report, ReportError
from swgtui.text import clean_line, clean_text
from swgtui.validate import check_report

__all__ = ["check_report", "dump_report", "parse_dump", "parse_report"]

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
    except ValueError:  # a number of thousands of digits
        raise ReportError(f"{source} is not a swgtui report: it holds a number with too many digits") from None
    except RecursionError:
        raise ReportError(f"{source} is not a swgtui report: nested too deeply") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ReportError(f'{source} is not a swgtui report (no "format": "{FORMAT}")')
    if data.get("version") != VERSION:
        raise ReportError(f"{source} has report format version {data.get('version')!r}; this swgtui reads {VERSION}")
    report = data.get("report")
    try:
        check_report(report)
    except ReportError as error:
        raise ReportError(f"{source}: {error}") from None
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
        if by is not None and not (
            isinstance(by, dict) and "name" in by and all(isinstance(v, str) for v in by.values())
        ):
            raise ReportError(f"{where}: by must name who wrote it")
        if by is not None:
            by = {key: clean_line(value) for key, value in by.items()}
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
