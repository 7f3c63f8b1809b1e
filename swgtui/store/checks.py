"""Whether a report file holds a report: any JSON object is not enough."""

from __future__ import annotations

from typing import Any

from swgtui.i18n import _
from swgtui.model.report import ReportError
from swgtui.model.schema import report_from_json
from swgtui.model.types import Report


def report_in(data: Any) -> Report:
    """The report that a report file's data holds, checked against its template (a copy).

    ReportError says what is wrong: the file is then damaged (and is left as it is)."""
    if not isinstance(data, dict) or not isinstance(data.get("report"), dict) or "1" not in data["report"]:
        raise ReportError(_("it does not hold a report"))
    return report_from_json(data["report"]["1"])
