"""Review and sign-off: comment threads, per-part status, approvals, the final sign-off, the log.

The record lives in the report under ``report["review"]`` so it travels with dump/load, and
holds only what people wrote and did, in the order they did it:

    {"comments": [Comment], "events": [ReviewEvent]}

An event is one review act: "ready", "approve", "request-changes" (of a part), "resolve",
"reopen" (of a comment thread), "sign-off" (of the report), "void", or "accept" and "reject"
(of a reviewer's suggestion: swgtui.model.suggestions). Every state people see —
a part's status, its approvals, its voided approvals, the changes requested, a thread's state,
the sign-offs and the review log — is computed from the events, in list order, in one pass
(`fold`); nothing of it is stored. Each event and comment keeps in "seen" the id of the last
event in the report when its author acted, and each event in "after" the events no other
names (the heads), so that copies of a report merge (`swgtui.model.review_merge`, which also
says how steps taken on two laptops without knowing of each other are settled).

Approvals are kept per reviewer (by name and organisation): each reviewer's latest approval of
a part stands until it is voided. The part's approval shown ("approved by") is the latest one
given; the part reads "approved" while that one holds. An approval stores a fingerprint of the
part's content; whether it holds is worked out from the content every time, so an edit made
anywhere (app, command line, a hand-edited dump) voids it: the part then reads "changed since
approval", the approval itself stays on record.

"void" withdraws an approval (its "part" and, in "voids", the approval's event id) or a
sign-off ("part" empty, "voids" the sign-off's event id); its note says why. A review step
that retires approvals writes one void per approval before the step itself, as the log of
release 0.1.0 wrote an "approval voided" entry before it: marking ready or re-approving a part
changed since approval ("content changed since approval"), requesting changes of an approved
part ("changes requested"). Reviews written by 0.1.0 are converted on load
(`swgtui.model.review_legacy`), their "approval voided" log entries into these events. A part
that was approved and whose last standing approval is voided reads "ready for review" again.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from swgtui.i18n import N_, _
from swgtui.model import report as rp
from swgtui.model.ids import new_id
from swgtui.model.review_merge import Knowledge, heads
from swgtui.model.template import Template, load_template
from swgtui.model.types import Comment, Person, Review, ReviewEvent
from swgtui.text import clean_line, clean_text

ROLES = ("focal point", "chair", "co-chair", "reviewer")
REVIEWER_ROLES = ("chair", "co-chair", "reviewer")
SIGNER_ROLES = ("chair", "co-chair")
# Who may take each status step (the model refuses others; the app offers only these).
STEP_ROLES = {"ready": ("focal point",), "approve": REVIEWER_ROLES, "request-changes": REVIEWER_ROLES}

# A role as people read it (the role itself, a key of ROLES, is what is stored): `_(ROLE_LABELS[role])`.
ROLE_LABELS = {
    "focal point": N_("focal point"),
    "chair": N_("chair"),
    "co-chair": N_("co-chair"),
    "reviewer": N_("reviewer"),
}

DRAFT, READY, CHANGES, APPROVED, STALE = "draft", "ready", "changes_requested", "approved", "changed_since_approval"
# A part's status as people read it: translate where it is shown, `_(STATUS_LABELS[status])` in
# the interface, the document's language's gettext in an export.
STATUS_LABELS = {
    DRAFT: N_("draft"),
    READY: N_("ready for review"),
    CHANGES: N_("changes requested"),
    APPROVED: N_("approved"),
    STALE: N_("changed since approval"),
}
ACTIONS = ("ready", "approve", "request-changes")
# The most review events and comments a report may hold. A real report's review has a few
# hundred of each (some fifty parts, a handful of steps and comments on each, year after year);
# 20,000 is far above real use. More is damage or an attack: a step or comment that would pass
# the limit is refused here, and a file holding more is refused on load (swgtui.model.schema).
MAX_EVENTS = 20_000
MAX_COMMENTS = 20_000
SUGGESTION_ACTIONS = ("accept", "reject")  # of a reviewer's suggestion (swgtui.model.suggestions)
EVENT_ACTIONS = (*ACTIONS, "resolve", "reopen", "sign-off", "void", *SUGGESTION_ACTIONS)
CHANGED = "content changed since approval"  # stored (a void's note): English, as every note a step writes
Words = Callable[[str], str]  # a language's gettext: the interface's (`_`) or a document's


class ReviewError(rp.ReportError):
    """A review step that is not allowed (yet); the message says why."""


def check_person(person: Any) -> Person:
    """A person as stored with every comment and status change: name, organisation, role."""
    if not isinstance(person, dict):
        raise ReviewError(_("who is acting is not known: set it with 'swgtui whoami --name --org --role'"))
    name = clean_line(str(person.get("name", "")))
    role = clean_line(str(person.get("role", ""))).lower()
    if not name:
        raise ReviewError(_("who is acting is not known: set your name with 'swgtui whoami --name'"))
    if role not in ROLES:
        raise ReviewError(_("unknown role {role} (roles: {roles})").format(role=repr(role), roles=", ".join(ROLES)))
    return {"name": name, "organisation": clean_line(str(person.get("organisation", ""))), "role": role}


def local_time(iso: str, utc: bool = False) -> str:
    """A stored time in the reader's local time (or in UTC, marked so), to the minute; the
    stored text itself where it is no date or cannot be shown in that zone (a date at the very
    end or start of the calendar, e.g. 9999-12-31T23:00:00+00:00 east of UTC)."""
    try:
        moment = datetime.fromisoformat(iso)
        if utc:
            return (moment.astimezone(UTC) if moment.tzinfo else moment).strftime("%Y-%m-%d %H:%M UTC")
        return moment.astimezone().strftime("%Y-%m-%d %H:%M")
    except (ValueError, OverflowError, OSError):
        return iso


def describe(person: Person, gettext: Words = _) -> str:
    """ "NAME (role, organisation)", the role in the interface's language (or a document's, with
    its `gettext`)."""
    organisation = f", {person['organisation']}" if person.get("organisation") else ""
    role = gettext(ROLE_LABELS[person["role"]]) if person["role"] in ROLE_LABELS else person["role"]
    return f"{person['name']} ({role}{organisation})"


def recorded(record: ReviewEvent | dict[str, Any], lead: str = ", ", end: str = "", gettext: Words = _) -> str:
    """ ", recorded by NAME" for a step recorded on someone's behalf (an approval sent by
    e-mail), between `lead` and `end`; "" for a step taken by its author. In the interface's
    language, or in a document's with its `gettext`."""
    recorder = record.get("recorded_by")
    return lead + gettext("recorded by {name}").format(name=recorder["name"]) + end if recorder else ""


