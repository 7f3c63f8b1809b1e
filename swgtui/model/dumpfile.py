"""The report file format of `swgtui dump` and `swgtui load` (also the bundled sample).

{"format", "version", "report"} and, from a store, "history": every saved revision of the
report's texts, so a report moved to another laptop keeps what was written before.
"""

from __future__ import annotations

import json
from typing import Any

from swgtui.i18n import _
from swgtui.model.report import ReportError
from swgtui.model.schema import READS, SCHEMA_VERSION, check_history, report_from_json, report_to_json
from swgtui.model.types import Report, Revision

__all__ = ["dump_report", "parse_dump", "parse_report"]

FORMAT = "swgtui-report"
VERSION = SCHEMA_VERSION  # written; READS are read (1: release 0.1.0)


def dump_report(report: Report, history: list[Revision] | None = None) -> str:
    """The report (and its field history, if given) as indented UTF-8 JSON (Lao stays Lao)."""
    data: dict[str, Any] = {"format": FORMAT, "version": VERSION, "report": report_to_json(report)}
    if history is not None:
        data["history"] = history
    return json.dumps(data, ensure_ascii=False, indent=2)


def parse_report(text: str, source: str = "") -> Report:
    """Read a dumped report back, checking every part against its template."""
    return parse_dump(text, source)[0]


def parse_dump(text: str, source: str = "") -> tuple[Report, list[Revision]]:
    """Read a dump back: the report, checked against its template, and its field history
    (`source` names the dump in refusals; else "file")."""
    source = source or _("file")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ReportError(
            _("{source} is not a swgtui report: not valid JSON ({error})").format(source=source, error=error)
        ) from None
    except ValueError:  # a number of thousands of digits
        raise ReportError(
            _("{source} is not a swgtui report: it holds a number with too many digits").format(source=source)
        ) from None
    except RecursionError:
        raise ReportError(_("{source} is not a swgtui report: nested too deeply").format(source=source)) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ReportError(
            _("{source} is not a swgtui report (no {format})").format(source=source, format=f'"format": "{FORMAT}"')
        )
    if data.get("version") not in READS or isinstance(data.get("version"), bool):
        readable = _(" and ").join(map(str, READS))
        raise ReportError(
            _("{source} has report format version {version}; this swgtui reads {readable}").format(
                source=source, version=repr(data.get("version")), readable=readable
            )
        )
    try:
        report = report_from_json(data.get("report"))
    except ReportError as error:
        raise ReportError(f"{source}: {error}") from None
    try:
        history = check_history(data.get("history", []))
    except ReportError as error:
        raise ReportError(f"{source}: {error}") from None
    return report, history
