"""A report as plain data, and every change a user can make to it.

A report is a JSON-ready dict (so the store, dump/load and the exporters share one shape):

    {"id", "template", "period", "created", "updated", "counters",
     "header": {"fields": {field_id: text}, "contacts": {list_id: [contact, ...]}},
     "sections": [{"id", "rows": [row, ...]}, ...]}

    row = {"id", "kind", "title", "tag", "no_update", "fields": {field_id: text},
           "items": [{"id", "name", "text"}, ...]}      # items: partner narratives

Ids never change once given, so renaming or reordering keeps references valid.
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from typing import Any

from swgtui.template import RowKind, Template
from swgtui.text import clean_line, clean_text

HEADER_ID = "header"
CONTACT_KEYS = ("organisation", "name", "email")
_EMAIL = re.compile(r"^[^@\s<>(),;]+@[^@\s<>(),;]+\.[^@\s<>(),;.]{2,}$")

Report = dict[str, Any]
Row = dict[str, Any]


class ReportError(Exception):
    """A change that the report or its template does not allow; the message says why."""


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def new_report_id() -> str:
    return uuid.uuid4().hex[:8]


def swg_name(report: Report) -> str:
    return str(report["header"]["fields"].get("swg_name", ""))


def new_report(template: Template, swg: str, period: str) -> Report:
    """An empty report on `template`, with the template's fixed rows and default partners."""
    swg, period = clean_line(swg), clean_line(period)
    if not swg:
        raise ReportError("the SWG name is empty")
    if not period:
        raise ReportError("the period is empty (e.g. 2025/2026)")
    report: Report = {
        "id": new_report_id(),
        "template": template.id,
        "period": period,
        "created": now_iso(),
        "updated": now_iso(),
        "counters": {},
        "header": {
            "fields": {f.id: "" for f in template.header_fields},
            "contacts": {c.id: [] for c in template.contact_lists},
        },
        "sections": [],
    }
    if template.header_field("swg_name"):
        report["header"]["fields"]["swg_name"] = swg
    for section in template.sections:
        rows = []
        for spec in section.rows:
            row = _empty_row(template.row_kinds[spec.kind], spec.id, spec.title)
            for name in spec.items:
                row["items"].append({"id": next_id(report, "p"), "name": name, "text": ""})
            rows.append(row)
        report["sections"].append({"id": section.id, "rows": rows})
    return report


def _empty_row(kind: RowKind, row_id: str, title: str, tag: str = "") -> Row:
    return {
        "id": row_id,
        "kind": kind.id,
        "title": title,
        "tag": tag,
        "no_update": False,
        "fields": {f.id: "" for f in kind.fields},
        "items": [],
    }


def next_id(report: Report, prefix: str) -> str:
    """A new id, never one already in the report (even after a hand-edited load)."""
    taken = {row["id"] for section in report["sections"] for row in section["rows"]}
    taken |= {item["id"] for section in report["sections"] for row in section["rows"] for item in row["items"]}
    counters = report.setdefault("counters", {})
    number = int(counters.get(prefix, 1))
    while f"{prefix}{number}" in taken:
        number += 1
    counters[prefix] = number + 1
    return f"{prefix}{number}"


# --- finding things -------------------------------------------------------------------------


def rows(report: Report) -> list[Row]:
    """Every row, in document order."""
    return [row for section in report["sections"] for row in section["rows"]]


def part_ids(report: Report) -> list[str]:
    """The header, then every row: the parts a user walks through."""
    return [HEADER_ID] + [row["id"] for row in rows(report)]


def find_row(report: Report, row_id: str) -> tuple[dict[str, Any], Row]:
    """The section holding the row, and the row."""
    for section in report["sections"]:
        for row in section["rows"]:
            if row["id"] == row_id:
                return section, row
    known = ", ".join(part_ids(report))
    raise ReportError(f"report {report['id']} has no row {row_id!r} (rows: {known})")


