"""Fields in conflict, as people meet them: what each side wrote, what they both started from,
and settling it.

A merge that cannot join two sides' changes to one field (both changed the same lines, or gave
a single value such as the tag two different values) leaves the field with several *heads* in
its history and lists it in `report["conflicts"]` as {"part", "field", "heads": [revision ids]};
the report shows one head's text meanwhile. Setting the field again, or taking one head, settles
it: the key leaves the list (`settle`) and the next save writes a revision whose parents are all
the heads (swgtui.store.history).

`listing` gives, for every field in conflict, the text of the heads' nearest common ancestor
(the *base*) and each head with who wrote it, when, and whether it is the person's own; the
command line (`swgtui conflicts`) and the app's conflict view both show it.
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, NotRequired, TypedDict

from swgtui.i18n import N_, _, ngettext
from swgtui.model import report as rp
from swgtui.model.merge import common_base
from swgtui.model.merge_keys import NO_UPDATE, PERIOD, TAG
from swgtui.model.template import Template
from swgtui.model.types import Person, Report, Revision

if TYPE_CHECKING:
    from swgtui.model.types import Conflict


class ConflictHead(TypedDict):
    """One side's version of a field in conflict."""

    revision: str  # the head revision's id
    by: Person | dict[str, str] | None
    at: str
    text: str
    mine: bool  # written by the person acting


class ConflictListing(TypedDict):
    """A field in conflict with the text its heads started from and every head."""

    part: str
    field: str
    base: str  # the text of the heads' nearest common ancestor ("" when they share none)
    heads: list[ConflictHead]
    label: NotRequired[str]  # what people call the field (not in --json)


def conflicts_of(report: Report) -> list[Conflict]:
    """The fields in conflict, as the report lists them (none: [])."""
    return report.get("conflicts") or []


def part_conflicts(report: Report, part_id: str) -> list[Conflict]:
    """The fields of one part (the header, a row or a section) that are in conflict."""
    return [c for c in conflicts_of(report) if c["part"] == part_id]


def find(report: Report, part_id: str, field: str) -> Conflict | None:
    return next((c for c in part_conflicts(report, part_id) if c["field"] == field), None)


def settle(report: Report, part_id: str, *fields: str) -> bool:
    """Take fields of a part (every field of it, when none is named: a removed row) off the
    list of conflicts; True if one was on it."""
    listed = conflicts_of(report)
    kept = [c for c in listed if c["part"] != part_id or (fields and c["field"] not in fields)]
    if len(kept) == len(listed):
        return False
    if kept:
        report["conflicts"] = kept
    else:
        report.pop("conflicts", None)
    return True


def fields_in_conflict(count: int) -> str:
    """The count of fields in conflict as messages say it, singular or plural."""
    return ngettext(
        "{count} field is in conflict: two copies of the report changed it differently",
        "{count} fields are in conflict: two copies of the report changed them differently",
        count,
    ).format(count=count)


def key_of(part_id: str, field: str) -> tuple[str, str]:
    """The history's key of what `set_field` sets: the header's period is the value "@period"."""
    return (part_id, PERIOD) if (part_id, field) == (rp.HEADER_ID, "period") else (part_id, field)


def is_mine(revision: Revision, person: Person | None) -> bool:
    """Whether the revision was written by `person` (same name and organisation)."""
    by = revision.get("by")
    if not by or person is None:
        return False
    return by.get("name") == person["name"] and by.get("organisation", "") == person["organisation"]


_VALUES = {TAG: N_("Tag"), NO_UPDATE: N_("No update this period"), PERIOD: N_("Period"), "title": N_("Title")}
_DETAILS = {"name": N_("Name"), "organisation": N_("Organisation"), "email": N_("E-mail")}


def field_name(template: Template, report: Report, part_id: str, field: str) -> str:
    """What people call a field or value in conflict: its label, "Tag", "Name of partner 'X'"…"""
    if field in _VALUES:
        return _(_VALUES[field])
    if "." in field:
        thing, detail = field.split(".", 1)
        what = _(_DETAILS[detail]) if detail in _DETAILS else detail
        if part_id == rp.HEADER_ID:
            people = [c for listed in report["header"]["contacts"].values() for c in listed if c["id"] == thing]
            if people:
                return _("{what} of contact {name}").format(what=what, name=rp.quoted(people[0]["name"]))
            return _("{what} of a contact").format(what=what)
        if part_id in rp.part_ids(report):
            items = [i for i in rp.find_row(report, part_id)[1]["items"] if i["id"] == thing]
            if items:
                return _("{what} of partner {name}").format(what=what, name=rp.quoted(items[0]["name"]))
            return _("{what} of a partner").format(what=what)
        return field
    if part_id == rp.HEADER_ID or part_id in rp.part_ids(report):
        return rp.field_label(template, report, part_id, field)
    return field


def part_name(template: Template, report: Report, part_id: str) -> str:
    """A part in conflict as messages name it: a row or the header block, or a section."""
    if part_id == rp.HEADER_ID or part_id in rp.part_ids(report):
        return rp.part_name(template, report, part_id)
    section = next((s for s in report["sections"] if s["id"] == part_id), None)
    return rp.quoted(rp.section_title(template, section)) if section is not None else rp.quoted(part_id)


def listing(
    template: Template, report: Report, history: list[Revision], person: Person | None
) -> list[ConflictListing]:
    """Every field in conflict with its base and heads (`history`: the report's revisions).
    A head whose revision the history lacks (a damaged line) is left out."""
    by_key: dict[tuple[str, str], list[Revision]] = {}
    for revision in history:
        by_key.setdefault((revision["part"], revision["field"]), []).append(revision)
    found: list[ConflictListing] = []
    for conflict in conflicts_of(report):
        revisions = by_key.get((conflict["part"], conflict["field"]), [])
        by_id = {r["id"]: r for r in revisions}
        base = common_base(revisions, conflict["heads"])
        heads: list[ConflictHead] = [
            {"revision": r["id"], "by": r["by"], "at": r["at"], "text": r["text"], "mine": is_mine(r, person)}
            for r in (by_id[head] for head in conflict["heads"] if head in by_id)
        ]
        found.append(
            {
                "part": conflict["part"],
                "field": conflict["field"],
                "base": base["text"] if base is not None else "",
                "heads": heads,
                "label": field_name(template, report, conflict["part"], conflict["field"]),
            }
        )
    return found


def differences(base: str, text: str) -> list[str]:
    """A head's differences from the base, line by line, as a unified diff without its two
    file lines ("@@" hunk lines, then " ", "-" and "+" lines); [] when they are the same."""
    return list(difflib.unified_diff(base.splitlines(), text.splitlines(), lineterm="", n=2))[2:]
