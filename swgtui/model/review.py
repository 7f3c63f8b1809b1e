"""Review and sign-off: comment threads, per-part status, approvals, the final sign-off, the log.

Everything lives in the report under ``report["review"]`` so it travels with dump/load:

    {"parts": {part_id: {"status", "approval", "past_approvals"}},
     "comments": [{"id", "part", "field", "quote", "text", "by", "at", "reply_to", "resolved"}],
     "signoffs": [{"by", "at", "fingerprint", "note"}],
     "log": [{"at", "by", "action", "part", "detail"}],
     "counter": int}

An approval stores a fingerprint of the part's content; whether it still holds is worked out
from the content every time, so an edit made anywhere (app, command line, a hand-edited dump)
voids it: the part then reads "changed since approval", the approval itself stays on record.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from swgtui.model import report as rp
from swgtui.model.template import Template, load_template
from swgtui.text import clean_line, clean_text

ROLES = ("focal point", "chair", "co-chair", "reviewer")
REVIEWER_ROLES = ("chair", "co-chair", "reviewer")
SIGNER_ROLES = ("chair", "co-chair")

DRAFT, READY, CHANGES, APPROVED, STALE = "draft", "ready", "changes_requested", "approved", "changed_since_approval"
STATUS_LABELS = {
    DRAFT: "draft",
    READY: "ready for review",
    CHANGES: "changes requested",
    APPROVED: "approved",
    STALE: "changed since approval",
}
ACTIONS = ("ready", "approve", "request-changes")

Person = dict[str, str]


class ReviewError(rp.ReportError):
    """A review step that is not allowed (yet); the message says why."""


def check_person(person: Any) -> Person:
    """A person as stored with every comment and status change: name, organisation, role."""
    if not isinstance(person, dict):
        raise ReviewError("who is acting is not known: set it with 'swgtui whoami --name --org --role'")
    name = clean_line(str(person.get("name", "")))
    role = clean_line(str(person.get("role", ""))).lower()
    if not name:
        raise ReviewError("who is acting is not known: set your name with 'swgtui whoami --name'")
    if role not in ROLES:
        raise ReviewError(f"unknown role {role!r} (roles: {', '.join(ROLES)})")
    return {"name": name, "organisation": clean_line(str(person.get("organisation", ""))), "role": role}


def local_time(iso: str) -> str:
    """A stored UTC time in the reader's local time, to the minute."""
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso


def describe(person: Person) -> str:
    organisation = f", {person['organisation']}" if person.get("organisation") else ""
    return f"{person['name']} ({person['role']}{organisation})"


def initials(person: Person) -> str:
    return "".join(word[0] for word in person["name"].split() if word)[:4].upper() or "?"


def _template(report: rp.Report) -> Template:
    return load_template(report["template"])


def _title(report: rp.Report, part_id: str, template: Template | None = None) -> str:
    """The part as a person names it, quoted: 'Header block', 'Proper regulations of …'."""
    if part_id not in rp.part_ids(report):
        return "a removed row"  # comments stay on record when their row is removed
    return rp.quoted(rp.part_title(template or _template(report), report, part_id))


def review_data(report: rp.Report) -> dict[str, Any]:
    review = report.setdefault("review", {})
    for key, empty in (("parts", {}), ("comments", []), ("signoffs", []), ("log", [])):
        review.setdefault(key, empty)
    review.setdefault("counter", 0)
    return review


# --- fingerprints ---------------------------------------------------------------------------


def _digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()[:16]


def part_content(report: rp.Report, part_id: str) -> Any:
    if part_id == rp.HEADER_ID:
        return report["header"]
    _, row = rp.find_row(report, part_id)
    return {k: row[k] for k in ("title", "tag", "fields", "items", "no_update")}


def part_fingerprint(report: rp.Report, part_id: str) -> str:
    return _digest(part_content(report, part_id))


