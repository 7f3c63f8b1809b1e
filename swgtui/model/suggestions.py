"""A reviewer's edits that came back in a Word file: suggestions, never applied until accepted.

A suggestion (swgtui.model.types.Suggestion) is one changed text: which part and field, the
text the reviewer started from (`before`, the revision `base`) and their text (`after`), who
and when. Suggestions live in ``report["review"]["suggestions"]`` and never change once stored;
their state comes from the review events that name them ("accept", "reject": review.fold). A
suggestion no event names is open.

Accepting one writes a revision of the field by the reviewer (`accepted_by` the person
accepting) made from the suggestion's base, then merges it with the field's current versions
exactly as a review package is merged (swgtui.model.merge.merge_report): a field unchanged
since the export takes the reviewer's text, one changed since is merged three-way against the
base, and changes that overlap leave the field in conflict (report["conflicts"], settled in
the conflicts view or with `swgtui conflicts`). A suggestion whose base this history does not
hold (exported on another laptop, or made without swgtui's marks) is compared with the
field's current text instead: it applies when the field still reads `before`, else it is
merged against `before`.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import datetime

from swgtui.i18n import N_, _
from swgtui.model import conflicts, review
from swgtui.model import report as rp
from swgtui.model.ids import derived_id, is_plain_id, new_id
from swgtui.model.merge import is_single_value, merge_report, merge_texts, new_revision, synthetic_revisions
from swgtui.model.merge_graph import ancestors, heads
from swgtui.model.merge_keys import FieldKey, report_values
from swgtui.model.refs import PREFIX_MIN, SHOWN, NotFoundError, RefError
from swgtui.model.schema import MAX_REVISION, MAX_SUGGESTIONS
from swgtui.model.template import Template, load_template
from swgtui.model.types import Conflict, Person, Report, ReviewEvent, Revision, Suggestion
from swgtui.text import clean_line, clean_text

OPEN, ACCEPTED, REJECTED = "open", "accepted", "rejected"
_STATE_OF_ACTION = {"accept": ACCEPTED, "reject": REJECTED}
# What accepting a suggestion would do now (outlook): the field still reads `before`; it changed
# since and the two changes merge; they overlap; the field reads `after` already; its row is gone.
APPLIES, MERGES, CONFLICTS, SAME, GONE = "applies", "merges", "conflicts", "same", "gone"
TAKEN, MERGED, CONFLICT = "taken", "merged", "conflict"  # what accepting did
POSITION = "suggestions"  # suggestions.2: the 2nd open suggestion as `swgtui suggestions` lists them


@dataclass
class Accepted:
    report: Report  # the report with the suggestion accepted (a new copy)
    new_revisions: list[Revision]  # to save with it
    outcome: str  # TAKEN, MERGED or CONFLICT


def _all(report: Report) -> list[Suggestion]:
    return report.get("review", {}).get("suggestions", [])


def _ordered(report: Report, found: list[Suggestion]) -> list[Suggestion]:
    """In the report's order of parts (a removed row's last), then by (time, id)."""
    order = {part_id: n for n, part_id in enumerate(rp.part_ids(report))}
    return sorted(found, key=lambda s: (order.get(s["part"], len(order)), s["at"], s["id"]))


def suggestions(report: Report, state: str | None = OPEN) -> list[Suggestion]:
    """The suggestions in `state` (None: all), in the report's order of parts, then by time."""
    decided = review.decided_suggestions(report)
    found = [s for s in _all(report) if state is None or _state(decided.get(s["id"])) == state]
    return _ordered(report, found)


def _state(event: ReviewEvent | None) -> str:
    return OPEN if event is None else _STATE_OF_ACTION[event["action"]]


def state_of(report: Report, suggestion_id: str) -> str:
    """The suggestion's state: "open", "accepted" or "rejected"."""
    return _state(review.decided_suggestions(report).get(suggestion_id))


def decision(report: Report, suggestion_id: str) -> ReviewEvent | None:
    """The event that accepted or rejected the suggestion (None while it is open)."""
    return review.decided_suggestions(report).get(suggestion_id)


def position(report: Report, suggestion_id: str) -> str | None:
    """The suggestion's position as people type it (suggestions.2), or None when not open."""
    for number, suggestion in enumerate(suggestions(report), start=1):
        if suggestion["id"] == suggestion_id:
            return f"{POSITION}.{number}"
    return None


def _get(report: Report, suggestion_id: str) -> Suggestion:
    found = next((s for s in _all(report) if s["id"] == suggestion_id), None)
    if found is None:
        raise NotFoundError(_("the report has no suggestion {id}").format(id=repr(suggestion_id)))
    return found