def initials(person: Person) -> str:
    return "".join(word[0] for word in person["name"].split() if word)[:4].upper() or "?"


def _template(report: rp.Report) -> Template:
    return load_template(report["template"])


def _title(report: rp.Report, part_id: str, template: Template | None = None) -> str:
    """The part as a person names it, quoted: 'Header block', 'Proper regulations of …'."""
    if part_id not in rp.part_ids(report):
        return _("a removed row")  # comments stay on record when their row is removed
    return rp.quoted(rp.part_title(template or _template(report), report, part_id))


def review_data(report: rp.Report) -> Review:
    """The stored record: comments and events (both empty for a report not reviewed yet)."""
    review = report.setdefault("review", {"comments": [], "events": []})
    review.setdefault("comments", [])
    review.setdefault("events", [])
    return review


# --- fingerprints ---------------------------------------------------------------------------


def _digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()[:16]


def part_content(report: rp.Report, part_id: str) -> Any:
    """What an approval of the part covers. Contacts' ids are left out of the header's content:
    they are not content, and approvals given before contacts had ids still hold."""
    if part_id == rp.HEADER_ID:
        header = report["header"]
        contacts = {
            list_id: [{k: v for k, v in person.items() if k != "id"} for person in people]
            for list_id, people in header["contacts"].items()
        }
        return {**header, "contacts": contacts}
    _section, row = rp.find_row(report, part_id)
    return {k: row[k] for k in ("title", "tag", "fields", "items", "no_update")}


def part_fingerprint(report: rp.Report, part_id: str) -> str:
    return _digest(part_content(report, part_id))


def report_fingerprint(report: rp.Report) -> str:
    """Changes whenever any part's content changes, rows are added, removed or reordered, or a
    section is marked "no update this period"."""
    return _report_digest(report, [(p, part_fingerprint(report, p)) for p in rp.part_ids(report)])


def _report_digest(report: rp.Report, fingerprints: list[tuple[str, str]]) -> str:
    content: list[Any] = [report["period"], fingerprints]
    marked = [s["id"] for s in report["sections"] if s.get("no_update")]
    if marked:  # only then, so sign-offs given before sections could be marked still hold
        content.append(marked)
    return _digest(content)


# --- the fold: states from events -------------------------------------------------------------


@dataclass
class PartReview:
    """A part's review as worked out from the events."""

    status: str = DRAFT  # the last step; "changed since approval" is worked out from the content
    approvals: dict[tuple[str, str], ReviewEvent] = field(default_factory=dict)  # reviewer -> approval
    past: list[dict[str, Any]] = field(default_factory=list)  # voided approvals
    requests: list[ReviewEvent] = field(default_factory=list)  # requests for changes no approval knew

    @property
    def request(self) -> ReviewEvent | None:
        """The last request for changes still awaiting an approval."""
        return self.requests[-1] if self.requests else None

    def approval(self, fingerprint: str | None = None) -> ReviewEvent | None:
        """The latest approval still standing (the one shown as "approved by"); given the
        part's fingerprint, the latest that holds it, if one does."""
        standing = list(reversed(self.approvals.values()))
        holding = [approval for approval in standing if approval["fingerprint"] == fingerprint]
        return next(iter(holding or standing), None)


