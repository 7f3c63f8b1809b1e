"""What a person types to name a row, a partner, a contact or a comment, and what it names.

Every command that takes one of these accepts:

- its id, as `swgtui show` (or `swgtui review`) prints it: `a1`, `partners`, `01JQ8…`;
- the start of an id, in either case, when no other id of its kind starts so: at least
  `PREFIX_MIN` characters (`01jq8x`), so that a short id (`a1`) only ever means itself;
- (a revision of a text, for `history --restore`: its number, its id or the start of it;)
- its position, counted from 1: `A.2` is the 2nd row of section A, `partners.3` the 3rd
  partner of the row `partners` (any row of partners by its id or position: `A.9.3`),
  `focal_government.1` the 1st contact of that list of the header, `comments.2` the 2nd
  comment thread as `swgtui review` lists them.

A name that fits nothing, fits several things, or counts past the end is refused with one
line that says which (RefError, a ReportError).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TypeVar

from swgtui.i18n import N_, _
from swgtui.model.report import HEADER_ID, ReportError, row_kind
from swgtui.model.template import Template
from swgtui.model.types import Comment, Contact, Partner, Report, Revision, Row, Section

PREFIX_MIN = 4  # characters of an id to type at least, when not the whole id
SHOWN = 5  # ids named in a message when several fit
WORDS = 5  # first words of a comment naming it in a message
# A.2, partners.3, focal_government.1, comments.2: ASCII digits, or Lao ones (໐-໙), any number
_POSITION = re.compile(r"(.+)\.([0-9\u0ed0-\u0ed9]+)")
_LAO_DIGITS = str.maketrans("\u0ed0\u0ed1\u0ed2\u0ed3\u0ed4\u0ed5\u0ed6\u0ed7\u0ed8\u0ed9", "0123456789")
COMMENTS = "comments"

T = TypeVar("T")
# What a typed name names, as refusals say it (one and several), by the kinds the code passes
_ONE = {
    "row": N_("row"),
    "partner": N_("partner"),
    "contact": N_("contact"),
    "contact number": N_("contact number"),
    "comment": N_("comment"),
    "comment thread": N_("comment thread"),
    "revision": N_("revision"),
    "report": N_("report"),
}
_SEVERAL = {
    "row": N_("rows"),
    "partner": N_("partners"),
    "contact": N_("contacts"),
    "comment": N_("comments"),
    "revision": N_("revisions"),
    "report": N_("reports"),
}


class RefError(ReportError):
    """A typed name that names nothing, or more than one thing; the message says which."""


class NotFoundError(RefError):
    """A typed name that names nothing (no id starts so, or a position past the end)."""


def _same(a: str, b: str) -> bool:
    return a.casefold() == b.strip().casefold()


def _by_id(
    found: Sequence[tuple[str, T]], wanted: str, what: str, name: Callable[[str, T], str] | None = None
) -> T | None:
    """The thing whose id is `wanted` (in any case), or whose id alone starts with it; when
    several start with it, the refusal names them by `name` (else by their ids)."""
    wanted = wanted.strip()
    exact = [thing for thing_id, thing in found if thing_id == wanted]
    exact = exact or [thing for thing_id, thing in found if _same(thing_id, wanted)]
    if len(exact) == 1:
        return exact[0]
    if len(wanted) < PREFIX_MIN:
        return None
    starting = [(thing_id, thing) for thing_id, thing in found if thing_id.casefold().startswith(wanted.casefold())]
    if len(starting) > 1:
        names = ("; " if name else ", ").join(name(*thing) if name else thing[0] for thing in starting[:SHOWN])
        more = _(" and {count} more").format(count=len(starting) - SHOWN) if len(starting) > SHOWN else ""
        raise RefError(
            _("{text} could be {count} {things} ({names}{more}); type more of the id").format(
                text=repr(wanted), count=len(starting), things=_(_SEVERAL[what]), names=names, more=more
            )
        )
    return starting[0][1] if starting else None


def _position(wanted: str) -> tuple[str, str] | None:
    """What a position names (A) and its number, in ASCII digits without leading zeros."""
    match = _POSITION.fullmatch(wanted.strip())
    return (match[1], match[2].translate(_LAO_DIGITS).lstrip("0") or "0") if match else None


def _nth(things: Sequence[T], digits: str, where: str, what: str) -> T:
    number = int(digits) if len(digits) <= 18 else 0  # more digits: past the end of anything
    if not 1 <= number <= len(things):
        shown = digits if len(digits) <= 20 else digits[:20] + "…"
        raise NotFoundError(
            _("{where} has no {what} {number} (it has {count})").format(
                where=where, what=_(_ONE[what]), number=shown, count=len(things)
            )
        )
    return things[number - 1]


def _unknown(wanted: str, what: str, example: str, report: Report) -> NotFoundError:
    return NotFoundError(
        _(
            "the report has no {what} {text} (give its id, the start of it, or its position "
            "like {example}: see swgtui show {report})"
        ).format(what=_(_ONE[what]), text=repr(wanted.strip()), example=example, report=report["id"])
    )


# --- rows and parts ----------------------------------------------------------------------------


def section_of(report: Report, wanted: str) -> Section | None:
    """A section by its id (A, B, C), in either case."""
    return next((s for s in report["sections"] if _same(s["id"], wanted)), None)


def find_row(report: Report, wanted: str) -> tuple[Section, Row]:
    """The section and the row named by its id, the start of its id, or its position (A.2)."""
    found = [(row["id"], (section, row)) for section in report["sections"] for row in section["rows"]]
    hit = _by_id(found, wanted, "row")
    if hit is not None:
        return hit
    position = _position(wanted)
    section = section_of(report, position[0]) if position else None
    if position and section is not None:
        return section, _nth(section["rows"], position[1], _("section {section}").format(section=section["id"]), "row")
    raise _unknown(wanted, "row", "A.2", report)


def find_part(report: Report, wanted: str) -> str:
    """A part's id: the header (`header`), or a row named as `find_row` takes it."""
    if _same(HEADER_ID, wanted):
        return HEADER_ID
    return find_row(report, wanted)[1]["id"]


