"""Every value a person can change in a report, as a key of the field history.

A report's state is a function of its history: each value is kept under a key (part, field),
and `report_values` lists them all. Texts keep the keys they always had; the rest are
*structure keys*, whose field starts with "@" (a row's tag, the rows of a section in order …)
or holds a "." (a partner's name, a contact's details):

    (header, field_id)                 a header text
    (row, "title"), (row, field_id)    a row's title and texts
    (row, item_id)                     a partner's narrative
    (row, "ITEM.name")                 a partner's name
    (row, "@tag"), (row, "@no_update") a row's tag; "yes" or ""
    (row, "@items")                    the row's partner ids in order, one per line
    (row, "@kind")                     the row's kind (it never changes; a row is rebuilt from it)
    (section, "@rows")                 the section's row ids in order, one per line
    (section, "@no_update")            "yes" or ""
    (header, "@period")                the period
    (header, "@contacts:LIST")         the list's contact ids in order, one per line
    (header, "CONTACT.organisation")   a contact's details (also .name, .email)

People only ever see the history of text keys (`is_text_key`).
"""

from __future__ import annotations

from swgtui.model.report import HEADER_ID
from swgtui.model.types import Report

FieldKey = tuple[str, str]  # (part id, field): a header or row field id, "title", an item id, or a structure key

ROWS = "@rows"
ITEMS = "@items"
KIND = "@kind"
TAG = "@tag"
NO_UPDATE = "@no_update"
PERIOD = "@period"
CONTACTS_PREFIX = "@contacts:"
NAME = ".name"  # a partner's name: f"{item_id}{NAME}"; a contact's too
ORGANISATION = ".organisation"
EMAIL = ".email"
YES = "yes"  # the value of a set no-update flag ("" when not set)


def is_text_key(field: str) -> bool:
    """Whether a key's field is a text people write and see the history of (not "@…", not "….…")."""
    return not field.startswith("@") and "." not in field


def list_value(ids: list[str]) -> str:
    """Ids in order, one per line: the value of @rows, @items and @contacts:… keys."""
    return "\n".join(ids)


def list_ids(text: str) -> list[str]:
    """The ids of a list value (`list_value`), in order."""
    return [line for line in text.split("\n") if line]


def flag_value(flag: bool) -> str:
    return YES if flag else ""


def contacts_key(list_id: str) -> str:
    return f"{CONTACTS_PREFIX}{list_id}"


def report_values(report: Report) -> dict[FieldKey, str]:
    """Every value a person can change in the report, by key (see the module's table)."""
    values: dict[FieldKey, str] = {}
    header = report["header"]
    for field_id, text in header["fields"].items():
        values[(HEADER_ID, field_id)] = text
    values[(HEADER_ID, PERIOD)] = report["period"]
    for list_id, people in header["contacts"].items():
        values[(HEADER_ID, contacts_key(list_id))] = list_value([person["id"] for person in people])
        for person in people:
            values[(HEADER_ID, person["id"] + ORGANISATION)] = person["organisation"]
            values[(HEADER_ID, person["id"] + NAME)] = person["name"]
            values[(HEADER_ID, person["id"] + EMAIL)] = person["email"]
    for section in report["sections"]:
        values[(section["id"], ROWS)] = list_value([row["id"] for row in section["rows"]])
        values[(section["id"], NO_UPDATE)] = flag_value(section.get("no_update", False))
        for row in section["rows"]:
            part = row["id"]
            values[(part, "title")] = row["title"]
            for field_id, text in row["fields"].items():
                values[(part, field_id)] = text
            values[(part, TAG)] = row["tag"]
            values[(part, NO_UPDATE)] = flag_value(row["no_update"])
            values[(part, KIND)] = row["kind"]
            values[(part, ITEMS)] = list_value([item["id"] for item in row["items"]])
            for item in row["items"]:
                values[(part, item["id"])] = item["text"]
                values[(part, item["id"] + NAME)] = item["name"]
    return values


def text_values(report: Report) -> dict[FieldKey, str]:
    """The texts people write (the text keys of `report_values`)."""
    return {key: text for key, text in report_values(report).items() if is_text_key(key[1])}