@dataclass
class ReviewState:
    parts: dict[str, PartReview] = field(default_factory=dict)
    resolved: dict[str, ReviewEvent] = field(default_factory=dict)  # thread id -> its resolve
    signoffs: list[ReviewEvent] = field(default_factory=list)  # not voided
    decided: dict[str, ReviewEvent] = field(default_factory=dict)  # suggestion id -> its accept or reject

    def part(self, part_id: str) -> PartReview:
        return self.parts.get(part_id) or PartReview()


def reviewer(person: Person) -> tuple[str, str]:
    """Who an approval belongs to: the same name and organisation is the same reviewer."""
    return person["name"].casefold(), person.get("organisation", "").casefold()


def _voided(approval: ReviewEvent, at: str, because: str) -> dict[str, Any]:
    return {**approval_record(approval), "voided_at": at, "voided_because": because}


def approval_record(event: ReviewEvent) -> dict[str, Any]:
    """An approval or a sign-off as people see it: by, at, fingerprint, note (and recorded_by,
    for one recorded on the approver's behalf)."""
    record: dict[str, Any] = {key: event[key] for key in ("by", "at", "fingerprint", "note")}
    if "recorded_by" in event:
        record["recorded_by"] = event["recorded_by"]
    return record


def fold(events: list[ReviewEvent]) -> ReviewState:
    """Every state of the review, from its events in list order (after a merge, the canonical
    order), in one pass. Between two events of which neither knew the other, a request for
    changes beats an approval and a reopen beats a resolve: an approval clears only the
    requests its author knew of, a resolve only the reopens."""
    state = ReviewState()
    knowledge = Knowledge(events, about=("request-changes", "reopen"))
    reopens: dict[str, list[ReviewEvent]] = {}  # thread id -> reopens no resolve knew
    for event in events:
        action = event["action"]
        if action == "resolve":
            thread = event["comment"]
            reopens[thread] = [r for r in reopens.get(thread, []) if not knowledge.knew(event, r)]
            if not reopens[thread]:
                state.resolved[thread] = event
        elif action == "reopen":
            state.resolved.pop(event["comment"], None)
            reopens.setdefault(event["comment"], []).append(event)
        elif action == "sign-off":
            state.signoffs.append(event)
        elif action == "void" and not event["part"]:
            state.signoffs = [s for s in state.signoffs if s["id"] != event["voids"]]
        elif action in SUGGESTION_ACTIONS:  # an accept taken apart from a reject stands: its text is in
            decided = state.decided.get(event.get("suggestion", ""))
            if decided is None or (action == "accept" and decided["action"] != "accept"):
                state.decided[event.get("suggestion", "")] = event
        else:
            part = state.parts.setdefault(event["part"], PartReview())
            if action == "ready":
                part.status = READY
            elif action == "request-changes":
                part.status = CHANGES
                part.requests.append(event)
            elif action == "approve":
                earlier = part.approvals.pop(reviewer(event["by"]), None)
                if earlier is not None:  # only in a hand-made record: a step voids it first
                    part.past.append(_voided(earlier, event["at"], "approved again"))
                part.approvals[reviewer(event["by"])] = event
                part.requests = [r for r in part.requests if not knowledge.knew(event, r)]
                part.status = CHANGES if part.requests else APPROVED
            elif action == "void":
                for key, approval in list(part.approvals.items()):
                    if approval["id"] == event["voids"]:
                        del part.approvals[key]
                        part.past.append(_voided(approval, event["at"], event["note"]))
                if part.status == APPROVED and not part.approvals:
                    part.status = READY
    return state


_folded: list[tuple[list[ReviewEvent], int, ReviewState]] = []  # the last fold: events, their count, state


def _state(report: rp.Report) -> ReviewState:
    """The fold of the report's events, worked out once for as long as the list holds the same
    events: the outline, the panel and the sign-off screen ask it once per part. Events are only
    ever appended, so the list itself and its length tell whether it changed."""
    events = review_data(report)["events"]
    if _folded and _folded[0][0] is events and _folded[0][1] == len(events):
        return _folded[0][2]
    state = fold(events)
    _folded[:] = [(events, len(events), state)]
    return state


def _act(
    report: rp.Report, person: Person, action: str, part: str = "", recorded_by: Person | None = None, **details: str
) -> ReviewEvent:
    """Record a review act as a new event at the end of the record (by `person`; recorded by
    `recorded_by` on their behalf, when given)."""
    events = review_data(report)["events"]
    event: ReviewEvent = {
        "id": new_id(),
        "action": action,
        "at": rp.now_iso(),
        "by": person,
        "part": part,
        "comment": details.get("comment", ""),
        "fingerprint": details.get("fingerprint", ""),
        "note": details.get("note", ""),
        "voids": details.get("voids", ""),
        "seen": events[-1]["id"] if events else None,
        "after": heads(events),
    }
    if recorded_by is not None:
        event["recorded_by"] = recorded_by
    events.append(event)
    return event


# --- status ---------------------------------------------------------------------------------