# --- partners ----------------------------------------------------------------------------------


def find_partner(template: Template, report: Report, wanted: str) -> tuple[Row, Partner]:
    """The row and the partner named by its id, the start of its id, or its position in its
    row (`partners.3`, the row given as `find_row` takes it)."""
    holders = [row for section in report["sections"] for row in section["rows"] if row_kind(template, row).has_items]
    hit = _by_id([(item["id"], (row, item)) for row in holders for item in row["items"]], wanted, "partner")
    if hit is not None:
        return hit
    position = _position(wanted)
    if position:
        try:
            _section, row = find_row(report, position[0])
        except NotFoundError:
            row = None
        if row is not None and any(row is holder for holder in holders):
            title = row["title"].strip().split("\n")[0]
            return row, _nth(row["items"], position[1], _("row {title}").format(title=repr(title)), "partner")
    raise _unknown(wanted, "partner", "partners.3", report)


# --- contacts ----------------------------------------------------------------------------------


def contact_list_of(template: Template, wanted: str) -> str | None:
    """A contact list's id, by its id or its label (Government Officials), in either case."""
    spec = next((c for c in template.contact_lists if _same(c.id, wanted) or _same(c.label, wanted)), None)
    return spec.id if spec else None


def find_contact(template: Template, report: Report, wanted: str) -> tuple[str, Contact]:
    """The contact list's id and the contact, named by its id, the start of its id, or its
    position in its list (`focal_government.1`)."""
    lists = report["header"]["contacts"]
    found = [(contact["id"], (list_id, contact)) for list_id, people in lists.items() for contact in people]
    hit = _by_id(found, wanted, "contact")
    if hit is not None:
        return hit
    position = _position(wanted)
    spec = template.contact_list(contact_list_of(template, position[0]) or "") if position else None
    if position and spec is not None:
        return spec.id, _nth(lists.get(spec.id, []), position[1], spec.label, "contact number")
    raise _unknown(wanted, "contact", "focal_government.1", report)


