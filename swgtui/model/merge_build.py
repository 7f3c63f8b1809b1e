"""The report a merge gives, built from its merged values: which rows, partners and contacts
are still there (and which were kept although removed on one copy), and the report itself."""

from __future__ import annotations

import copy
from collections.abc import Callable

from swgtui.model import report as rp
from swgtui.model.merge_graph import ancestors, heads, parents_of
from swgtui.model.merge_keys import (
    CONTACTS_PREFIX,
    EMAIL,
    ITEMS,
    KIND,
    NAME,
    NO_UPDATE,
    ORGANISATION,
    PERIOD,
    ROWS,
    TAG,
    YES,
    FieldKey,
    contacts_key,
    list_ids,
)
from swgtui.model.merge_lists import put_back
from swgtui.model.template import Template
from swgtui.model.types import Contact, Partner, Report, Revision, Row, Section

HEADER = rp.HEADER_ID


class Entities:
    """What each row, partner and contact is after a merge: gone when every head of every key
    it has is a tombstone; kept when not, although a copy removed it (its marker key, @kind
    for a row, the name for a partner or contact, has a tombstone among its heads)."""

    def __init__(self, tops: dict[FieldKey, list[Revision]], section_ids: set[str]) -> None:
        self.tops = tops
        self.sections = section_ids
        self.alive: set[str] = set()  # ids with a key whose head is not a tombstone
        self.gone: set[str] = set()  # ids with keys, all of whose heads are tombstones
        self.removed: set[str] = set()  # ids whose marker key has a tombstone head
        self.family: dict[str, str] = {}  # id -> the lists holding it: ROWS, ITEMS, CONTACTS_PREFIX
        for key, key_tops in tops.items():
            owner = self._owner(key)
            if owner is None:
                continue
            self.family[owner] = CONTACTS_PREFIX if key[0] == HEADER else ITEMS if owner != key[0] else ROWS
            if any(not h.get("removed") for h in key_tops):
                self.alive.update({owner, key[0]} if key[0] != HEADER else {owner})
            if (key[1] == KIND or key[1].endswith(NAME)) and any(h.get("removed") for h in key_tops):
                self.removed.add(owner)
            self.gone.add(owner)
        self.gone -= self.alive

    def _owner(self, key: FieldKey) -> str | None:
        """The row, partner or contact a key belongs to (None for a section's keys)."""
        part, field = key
        if part == HEADER:
            return field.split(".", 1)[0] if "." in field and not field.startswith("@") else None
        if part in self.sections:
            return None
        if field.endswith(NAME):
            return field[: -len(NAME)]
        return field if (part, field + NAME) in self.tops else part

    def kept(self, entity: str) -> bool:
        return entity in self.alive and entity in self.removed

    def kept_key(self, key: FieldKey) -> bool:
        owner = self._owner(key)
        return owner is not None and (self.kept(owner) or (key[0] != HEADER and self.kept(key[0])))

    def settle(
        self, lists: dict[FieldKey, list[str]], by_key: dict[FieldKey, list[Revision]]
    ) -> dict[FieldKey, list[str]]:
        """The lists with what is gone taken out, and what was kept put back where it stood in
        the latest version of a list that held it."""
        settled = {
            key: list(ids) if key[1] == ITEMS and self.kept(key[0]) else [i for i in ids if i not in self.gone]
            for key, ids in lists.items()
        }
        for entity in sorted(self.alive & self.removed):
            family = self.family[entity]
            if any(entity in ids for key, ids in settled.items() if _family(key[1]) == family):
                continue
            holders = [
                (r["at"], r["id"], key, r["text"])
                for key, revisions in by_key.items()
                if _family(key[1]) == family
                for r in revisions
                if not r.get("removed") and entity in list_ids(r["text"])
            ]
            if holders:
                _, _, key, text = max(holders)
                settled[key] = put_back(settled.get(key, []), entity, list_ids(text))
        return settled


def _family(field: str) -> str:
    return CONTACTS_PREFIX if field.startswith(CONTACTS_PREFIX) else field