def _holds(approval: ReviewEvent | None, fingerprint: str) -> bool:
    return approval is not None and approval["fingerprint"] == fingerprint


def _status(part: PartReview, fingerprint: str) -> str:
    if part.status == APPROVED and not _holds(part.approval(fingerprint), fingerprint):
        return STALE
    return part.status


def part_status(report: rp.Report, part_id: str) -> str:
    """The status as users see it: an approval whose content changed reads STALE."""
    part = _state(report).part(part_id)
    return part.status if part.status != APPROVED else _status(part, part_fingerprint(report, part_id))


def approval(report: rp.Report, part_id: str) -> dict[str, Any] | None:
    """The part's latest standing approval (by, at, fingerprint, note) holding its content if
    one does, or None."""
    latest = _state(report).part(part_id).approval(part_fingerprint(report, part_id))
    return approval_record(latest) if latest else None


def part_approvals(report: rp.Report, part_id: str) -> list[dict[str, Any]]:
    """The part's standing approvals, one per reviewer: by, at, note, and whether it still
    holds (as in review_summary's parts, worked out for this part alone)."""
    return _approvals(_state(report).part(part_id), part_fingerprint(report, part_id))


def _approvals(part: PartReview, fingerprint: str) -> list[dict[str, Any]]:
    return [{**approval_record(a), "holds": _holds(a, fingerprint)} for a in part.approvals.values()]


def approval_holds(report: rp.Report, part_id: str) -> bool:
    fingerprint = part_fingerprint(report, part_id)
    return _holds(_state(report).part(part_id).approval(fingerprint), fingerprint)


def _check_room(report: rp.Report, events: int = 0, comments: int = 0) -> None:
    """Refuse a step before it writes anything when it would take the review past its limits."""
    review = review_data(report)
    if len(review["events"]) + events > MAX_EVENTS:
        raise ReviewError(
            _("the review already holds {count:,} steps, the most a report may hold").format(
                count=len(review["events"])
            )
        )
    if len(review["comments"]) + comments > MAX_COMMENTS:
        raise ReviewError(
            _("the review already holds {count:,} comments, the most a report may hold").format(
                count=len(review["comments"])
            )
        )


def set_status(
    report: rp.Report, part_id: str, action: str, person: Person, note: str = "", recorded_by: Person | None = None
) -> str:
    """Apply a review step to a part and return its new status; raises ReviewError if not allowed.
    With `recorded_by`, the step is `person`'s (a reviewer who approved or asked for changes
    by e-mail), recorded on their behalf by `recorded_by`."""
    person = check_person(person)
    if recorded_by is not None:
        recorded_by = _check_on_behalf(action, person, check_person(recorded_by))
    if part_id not in rp.part_ids(report):
        rp.find_row(report, part_id)  # raises the usual "no row" error
    note = clean_text(note).strip()
    part = _state(report).part(part_id)
    _check_room(report, events=1 + len(part.approvals))  # the step and the voids it may write first
    fingerprint = part_fingerprint(report, part_id)
    title = _title(report, part_id)
    if action in ("ready", "approve") and part_id in parts_in_conflict(report):
        raise ReviewError(_in_conflict(report, part_id))
    if action == "ready":
        if person["role"] not in STEP_ROLES["ready"]:
            raise ReviewError(_("only the focal point marks parts ready for review"))
        if refusal := _status_refusal(report, part_id, action, person):
            raise ReviewError(refusal)
        _check_complete(report, part_id, _("cannot mark {part} ready for review").format(part=title))
        _void(report, person, part_id, part.approvals.values(), fingerprint, "marked ready for review again")
        _act(report, person, "ready", part_id, fingerprint=fingerprint, note=note)
        return READY
    if action not in ("approve", "request-changes"):
        raise ReviewError(
            _("unknown status step {step} (steps: {steps})").format(step=repr(action), steps=", ".join(ACTIONS))
        )
    if person["role"] not in STEP_ROLES[action]:
        if action == "approve":
            raise ReviewError(_("only a chair, co-chair or reviewer may approve"))
        raise ReviewError(_("only a chair, co-chair or reviewer may request changes"))
    if action == "request-changes":
        if not note:
            raise ReviewError(_("say what needs to change: a note is required when requesting changes"))
        if refusal := _status_refusal(report, part_id, action, person):
            raise ReviewError(refusal)
        _void(report, person, part_id, part.approvals.values(), "", "changes requested", recorded_by)
        _act(report, person, "request-changes", part_id, recorded_by, note=note)
        return CHANGES
    if refusal := _status_refusal(report, part_id, action, person):
        raise ReviewError(refusal)
    own = part.approvals.get(reviewer(person))
    _check_complete(report, part_id, _("cannot approve {part}").format(part=title))
    _void(report, person, part_id, [own] if own else [], fingerprint, "approved again", recorded_by)
    _act(report, person, "approve", part_id, recorded_by, fingerprint=fingerprint, note=note)
    return APPROVED