def row_kind(template: Template, row: Row) -> RowKind:
    kind = template.row_kinds.get(row["kind"])
    if kind is None:
        raise ReportError(f"row {row['id']!r} has kind {row['kind']!r}, unknown to template {template.id}")
    return kind


def section_spec_of(template: Template, section: dict[str, Any]):
    spec = template.section(section["id"])
    if spec is None:
        raise ReportError(f"section {section['id']!r} is not in template {template.id}")
    return spec


def is_fixed_row(template: Template, section: dict[str, Any], row: Row) -> bool:
    """Rows the template itself defines cannot be removed, renamed or retagged (unless removable)."""
    spec = section_spec_of(template, section)
    return any(r.id == row["id"] and not r.removable for r in spec.rows)


# --- completeness ---------------------------------------------------------------------------


def _filled(text: Any) -> bool:
    return isinstance(text, str) and bool(text.strip())


def contact_is_complete(contact: dict[str, str]) -> bool:
    return _filled(contact.get("name")) and email_is_valid(contact.get("email", ""))


def header_completeness(template: Template, report: Report) -> float:
    header = report["header"]
    units = [_filled(header["fields"].get(f.id)) for f in template.header_fields if f.required]
    for spec in template.contact_lists:
        if spec.required:
            contacts = header["contacts"].get(spec.id, [])
            units.append(bool(contacts) and all(contact_is_complete(c) for c in contacts))
    return sum(units) / len(units) if units else 1.0


def row_completeness(template: Template, section: dict[str, Any], row: Row) -> float:
    """Share of the row's required parts that hold text; a "no update" row is complete."""
    if row.get("no_update"):
        return 1.0
    kind = row_kind(template, row)
    units = [_filled(row["fields"].get(f.id)) for f in kind.fields if f.required]
    if not is_fixed_row(template, section, row):
        units.append(_filled(row["title"]))
    if kind.has_items:
        units.extend(_filled(item["text"]) for item in row["items"])
        if not row["items"]:
            units.append(False)
    return sum(units) / len(units) if units else 1.0


def section_completeness(template: Template, section: dict[str, Any]) -> float:
    values = [row_completeness(template, section, row) for row in section["rows"]]
    return sum(values) / len(values) if values else 0.0


def report_completeness(template: Template, report: Report) -> float:
    """Mean over the parts (the header and every row), each counting once."""
    values = [header_completeness(template, report)]
    for section in report["sections"]:
        values.extend(row_completeness(template, section, row) for row in section["rows"])
    return sum(values) / len(values)


# --- changing text --------------------------------------------------------------------------


def field_ids(template: Template, report: Report, part_id: str) -> list[str]:
    """The names `set_field` accepts for a part: its fields, then its item ids."""
    if part_id == HEADER_ID:
        return [f.id for f in template.header_fields]
    _, row = find_row(report, part_id)
    return [f.id for f in row_kind(template, row).fields] + [item["id"] for item in row["items"]]


def get_field(template: Template, report: Report, part_id: str, field_id: str) -> str:
    if part_id == HEADER_ID:
        _check_field(template, report, part_id, field_id)
        return str(report["header"]["fields"].get(field_id, ""))
    _, row = find_row(report, part_id)
    for item in row["items"]:
        if item["id"] == field_id:
            return str(item["text"])
    _check_field(template, report, part_id, field_id)
    return str(row["fields"].get(field_id, ""))


def part_title(template: Template, report: Report, part_id: str) -> str:
    """What people call a part: the header block's title, or the first line of the row's title."""
    if part_id == HEADER_ID:
        return template.header_title
    return find_row(report, part_id)[1]["title"].split("\n")[0].strip() or "(untitled row)"