# --- comments ----------------------------------------------------------------------------------


def threads(report: Report) -> list[Comment]:
    """The first comment of every thread, in the order `swgtui review` lists the threads."""
    return [c for c in report.get("review", {}).get("comments", []) if not c.get("reply_to")]


def find_comment(report: Report, wanted: str) -> Comment:
    """A comment named by its id, the start of its id, or a thread's position (`comments.2`,
    its first comment)."""
    comments = report.get("review", {}).get("comments", [])
    hit = _by_id([(c["id"], c) for c in comments], wanted, "comment", lambda _id, c: _comment_name(report, c))
    if hit is not None:
        return hit
    position = _position(wanted)
    if position and _same(COMMENTS, position[0]):
        return _nth(threads(report), position[1], _("the report"), "comment thread")
    raise NotFoundError(
        _(
            "the report has no comment {text} (give its id, the start of it, or its thread's "
            "position like {example}: see swgtui review {report})"
        ).format(text=repr(wanted.strip()), example=f"{COMMENTS}.2", report=report["id"])
    )


def _comment_name(report: Report, comment: Comment) -> str:
    """A comment as a refusal names it: its thread's position (comments.2), whether it is a
    reply, its author and its first words."""
    first = threads(report)
    thread = next((c for c in first if c["id"] == (comment.get("reply_to") or comment["id"])), None)
    where = f"{COMMENTS}.{first.index(thread) + 1}" if thread is not None else comment["id"]
    words = comment["text"].split()
    text = " ".join(words[:WORDS]) + ("…" if len(words) > WORDS else "")
    if comment.get("reply_to"):
        return _("{where}, a reply by {name}: {text}").format(where=where, name=comment["by"]["name"], text=repr(text))
    return _("{where} by {name}: {text}").format(where=where, name=comment["by"]["name"], text=repr(text))


# --- revisions ---------------------------------------------------------------------------------


def find_revision(revisions: Sequence[Revision], wanted: int | str, where: str) -> Revision:
    """One of a text's revisions (`where` names the text), by its number (`5`, when only one
    revision has it), its id or the start of its id."""
    text = str(wanted).strip()
    if text.isascii() and text.isdigit():
        numbered = [r for r in revisions if r["rev"] == int(text)]
        if len(numbered) > 1:
            ids = ", ".join(r["id"] for r in numbered[:SHOWN])
            raise RefError(
                _("{where} has {count} revisions numbered {number} ({ids}); restore one by its id").format(
                    where=where, count=len(numbered), number=int(text), ids=ids
                )
            )
        if numbered:
            return numbered[0]
    else:
        hit = _by_id([(r["id"], r) for r in revisions], text, "revision")
        if hit is not None:
            return hit
    if revisions:
        numbers = _("revisions {first} to {last}").format(first=revisions[0]["rev"], last=revisions[-1]["rev"])
    else:
        numbers = _("no saved revisions")
    raise NotFoundError(
        _("{where} has no revision {number} ({numbers})").format(where=where, number=text, numbers=numbers)
    )


# --- reports -----------------------------------------------------------------------------------


def find_report_id(ids: Sequence[str], wanted: str) -> str | None:
    """The report id that is `wanted` or alone starts with it (at least PREFIX_MIN characters);
    None if none does (RefError if several do, or if it is too short to name one)."""
    found = _by_id([(report_id, report_id) for report_id in ids], wanted, "report")
    start = wanted.strip().casefold()
    if found is None and start and any(report_id.casefold().startswith(start) for report_id in ids):
        raise RefError(
            _("{text} is too short to name a report: give at least {count} characters of its id").format(
                text=repr(wanted.strip()), count=PREFIX_MIN
            )
        )
    return found