def _status_refusal(report: rp.Report, part_id: str, action: str, person: Person) -> str:
    """Why the part's status does not let `person` take `action` now ("" when it does)."""
    part = _state(report).part(part_id)
    fingerprint = part_fingerprint(report, part_id)
    current = _status(part, fingerprint)
    title = _title(report, part_id)
    if action == "ready" and current == READY:
        return _("{part} is already ready for review").format(part=title)
    if action == "ready" and current == APPROVED:
        return _("{part} is approved; it needs no new review").format(part=title)
    if action == "request-changes" and current == CHANGES:
        return _("changes are already requested for {part}").format(part=title)
    own = part.approvals.get(reviewer(person))
    if (
        action == "approve"
        and current not in (READY, STALE)
        and not (current == APPROVED and not _holds(own, fingerprint))
    ):
        return _("{part} is at '{status}': it must be ready for review first").format(
            part=title, status=_(STATUS_LABELS[current])
        )
    return ""


def possible_steps(report: rp.Report, part_id: str, person: Person) -> list[str]:
    """The status steps (of ACTIONS) `person` may take on the part now: their role's, where the
    part's status allows them (whether the part is complete is checked when one is taken)."""
    return [
        action
        for action in ACTIONS
        if person["role"] in STEP_ROLES[action] and not _status_refusal(report, part_id, action, person)
    ]


def _check_on_behalf(action: str, person: Person, recorded_by: Person) -> Person:
    """Who records a step on `person`'s behalf: only an approval or a request for changes, of
    someone else, who reviews."""
    if action not in ("approve", "request-changes"):
        raise ReviewError(
            _(
                "only an approval or a request for changes is recorded on someone's behalf; "
                "the focal point marks parts ready themselves"
            )
        )
    if person["role"] not in REVIEWER_ROLES:
        raise ReviewError(
            _("an approval is recorded on behalf of a chair, co-chair or reviewer, not a {role}").format(
                role=_(ROLE_LABELS.get(person["role"], person["role"]))
            )
        )
    if reviewer(person) == reviewer(recorded_by):
        raise ReviewError(
            _("{name} is you: take the step as yourself, without 'on behalf of'").format(name=person["name"])
        )
    return recorded_by


def _void(
    report: rp.Report,
    person: Person,
    part_id: str,
    approvals: Iterable[ReviewEvent],
    fingerprint: str,
    reason: str,
    recorded_by: Person | None = None,
) -> None:
    """Void approvals before a step retires them: because the content changed since, when it
    differs from `fingerprint` (if given), else for `reason`."""
    for old in list(approvals):
        changed = fingerprint and old["fingerprint"] != fingerprint
        _act(report, person, "void", part_id, recorded_by, voids=old["id"], note=CHANGED if changed else reason)


def _check_complete(report: rp.Report, part_id: str, refusal: str) -> None:
    problems = rp.part_problems(_template(report), report, part_id)
    if problems:
        raise ReviewError(_("{refusal}: {problems}").format(refusal=refusal, problems="; ".join(problems)))


def _request(part: PartReview, status: str) -> dict[str, Any] | None:
    request = part.request
    if request is None or status not in (CHANGES, READY):
        return None
    found = {
        "at": request["at"],
        "by": request["by"],
        "action": "request-changes",
        "part": request["part"],
        "detail": request["note"],
    }
    if "recorded_by" in request:
        found["recorded_by"] = request["recorded_by"]
    return found


def changes_request(report: rp.Report, part_id: str) -> dict[str, Any] | None:
    """The last "request changes" (with its note, as "detail") still awaiting an approval."""
    part = _state(report).part(part_id)
    return _request(part, part.status)


# --- comments -------------------------------------------------------------------------------


def _comment(report: rp.Report, comment_id: str) -> Comment:
    for comment in reversed(review_data(report)["comments"]):  # the latest first: replies answer recent ones
        if comment["id"] == comment_id:
            return comment
    raise ReviewError(
        _("report {report} has no comment {comment}").format(report=report["id"], comment=repr(comment_id))
    )


def add_comment(
    template: Template,
    report: rp.Report,
    part_id: str,
    text: str,
    person: Person,
    field: str = "",
    quote: str = "",
    reply_to: str | None = None,
) -> Comment:
    """A new comment on a part (optionally on one field, quoting a passage of it), or a reply."""
    person = check_person(person)
    text = rp.within(clean_text(text).strip(), rp.TEXT_MAX, N_("the comment"))
    if not text:
        raise ReviewError(_("the comment is empty"))
    _check_room(report, comments=1)
    if reply_to:
        root = _thread_root(report, _comment(report, reply_to))
        part_id, field, quote = root["part"], root["field"], ""
    else:
        if part_id not in rp.part_ids(report):
            rp.find_row(report, part_id)
        quote = clean_text(quote).strip()
        if field:
            body = rp.get_field(template, report, part_id, field)  # raises for an unknown field
            if quote and quote not in body:
                label = rp.field_label(_template(report), report, part_id, field)
                raise ReviewError(
                    _("the quoted passage is not in {field} of {part}").format(
                        field=repr(label), part=_title(report, part_id)
                    )
                )
        elif quote:
            raise ReviewError(_("a quote needs the field it comes from"))
    review = review_data(report)
    comment: Comment = {
        "id": new_id(),
        "part": part_id,
        "field": field,
        "quote": quote,
        "text": text,
        "by": person,
        "at": rp.now_iso(),
        "reply_to": reply_to or None,
        "seen": review["events"][-1]["id"] if review["events"] else None,
    }
    review["comments"].append(comment)
    return comment