def kept_note(row_id: str, by_key: dict[FieldKey, list[Revision]]) -> str:
    """Why a row removed on one copy is still there: its @kind's head is a merge that follows a
    tombstone. '' if it was not removed, or if someone changed the row since it was kept."""
    revisions = by_key.get((row_id, KIND), [])
    tops = heads(revisions)
    if len(tops) != 1 or tops[0]["by"] is not None or tops[0].get("removed"):
        return ""
    by_id = {r["id"]: r for r in revisions}
    stones = [by_id[p] for p in parents_of(tops[0]) if p in by_id and by_id[p].get("removed")]
    if not stones:
        return ""
    stone = max(stones, key=lambda r: (r["at"], r["id"]))
    editors: list[Revision] = []
    for (part, _), key_revisions in by_key.items():
        if part != row_id:
            continue
        key_by_id = {r["id"]: r for r in key_revisions}
        restores = {r["id"] for r in key_revisions if r["by"] is None and _follows_a_tombstone(r, key_by_id)}
        written = [r for r in key_revisions if r["by"] and not r.get("removed")]
        if any(ancestors(key_by_id, [r["id"]]) & restores for r in written):
            return ""  # changed since it was kept
        before = ancestors(key_by_id, [r["id"] for r in key_revisions if r.get("removed")])
        editors += [r for r in written if r["id"] not in before]
    remover = f"by {stone['by']['name']} " if stone["by"] else ""
    because = "it was changed on another copy"
    if editors:
        editor = max(editors, key=lambda r: (r["at"], r["id"]))["by"]
        because = f"{editor['name']} changed it" if editor else because
    return f"removed {remover}on {stone['at'][:10]}; kept because {because}"


def _follows_a_tombstone(revision: Revision, by_id: dict[str, Revision]) -> bool:
    return not revision.get("removed") and any(p in by_id and by_id[p].get("removed") for p in parents_of(revision))


def build_report(
    template: Template,
    local: Report,
    incoming: Report,
    value: Callable[[FieldKey], str],
    lists: dict[FieldKey, list[str]],
) -> Report:
    """The report from its merged values (`value` of a key, '' when it has none) and lists."""
    sides = (local, incoming)
    header_fields = [f.id for f in template.header_fields]
    header_fields += sorted({f for side in sides for f in side["header"]["fields"]} - set(header_fields))
    lists_held = {list_id for side in sides for list_id in side["header"]["contacts"]}
    contacts = {
        spec.id: [_contact(c, value) for c in lists.get((HEADER, contacts_key(spec.id)), [])]
        for spec in template.contact_lists
        if spec.id in lists_held or lists.get((HEADER, contacts_key(spec.id)))
    }
    kinds = {row["id"]: row["kind"] for side in sides for row in rp.rows(side)}
    held = {section["id"] for side in sides for section in side["sections"]}
    sections: list[Section] = []
    placed: set[str] = set()
    for spec in template.sections:
        if spec.id not in held:
            continue
        rows = []
        for row_id in lists.get((spec.id, ROWS), []):
            kind_id = value((row_id, KIND)) or kinds.get(row_id) or spec.new_row_kind or ""
            if row_id in placed or kind_id not in template.row_kinds:
                continue
            placed.add(row_id)
            rows.append(_row(template, row_id, kind_id, value, lists))
        sections.append({"id": spec.id, "no_update": value((spec.id, NO_UPDATE)) == YES, "rows": rows})
    counters = {k: max(side["counters"].get(k, 0) for side in sides) for side in sides for k in side["counters"]}
    merged: Report = {
        "id": local["id"],
        "template": local["template"],
        "swg": local.get("swg") or incoming.get("swg", ""),
        "period": value((HEADER, PERIOD)) or local["period"],
        "created": min(side.get("created", "") for side in sides),
        "updated": max(side.get("updated", "") for side in sides),
        "counters": counters,
        "header": {"fields": {f: value((HEADER, f)) for f in header_fields}, "contacts": contacts},
        "sections": sections,
    }
    reference = local.get("reference") or incoming.get("reference")
    if reference is not None:
        merged["reference"] = copy.deepcopy(reference)
    return merged


def _contact(contact_id: str, value: Callable[[FieldKey], str]) -> Contact:
    return {
        "id": contact_id,
        "organisation": value((HEADER, contact_id + ORGANISATION)),
        "name": value((HEADER, contact_id + NAME)),
        "email": value((HEADER, contact_id + EMAIL)),
    }


def _row(
    template: Template, row_id: str, kind_id: str, value: Callable[[FieldKey], str], lists: dict[FieldKey, list[str]]
) -> Row:
    kind = template.row_kinds[kind_id]
    items: list[Partner] = [
        {"id": item, "name": value((row_id, item + NAME)), "text": value((row_id, item))}
        for item in lists.get((row_id, ITEMS), [])
    ]
    return {
        "id": row_id,
        "kind": kind_id,
        "title": value((row_id, "title")),
        "tag": value((row_id, TAG)),
        "no_update": value((row_id, NO_UPDATE)) == YES,
        "fields": {f.id: value((row_id, f.id)) for f in kind.fields},
        "items": items,
    }