def field_label(template: Template, report: Report, part_id: str, field_id: str) -> str:
    """What people call a field: its label in the template, "Title", or the partner's name."""
    if field_id == "title" and part_id != HEADER_ID:
        return "Title"
    if part_id == HEADER_ID:
        spec = template.header_field(field_id)
    else:
        row = find_row(report, part_id)[1]
        item = next((i for i in row["items"] if i["id"] == field_id), None)
        if item is not None:
            return item["name"] or "(unnamed partner)"
        spec = row_kind(template, row).field(field_id)
    return spec.label.rstrip(" :") if spec is not None else field_id


def _check_field(template: Template, report: Report, part_id: str, field_id: str) -> None:
    known = field_ids(template, report, part_id)
    if field_id not in known:
        raise ReportError(f"{part_id!r} has no field {field_id!r} (fields: {', '.join(known)})")


def set_field(template: Template, report: Report, part_id: str, field_id: str, text: str) -> bool:
    """Set one field (or one partner narrative by its item id); True if the text changed."""
    _check_field(template, report, part_id, field_id)
    text = clean_text(text)
    if field_id == "swg_name" and part_id == HEADER_ID:
        text = clean_line(text)
    if part_id == HEADER_ID:
        target, key = report["header"]["fields"], field_id
    else:
        _, row = find_row(report, part_id)
        item = next((i for i in row["items"] if i["id"] == field_id), None)
        target, key = (item, "text") if item is not None else (row["fields"], field_id)
    if target.get(key, "") == text:
        return False
    target[key] = text
    return True


# --- contacts -------------------------------------------------------------------------------


def email_is_valid(email: str) -> bool:
    return bool(_EMAIL.match(email.strip()))


def _contacts(template: Template, report: Report, list_id: str) -> list[dict[str, str]]:
    if template.contact_list(list_id) is None:
        known = ", ".join(c.id for c in template.contact_lists)
        raise ReportError(f"no contact list {list_id!r} (lists: {known})")
    return report["header"]["contacts"].setdefault(list_id, [])


def add_contact(template: Template, report: Report, list_id: str, **values: str) -> int:
    """Append a contact (organisation, name, email) and return its position."""
    contacts = _contacts(template, report, list_id)
    contacts.append({key: clean_line(values.get(key, "")) for key in CONTACT_KEYS})
    return len(contacts) - 1


def update_contact(template: Template, report: Report, list_id: str, index: int, key: str, value: str) -> bool:
    if key not in CONTACT_KEYS:
        raise ReportError(f"a contact has no {key!r} (only {', '.join(CONTACT_KEYS)})")
    contacts = _contacts(template, report, list_id)
    if not 0 <= index < len(contacts):
        raise ReportError(f"contact list {list_id!r} has no contact number {index + 1}")
    value = clean_line(value)
    if contacts[index].get(key) == value:
        return False
    contacts[index][key] = value
    return True


def remove_contact(template: Template, report: Report, list_id: str, index: int) -> None:
    contacts = _contacts(template, report, list_id)
    if not 0 <= index < len(contacts):
        raise ReportError(f"contact list {list_id!r} has no contact number {index + 1}")
    del contacts[index]


# --- rows -----------------------------------------------------------------------------------


def _editable_section(template: Template, report: Report, section_id: str) -> dict[str, Any]:
    section = next((s for s in report["sections"] if s["id"] == section_id), None)
    if section is None:
        raise ReportError(f"report {report['id']} has no section {section_id!r}")
    if not section_spec_of(template, section).rows_editable:
        raise ReportError(f"the rows of section {section_id} are fixed by the template")
    return section


def add_row(
    template: Template, report: Report, section_id: str, title: str, tag: str = "", after: str | None = None
) -> Row:
    """Add a row to a section whose rows the SWG decides; after row `after` or at the end."""
    section = _editable_section(template, report, section_id)
    kind = template.row_kinds[section_spec_of(template, section).new_row_kind or ""]
    if tag and tag not in kind.tags:
        raise ReportError(f"unknown tag {tag!r} (tags: {', '.join(kind.tags) or 'none'})")
    row = _empty_row(kind, next_id(report, section_id.lower()), clean_text(title).strip(), tag)
    position = len(section["rows"])
    if after is not None:
        position = next((i + 1 for i, r in enumerate(section["rows"]) if r["id"] == after), position)
    section["rows"].insert(position, row)
    return row