def _thread_root(report: rp.Report, comment: Comment) -> Comment:
    if comment.get("reply_to"):
        comment = _comment(report, str(comment["reply_to"]))
    if comment.get("reply_to"):  # a reply of a reply: up the chain with one look-up a step
        by_id = {stored["id"]: stored for stored in review_data(report)["comments"]}
        while comment.get("reply_to"):
            comment = by_id.get(str(comment["reply_to"])) or _comment(report, str(comment["reply_to"]))
    return comment


def resolve_comment(report: rp.Report, comment_id: str, person: Person, reopen: bool = False) -> None:
    """Resolve (or reopen) the thread the comment belongs to."""
    person = check_person(person)
    root = _thread_root(report, _comment(report, comment_id))
    resolved = root["id"] in _state(report).resolved
    if reopen and not resolved:
        raise ReviewError(_("the comment {comment} is open already").format(comment=comment_words(root)))
    if not reopen and resolved:
        raise ReviewError(_("the comment {comment} is resolved already").format(comment=comment_words(root)))
    _check_room(report, events=1)
    _act(report, person, "reopen" if reopen else "resolve", root["part"], comment=root["id"])


def comment_words(comment: Comment | dict[str, Any], width: int = 40) -> str:
    """A comment as a person recognises it: who wrote it and how it begins."""
    text = " ".join(comment["text"].split())
    text = text if len(text) <= width else text[: width - 1].rstrip() + "…"
    return _("by {name} “{text}”").format(name=comment["by"]["name"], text=text)


def _threads(
    report: rp.Report, state: ReviewState, part_id: str | None = None, open_only: bool = False
) -> list[dict[str, Any]]:
    comments = review_data(report)["comments"]
    roots: dict[str, str] = {}  # comment id -> its thread's id
    replies: dict[str, list[dict[str, Any]]] = {}
    for comment in comments:
        root = roots.get(comment["reply_to"] or "", comment["id"])
        roots[comment["id"]] = root
        if comment["reply_to"]:
            replies.setdefault(root, []).append({**comment, "resolved": None})
    found = []
    for thread in comments:
        if thread["reply_to"] or (part_id is not None and thread["part"] != part_id):
            continue
        resolve = state.resolved.get(thread["id"])
        if open_only and resolve:
            continue
        resolved = {"by": resolve["by"], "at": resolve["at"]} if resolve else None
        found.append({**thread, "resolved": resolved, "replies": replies.get(thread["id"], [])})
    return found


def threads(report: rp.Report, part_id: str | None = None, open_only: bool = False) -> list[dict[str, Any]]:
    """Comment threads in order: each root comment with "resolved" ({by, at} or None) and its
    replies under "replies"."""
    return _threads(report, _state(report), part_id, open_only)


def open_thread_count(report: rp.Report, part_id: str | None = None) -> int:
    return len(threads(report, part_id, open_only=True))


# --- suggestions (swgtui.model.suggestions) ---------------------------------------------------


def decided_suggestions(report: rp.Report) -> dict[str, ReviewEvent]:
    """The suggestions accepted or rejected: suggestion id -> the event that did it."""
    return _state(report).decided


def decide_suggestion(
    report: rp.Report, person: Person, action: str, part_id: str, suggestion_id: str, note: str = ""
) -> ReviewEvent:
    """Record an "accept" or "reject" of a suggestion (swgtui.model.suggestions checks it first)."""
    _check_room(report, events=1)
    event = _act(report, person, action, part_id, note=clean_text(note).strip())
    event["suggestion"] = suggestion_id
    return event


# --- sign-off -------------------------------------------------------------------------------


@dataclass
class _Facts:
    """What one call works out once: the fold and every part's fingerprint."""

    state: ReviewState
    fingerprints: dict[str, str]
    template: Template
    signed: str | None = None  # the report's fingerprint, once worked out

    @classmethod
    def of(cls, report: rp.Report) -> _Facts:
        fingerprints = {part_id: part_fingerprint(report, part_id) for part_id in rp.part_ids(report)}
        return cls(_state(report), fingerprints, _template(report))

    def status(self, part_id: str) -> str:
        return _status(self.state.part(part_id), self.fingerprints[part_id])

    def report_fingerprint(self, report: rp.Report) -> str:
        if self.signed is None:
            self.signed = _report_digest(report, list(self.fingerprints.items()))
        return self.signed


