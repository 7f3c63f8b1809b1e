"""A report's JSON form: the one place where data becomes a report and a report becomes data.

`report_from_json` takes the JSON data of a report (from the store, a dump file, a backup)
and gives a checked copy, older forms converted (release 0.1.0's review states become events,
contacts without ids get theirs); `report_to_json` gives the data to write. The shape itself
is declared in swgtui/model/types.py.

`check_report` does the checking for both, and for import: every value must have its type,
every text is cleaned like typed text (swgtui/text.py), and an error names the place, e.g.
``sections[2].rows[0].fields.notes: expected text``. A report that passes can be shown,
reviewed and exported without surprises. `check_history` does the same for the revisions of a
dump or of a report's history file.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any, cast

from swgtui.i18n import N_, _
from swgtui.model import review_legacy
from swgtui.model.ids import derived_id, is_plain_id
from swgtui.model.report import (
    CONTACT_KEYS,
    HEADER_ID,
    NAME_MAX,
    TEXT_MAX,
    Report,
    ReportError,
    TooLongError,
    check_period,
    within,
)
from swgtui.model.review import (
    ACTIONS,
    APPROVED,
    CHANGES,
    DRAFT,
    EVENT_ACTIONS,
    MAX_COMMENTS,
    MAX_EVENTS,
    READY,
    ROLES,
    SIGNER_ROLES,
    STEP_ROLES,
    SUGGESTION_ACTIONS,
)
from swgtui.model.review_merge import MAX_AFTER
from swgtui.model.standing import STATUSES as STANDINGS
from swgtui.model.template import Template, TemplateError, load_template
from swgtui.model.types import Conflict, Contact, Person, ReviewEvent, Revision, Suggestion
from swgtui.swgs import swg_key, swg_list
from swgtui.text import clean_line, clean_text

SCHEMA_VERSION = 2  # of a report as stored and dumped: 2 has review events, 1 (release 0.1.0) review states
READS = (1, 2)  # the schema versions this release reads
STATUSES = (DRAFT, READY, CHANGES, APPROVED)  # as 0.1.0 stored them; "changed since approval" is worked out
OLD_REVIEW_KEYS = ("parts", "signoffs", "log", "counter")  # of a review as release 0.1.0 wrote it
MAX_SUGGESTIONS = MAX_COMMENTS  # a report's review holds at most as many suggestions as comments
_SWG_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")  # as swgtui/data/swgs.json writes keys


class InvalidReportError(ReportError):
    """The report's data is not what swgtui writes; the message names the place."""


class TemplateUnusableError(InvalidReportError):
    """The report's template is missing or broken here: the report itself may be sound."""


def _fail(where: str, message: str) -> InvalidReportError:
    return InvalidReportError(f"{where}: {message}" if where else message)


def _used_twice(thing_id: str) -> str:
    return _("id {id} is used twice").format(id=repr(thing_id))


def _empty_or_twice(thing_id: str) -> str:
    return _("id {id} is empty or used twice").format(id=repr(thing_id))


def _no_event(event_id: Any) -> str:
    return _("no event {id}").format(id=repr(event_id))


_TOO_MANY_COMMENTS = N_("{count:,} comments; a report's review holds at most {most:,}")


def _object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _fail(where, _("expected an object"))
    return value


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise _fail(where, _("expected a list"))
    return value


def _text(value: Any, where: str, limit: int = TEXT_MAX) -> str:
    if not isinstance(value, str):
        raise _fail(where, _("expected text"))
    return _within(clean_text(value), where, limit)


def _line(value: Any, where: str, limit: int = TEXT_MAX) -> str:
    if not isinstance(value, str):
        raise _fail(where, _("expected text"))
    return _within(clean_line(value), where, limit)


def _within(text: str, where: str, limit: int) -> str:
    try:
        return within(text, limit, N_("the text"))
    except TooLongError as error:
        raise _fail(where, str(error)) from None


def check_id(value: Any, where: str) -> str:
    """The id of a row, partner, contact, comment or review event: 1 to 64 letters A-Z,
    digits, - and _ (swgtui.model.ids.PLAIN_ID), as swgtui has always written them."""
    if not isinstance(value, str):
        raise _fail(where, _("expected text"))
    if not is_plain_id(value):
        shown = repr(value[:20] + "…" if len(value) > 20 else value)
        raise _fail(
            where, _("{value} is not an id (an id is 1 to 64 letters A-Z, digits, - and _)").format(value=shown)
        )
    return value


def _part_id(value: Any, where: str, optional: bool = False) -> str:
    """The part a comment or review step is on: "header" or a row's id ("" for the whole
    report, where `optional`)."""
    text = _line(value, where)
    return text if optional and not text else check_id(text, where)