def report_fingerprint(report: rp.Report) -> str:
    """Changes whenever any part's content changes, rows are added, removed or reordered, or a
    section is marked "no update this period"."""
    content: list[Any] = [report["period"], [(p, part_fingerprint(report, p)) for p in rp.part_ids(report)]]
    marked = [s["id"] for s in report["sections"] if s.get("no_update")]
    if marked:  # only then, so sign-offs given before sections could be marked still hold
        content.append(marked)
    return _digest(content)


# --- status ---------------------------------------------------------------------------------


def _part_state(report: rp.Report, part_id: str) -> dict[str, Any]:
    return review_data(report)["parts"].setdefault(part_id, {"status": DRAFT, "approval": None, "past_approvals": []})


def part_status(report: rp.Report, part_id: str) -> str:
    """The status as users see it: an approval whose content changed reads STALE."""
    state = review_data(report)["parts"].get(part_id)
    if not state:
        return DRAFT
    if state["status"] == APPROVED and not approval_holds(report, part_id):
        return STALE
    return str(state["status"])


def approval_holds(report: rp.Report, part_id: str) -> bool:
    state = review_data(report)["parts"].get(part_id) or {}
    approval = state.get("approval")
    return bool(approval) and approval.get("fingerprint") == part_fingerprint(report, part_id)


def _log(report: rp.Report, person: Person, action: str, part: str = "", detail: str = "") -> None:
    entry = {"at": rp.now_iso(), "by": person, "action": action, "part": part, "detail": detail}
    review_data(report)["log"].append(entry)


def set_status(report: rp.Report, part_id: str, action: str, person: Person, note: str = "") -> str:
    """Apply a review step to a part and return its new status; raises ReviewError if not allowed."""
    person = check_person(person)
    if part_id not in rp.part_ids(report):
        rp.find_row(report, part_id)  # raises the usual "no row" error
    note = clean_text(note).strip()
    current = part_status(report, part_id)
    title = _title(report, part_id)
    if action == "ready":
        if person["role"] != "focal point":
            raise ReviewError("only the focal point marks parts ready for review")
        if current == READY:
            raise ReviewError(f"{title} is already ready for review")
        if current == APPROVED:
            raise ReviewError(f"{title} is approved; it needs no new review")
        _check_complete(report, part_id, f"cannot mark {title} ready for review")
        state = _part_state(report, part_id)
        if current == STALE:
            _retire_approval(report, part_id, person, "content changed since approval")
        state["status"] = READY
    elif action in ("approve", "request-changes"):
        if person["role"] not in REVIEWER_ROLES:
            raise ReviewError(f"only a chair, co-chair or reviewer may {action.replace('-', ' ')}")
        if action == "request-changes":
            if not note:
                raise ReviewError("say what needs to change: a note is required when requesting changes")
            if current == CHANGES:
                raise ReviewError(f"changes are already requested for {title}")
            state = _part_state(report, part_id)
            if current in (APPROVED, STALE):
                _retire_approval(report, part_id, person, "changes requested")
            state["status"] = CHANGES
        else:
            if current not in (READY, STALE):
                raise ReviewError(f"{title} is at '{STATUS_LABELS[current]}': it must be ready for review first")
            _check_complete(report, part_id, f"cannot approve {title}")
            state = _part_state(report, part_id)
            if current == STALE:
                _retire_approval(report, part_id, person, "content changed since approval")
            state["status"] = APPROVED
            state["approval"] = {
                "by": person,
                "at": rp.now_iso(),
                "fingerprint": part_fingerprint(report, part_id),
                "note": note,
            }
    else:
        raise ReviewError(f"unknown status step {action!r} (steps: {', '.join(ACTIONS)})")
    _log(report, person, action, part_id, note)
    return str(state["status"])


def _check_complete(report: rp.Report, part_id: str, refusal: str) -> None:
    problems = rp.part_problems(_template(report), report, part_id)
    if problems:
        raise ReviewError(f"{refusal}: " + "; ".join(problems))