def where(report: Report, suggestion: Suggestion, template: Template | None = None) -> tuple[str, str]:
    """The suggestion's part and field as people name them: ("Proper regulations of …",
    "Update on progress"); a removed row is "a removed row" (its field by its id)."""
    template = template or load_template(report["template"])
    part, field = suggestion["part"], suggestion["field"]
    if part != rp.HEADER_ID and part not in rp.part_ids(report):
        return _("a removed row"), field
    return rp.part_title(template, report, part), conflicts.field_name(template, report, part, field)


def describe(report: Report, suggestion: Suggestion, template: Template | None = None) -> str:
    """A suggestion as messages name it: Mr Lord's suggestion for 'Update on progress' in
    'Proper regulations of …' (A.2)."""
    template = template or load_template(report["template"])
    part = suggestion["part"]
    field = rp.quoted(where(report, suggestion, template)[1])
    name = suggestion["by"]["name"]
    if part != rp.HEADER_ID and part not in rp.part_ids(report):
        return _("{name}'s suggestion for {field} in a removed row").format(name=name, field=field)
    return _("{name}'s suggestion for {field} in {part}").format(
        name=name, field=field, part=rp.part_name(template, report, part)
    )


def find(report: Report, wanted: str) -> Suggestion:
    """A suggestion named by its id, the start of its id (at least 4 characters, no other id
    starting so) or its position among the open ones (suggestions.2); RefError otherwise,
    naming the candidates when several fit."""
    text = wanted.strip()
    every = _all(report)
    exact = [s for s in every if s["id"] == text] or [s for s in every if s["id"].casefold() == text.casefold()]
    if len(exact) == 1:
        return exact[0]
    number = text.partition(".")[2] if text.casefold().startswith(POSITION + ".") else ""
    if number.isascii() and number.isdigit():
        listed = suggestions(report)
        count = int(number) if len(number) <= 18 else 0  # more digits: past the end of anything
        if not 1 <= count <= len(listed):
            shown = number.lstrip("0")[:20] or "0"
            raise NotFoundError(
                _("the report has no open suggestion {number} (it has {count})").format(number=shown, count=len(listed))
            )
        return listed[count - 1]
    starting = [s for s in every if len(text) >= PREFIX_MIN and s["id"].casefold().startswith(text.casefold())]
    if len(starting) > 1:
        template = load_template(report["template"])
        names = "; ".join(f"{s['id']} ({describe(report, s, template)})" for s in starting[:SHOWN])
        more = _(" and {count} more").format(count=len(starting) - SHOWN) if len(starting) > SHOWN else ""
        raise RefError(
            _("{text} could be {count} suggestions: {names}{more}; type more of the id").format(
                text=repr(text), count=len(starting), names=names, more=more
            )
        )
    if starting:
        return starting[0]
    if every and len(text) < PREFIX_MIN and any(s["id"].casefold().startswith(text.casefold()) for s in every):
        raise RefError(
            _("{text} is too short to name a suggestion: give at least {count} characters of its id").format(
                text=repr(text), count=PREFIX_MIN
            )
        )
    raise NotFoundError(
        _(
            "the report has no suggestion {text} (give its id, the start of it, or its position like "
            "{position}: see swgtui suggestions {report})"
        ).format(text=repr(text), position=f"{POSITION}.1", report=report["id"])
    )


def add(
    report: Report,
    part: str,
    field: str,
    base: str | None,
    before: str,
    after: str,
    by: Person,
    at: str,
    source: str,
    tracked: bool,
) -> Suggestion | None:
    """Add a reviewer's suggestion to the report; None when an equal one (same part, field and
    text after) is there already, so receiving a file twice adds nothing. ReportError for a
    part, field or base that is not an id, a time that is not one, or a text too long."""
    for name, value in (("part", part), ("field", field), ("base", base)):
        if not is_plain_id(value) and not (name == "base" and value is None):
            raise rp.ReportError(
                _("a suggestion's {name} must be an id, not {value}").format(name=name, value=repr(value))
            )
    try:
        datetime.fromisoformat(at)
    except ValueError:
        raise rp.ReportError(_("a suggestion's time must be a date and time, not {at}").format(at=repr(at))) from None
    by = review.check_person(by)
    after = rp.within(clean_text(after), rp.TEXT_MAX, N_("a suggestion's text"))
    if any(s["part"] == part and s["field"] == field and s["after"] == after for s in _all(report)):
        return None
    if len(_all(report)) >= MAX_SUGGESTIONS:
        raise review.ReviewError(
            _("the review already holds {count:,} suggestions, the most a report may hold").format(
                count=len(_all(report))
            )
        )
    stored = review.review_data(report).setdefault("suggestions", [])
    suggestion: Suggestion = {
        "id": new_id(),
        "part": part,
        "field": field,
        "base": base,
        "before": rp.within(clean_text(before), rp.TEXT_MAX, N_("a suggestion's text")),
        "after": after,
        "by": by,
        "at": at,
        "source": clean_line(source),
        "tracked": tracked,
    }
    stored.append(suggestion)
    return suggestion