def _date(value: Any, where: str, optional: bool = False) -> str:
    """A date and time as swgtui writes them (ISO 8601, e.g. 2025-06-30T09:15:00+00:00)."""
    text = _line(value, where)
    if optional and not text:
        return text
    try:
        datetime.fromisoformat(text)
    except ValueError:
        raise _fail(
            where, _("{value} is not a date and time (e.g. 2025-06-30T09:15:00+00:00)").format(value=repr(text))
        ) from None
    return text


def _optional_text(value: Any, where: str) -> str | None:
    return None if value is None else _text(value, where)


def _flag(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise _fail(where, _("expected true or false"))
    return value


def _count(value: Any, where: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 10**9:
        raise _fail(where, _("expected a whole number from 0"))
    return value


def _texts(value: Any, where: str) -> dict[str, str]:
    """{id: text}"""
    return {key: _text(text, f"{where}.{key}") for key, text in _object(value, where).items()}


def check_person(value: Any, where: str) -> Person:
    person = _object(value, where)
    line = {key: _line(person.get(key, ""), f"{where}.{key}") for key in ("name", "organisation", "role")}
    checked: Person = {"name": line["name"], "organisation": line["organisation"], "role": line["role"]}
    if not checked["name"]:
        raise _fail(f"{where}.name", _("empty"))
    if checked["role"] not in ROLES:
        raise _fail(f"{where}.role", _("unknown role {role}").format(role=repr(checked["role"])))
    return checked


def report_from_json(data: Any) -> Report:
    """The report that JSON data holds: a checked copy (sharing nothing with `data`), its texts
    cleaned, older forms converted. InvalidReportError names the place of the first fault."""
    report = copy.deepcopy(data)
    try:
        check_report(report)
    except (KeyError, TypeError, AttributeError, ValueError, IndexError) as error:
        raise InvalidReportError(
            _("the report is malformed ({error})").format(error=f"{type(error).__name__}: {str(error)[:80]}")
        ) from None
    return cast(Report, report)  # check_report has checked every part of its shape


def report_to_json(report: Report) -> dict[str, Any]:
    """The report as JSON data to write: a copy sharing nothing with the report (an empty list
    of conflicts is left out)."""
    data = copy.deepcopy(dict(report))
    if not data.get("conflicts", True):
        del data["conflicts"]
    return data


def check_report(report: Any) -> Template:
    """Raise InvalidReportError unless `report` is a well-formed report on a known template;
    clean its texts in place and fill in what may be left out. Returns the template."""
    report = _object(report, "report")
    try:
        template = load_template(_line(report.get("template"), "template"))
    except TemplateError as error:
        raise TemplateUnusableError(str(error)) from None
    report["id"] = _line(report.get("id"), "id")
    if not report["id"]:
        raise _fail("id", _("empty"))
    period = _line(report.get("period"), "period")  # says "period: …" itself
    try:
        report["period"] = check_period(period)
    except ReportError as error:
        raise _fail("period", str(error)) from None
    for key in ("created", "updated"):
        if key in report:
            report[key] = _date(report[key], key)
    counters = _object(report.setdefault("counters", {}), "counters")
    for prefix, number in counters.items():
        _count(number, f"counters.{prefix}")
    _check_header(template, report, _object(report.get("header"), "header"))
    _check_swg(report)
    _check_sections(template, report)
    if report.get("review") is not None:
        _check_review(report, _object(report["review"], "review"))
    if report.get("reference") is not None:
        _check_reference(_object(report["reference"], "reference"))
    _check_conflicts(report)
    return template


def _check_swg(report: dict[str, Any]) -> None:
    """The key of the report's SWG: one written before reports had it gets the key its name
    stands for; a key this release does not list (a later list's) is kept as it is."""
    if "swg" not in report:
        report["swg"] = swg_key(report["header"]["fields"].get("swg_name", ""))
        return
    key = _line(report["swg"], "swg")
    if key and not _SWG_KEY.match(key):
        raise _fail("swg", _("{key} is not an SWG key (lower-case letters, digits and _)").format(key=repr(key[:40])))
    report["swg"] = key


def _check_header(template: Template, report: dict[str, Any], header: dict[str, Any]) -> None:
    header["fields"] = _texts(header.get("fields", {}), "header.fields")
    _within(header["fields"].get("swg_name", ""), "header.fields.swg_name", NAME_MAX)
    for spec in template.header_fields:
        header["fields"].setdefault(spec.id, "")
    contacts = _object(header.setdefault("contacts", {}), "header.contacts")
    seen_ids: set[str] = set()
    for list_id, people in contacts.items():
        where = f"header.contacts.{list_id}"
        if template.contact_list(list_id) is None:
            raise _fail(where, _("unknown contact list {list}").format(list=repr(list_id)))
        contacts[list_id] = [
            _check_contact(report, list_id, n, _object(person, f"{where}[{n}]"), f"{where}[{n}]", seen_ids)
            for n, person in enumerate(_list(people, where))
        ]


def _check_contact(
    report: dict[str, Any], list_id: str, position: int, person: dict[str, Any], where: str, seen_ids: set[str]
) -> Contact:
    """A contact, checked; one written before contacts had ids gets one made from where it
    stands, the same on every laptop (and on every load until the report is saved with it)."""
    values = {key: _text(person.get(key, ""), f"{where}.{key}") for key in CONTACT_KEYS}
    contact_id = person.get("id", "")
    if contact_id != "":  # one written before contacts had ids has none
        check_id(contact_id, f"{where}.id")
    else:
        contact_id = derived_id(report.get("created", ""), report["id"], list_id, position, values["name"])
    if contact_id in seen_ids:
        raise _fail(f"{where}.id", _used_twice(contact_id))
    seen_ids.add(contact_id)
    return {"id": contact_id, "organisation": values["organisation"], "name": values["name"], "email": values["email"]}


def _check_sections(template: Template, report: Report) -> None:
    seen_sections: set[str] = set()
    seen_ids = {HEADER_ID}
    for s, section in enumerate(_list(report.get("sections"), "sections")):
        where = f"sections[{s}]"
        section = _object(section, where)
        section["id"] = _line(section.get("id"), f"{where}.id")
        if template.section(section["id"]) is None:
            raise _fail(
                f"{where}.id",
                _("section {section} is not in template {template}").format(
                    section=repr(section["id"]), template=template.id
                ),
            )
        if section["id"] in seen_sections:
            raise _fail(f"{where}.id", _("section {section} appears twice").format(section=repr(section["id"])))
        seen_sections.add(section["id"])
        for r, row in enumerate(_list(section.get("rows"), f"{where}.rows")):
            _check_row(template, _object(row, f"{where}.rows[{r}]"), f"{where}.rows[{r}]", seen_ids)


def _check_row(template: Template, row: dict[str, Any], where: str, seen_ids: set[str]) -> None:
    row["id"] = check_id(row.get("id"), f"{where}.id")
    if row["id"] in seen_ids:
        raise _fail(f"{where}.id", _used_twice(row["id"]))
    seen_ids.add(row["id"])
    kind = template.row_kinds.get(_line(row.get("kind"), f"{where}.kind"))
    if kind is None:
        raise _fail(f"{where}.kind", _("unknown kind {kind}").format(kind=repr(row.get("kind"))))
    row["title"] = _text(row.get("title"), f"{where}.title", NAME_MAX)
    row["tag"] = _line(row.get("tag", ""), f"{where}.tag")
    row["no_update"] = _flag(row.get("no_update", False), f"{where}.no_update")
    row["fields"] = _texts(row.get("fields", {}), f"{where}.fields")
    if "kept" in row:  # why a merge kept a row that one side removed
        row["kept"] = _line(row["kept"], f"{where}.kept")
        if not row["kept"]:
            del row["kept"]
    for spec in kind.fields:
        row["fields"].setdefault(spec.id, "")
    items = []
    for i, item in enumerate(_list(row.get("items", []), f"{where}.items")):
        item_where = f"{where}.items[{i}]"
        item = _object(item, item_where)
        checked = {
            "id": check_id(item.get("id"), f"{item_where}.id"),
            "name": _line(item.get("name"), f"{item_where}.name", NAME_MAX),
            "text": _text(item.get("text"), f"{item_where}.text"),
        }
        if not checked["id"] or checked["id"] in seen_ids:
            raise _fail(f"{item_where}.id", _empty_or_twice(checked["id"]))
        seen_ids.add(checked["id"])
        items.append(checked)
    row["items"] = items


def _check_approval(value: Any, where: str, past: bool = False) -> dict[str, Any]:
    approval = _object(value, where)
    checked = {
        **approval,
        "by": check_person(approval.get("by"), f"{where}.by"),
        "at": _date(approval.get("at"), f"{where}.at"),
        "fingerprint": _line(approval.get("fingerprint"), f"{where}.fingerprint"),
        "note": _text(approval.get("note", ""), f"{where}.note"),
    }
    if past:
        checked["voided_at"] = _date(approval.get("voided_at", ""), f"{where}.voided_at", optional=True)
        checked["voided_because"] = _line(approval.get("voided_because", ""), f"{where}.voided_because")
    return checked


def _check_review(report: Report, review: dict[str, Any]) -> None:
    """A review as this release writes it (comments and events), strictly; one written by
    release 0.1.0 (states and a log) is checked as it was and converted into events."""
    if "events" not in review:
        when = report.get("updated") or report.get("created") or ""
        converted, places = review_legacy.convert(report["id"], _check_old_review(review), when)
        try:
            _check_events(report, dict(converted))
        except InvalidReportError as error:
            raise _old_place(str(error), places) from None
        return
    mixed = [key for key in OLD_REVIEW_KEYS if key in review]
    if mixed:
        raise _fail(
            f"review.{mixed[0]}",
            _("a review with events cannot also hold release 0.1.0's parts, signoffs, log or counter"),
        )
    _check_events(report, review)


def _old_place(message: str, places: list[str]) -> InvalidReportError:
    """A fault of a converted 0.1.0 review, at its place in the 0.1.0 record."""
    where, _sep, what = message.partition(": ")
    match = re.match(r"review\.events\[(\d+)\]\.?", where)
    if match is None:  # a comment: its place is the same in both forms
        return _fail(where, what)
    detail = where[match.end() :]
    if detail:
        what = _("cannot be converted ({detail}: {what})").format(detail=detail, what=what)
    return _fail(places[int(match.group(1))], what)


def _check_events(report: Report, review: dict[str, Any]) -> None:
    _limit(review.get("comments", []), "review.comments", MAX_COMMENTS, _TOO_MANY_COMMENTS)
    comments = _check_comments(review.get("comments", []))
    threads = {c["id"]: c["part"] for c in comments if c["reply_to"] is None}
    suggestions = _check_suggestions(review.get("suggestions", []))
    parts = {suggestion["id"]: suggestion["part"] for suggestion in suggestions}
    events: list[ReviewEvent] = []
    ids: dict[str, ReviewEvent] = {}
    _limit(
        review.get("events"),
        "review.events",
        MAX_EVENTS,
        N_("{count:,} events; a report's review holds at most {most:,}"),
    )
    for n, value in enumerate(_list(review.get("events"), "review.events")):
        event = _check_event(_object(value, f"review.events[{n}]"), f"review.events[{n}]", threads, ids)
        _check_decision(value, event, f"review.events[{n}]", parts)
        ids[event["id"]] = event
        events.append(event)
    for n, event in enumerate(events):
        if event["seen"] is not None and event["seen"] not in ids:
            raise _fail(f"review.events[{n}].seen", _no_event(event["seen"]))
        for seen in event.get("after", []):
            if seen not in ids:
                raise _fail(f"review.events[{n}].after", _no_event(seen))
    for n, comment in enumerate(comments):
        if comment["seen"] is not None and comment["seen"] not in ids:
            raise _fail(f"review.comments[{n}].seen", _no_event(comment["seen"]))
    report["review"] = {"comments": comments, "events": events}
    if suggestions:
        report["review"]["suggestions"] = suggestions


def _check_suggestions(value: Any) -> list[Suggestion]:
    """A review's suggestions (swgtui.model.suggestions): each key checked, ids unique."""
    _limit(
        value,
        "review.suggestions",
        MAX_SUGGESTIONS,
        N_("{count:,} suggestions; a report's review holds at most {most:,}"),
    )
    suggestions: list[Suggestion] = []
    ids: set[str] = set()
    for n, item in enumerate(_list(value, "review.suggestions")):
        where = f"review.suggestions[{n}]"
        suggestion = _object(item, where)
        base = suggestion.get("base")
        checked: Suggestion = {
            "id": check_id(suggestion.get("id"), f"{where}.id"),
            "part": _part_id(suggestion.get("part"), f"{where}.part"),
            "field": check_id(suggestion.get("field"), f"{where}.field"),
            "base": None if base is None else check_id(base, f"{where}.base"),
            "before": _text(suggestion.get("before"), f"{where}.before"),
            "after": _text(suggestion.get("after"), f"{where}.after"),
            "by": check_person(suggestion.get("by"), f"{where}.by"),
            "at": _date(suggestion.get("at"), f"{where}.at"),
            "source": _line(suggestion.get("source", ""), f"{where}.source"),
            "tracked": _flag(suggestion.get("tracked", False), f"{where}.tracked"),
        }
        if checked["id"] in ids:
            raise _fail(f"{where}.id", _used_twice(checked["id"]))
        ids.add(checked["id"])
        suggestions.append(checked)
    return suggestions


def _check_decision(value: dict[str, Any], event: ReviewEvent, where: str, parts: dict[str, str]) -> None:
    """An "accept" or "reject" names an existing suggestion (`parts`: id -> its part) and its
    part; no other event names one."""
    if event["action"] not in SUGGESTION_ACTIONS:
        if "suggestion" in value:
            what = _("only an accept or a reject names a suggestion, not {action}").format(action=repr(event["action"]))
            raise _fail(f"{where}.suggestion", what)
        return
    named = check_id(value.get("suggestion"), f"{where}.suggestion")
    if named not in parts:
        raise _fail(f"{where}.suggestion", _("no suggestion {id}").format(id=repr(named)))
    if event["part"] != parts[named]:
        raise _fail(f"{where}.part", _("{part} is not the part of its suggestion").format(part=repr(event["part"])))
    event["suggestion"] = named


def _limit(value: Any, where: str, most: int, what: str) -> None:
    """Refuse a list of more than `most` (`what`: a message marked `N_`, counting them)."""
    if isinstance(value, list) and len(value) > most:
        raise _fail(where, _(what).format(count=len(value), most=most))


def _check_comments(value: Any, old: bool = False) -> list[Any]:
    comments: list[Any] = []
    ids: set[str] = set()
    for n, item in enumerate(_list(value, "review.comments")):
        where = f"review.comments[{n}]"
        comment = _object(item, where)
        checked: dict[str, Any] = {
            "id": check_id(comment.get("id"), f"{where}.id"),
            "part": _part_id(comment.get("part"), f"{where}.part", optional=True),
            "field": _line(comment.get("field", ""), f"{where}.field"),
            "quote": _text(comment.get("quote", ""), f"{where}.quote"),
            "text": _text(comment.get("text"), f"{where}.text"),
            "by": check_person(comment.get("by"), f"{where}.by"),
            "at": _date(comment.get("at"), f"{where}.at"),
            "reply_to": _optional_text(comment.get("reply_to"), f"{where}.reply_to") or None,
        }
        if not checked["id"] or checked["id"] in ids:
            raise _fail(f"{where}.id", _empty_or_twice(checked["id"]))
        if checked["reply_to"] is not None and checked["reply_to"] not in ids:
            raise _fail(f"{where}.reply_to", _("no earlier comment {id}").format(id=repr(checked["reply_to"])))
        if old:
            checked["resolved"] = None
            resolved = comment.get("resolved")
            if resolved is not None:
                resolved = _object(resolved, f"{where}.resolved")
                checked["resolved"] = {
                    "by": check_person(resolved.get("by"), f"{where}.resolved.by"),
                    "at": _date(resolved.get("at"), f"{where}.resolved.at"),
                }
        else:
            checked["seen"] = _optional_text(comment.get("seen"), f"{where}.seen") or None
        ids.add(checked["id"])
        comments.append(checked)
    return comments


def _check_event(
    event: dict[str, Any], where: str, threads: dict[str, str], earlier: dict[str, ReviewEvent]
) -> ReviewEvent:
    action = _line(event.get("action"), f"{where}.action")
    if action not in EVENT_ACTIONS:
        raise _fail(
            f"{where}.action",
            _("unknown action {action} (actions: {actions})").format(
                action=repr(action), actions=", ".join(EVENT_ACTIONS)
            ),
        )
    checked: ReviewEvent = {
        "id": check_id(event.get("id"), f"{where}.id"),
        "action": action,
        "at": _date(event.get("at"), f"{where}.at"),
        "by": check_person(event.get("by"), f"{where}.by"),
        "part": _part_id(event.get("part", ""), f"{where}.part", optional=True),
        "comment": _line(event.get("comment", ""), f"{where}.comment"),
        "fingerprint": _line(event.get("fingerprint", ""), f"{where}.fingerprint"),
        "note": _text(event.get("note", ""), f"{where}.note"),
        "voids": _line(event.get("voids", ""), f"{where}.voids"),
        "seen": _optional_text(event.get("seen"), f"{where}.seen") or None,
    }
    if "after" in event:
        checked["after"] = [check_id(seen, f"{where}.after[{n}]") for n, seen in enumerate(_after(event, where))]
    if "package" in event:
        checked["package"] = check_id(event["package"], f"{where}.package")
    if "recorded_by" in event:
        checked["recorded_by"] = check_person(event["recorded_by"], f"{where}.recorded_by")
    if not checked["id"] or checked["id"] in earlier:
        raise _fail(f"{where}.id", _empty_or_twice(checked["id"]))
    if action in ACTIONS and not checked["part"]:
        raise _fail(f"{where}.part", _("missing: the part that was marked {action}").format(action=repr(action)))
    if action in ("resolve", "reopen"):
        if not checked["comment"]:
            raise _fail(f"{where}.comment", _("missing: the comment thread to {action}").format(action=action))
        if checked["comment"] not in threads:
            raise _fail(f"{where}.comment", _("no comment thread {id}").format(id=repr(checked["comment"])))
        if checked["part"] != threads[checked["comment"]]:
            raise _fail(
                f"{where}.part", _("{part} is not the part of its comment thread").format(part=repr(checked["part"]))
            )
    _check_role(checked, where)
    if action == "void":
        voided = earlier.get(checked["voids"])
        wanted = "approve" if checked["part"] else "sign-off"
        if voided is None or voided["action"] != wanted or voided["part"] != checked["part"]:
            if checked["part"]:
                raise _fail(
                    f"{where}.voids", _("no earlier approval of this part {id}").format(id=repr(checked["voids"]))
                )
            raise _fail(f"{where}.voids", _("no earlier sign-off {id}").format(id=repr(checked["voids"])))
    return checked


def _after(event: dict[str, Any], where: str) -> list[Any]:
    """An event's "after": the ids of the events its author had seen, at most MAX_AFTER."""
    seen = _list(event["after"], f"{where}.after")
    if len(seen) > MAX_AFTER:
        raise _fail(
            f"{where}.after",
            _("names {count} events; an event names at most {most}").format(count=len(seen), most=MAX_AFTER),
        )
    return seen


def _check_role(event: ReviewEvent, where: str) -> None:
    """Refuse a step that the person's role may not take, and a sign-off of a part: the app
    never writes them."""
    action, role = event["action"], event["by"]["role"]
    if action == "ready" and role not in STEP_ROLES["ready"]:
        raise _fail(f"{where}.by.role", _("a {role} cannot mark a part ready for review").format(role=role))
    if action == "approve" and role not in STEP_ROLES[action]:
        raise _fail(f"{where}.by.role", _("a {role} cannot approve").format(role=role))
    if action == "request-changes" and role not in STEP_ROLES[action]:
        raise _fail(f"{where}.by.role", _("a {role} cannot request changes").format(role=role))
    if action == "sign-off":
        if role not in SIGNER_ROLES:
            raise _fail(f"{where}.by.role", _("a {role} cannot sign the report off").format(role=role))
        if event["part"]:
            raise _fail(f"{where}.part", _("a sign-off is of the whole report, not of a part"))


def _check_old_review(review: dict[str, Any]) -> dict[str, Any]:
    """A review as release 0.1.0 wrote it, checked as 0.1.0 checked it."""
    parts = _object(review.get("parts", {}), "review.parts")
    checked_parts = {}
    for part_id, state in parts.items():
        where = f"review.parts.{part_id}"
        state = _object(state, where)
        status = state.get("status", "draft")
        if status not in STATUSES:
            raise _fail(f"{where}.status", _("unknown status {status}").format(status=repr(status)))
        approval = state.get("approval")
        checked_parts[part_id] = {
            "status": status,
            "approval": None if approval is None else _check_approval(approval, f"{where}.approval"),
            "past_approvals": [
                _check_approval(old, f"{where}.past_approvals[{n}]", past=True)
                for n, old in enumerate(_list(state.get("past_approvals", []), f"{where}.past_approvals"))
            ],
        }
    signoffs = [
        _check_approval(value, f"review.signoffs[{n}]")
        for n, value in enumerate(_list(review.get("signoffs", []), "review.signoffs"))
    ]
    log = []
    _limit(
        review.get("log", []), "review.log", MAX_EVENTS, N_("{count:,} steps; a report's review holds at most {most:,}")
    )
    for n, value in enumerate(_list(review.get("log", []), "review.log")):
        where = f"review.log[{n}]"
        entry = _object(value, where)
        log.append(
            {
                "at": _date(entry.get("at"), f"{where}.at"),
                "by": check_person(entry.get("by"), f"{where}.by"),
                "action": _line(entry.get("action"), f"{where}.action"),
                "part": _line(entry.get("part", ""), f"{where}.part"),
                "detail": _text(entry.get("detail", ""), f"{where}.detail"),
            }
        )
    _count(review.get("counter", 0), "review.counter")
    _limit(review.get("comments", []), "review.comments", MAX_COMMENTS, _TOO_MANY_COMMENTS)
    comments = _check_comments(review.get("comments", []), old=True)
    return {"parts": checked_parts, "comments": comments, "signoffs": signoffs, "log": log}


MAX_HEADS = 64  # revisions one revision is made from, or one conflict is between: more is damage


def _ids(value: Any, where: str, most: int = MAX_HEADS) -> list[str]:
    """A list of ids (revision ids), sorted, each once."""
    ids = _list(value, where)
    if len(ids) > most:
        raise _fail(where, _("{count:,} ids; at most {most}").format(count=len(ids), most=most))
    return sorted({check_id(item, f"{where}[{n}]") for n, item in enumerate(ids)})


def _check_conflicts(report: dict[str, Any]) -> None:
    """The values a merge left in conflict: [{part, field, heads}], sorted by (part, field),
    each with two or more head revisions; left out when there are none."""
    if report.get("conflicts") is None:
        report.pop("conflicts", None)
        return
    checked: dict[tuple[str, str], Conflict] = {}
    for n, value in enumerate(_list(report["conflicts"], "conflicts")):
        where = f"conflicts[{n}]"
        conflict = _object(value, where)
        part = check_id(_line(conflict.get("part"), f"{where}.part"), f"{where}.part")
        field = _line(conflict.get("field"), f"{where}.field")
        if not field:
            raise _fail(f"{where}.field", _("empty"))
        heads = _ids(conflict.get("heads"), f"{where}.heads")
        if len(heads) < 2:
            raise _fail(f"{where}.heads", _("a conflict is between two or more revisions"))
        if (part, field) in checked:
            raise _fail(where, _("{part} {field} is listed twice").format(part=part, field=field))
        checked[(part, field)] = {"part": part, "field": field, "heads": heads}
    if checked:
        report["conflicts"] = [checked[key] for key in sorted(checked)]
    else:
        del report["conflicts"]


def _check_reference(reference: dict[str, Any]) -> None:
    for key in ("report", "period"):
        reference[key] = _line(reference.get(key, ""), f"reference.{key}")
    parts = _object(reference.setdefault("parts", {}), "reference.parts")
    for part_id, texts in parts.items():
        parts[part_id] = _texts(texts, f"reference.parts.{part_id}")


def check_summary(summary: Any) -> str | None:
    """Why a line of the store's list of reports cannot be shown, or None when it can."""
    if not isinstance(summary, dict):
        return "its line in the list of reports is not an object"
    for key in ("id", "swg", "period", "template"):
        if not isinstance(summary.get(key), str):
            return f"its line in the list of reports has no text for {key}"
    complete = summary.get("complete")
    if not isinstance(complete, int | float) or isinstance(complete, bool) or not 0 <= complete <= 1:
        return "its line in the list of reports has no completeness from 0 to 1"
    updated = summary.get("updated", "")
    if not isinstance(updated, str):
        return "its line in the list of reports has no text for updated"
    try:
        _date(updated, "updated", optional=True)
    except InvalidReportError:
        return "its line in the list of reports has no date for updated"
    return None


def _count_ok(value: Any) -> bool:
    return type(value) is int and value >= 0  # not a bool


def _date_ok(value: Any) -> bool:
    if type(value) is not str:
        return False
    if not value:
        return True
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _contacts_ok(value: Any) -> bool:
    if type(value) is not list:
        return False
    for contact in value:
        if type(contact) is not dict:
            return False
        for text in contact.values():
            if type(text) is not str:
                return False
    return True


def _swg_key_ok(value: Any) -> bool:
    return type(value) is str and (not value or value in _KNOWN_KEYS or bool(_SWG_KEY.match(value)))


_KNOWN_KEYS = frozenset(swg.key for swg in swg_list())
_STANDINGS = frozenset(STANDINGS)

# What a line of the list keeps of its report beyond what the report list shows: the SWG's key
# and where the report stands (swgtui.model.standing), for the coordinator's overview; who saved
# it and when a package of it was received. Older lines lack them; a key of the wrong type is
# left out of the line as listed, so the overview works it out again from the report. (Checked
# for every line of the list as it is read: kept quick.)
LINE_KEYS: dict[str, Callable[[Any], bool]] = {
    "swg_key": _swg_key_ok,
    "status": lambda value: type(value) is str and value in _STANDINGS,
    "open_comments": _count_ok,
    "open_suggestions": _count_ok,
    "conflicts": _count_ok,
    "signed_off": _date_ok,
    "parts": _count_ok,
    "approved": _count_ok,
    "contacts": _contacts_ok,
    "updated_by": lambda value: type(value) is str,
    "received": _date_ok,
}


def ill_typed_line_keys(summary: dict[str, Any]) -> list[str]:
    """The keys of LINE_KEYS the line holds with a value of the wrong type."""
    return [key for key, fits in LINE_KEYS.items() if key in summary and not fits(summary[key])]


def listed_summary(summary: Any) -> dict[str, Any]:
    """A line of the list of reports that can be shown: as stored (less the keys of LINE_KEYS of
    the wrong type), or, when damaged, its id and "problem" (why the report cannot be opened)."""
    problem = check_summary(summary)
    if problem is None:
        listed = {**summary, "swg": clean_line(summary["swg"]), "period": clean_line(summary["period"])}
        for key in ill_typed_line_keys(summary):
            del listed[key]
        return listed
    known = summary if isinstance(summary, dict) else {}
    keys = ("id", "swg", "period", "template")
    text = {key: clean_line(known[key]) if isinstance(known.get(key), str) else "?" for key in keys}
    return {**text, "complete": 0.0, "updated": "", "problem": problem}


MAX_REVISION = 10**9  # far more saves of one text than anyone makes; a larger rev is damage


def check_history(entries: Any) -> list[Revision]:
    """Revisions, each {"id", "parent", "part", "field", "rev", "text", "by", "at"}, checked,
    their texts cleaned, and those written before revisions had ids given theirs
    (`chain_revisions`)."""
    if not isinstance(entries, list):
        raise ReportError(_("the history must be a list of revisions"))
    return chain_revisions([check_revision(entry, f"history revision {n}") for n, entry in enumerate(entries, 1)])


def check_revision(entry: Any, where: str) -> Revision:
    """One revision, checked; its id and parent as written (an older revision has neither:
    its id is "" until `chain_revisions` gives it one, and its parent)."""
    if not isinstance(entry, dict):
        raise ReportError(_("{where} must be an object").format(where=where))
    rev = entry.get("rev")
    if not isinstance(rev, int) or isinstance(rev, bool) or not 1 <= rev <= MAX_REVISION:
        raise ReportError(
            _("{where}: rev must be a whole number from 1 to {most}").format(where=where, most=MAX_REVISION)
        )
    for key in ("id", "parent"):
        if entry.get(key) not in (None, "") and not is_plain_id(entry.get(key)):
            raise ReportError(_("{where}: {key} is not an id").format(where=where, key=key))
    by = entry.get("by")
    if by is not None and not (isinstance(by, dict) and "name" in by and all(isinstance(v, str) for v in by.values())):
        raise ReportError(_("{where}: by must name who wrote it").format(where=where))
    if by is not None:
        by = {key: clean_line(value) for key, value in by.items()}
    revision: Revision = {
        "id": clean_line(_history_text(entry.get("id", ""), f"{where} id")),
        "parent": None,
        "part": _history_text(entry.get("part"), f"{where} part"),
        "field": _history_text(entry.get("field"), f"{where} field"),
        "rev": rev,
        "text": _history_text(entry.get("text"), f"{where} text"),
        "by": by,
        "at": _history_date(entry.get("at", ""), f"{where} at"),
    }
    parent = entry.get("parent")
    if parent is not None:
        revision["parent"] = clean_line(_history_text(parent, f"{where} parent")) or None
    if entry.get("parents") is not None:
        _check_parents(revision, entry["parents"], where)
    if entry.get("accepted_by") is not None:  # a reviewer's suggestion, accepted by this person
        try:
            revision["accepted_by"] = check_person(entry["accepted_by"], "accepted_by")
        except InvalidReportError as error:
            raise ReportError(f"{where}: {error}") from None
    removed = entry.get("removed", False)
    if not isinstance(removed, bool):
        raise ReportError(_("{where}: removed must be true or false").format(where=where))
    if removed:
        if revision["text"]:
            raise ReportError(_("{where}: a removed value has no text").format(where=where))
        revision["removed"] = True
    return revision


def _check_parents(revision: Revision, value: Any, where: str) -> None:
    """A revision made from several (a merge, a conflict settled): `parents`, sorted, and
    `parent` the first of them; a list of one is just `parent`."""
    try:
        parents = _ids(value, "parents")
    except InvalidReportError as error:
        raise ReportError(f"{where}: {error}") from None
    if revision["parent"] is not None and revision["parent"] not in parents:
        raise ReportError(
            _("{where}: parent {parent} is not one of its parents").format(where=where, parent=revision["parent"])
        )
    if parents:
        revision["parent"] = parents[0]
    if len(parents) > 1:
        revision["parents"] = parents


def chain_revisions(revisions: list[Revision]) -> list[Revision]:
    """Give revisions written before revisions had ids (in file order) an id made from what
    they hold, the same on every laptop, and a parent by their number: the id of the same
    field's previous revision (`rev` - 1), None for the first. The file is never rewritten
    for it: this is done on every read."""
    last: dict[tuple[str, str, int], str] = {}  # (part, field, rev) -> id
    for revision in revisions:
        key = (revision["part"], revision["field"])
        if not revision["id"]:  # an older revision
            revision["id"] = derived_id(revision["at"], *key, revision["rev"], revision["text"])
            revision["parent"] = last.get((*key, revision["rev"] - 1))
        last[(*key, revision["rev"])] = revision["id"]
    return revisions


def _history_date(value: Any, where: str) -> str:
    text = _history_text(value, where)
    try:
        return _date(text, "", optional=True)
    except InvalidReportError as error:
        raise ReportError(_("report {where}: {error}").format(where=where, error=error)) from None


def _history_text(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise ReportError(_("report {where} must be text").format(where=where))
    text = clean_text(value)
    if len(text) > TEXT_MAX:
        raise ReportError(
            _("report {where} is longer than {limit:,} characters ({length:,})").format(
                where=where, limit=TEXT_MAX, length=len(text)
            )
        )
    return text