def changes_request(report: rp.Report, part_id: str) -> dict[str, Any] | None:
    """The last "request changes" (with its note) still awaiting an approval, from the record."""
    found = None
    for entry in review_data(report)["log"]:
        if entry.get("part") == part_id and entry.get("action") in ("request-changes", "approve"):
            found = entry if entry["action"] == "request-changes" else None
    return found if part_status(report, part_id) in (CHANGES, READY) else None


def _retire_approval(report: rp.Report, part_id: str, person: Person, reason: str) -> None:
    """Keep a voided approval on record (and in the log) when the part's status moves on."""
    state = _part_state(report, part_id)
    if state.get("approval"):
        state["past_approvals"].append({**state["approval"], "voided_at": rp.now_iso(), "voided_because": reason})
        state["approval"] = None
        _log(report, person, "approval voided", part_id, reason)


# --- comments -------------------------------------------------------------------------------


def _comment(report: rp.Report, comment_id: str) -> dict[str, Any]:
    for comment in review_data(report)["comments"]:
        if comment["id"] == comment_id:
            return comment
    raise ReviewError(f"report {report['id']} has no comment {comment_id!r}")


def add_comment(
    template: Template,
    report: rp.Report,
    part_id: str,
    text: str,
    person: Person,
    field: str = "",
    quote: str = "",
    reply_to: str | None = None,
) -> dict[str, Any]:
    """A new comment on a part (optionally on one field, quoting a passage of it), or a reply."""
    person = check_person(person)
    text = rp.within(clean_text(text).strip(), rp.TEXT_MAX, "the comment")
    if not text:
        raise ReviewError("the comment is empty")
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
                raise ReviewError(f"the quoted passage is not in {label!r} of {_title(report, part_id)}")
        elif quote:
            raise ReviewError("a quote needs the field it comes from")
    review = review_data(report)
    review["counter"] += 1
    comment = {
        "id": f"k{review['counter']}",
        "part": part_id,
        "field": field,
        "quote": quote,
        "text": text,
        "by": person,
        "at": rp.now_iso(),
        "reply_to": reply_to or None,
        "resolved": None,
    }
    review["comments"].append(comment)
    _log(report, person, "reply" if reply_to else "comment", part_id, text)
    return comment


def _thread_root(report: rp.Report, comment: dict[str, Any]) -> dict[str, Any]:
    while comment.get("reply_to"):
        comment = _comment(report, comment["reply_to"])
    return comment


def resolve_comment(report: rp.Report, comment_id: str, person: Person, reopen: bool = False) -> None:
    """Resolve (or reopen) the thread the comment belongs to."""
    person = check_person(person)
    root = _thread_root(report, _comment(report, comment_id))
    if reopen:
        if not root["resolved"]:
            raise ReviewError(f"the comment {comment_words(root)} is open already")
        root["resolved"] = None
    else:
        if root["resolved"]:
            raise ReviewError(f"the comment {comment_words(root)} is resolved already")
        root["resolved"] = {"by": person, "at": rp.now_iso()}
    _log(report, person, "reopen" if reopen else "resolve", root["part"], root["text"])


def comment_words(comment: dict[str, Any], width: int = 40) -> str:
    """A comment as a person recognises it: who wrote it and how it begins."""
    text = " ".join(comment["text"].split())
    text = text if len(text) <= width else text[: width - 1].rstrip() + "…"
    return f"by {comment['by']['name']} “{text}”"


def threads(report: rp.Report, part_id: str | None = None, open_only: bool = False) -> list[dict[str, Any]]:
    """Comment threads in order: each root comment with its replies under "replies"."""
    comments = review_data(report)["comments"]
    found = []
    for root in comments:
        if root.get("reply_to") or (part_id is not None and root["part"] != part_id):
            continue
        if open_only and root["resolved"]:
            continue
        replies = [c for c in comments if c.get("reply_to") and _thread_root(report, c)["id"] == root["id"]]
        found.append({**root, "replies": replies})
    return found