# --- what accepting would do, and doing it ---------------------------------------------------


def _key(suggestion: Suggestion) -> FieldKey:
    return suggestion["part"], suggestion["field"]


def outlook(report: Report, history: list[Revision], suggestion: Suggestion) -> str:
    """What accepting the suggestion would do now: "applies" (the field still reads `before`),
    "merges" (it changed since, and the changes merge), "conflicts" (they overlap, or the field
    is in conflict already), "same" (the field reads `after` already), "gone" (its row or
    partner was removed)."""
    current = report_values(report).get(_key(suggestion))
    if current is None:
        return GONE
    if conflicts.find(report, *_key(suggestion)):
        return CONFLICTS
    if current == suggestion["after"]:
        return SAME
    base = _base(report, history, suggestion)
    base_text = base["text"] if base is not None else suggestion["before"]
    if current == base_text:
        return APPLIES
    if is_single_value(*_key(suggestion)) or merge_texts(base_text, [current, suggestion["after"]]) is None:
        return CONFLICTS
    return MERGES


def _base(report: Report, history: list[Revision], suggestion: Suggestion) -> Revision | None:
    """The revision the reviewer's text follows: the suggestion's base if the history holds
    it; else the latest revision of the field's current versions that reads `before`."""
    key = _key(suggestion)
    of_key = [r for r in history if (r["part"], r["field"]) == key]
    by_id = {r["id"]: r for r in of_key}
    if suggestion["base"] in by_id:
        return by_id[str(suggestion["base"])]
    behind = [by_id[i] for i in ancestors(by_id, [h["id"] for h in heads(of_key)])]
    reading = [r for r in behind if r["text"] == suggestion["before"] and not r.get("removed")]
    return max(reading, key=lambda r: (r["at"], r["id"])) if reading else None


def _not_open(report: Report, suggestion: Suggestion) -> review.ReviewError:
    event = decision(report, suggestion["id"])
    assert event is not None
    when = review.local_time(event["at"])[:10]
    message = (
        _("{suggestion} was accepted by {name} on {date}")
        if _state(event) == ACCEPTED
        else _("{suggestion} was rejected by {name} on {date}")
    )
    return review.ReviewError(
        message.format(suggestion=describe(report, suggestion), name=event["by"]["name"], date=when)
    )


def _open(report: Report, suggestion_id: str) -> Suggestion:
    suggestion = _get(report, suggestion_id)
    if decision(report, suggestion_id) is not None:
        raise _not_open(report, suggestion)
    return suggestion


def reject(report: Report, suggestion_id: str, person: Person, note: str = "") -> ReviewEvent:
    """Reject an open suggestion: the field keeps its text; the note says why."""
    person = review.check_person(person)
    suggestion = _open(report, suggestion_id)
    return review.decide_suggestion(report, person, "reject", suggestion["part"], suggestion["id"], note)


def accept(report: Report, history: list[Revision], suggestion_id: str, person: Person, template: Template) -> Accepted:
    """Accept an open suggestion (see the module's docstring). `report` is left as it is: the
    accepted report is a new copy, to save with `new_revisions` (`history`: the report's saved
    revisions). Only the suggestion's field changes."""
    person = review.check_person(person)
    suggestion = _open(report, suggestion_id)
    key = _key(suggestion)
    current = report_values(report).get(key)
    if current is None:
        raise review.ReviewError(
            _("{suggestion} cannot be accepted: it is no longer there").format(
                suggestion=describe(report, suggestion, template)
            )
        )
    if conflicts.find(report, *key):
        where = conflicts.part_name(template, report, key[0])
        raise review.ReviewError(
            _("{part}: {field} is in conflict: settle it first (swgtui conflicts {report})").format(
                part=where, field=conflicts.field_name(template, report, *key), report=report["id"]
            )
        )
    base = _base(report, history, suggestion)
    if base is None and current != suggestion["before"]:
        merged = _merged_by_text(report, history, suggestion, person)
    else:
        merged = _merged(report, history, suggestion, person, template, base)
    check_text(key, merged.text)
    accepted = copy.deepcopy(report)
    _set_value(template, accepted, key, merged.text)
    if merged.conflict is not None:
        listed = [*accepted.get("conflicts", []), merged.conflict]
        accepted["conflicts"] = sorted(listed, key=lambda c: (c["part"], c["field"]))
    # on the copy: a review full of events refuses it with nothing changed
    review.decide_suggestion(accepted, person, "accept", key[0], suggestion["id"])
    outcome = CONFLICT if merged.conflict else TAKEN if merged.text == suggestion["after"] else MERGED
    return Accepted(accepted, merged.revisions, outcome)


