"""Reviews written by release 0.1.0, which stored states, converted into events on load.

0.1.0 kept ``{"parts": {part: {"status", "approval", "past_approvals"}}, "comments": [... with
"resolved"], "signoffs", "log", "counter"}``. The conversion replays the log: each step becomes
the event it was, with the approval's, resolution's and sign-off's own time, fingerprint and
note from the stored state, "approval voided" a "void" event, and each comment learns which
event it came after. If the replayed events give exactly the stored states (statuses,
approvals, voided approvals, resolved threads, sign-offs), they are kept; otherwise (a
hand-edited record) events are made from the states alone: the states are the same, the log is
what they imply. Ids are derived from the record (`derived_id`), so two laptops converting the
same report get the same events.

0.1.0 accepted what no event can say: a "resolved" record on a reply resolves its thread (the
root comment, as the app showed it), and a part with an empty id has no status to give (its
steps are left out; comments on it are kept). The schema checks the converted review as
strictly as any other and names, for a fault, the place in the 0.1.0 record it came from
(`convert` gives each event's place).
"""

from __future__ import annotations

from typing import Any

from swgtui.model import review as rv
from swgtui.model.ids import derived_id
from swgtui.model.types import Comment, Person, Review, ReviewEvent

SOMEONE: Person = {"name": "unknown", "organisation": "", "role": "reviewer"}  # a step with no author on record


def convert(report_id: str, old: dict[str, Any], when: str) -> tuple[Review, list[str]]:
    """The events and comments of a checked 0.1.0 review (see `swgtui.model.schema`), and for
    each event the place in the 0.1.0 record it comes from; `when` dates a step with no time on
    record (the report's last change)."""
    comments: list[Comment] = [
        {
            "id": c["id"],
            "part": c["part"],
            "field": c["field"],
            "quote": c["quote"],
            "text": c["text"],
            "by": c["by"],
            "at": c["at"],
            "reply_to": c["reply_to"],
            "seen": None,
        }
        for c in old["comments"]
    ]
    places: list[str] = []
    replayed = _replay(report_id, old, comments, places)
    if replayed is not None and _same(old, replayed):
        return {"comments": comments, "events": replayed}, places
    for comment in comments:
        comment["seen"] = None
    places.clear()
    return {"comments": comments, "events": _synthesise(report_id, old, when, places)}, places


def _event(action: str, at: str, by: Person, part: str = "", **details: str) -> ReviewEvent:
    return {
        "id": "",
        "action": action,
        "at": at,
        "by": by,
        "part": part,
        "comment": details.get("comment", ""),
        "fingerprint": details.get("fingerprint", ""),
        "note": details.get("note", ""),
        "voids": details.get("voids", ""),
        "seen": None,
    }


def _number(report_id: str, events: list[ReviewEvent]) -> dict[int, str]:
    """Give the events their derived ids and chain "seen"; returns position -> id."""
    ids: dict[int, str] = {}
    for n, event in enumerate(events):
        event["id"] = ids[n] = derived_id(event["at"], report_id, "review", n, event["action"], event["part"])
        event["seen"] = ids[n - 1] if n else None
    for event in events:
        if event["voids"].startswith("#"):
            event["voids"] = ids[int(event["voids"][1:])]
    return ids


def _replay(
    report_id: str, old: dict[str, Any], comments: list[Comment], places: list[str]
) -> list[ReviewEvent] | None:
    """The log as events, or None where it does not fit the stored record."""
    approvals = {
        part: [*state["past_approvals"], *([state["approval"]] if state["approval"] else [])]
        for part, state in old["parts"].items()
    }
    taken = {part: 0 for part in approvals}
    standing: dict[str, int] = {}  # part -> position of the approve event standing (0.1.0 kept one)
    signoffs = iter(old["signoffs"])
    unwritten = iter(comments)
    comment_after: list[tuple[Comment, int]] = []
    resolved: dict[str, int] = {}  # thread id -> position of its resolve
    roots = [c for c in old["comments"] if not c["reply_to"]]
    events: list[ReviewEvent] = []
    for n, entry in enumerate(old["log"]):
        action, part, by, at, detail = entry["action"], entry["part"], entry["by"], entry["at"], entry["detail"]
        if action not in ("comment", "reply"):
            places.append(f"review.log[{n}]")
        if action in ("comment", "reply"):
            comment = next(unwritten, None)
            if comment is None or comment["text"] != detail or bool(comment["reply_to"]) != (action == "reply"):
                return None
            comment_after.append((comment, len(events) - 1))
        elif not part and action in (*rv.ACTIONS, "approval voided"):
            return None  # a step of a part without an id: left out (see the module's note)
        elif action in ("ready", "request-changes"):
            events.append(_event(action, at, by, part, note=detail))
        elif action == "approve":
            records = approvals.get(part, [])
            if taken.get(part, 0) >= len(records) or records[taken[part]]["by"] != by:
                return None
            record = records[taken[part]]
            taken[part] += 1
            standing[part] = len(events)
            events.append(
                _event("approve", record["at"], by, part, fingerprint=record["fingerprint"], note=record["note"])
            )
        elif action == "approval voided":
            if part not in standing:
                return None
            record = approvals[part][taken[part] - 1]
            at = record.get("voided_at") or at
            events.append(_event("void", at, by, part, voids=f"#{standing.pop(part)}", note=detail))
        elif action in ("resolve", "reopen"):
            root = next(
                (
                    c
                    for c in roots
                    if c["part"] == part and c["text"] == detail and (c["id"] in resolved) == (action == "reopen")
                ),
                None,
            )
            if root is None:
                return None
            if action == "resolve":
                resolved[root["id"]] = len(events)
            else:
                del resolved[root["id"]]
            events.append(_event(action, at, by, part, comment=root["id"]))
        elif action == "sign-off":
            record = next(signoffs, None)
            if record is None:
                return None
            events.append(_event("sign-off", record["at"], by, fingerprint=record["fingerprint"], note=record["note"]))
        else:
            return None
    if next(unwritten, None) is not None or next(signoffs, None) is not None:
        return None
    if any(taken[part] != len(records) for part, records in approvals.items()):
        return None
    by_id = {c["id"]: c for c in old["comments"]}
    for thread_id, position in resolved.items():  # the resolution's own time, as stored
        stored = by_id[thread_id]["resolved"]
        if stored is None:
            return None
        events[position]["at"] = stored["at"]
    ids = _number(report_id, events)
    for comment, position in comment_after:
        comment["seen"] = ids.get(position)
    return events