def open_thread_count(report: rp.Report, part_id: str | None = None) -> int:
    return len(threads(report, part_id, open_only=True))


# --- sign-off -------------------------------------------------------------------------------


def signoff_blockers(report: rp.Report) -> list[str]:
    """What stands between the report and its final sign-off, one line each, parts by title:
    parts not approved, open comments, and anything incomplete (approved before or not)."""
    template = _template(report)
    blockers = []
    for part_id in rp.part_ids(report):
        status = part_status(report, part_id)
        if status != APPROVED:
            blockers.append(f"{_title(report, part_id, template)} is not approved (status: {STATUS_LABELS[status]})")
    for thread in threads(report, open_only=True):
        blockers.append(f"the comment {comment_words(thread)} on {_title(report, thread['part'], template)} is open")
    return blockers + rp.completeness_problems(template, report)


def sign_off(report: rp.Report, person: Person, note: str = "") -> dict[str, Any]:
    person = check_person(person)
    if person["role"] not in SIGNER_ROLES:
        raise ReviewError("only the chair or a co-chair signs the report off")
    blockers = signoff_blockers(report)
    if blockers:
        raise ReviewError("the report cannot be signed off yet:\n- " + "\n- ".join(blockers))
    signoff = {"by": person, "at": rp.now_iso(), "fingerprint": report_fingerprint(report), "note": clean_text(note)}
    review_data(report)["signoffs"].append(signoff)
    _log(report, person, "sign-off", "", clean_text(note))
    return signoff


def signoff_state(report: rp.Report) -> tuple[str, dict[str, Any] | None]:
    """("none", None), ("valid", signoff) or ("stale", signoff): stale once anything changed."""
    signoffs = review_data(report)["signoffs"]
    if not signoffs:
        return "none", None
    last = signoffs[-1]
    if last["fingerprint"] == report_fingerprint(report) and not signoff_blockers(report):
        return "valid", last
    return "stale", last


def final_export_blockers(report: rp.Report) -> list[str]:
    """Why a final (non-draft) export is refused; empty when it may go out."""
    state, last = signoff_state(report)
    blockers = signoff_blockers(report)
    if state == "none":
        blockers.append("the report is not signed off")
    elif state == "stale" and last is not None and last["fingerprint"] != report_fingerprint(report):
        blockers.append("the report changed since it was signed off")
    return blockers


def review_summary(report: rp.Report) -> dict[str, Any]:
    """Everything `swgtui review --json` prints: parts, threads, sign-offs."""
    template = _template(report)
    parts = []
    for part_id in rp.part_ids(report):
        state = review_data(report)["parts"].get(part_id) or {}
        approval = state.get("approval")
        request = changes_request(report, part_id)
        parts.append(
            {
                "id": part_id,
                "title": rp.part_title(template, report, part_id),
                "status": part_status(report, part_id),
                "changes_requested": (
                    {"by": request["by"], "at": request["at"], "note": request["detail"]} if request else None
                ),
                "problems": rp.part_problems(template, report, part_id),
                "approved_by": approval["by"] if approval else None,
                "approved_at": approval["at"] if approval else None,
                "stale": bool(approval) and not approval_holds(report, part_id),
                "past_approvals": state.get("past_approvals", []),
                "open_comments": open_thread_count(report, part_id),
            }
        )
    state, last = signoff_state(report)
    return {
        "id": report["id"],
        "parts": parts,
        "sections": [
            {"id": s["id"], "title": rp.section_title(template, s), "no_update": bool(s.get("no_update"))}
            for s in report["sections"]
        ],
        "threads": [{**t, "state": "resolved" if t["resolved"] else "open"} for t in threads(report)],
        "signoffs": review_data(report)["signoffs"],
        "signoff": {"state": state, "last": last},
        "blockers": signoff_blockers(report),
    }