@dataclass
class _Merged:
    text: str  # the field's text now (in conflict: the version shown)
    conflict: Conflict | None
    revisions: list[Revision]  # of the field: the reviewer's, and the merge's


def _reviewers_revision(suggestion: Suggestion, person: Person, parent: Revision | None, rev: int) -> Revision:
    """The reviewer's text as a revision by the reviewer, accepted now by `person`."""
    return {
        "id": new_id(),
        "parent": parent["id"] if parent is not None else None,
        "part": suggestion["part"],
        "field": suggestion["field"],
        "rev": min(rev, MAX_REVISION),
        "text": suggestion["after"],
        "by": suggestion["by"],
        "at": rp.now_iso(),
        "accepted_by": person,
    }


def _merged(
    report: Report,
    history: list[Revision],
    suggestion: Suggestion,
    person: Person,
    template: Template,
    base: Revision | None,
) -> _Merged:
    """The reviewer's revision, made from `base`, merged as a review package is: the other
    copy is this report with the field at `after`, its history the field's revisions up to
    `base` and the reviewer's."""
    key = _key(suggestion)
    reviewers = _reviewers_revision(suggestion, person, base, (base["rev"] if base else 0) + 1)
    of_key = {r["id"]: r for r in history if (r["part"], r["field"]) == key}
    behind = ancestors(of_key, [base["id"]]) if base is not None else set()
    incoming_history = [r for r in history if (r["part"], r["field"]) != key or r["id"] in behind]
    incoming = copy.deepcopy(report)
    _set_value(template, incoming, key, suggestion["after"])
    result = merge_report(report, history, incoming, [*incoming_history, reviewers], template)
    conflict = next((c for c in result.conflicts if (c["part"], c["field"]) == key), None)
    made = [r for r in result.new_revisions if (r["part"], r["field"]) == key]
    return _Merged(report_values(result.report)[key], conflict, made)


def _merged_by_text(report: Report, history: list[Revision], suggestion: Suggestion, person: Person) -> _Merged:
    """A suggestion whose base is not in this history, on a field that no longer reads
    `before`: the reviewer's revision (following none of the field's) merged three-way with
    the current text against `before`, or the field left in conflict between the two."""
    key = _key(suggestion)
    made = [r for r in synthetic_revisions(report, history) if (r["part"], r["field"]) == key]
    of_key = [r for r in [*history, *made] if (r["part"], r["field"]) == key]
    tops = heads(of_key)
    reviewers = _reviewers_revision(suggestion, person, None, max((r["rev"] for r in of_key), default=0) + 1)
    current = report_values(report)[key]
    text = None if is_single_value(*key) else merge_texts(suggestion["before"], [current, suggestion["after"]])
    if text is None:
        versions = sorted([*(h["id"] for h in tops), reviewers["id"]])
        return _Merged(current, {"part": key[0], "field": key[1], "heads": versions}, [*made, reviewers])
    joined = [*tops, reviewers]
    at = reviewers["at"]
    merge = new_revision(key, text, joined, at, derived_id(at, "merge", *key, *sorted(r["id"] for r in joined), text))
    return _Merged(text, None, [*made, reviewers, merge])


def check_text(key: FieldKey, text: str) -> None:
    """Refuse a text the field's own setter (or `swgtui rename-row`) would refuse: ReportError
    with the same message (an empty title or SWG name, a text over the field's limit)."""
    part_id, field = key
    if field == "title" and part_id != rp.HEADER_ID:
        rp.checked_title(text)
    elif part_id == rp.HEADER_ID and field == "swg_name":
        rp.checked_swg_name(rp.within(clean_text(text), rp.TEXT_MAX, N_("a field")))
    elif part_id == rp.HEADER_ID and field == "period":
        rp.check_period(text)
    else:
        rp.within(clean_text(text), rp.TEXT_MAX, N_("a field"))


def _set_value(template: Template, report: Report, key: FieldKey, text: str) -> None:
    """Give a text key (a field, a partner's narrative, a row's title) the text."""
    part_id, field = key
    if field == "title" and part_id != rp.HEADER_ID:
        rp.rename_row(template, report, part_id, text)
    else:
        rp.set_field(template, report, part_id, field, text)