def _same(old: dict[str, Any], events: list[ReviewEvent]) -> bool:
    """Whether the events give the stored states."""
    state = rv.fold(events)
    for part_id in set(old["parts"]) | set(state.parts):
        stored = old["parts"].get(part_id) or {"status": rv.DRAFT, "approval": None, "past_approvals": []}
        part = state.part(part_id)
        latest = part.approval()
        if part.status != stored["status"] or len(part.approvals) > 1:
            return False
        if (rv.approval_record(latest) if latest else None) != _approval(stored["approval"]):
            return False
        if part.past != [_approval(p, past=True) for p in stored["past_approvals"]]:
            return False
    for comment in old["comments"]:
        resolve = state.resolved.get(comment["id"])
        if (resolve and {"by": resolve["by"], "at": resolve["at"]}) != (comment["resolved"] or None):
            return False
    return [rv.approval_record(s) for s in state.signoffs] == [_approval(s) for s in old["signoffs"]]


def _approval(record: dict[str, Any] | None, past: bool = False) -> dict[str, Any] | None:
    if record is None:
        return None
    keys = ("by", "at", "fingerprint", "note", *(("voided_at", "voided_because") if past else ()))
    return {key: record.get(key, "") for key in keys}


def _synthesise(report_id: str, old: dict[str, Any], when: str, places: list[str]) -> list[ReviewEvent]:
    """Events that give the stored states, for a record whose log does not fit them; `places`
    gets each event's place in the 0.1.0 record."""
    events: list[ReviewEvent] = []
    for part_id, state in old["parts"].items():
        if not part_id:
            continue  # a part without an id has no status to give
        start = len(events)
        last_step = {e["action"]: e for e in old["log"] if e["part"] == part_id}
        for record in state["past_approvals"]:
            events.append(_approve(part_id, record))
            voided_at = record.get("voided_at") or record["at"]
            events.append(
                _event(
                    "void",
                    voided_at,
                    record["by"],
                    part_id,
                    voids=f"#{len(events) - 1}",
                    note=record.get("voided_because", ""),
                )
            )
        if state["approval"]:
            events.append(_approve(part_id, state["approval"]))
        if state["status"] in (rv.READY, rv.CHANGES):
            action = "ready" if state["status"] == rv.READY else "request-changes"
            step = last_step.get(action)
            by = step["by"] if step else {**SOMEONE, "role": "focal point"} if action == "ready" else SOMEONE
            at = step["at"] if step else (state["approval"] or {}).get("at") or when
            events.append(_event(action, at, by, part_id, note=step["detail"] if step else ""))
        places += [f"review.parts.{part_id}"] * (len(events) - start)
    by_id = {comment["id"]: comment for comment in old["comments"]}
    resolved_threads: set[str] = set()
    for n, comment in enumerate(old["comments"]):
        root = comment
        while root["reply_to"]:
            root = by_id[root["reply_to"]]
        if comment["resolved"] and root["id"] not in resolved_threads:
            resolved = comment["resolved"]  # a resolved reply resolves its thread
            resolved_threads.add(root["id"])
            events.append(_event("resolve", resolved["at"], resolved["by"], root["part"], comment=root["id"]))
            places.append(f"review.comments[{n}].resolved")
    for n, record in enumerate(old["signoffs"]):
        events.append(
            _event("sign-off", record["at"], record["by"], fingerprint=record["fingerprint"], note=record["note"])
        )
        places.append(f"review.signoffs[{n}]")
    _number(report_id, events)
    return events


def _approve(part_id: str, record: dict[str, Any]) -> ReviewEvent:
    return _event(
        "approve", record["at"], record["by"], part_id, fingerprint=record["fingerprint"], note=record["note"]
    )
