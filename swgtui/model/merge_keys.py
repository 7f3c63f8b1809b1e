"""Every value a person can change in a report, by key (part, field).

Provisional copy written against the shared design, so that the merge can be built and tested;
the one of the history branch replaces it.
"""

from __future__ import annotations

from swgtui.model import report as rp
from swgtui.model.types import Report

FieldKey = tuple[str, str]  # (part id, field)


def is_text_key(field: str) -> bool:
    """Whether a key's field is a text people see in the history (not a structure/value key)."""
    return not field.startswith("@") and "." not in field


def _ids(ids: list[str]) -> str:
    return "".join(f"{i}\n" for i in ids)


def report_values(report: Report) -> dict[FieldKey, str]:
    values: dict[FieldKey, str] = {}
    header = report["header"]
    for field_id, text in header["fields"].items():
        values[(rp.HEADER_ID, field_id)] = text
    values[(rp.HEADER_ID, "@period")] = report["period"]
    for list_id, people in header["contacts"].items():
        values[(rp.HEADER_ID, f"@contacts:{list_id}")] = _ids([c["id"] for c in people])
        for contact in people:
            for key in rp.CONTACT_KEYS:
                values[(rp.HEADER_ID, f"{contact['id']}.{key}")] = contact[key]  # type: ignore[literal-required]
    for section in report["sections"]:
        values[(section["id"], "@rows")] = _ids([r["id"] for r in section["rows"]])
        values[(section["id"], "@no_update")] = "yes" if section["no_update"] else ""
        for row in section["rows"]:
            part = row["id"]
            values[(part, "title")] = row["title"]
            for field_id, text in row["fields"].items():
                values[(part, field_id)] = text
            for item in row["items"]:
                values[(part, item["id"])] = item["text"]
                values[(part, f"{item['id']}.name")] = item["name"]
            values[(part, "@tag")] = row["tag"]
            values[(part, "@no_update")] = "yes" if row["no_update"] else ""
            values[(part, "@items")] = _ids([i["id"] for i in row["items"]])
            values[(part, "@kind")] = row["kind"]
    return values
