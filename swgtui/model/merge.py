"""Merging two copies of one report, each with its field history (no files, no screen).

A report's values are a function of its revisions (swgtui.model.merge_keys gives every value
by key). Merging is the union of both histories by id, then, per key, a value from its heads
(the revisions no other revision of the key names as parent):

- one head: its text;
- several: a text field is merged three-way, line by line (merge3) against the heads' nearest
  common ancestor; a single value (a title, a tag, a name, the period) merges only when the
  heads agree; lists of ids (rows, partners, contacts) always merge (swgtui.model.merge_lists).
  What merges gets a merge revision whose id is derived from its parents and text, so two
  stores merging the same heads make the same one. What does not is a conflict: no revision,
  the key is listed in report["conflicts"], and the report shows the head with the lowest id
  (a text) or the latest head (a single value).

A row, partner or contact is gone when every head of every key it has is a tombstone
(`removed`); one removed on one copy and changed on another is kept (and a row flagged).
Nothing here ever drops a revision: every text either copy saved stays in the history.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass

from merge3 import Merge3

from swgtui.i18n import _
from swgtui.model import report as rp
from swgtui.model.ids import derived_id
from swgtui.model.merge_build import Entities, build_report, kept_note
from swgtui.model.merge_graph import common_base, heads, parents_of
from swgtui.model.merge_keys import (
    CONTACTS_PREFIX,
    ITEMS,
    KIND,
    ROWS,
    FieldKey,
    is_text_key,
    list_ids,
    list_value,
    report_values,
)
from swgtui.model.merge_lists import merge_ids
from swgtui.model.report import ReportError
from swgtui.model.review_merge import merge_review
from swgtui.model.schema import MAX_HEADS, MAX_REVISION
from swgtui.model.template import Template
from swgtui.model.types import Conflict, Report, Review, Revision


@dataclass
class MergeResult:
    report: Report  # the merged report (its review merged too)
    new_revisions: list[Revision]  # revisions the local history lacks: received + made by the merge
    merged: int  # fields merged three-way without conflict
    taken: int  # fields changed on the other side only
    conflicts: list[Conflict]  # as stored in report["conflicts"]
    kept_rows: list[str]  # rows removed on one side, edited on the other: kept, flagged
    comments_added: int
    events_added: int


def is_list_key(field: str) -> bool:
    """Keys holding a list of ids (a section's rows, a row's partners, a contact list)."""
    return field in (ROWS, ITEMS) or field.startswith(CONTACTS_PREFIX)


def is_single_value(part: str, field: str) -> bool:
    """Keys holding one value that is never merged line by line (title, tag, names, period …)."""
    if is_list_key(field):
        return False
    return not is_text_key(field) or field == "title" or (part == rp.HEADER_ID and field == "swg_name")


def new_revision(key: FieldKey, text: str, parents: list[Revision], at: str, made_id: str) -> Revision:
    """A revision made by a merge (no author) following `parents`."""
    ids = sorted(p["id"] for p in parents)
    if len(ids) > MAX_HEADS:  # the store's reader would skip it: never written
        raise ReportError(
            _("{key} has {count} versions; at most {most}").format(
                key=f"{key[0]}/{key[1]}", count=len(ids), most=MAX_HEADS
            )
        )
    revision: Revision = {
        "id": made_id,
        "parent": ids[0] if ids else None,
        "part": key[0],
        "field": key[1],
        "rev": min(max((p["rev"] for p in parents), default=0) + 1, MAX_REVISION),
        "text": text,
        "by": None,
        "at": at,
    }
    if len(ids) > 1:
        revision["parents"] = ids
    return revision


def synthetic_revisions(report: Report, history: list[Revision], known: Collection[FieldKey] = ()) -> list[Revision]:
    """Revisions for what a copy holds but its history does not say, so that hand-made and
    older copies merge too: a value that differs from its key's single head; a value without
    a revision, unless the other copy's history has the key (`known`: then this copy never
    changed the value and the other's revisions follow it); and a tombstone for a key its
    history holds that the report no longer has. Their ids are derived from the report's
    `updated` (`created` for a first value: two copies of one report make the same), the key,
    the text and the parents."""
    values = report_values(report)
    by_key = _by_key(history)
    in_conflict = {(c["part"], c["field"]) for c in report.get("conflicts", [])}
    made: list[Revision] = []
    for key, text in values.items():
        tops = heads(by_key.get(key, []))
        if not tops and (not text or key in known):
            continue
        if key in in_conflict and any(h["text"] == text and not h.get("removed") for h in tops):
            continue
        if len(tops) == 1 and tops[0]["text"] == text and not tops[0].get("removed"):
            continue
        at = report["updated"] if tops else report.get("created", "")
        made.append(new_revision(key, text, tops, at, derived_id(at, *key, text, *sorted(h["id"] for h in tops))))
    for key, revisions in by_key.items():
        tops = heads(revisions)
        if key not in values and not all(h.get("removed") for h in tops):
            made_id = derived_id(report["updated"], *key, "", "removed", *sorted(h["id"] for h in tops))
            made.append(_tombstone(new_revision(key, "", tops, report["updated"], made_id)))
    return made


def _tombstone(revision: Revision) -> Revision:
    revision["removed"] = True
    return revision


def _by_key(revisions: list[Revision]) -> dict[FieldKey, list[Revision]]:
    grouped: dict[FieldKey, list[Revision]] = defaultdict(list)
    for revision in revisions:
        grouped[(revision["part"], revision["field"])].append(revision)
    return grouped


def _lines(text: str) -> list[str]:
    return (text + "\n").splitlines(keepends=True)  # every line ends in "\n", the last one too


def merge_texts(base: str, texts: list[str]) -> str | None:
    """Several versions of a text merged line by line against `base` (in the order given), or
    None if two of them changed the same lines differently."""
    merged = _lines(texts[0])
    for text in texts[1:]:
        lines: list[str] = []
        for group in Merge3(_lines(base), merged, _lines(text)).merge_groups():
            if group[0] == "conflict":
                return None
            lines.extend(group[1])
        merged = lines
    return "".join(merged)[:-1]


@dataclass
class _Value:
    text: str | None  # None: every head is a tombstone
    how: str  # "one" (a single live head), "merged", "conflict"
    live: list[Revision]  # the heads that are not tombstones, by id


def _resolve(key: FieldKey, revisions: list[Revision], tops: list[Revision]) -> _Value:
    live = [h for h in tops if not h.get("removed")]
    if not live:
        return _Value(None, "one", live)
    if len(live) == 1:
        return _Value(live[0]["text"], "one", live)
    base = common_base(revisions, [h["id"] for h in live])
    base_text = base["text"] if base is not None else ""
    if is_list_key(key[1]):
        merged_ids = merge_ids(list_ids(base_text), [list_ids(h["text"]) for h in live])
        return _Value(list_value(merged_ids), "merged", live)
    if is_single_value(*key):
        if len({h["text"] for h in live}) == 1:
            return _Value(live[0]["text"], "merged", live)
        return _Value(max(live, key=lambda h: (h["at"], h["id"]))["text"], "conflict", live)
    text = merge_texts(base_text, [h["text"] for h in live])
    return _Value(live[0]["text"], "conflict", live) if text is None else _Value(text, "merged", live)


def _restored(by_id: dict[str, Revision], tops: list[Revision]) -> str:
    """The last text before a removal: of the nearest revision the lowest tombstone follows."""
    current: Revision | None = tops[0] if tops else None
    while current is not None and current.get("removed"):
        parent = next((p for p in parents_of(current) if p in by_id), None)
        current = by_id[parent] if parent else None
    return current["text"] if current is not None else ""


def merge_report(
    local: Report, local_history: list[Revision], incoming: Report, incoming_history: list[Revision], template: Template
) -> MergeResult:
    """Merge the copy `incoming` (with its history) into `local` (with its own)."""
    local_keys = {(r["part"], r["field"]) for r in local_history}
    incoming_keys = {(r["part"], r["field"]) for r in incoming_history}
    everything: dict[str, Revision] = {}
    for revision in [
        *local_history,
        *synthetic_revisions(local, local_history, incoming_keys),
        *incoming_history,
        *synthetic_revisions(incoming, incoming_history, local_keys),
    ]:
        everything.setdefault(revision["id"], revision)
    by_key = _by_key(list(everything.values()))
    tops = {key: heads(revisions) for key, revisions in by_key.items()}
    resolved = {key: _resolve(key, by_key[key], tops[key]) for key in by_key}
    entities = Entities(tops, {s.id for s in template.sections})

    def value(key: FieldKey) -> str:
        found = resolved.get(key)
        if found is None:
            return ""
        if found.text is None:
            return _restored(everything, tops[key]) if entities.kept_key(key) else ""
        return found.text

    lists = {key: list_ids(value(key)) for key in by_key if is_list_key(key[1])}
    merged = build_report(template, local, incoming, value, entities.settle(lists, by_key))
    merged_values = report_values(merged)
    conflicts: list[Conflict] = [
        {"part": key[0], "field": key[1], "heads": [h["id"] for h in found.live]}
        for key, found in sorted(resolved.items())
        if found.how == "conflict" and key in merged_values
    ]
    if conflicts:
        merged["conflicts"] = conflicts
    made = _joining_revisions(merged, merged_values, tops, {(c["part"], c["field"]) for c in conflicts})
    all_revisions = [*everything.values(), *made]
    by_key_after = _by_key(all_revisions)
    for row in rp.rows(merged):
        note = kept_note(row["id"], by_key_after)
        if note:
            row["kept"] = note
    review, comments_added, events_added = _review_of(local, incoming)
    if review is not None:
        merged["review"] = review

    local_values = report_values(local)
    shown = [(key, found) for key, found in resolved.items() if key in merged_values and not _structure(key)]
    known = {r["id"] for r in local_history}
    return MergeResult(
        report=merged,
        new_revisions=[r for r in all_revisions if r["id"] not in known],
        merged=sum(1 for key, found in shown if found.how == "merged" and not is_single_value(*key)),
        taken=sum(1 for key, found in shown if found.how == "one" and local_values.get(key, "") != merged_values[key]),
        conflicts=conflicts,
        kept_rows=[r["id"] for r in rp.rows(merged) if r.get("kept") and not _was_kept(local, r["id"])],
        comments_added=comments_added,
        events_added=events_added,
    )


def _joining_revisions(
    merged: Report, values: dict[FieldKey, str], tops: dict[FieldKey, list[Revision]], in_conflict: set[FieldKey]
) -> list[Revision]:
    """The revisions that make every value of the merged report its key's only head (but for
    keys in conflict), and every key it no longer holds a tombstone: a merge of several heads,
    a row kept although removed, a list without what is gone. Ids are derived from the key,
    the parents and the text, so every store makes the same."""
    made: list[Revision] = []
    for key in sorted(set(values) | set(tops)):
        key_tops = tops.get(key, [])
        ids = sorted(h["id"] for h in key_tops)
        at = max((h["at"] for h in key_tops), default=merged.get("created", ""))
        if key not in values:
            if any(not h.get("removed") for h in key_tops):  # held by neither copy any more
                made.append(_tombstone(new_revision(key, "", key_tops, at, derived_id(at, "merge", *key, *ids, ""))))
        elif key not in in_conflict:
            text = values[key]
            only = key_tops[0] if len(key_tops) == 1 else None
            if (only is None and (key_tops or text)) or (only and (only["text"] != text or only.get("removed"))):
                made.append(new_revision(key, text, key_tops, at, derived_id(at, "merge", *key, *ids, text)))
    return made


def _structure(key: FieldKey) -> bool:
    return is_list_key(key[1]) or key[1] == KIND


def _was_kept(report: Report, row_id: str) -> bool:
    return any(row["id"] == row_id and row.get("kept") for row in rp.rows(report))


def _review_of(local: Report, incoming: Report) -> tuple[Review | None, int, int]:
    if "review" not in local and "review" not in incoming:
        return None, 0, 0
    empty: Review = {"comments": [], "events": []}
    return merge_review(local.get("review", empty), incoming.get("review", empty))