def _changeable_row(template: Template, report: Report, row_id: str, what: str) -> tuple[dict[str, Any], Row]:
    section, row = find_row(report, row_id)
    if is_fixed_row(template, section, row):
        raise ReportError(f"{row['title']!r} is part of the template and cannot be {what}")
    return section, row


def remove_row(template: Template, report: Report, row_id: str) -> None:
    section, row = _changeable_row(template, report, row_id, "removed")
    section["rows"].remove(row)


def rename_row(template: Template, report: Report, row_id: str, title: str) -> bool:
    """Change a row's title (as typed: it may span lines); True if it changed."""
    _, row = _changeable_row(template, report, row_id, "renamed")
    title = clean_text(title)
    if row["title"] == title:
        return False
    row["title"] = title
    return True


def retag_row(template: Template, report: Report, row_id: str, tag: str) -> None:
    _, row = _changeable_row(template, report, row_id, "retagged")
    kind = row_kind(template, row)
    if tag and tag not in kind.tags:
        raise ReportError(f"unknown tag {tag!r} (tags: {', '.join(kind.tags) or 'none'})")
    row["tag"] = tag


def move_row(template: Template, report: Report, row_id: str, offset: int) -> bool:
    """Move a row up (offset < 0) or down within its section; False at either end."""
    section, row = find_row(report, row_id)
    if not section_spec_of(template, section).rows_editable:
        raise ReportError(f"the rows of section {section['id']} are fixed by the template")
    position = section["rows"].index(row)
    target = position + offset
    if not 0 <= target < len(section["rows"]):
        return False
    section["rows"].insert(target, section["rows"].pop(position))
    return True


def set_no_update(report: Report, row_id: str, no_update: bool) -> None:
    _, row = find_row(report, row_id)
    row["no_update"] = bool(no_update)


# --- items (one narrative per development partner) -------------------------------------------


def _item_row(template: Template, report: Report, row_id: str) -> Row:
    _, row = find_row(report, row_id)
    if not row_kind(template, row).has_items:
        raise ReportError(f"{row['title']!r} holds no named narratives")
    return row


def _item(row: Row, item_id: str) -> dict[str, str]:
    item = next((i for i in row["items"] if i["id"] == item_id), None)
    if item is None:
        raise ReportError(f"{row['title']!r} has no entry {item_id!r}")
    return item


def add_item(template: Template, report: Report, row_id: str, name: str) -> dict[str, str]:
    row = _item_row(template, report, row_id)
    name = clean_line(name)
    if not name:
        raise ReportError("the name is empty")
    item = {"id": next_id(report, "p"), "name": name, "text": ""}
    row["items"].append(item)
    return item


def rename_item(template: Template, report: Report, row_id: str, item_id: str, name: str) -> bool:
    """Rename a partner (or other named narrative); True if the name changed."""
    name = clean_line(name)
    if not name:
        raise ReportError("the name is empty")
    item = _item(_item_row(template, report, row_id), item_id)
    if item["name"] == name:
        return False
    item["name"] = name
    return True


def remove_item(template: Template, report: Report, row_id: str, item_id: str) -> None:
    row = _item_row(template, report, row_id)
    row["items"].remove(_item(row, item_id))


def move_item(template: Template, report: Report, row_id: str, item_id: str, offset: int) -> bool:
    row = _item_row(template, report, row_id)
    position = row["items"].index(_item(row, item_id))
    target = position + offset
    if not 0 <= target < len(row["items"]):
        return False
    row["items"].insert(target, row["items"].pop(position))
    return True