def parts_in_conflict(report: rp.Report) -> set[str]:
    """The parts with a field left in conflict by a merge (report["conflicts"])."""
    return {conflict["part"] for conflict in report.get("conflicts") or []}


def _in_conflict(report: rp.Report, part_id: str, template: Template | None = None) -> str:
    title = _title(report, part_id, template)
    return _("{part} is in conflict: settle it first (swgtui conflicts {report})").format(
        part=title, report=report["id"]
    )


def _conflicts(report: rp.Report, facts: _Facts) -> list[str]:
    """A line for each part in conflict, in the report's order."""
    in_conflict = parts_in_conflict(report)
    ordered = [part for part in facts.fingerprints if part in in_conflict]
    ordered += sorted(in_conflict - set(ordered))  # a part no longer in the report
    return [_in_conflict(report, part_id, facts.template) for part_id in ordered]


def _blockers(report: rp.Report, facts: _Facts) -> list[str]:
    blockers = _conflicts(report, facts)
    for part_id in facts.fingerprints:
        status = facts.status(part_id)
        if status != APPROVED:
            blockers.append(not_approved(_title(report, part_id, facts.template), status))
    for thread in _threads(report, facts.state, open_only=True):
        blockers.append(
            _("the comment {comment} on {part} is open").format(
                comment=comment_words(thread), part=_title(report, thread["part"], facts.template)
            )
        )
    return blockers + rp.completeness_problems(facts.template, report)


def not_approved(title: str, status: str) -> str:
    """The line of the sign-off's blockers saying the part `title` (quoted) is not approved."""
    return _("{part} is not approved (status: {status})").format(part=title, status=_(STATUS_LABELS[status]))


def signoff_blockers(report: rp.Report) -> list[str]:
    """What stands between the report and its final sign-off, one line each, parts by title:
    parts not approved, open comments, and anything incomplete (approved before or not)."""
    return _blockers(report, _Facts.of(report))


def sign_off(report: rp.Report, person: Person, note: str = "") -> dict[str, Any]:
    person = check_person(person)
    if person["role"] not in SIGNER_ROLES:
        raise ReviewError(_("only the chair or a co-chair signs the report off"))
    facts = _Facts.of(report)
    blockers = _blockers(report, facts)  # the parts in conflict first, then every other reason
    if blockers:
        raise ReviewError(_("the report cannot be signed off yet:") + "\n- " + "\n- ".join(blockers))
    _check_room(report, events=1)
    event = _act(report, person, "sign-off", fingerprint=facts.report_fingerprint(report), note=clean_text(note))
    return approval_record(event)


def signoffs(report: rp.Report) -> list[dict[str, Any]]:
    """The sign-offs not voided, oldest first: by, at, fingerprint, note."""
    return [approval_record(event) for event in _state(report).signoffs]


def _signoff_state(report: rp.Report, facts: _Facts, blockers: list[str]) -> tuple[str, dict[str, Any] | None]:
    if not facts.state.signoffs:
        return "none", None
    last = approval_record(facts.state.signoffs[-1])
    if last["fingerprint"] == facts.report_fingerprint(report) and not blockers:
        return "valid", last
    return "stale", last


def signoff_state(report: rp.Report) -> tuple[str, dict[str, Any] | None]:
    """("none", None), ("valid", signoff) or ("stale", signoff): stale once anything changed."""
    facts = _Facts.of(report)
    return _signoff_state(report, facts, _blockers(report, facts))


def stale_reason(report: rp.Report, gettext: Words = _) -> str:
    """Why the report's last sign-off no longer holds, ending "since it was signed off": its
    content changed, or (content unchanged) a comment is open, a part in conflict or not approved.
    In the interface's language, or in a document's with its `gettext` (a part's title is the
    template's word, in the language the template gives)."""
    return _stale_reason(report, _Facts.of(report), gettext)


_STALE_CHANGED = N_("changed since it was signed off")
_STALE_INCOMPLETE = N_("incomplete since it was signed off")


def _stale_reason(report: rp.Report, facts: _Facts, gettext: Words = _) -> str:
    last = facts.state.signoffs[-1] if facts.state.signoffs else None
    if last is None or last["fingerprint"] != facts.report_fingerprint(report):
        return gettext(_STALE_CHANGED)
    opened = len(_threads(report, facts.state, open_only=True))
    if opened == 1:
        return gettext("a comment is open since it was signed off")
    if opened:
        return gettext("{count} comments are open since it was signed off").format(count=opened)
    for part_id in facts.fingerprints:
        if part_id in parts_in_conflict(report):
            title = _title(report, part_id, facts.template)
            return gettext("{part} is in conflict since it was signed off").format(part=title)
        if facts.status(part_id) != APPROVED:
            title = _title(report, part_id, facts.template)
            return gettext("{part} is not approved since it was signed off").format(part=title)
    return gettext(_STALE_INCOMPLETE)


