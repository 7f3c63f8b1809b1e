"""Starting next period's report from this one: same rows, tags, partners and contacts, empty
narratives, and last period's text kept beside each field as a read-only reference."""

from __future__ import annotations

import copy
import re

from swgtui.i18n import _
from swgtui.model import report as rp
from swgtui.model.template import Template
from swgtui.model.types import Report, Row


def next_period(period: str) -> str:
    """'2020/2021' -> '2021/2022', '2025' -> '2026'; anything else is returned unchanged."""
    return re.sub(r"\b(19|20)(\d\d)\b", lambda m: str(int(m.group(0)) + 1), period)


def roll_over(template: Template, previous: Report, period: str) -> Report:
    period = rp.check_period(period)
    if period == previous["period"]:
        raise rp.ReportError(_("the new report needs another period than {period}").format(period=period))
    report = rp.new_report(template, rp.swg_name(previous) or "SWG", period)
    report["swg"] = previous.get("swg", report.get("swg", ""))  # its SWG, whatever the name says
    report["header"] = copy.deepcopy(previous["header"])
    report["counters"] = dict(previous.get("counters", {}))
    reference: dict[str, dict[str, str]] = {}
    report["sections"] = []
    for section in previous["sections"]:
        rows: list[Row] = []
        for row in section["rows"]:
            texts = {k: v for k, v in row["fields"].items() if v.strip()}
            texts.update({item["id"]: item["text"] for item in row["items"] if item["text"].strip()})
            if texts:
                reference[row["id"]] = texts
            emptied = copy.deepcopy(row)
            emptied["no_update"] = False
            emptied["fields"] = {k: "" for k in row["fields"]}
            emptied["items"] = [{**item, "text": ""} for item in emptied["items"]]
            rows.append(emptied)
        report["sections"].append({"id": section["id"], "no_update": False, "rows": rows})
    report["reference"] = {"report": previous["id"], "period": previous["period"], "parts": reference}
    return report


def reference_text(report: Report, part_id: str, field_id: str) -> tuple[str, str]:
    """(last period, its text) for a field, or ("", "") when there is none."""
    reference = report.get("reference")
    text = reference["parts"].get(part_id, {}).get(field_id, "") if reference else ""
    return (reference["period"], text) if reference and text else ("", "")