def void_signoff_reason(report: rp.Report, signoff: dict[str, Any], gettext: Words = _) -> str:
    """What a sign-off that no longer holds is followed by, in the review record and in Word."""
    return void_reason(stale_reason(report, gettext), signoff, gettext)


def void_reason(reason: str, signoff: dict[str, Any], gettext: Words = _) -> str:
    """void_signoff_reason, given the report's stale_reason (in the same language)."""
    if reason in (gettext(_STALE_CHANGED), gettext(_STALE_INCOMPLETE)):
        reason = gettext("the report {reason}").format(reason=reason)
    return gettext("no longer valid: {reason} on {date}").format(reason=reason, date=local_time(signoff["at"])[:10])


def final_export_blockers(report: rp.Report) -> list[str]:
    """Why a final (non-draft) export is refused; empty when it may go out."""
    facts = _Facts.of(report)
    blockers = _blockers(report, facts)
    state, last = _signoff_state(report, facts, blockers)
    if state == "none":
        blockers.append(_("the report is not signed off"))
    elif state == "stale" and last is not None and last["fingerprint"] != facts.report_fingerprint(report):
        blockers.append(_("the report changed since it was signed off"))
    return blockers


# --- the record as people read it -----------------------------------------------------------


def review_log(report: rp.Report) -> list[dict[str, Any]]:
    """The review record, oldest first, one entry per step, comment and sign-off:
    {"at", "by", "action", "part", "detail"} (the log release 0.1.0 stored)."""
    review = review_data(report)
    comments = {comment["id"]: comment for comment in review["comments"]}
    known = {event["id"] for event in review["events"]}
    after: dict[str | None, list[Comment]] = {}  # event id seen -> comments written then
    for comment in review["comments"]:
        seen = comment.get("seen")
        after.setdefault(seen if seen is None or seen in known else "", []).append(comment)

    def comment_entries(seen: str | None) -> list[dict[str, Any]]:
        return [
            {
                "at": c["at"],
                "by": c["by"],
                "action": "reply" if c["reply_to"] else "comment",
                "part": c["part"],
                "detail": c["text"],
            }
            for c in after.get(seen, [])
        ]

    log = comment_entries(None)
    for event in review["events"]:
        action, detail = event["action"], event["note"]
        if action in ("resolve", "reopen"):
            detail = comments[event["comment"]]["text"] if event["comment"] in comments else ""
        elif action == "void":
            action = "approval voided" if event["part"] else "sign-off voided"
        entry = {"at": event["at"], "by": event["by"], "action": action, "part": event["part"], "detail": detail}
        if "recorded_by" in event:
            entry["recorded_by"] = event["recorded_by"]
        log.append(entry)
        log += comment_entries(event["id"])
    return log + comment_entries("")


def review_summary(report: rp.Report) -> dict[str, Any]:
    """Everything `swgtui review --json` prints: parts, threads, sign-offs."""
    return _summary(report, _Facts.of(report))


def export_review(report: rp.Report, gettext: Words = _) -> tuple[dict[str, Any], str]:
    """What an export shows of the review, worked out once (one fold, each fingerprint once): the
    review summary and, when its last sign-off no longer holds, why (stale_reason, in the
    language of `gettext`; else "")."""
    facts = _Facts.of(report)
    summary = _summary(report, facts)
    return summary, _stale_reason(report, facts, gettext) if summary["signoff"]["state"] == "stale" else ""


def _summary(report: rp.Report, facts: _Facts) -> dict[str, Any]:
    template = facts.template
    all_threads = _threads(report, facts.state)
    open_count = Counter(thread["part"] for thread in all_threads if not thread["resolved"])
    parts = []
    for part_id, fingerprint in facts.fingerprints.items():
        part = facts.state.part(part_id)
        status = _status(part, fingerprint)
        latest = part.approval(fingerprint)
        request = _request(part, part.status)
        parts.append(
            {
                "id": part_id,
                "title": rp.part_title(template, report, part_id),
                "status": status,
                "changes_requested": (
                    {key: request[key] for key in ("by", "at", "recorded_by") if key in request}
                    | {"note": request["detail"]}
                    if request
                    else None
                ),
                "problems": rp.part_problems(template, report, part_id),
                "approved_by": latest["by"] if latest else None,
                "approved_at": latest["at"] if latest else None,
                "stale": latest is not None and not _holds(latest, fingerprint),
                "approvals": _approvals(part, fingerprint),
                "past_approvals": part.past,
                "open_comments": open_count[part_id],
            }
        )
    blockers = _blockers(report, facts)
    state, last = _signoff_state(report, facts, blockers)
    return {
        "id": report["id"],
        "parts": parts,
        "sections": [
            {"id": s["id"], "title": rp.section_title(template, s), "no_update": bool(s.get("no_update"))}
            for s in report["sections"]
        ],
        "threads": [{**t, "state": "resolved" if t["resolved"] else "open"} for t in all_threads],
        "signoffs": [approval_record(event) for event in facts.state.signoffs],
        "signoff": {"state": state, "last": last},
        "blockers": blockers,
    }
