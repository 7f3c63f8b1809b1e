"""A report as plain data, and every change a user can make to it.

A report is a JSON-ready dict (so the store, dump/load and the exporters share one shape):

    {"id", "template", "swg", "period", "created", "updated", "counters",
     "header": {"fields": {field_id: text}, "contacts": {list_id: [{"id", "organisation",
                "name", "email"}, ...]}},
     "sections": [{"id", "no_update", "rows": [row, ...]}, ...]}

    row = {"id", "kind", "title", "tag", "no_update", "fields": {field_id: text},
           "items": [{"id", "name", "text"}, ...]}      # items: partner narratives

Ids never change once given, so renaming or reordering keeps references valid. What is added
(a row, a partner, a contact) gets a ULID (swgtui.model.ids); the template's rows keep the
template's ids and older ids (`a1`, `p3`) stay. "counters" is only read from older reports.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections import Counter
from datetime import UTC, datetime
from typing import Any, cast

from swgtui import i18n, swgs
from swgtui.graphemes import cluster_span
from swgtui.i18n import N_, _
from swgtui.model.ids import new_id
from swgtui.model.template import ContactListSpec, RowKind, RowSpec, SectionSpec, Template, fill
from swgtui.model.types import Contact, Partner, Report, Row, Section
from swgtui.text import clean_line, clean_text

HEADER_ID = "header"
CONTACT_KEYS = ("organisation", "name", "email")
_PERIOD = re.compile(r"^((?:19|20)\d\d)(?:\s*[/\-–—]\s*((?:19|20)?\d\d))?$")
PERIOD_EXAMPLE = N_("e.g. 2025/2026, 2025-2026, 2025/26 or 2025")  # shown with _()
NAME_MAX = 500  # characters of a name or a title (an SWG, a row, a partner, a contact)
TEXT_MAX = 200_000  # characters of one field (some 30 pages); more is a paste gone wrong
_EMAIL = re.compile(r"^[^@\s<>(),;]+@[^@\s<>(),;]+\.[^@\s<>(),;.]{2,}$")


class ReportError(Exception):
    """A change that the report or its template does not allow; the message says why."""


class TooLongError(ReportError):
    """A text longer than its limit (NAME_MAX, TEXT_MAX)."""


def within(text: str, limit: int, what: str) -> str:
    """`text`, unless it is longer than `limit` characters; `what` names it in the refusal (a
    message marked `N_`, translated here)."""
    if len(text) > limit:
        raise TooLongError(
            _("{what} is longer than {limit:,} characters ({length:,})").format(
                what=_(what), limit=limit, length=len(text)
            )
        )
    return text


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def new_report_id() -> str:
    return uuid.uuid4().hex[:8]


def swg_name(report: Report) -> str:
    return str(report["header"]["fields"].get("swg_name", ""))


def _ascii_digits(text: str) -> str:
    """`text` with every decimal digit (Lao ໒໐໒໕, Thai, full-width …) written 0-9."""
    return "".join(str(unicodedata.decimal(char)) if char.isdecimal() else char for char in text)


def check_period(text: str) -> str:
    """A reporting period in its usual form: one year ("2025") or two following years, however
    written ("2025-2026", "2025/26", in Lao digits) given as "2025/2026"; anything else is refused."""
    period = _ascii_digits(clean_line(text))
    if not period:
        raise ReportError(_("the period is empty ({example})").format(example=_(PERIOD_EXAMPLE)))
    match = _PERIOD.match(period)
    if match is None:
        raise ReportError(
            _("the period {period} is not a year or two years ({example})").format(
                period=repr(period), example=_(PERIOD_EXAMPLE)
            )
        )
    first, second = match.group(1), match.group(2)
    if second is None:
        return first
    if len(second) == 2:
        second = first[:2] + second
    if int(second) != int(first) + 1:
        raise ReportError(
            _("the period {period} should span two following years ({example})").format(
                period=repr(period), example=_(PERIOD_EXAMPLE)
            )
        )
    return f"{first}/{second}"


def period_key(text: str) -> str:
    """The normal form of a period as `check_period` gives it, to compare periods however written
    ("2025/26", "2025-2026", Lao digits); a text that is no period is compared as written."""
    try:
        return check_period(text)
    except ReportError:
        return clean_line(text).casefold()


def report_swg(report: Report) -> str:
    """The key of the SWG the report belongs to (swgtui.swgs), "" for an SWG outside the list."""
    return report.get("swg", "")


def set_swg(report: Report, key: str) -> bool:
    """Make the report belong to the SWG `key` ("" for none of the list); True if that changed."""
    if key and not swgs.is_key(key):
        known = ", ".join(swg.key for swg in swgs.swg_list())
        raise ReportError(_("{key} is not an SWG of the list ({known})").format(key=repr(key), known=known))
    if report_swg(report) == key:
        return False
    report["swg"] = key
    return True


def set_period(report: Report, text: str) -> bool:
    """Change the report's period (checked as `check_period`); True if it changed."""
    period = check_period(text)
    if report["period"] == period:
        return False
    report["period"] = period
    return True


def _swg_of(summary: dict[str, Any]) -> str:
    """The SWG a line of the list of reports belongs to: its key, else its name (case folded)."""
    key = summary.get("swg_key")
    if isinstance(key, str) and key:
        return key
    name = str(summary.get("swg", ""))
    return (swgs.swg_key(name) if key is None else "") or "name:" + clean_line(name).casefold()


def same_reports(
    summaries: list[dict[str, Any]], swg: str, period: str, but: str = "", key: str | None = None
) -> list[str]:
    """Ids of the listed reports (store summaries) for the same SWG (its key, else the one its
    name `swg` stands for, else that name) and period, except `but`."""
    wanted = _swg_of({"swg": swg, "swg_key": key})
    period = period_key(period)
    return [
        s["id"]
        for s in summaries
        if s["id"] != but and _swg_of(s) == wanted and period_key(s.get("period", "")) == period
    ]


def twin_numbers(summaries: list[dict[str, Any]]) -> dict[str, int]:
    """For each listed report that shares its SWG and period with others: its number among them
    (1, 2, …) in the list's order, so that the reports can be told apart."""
    keys = [(_swg_of(s), period_key(str(s.get("period", "")))) for s in summaries]
    counts = Counter(keys)
    seen: Counter = Counter()
    numbers = {}
    for summary, key in zip(summaries, keys, strict=True):
        if counts[key] > 1:
            seen[key] += 1
            numbers[summary["id"]] = seen[key]
    return numbers


def new_report(template: Template, swg: str, period: str, swg_key: str | None = None) -> Report:
    """An empty report on `template`, with the template's fixed rows and default partners; it
    belongs to the SWG `swg_key`, else to the SWG its name `swg` stands for (swgtui.swgs).
    A template row keeps the template's English title as a record (see `shown_title`)."""
    swg = within(clean_line(swg), NAME_MAX, N_("the SWG name"))
    if not swg:
        raise ReportError(_("the SWG name is empty"))
    period = check_period(period)
    report: Report = {
        "id": new_report_id(),
        "template": template.id,
        "swg": "",
        "period": period,
        "created": now_iso(),
        "updated": now_iso(),
        "counters": {},
        "header": {
            "fields": {f.id: "" for f in template.header_fields},
            "contacts": {c.id: [] for c in template.contact_lists},
        },
        "sections": [],
    }
    if template.header_field("swg_name"):
        report["header"]["fields"]["swg_name"] = swg
    set_swg(report, swgs.swg_key(swg) if swg_key is None else swg_key)
    for section in template.sections:
        rows = []
        for spec in section.rows:
            row = _empty_row(template.row_kinds[spec.kind], spec.id, spec.title)
            for name in spec.items:
                row["items"].append({"id": new_id(), "name": name, "text": ""})
            rows.append(row)
        report["sections"].append({"id": section.id, "no_update": False, "rows": rows})
    return report


def _empty_row(kind: RowKind, row_id: str, title: str, tag: str = "") -> Row:
    return {
        "id": row_id,
        "kind": kind.id,
        "title": title,
        "tag": tag,
        "no_update": False,
        "fields": {f.id: "" for f in kind.fields},
        "items": [],
    }


# --- finding things -------------------------------------------------------------------------


def rows(report: Report) -> list[Row]:
    """Every row, in document order."""
    return [row for section in report["sections"] for row in section["rows"]]


def part_ids(report: Report) -> list[str]:
    """The header, then every row: the parts a user walks through."""
    return [HEADER_ID] + [row["id"] for row in rows(report)]


def find_row(report: Report, row_id: str) -> tuple[Section, Row]:
    """The section holding the row, and the row."""
    for section in report["sections"]:
        for row in section["rows"]:
            if row["id"] == row_id:
                return section, row
    known = ", ".join(part_ids(report))
    raise ReportError(
        _("report {report} has no row {row} (rows: {known})").format(report=report["id"], row=repr(row_id), known=known)
    )


def row_kind(template: Template, row: Row) -> RowKind:
    kind = template.row_kinds.get(row["kind"])
    if kind is None:
        raise ReportError(
            _("row {row} has kind {kind}, unknown to template {template}").format(
                row=repr(row["id"]), kind=repr(row["kind"]), template=template.id
            )
        )
    return kind


def section_spec_of(template: Template, section: Section) -> SectionSpec:
    spec = template.section(section["id"])
    if spec is None:
        raise ReportError(
            _("section {section} is not in template {template}").format(
                section=repr(section["id"]), template=template.id
            )
        )
    return spec


def is_fixed_row(template: Template, section: Section, row: Row) -> bool:
    """Rows the template itself defines cannot be removed, renamed or retagged (unless removable)."""
    spec = section_spec_of(template, section)
    return any(r.id == row["id"] and not r.removable for r in spec.rows)


# --- completeness ---------------------------------------------------------------------------
#
# A part is made of units (a required field, a contact list, a partner's narrative, ...); each
# unit is complete or has problems, said in the template's words. Completeness is the share of
# complete units, and the problems are why a part cannot be marked ready, approved or signed off.


def _filled(text: Any) -> bool:
    return isinstance(text, str) and bool(text.strip())


def quoted(text: str) -> str:
    """A name inside a message, in plain quotes (repr would switch quotes and escape)."""
    return f"'{text}'"


def _label(text: str) -> str:
    return text.strip().rstrip(":").strip()


def contact_problems(contact: Contact) -> list[str]:
    name = contact.get("name")
    problems = [] if _filled(name) else [_("a contact has no name")]
    email = str(contact.get("email", "")).strip()
    if not email:
        problems.append(_("{name} has no e-mail").format(name=name) if name else _("a contact has no e-mail"))
    elif not email_is_valid(email):
        problems.append(_("e-mail {email} is not valid").format(email=quoted(email)))
    return problems


def contact_is_complete(contact: Contact) -> bool:
    return not contact_problems(contact)


def contact_list_title(spec: ContactListSpec) -> str:
    """ "SWG Secretariat Focal Point – Government Officials"; a list whose heading is its label once."""
    heading = _label(spec.heading)
    return spec.label if heading == spec.label else f"{heading} – {spec.label}"


def _header_units(template: Template, report: Report) -> list[list[str]]:
    header = report["header"]
    units = []
    for spec in template.header_fields:
        if spec.required:
            units.append([] if _filled(header["fields"].get(spec.id)) else [_is_empty(_shown(template, spec.label))])
    for contact_spec in template.contact_lists:
        contacts = header["contacts"].get(contact_spec.id, [])
        if not contact_spec.required and not contacts:
            continue
        title = contact_list_title(contact_spec)
        problems = [] if contacts else [_("{list}: nobody is listed").format(list=title)]
        problems += [f"{title}: {problem}" for c in contacts for problem in contact_problems(c)]
        units.append(problems)
    return units


def _row_units(template: Template, section: Section, row: Row) -> list[list[str]]:
    if row.get("no_update") or section.get("no_update"):
        return []
    kind = row_kind(template, row)
    required = [f for f in kind.fields if f.required]
    units = [[] if _filled(row["fields"].get(f.id)) else [_is_empty(_shown(template, f.label))] for f in required]
    if not is_fixed_row(template, section, row):
        units.insert(0, [] if _filled(row["title"]) else [_("the title is empty")])
    if kind.has_items:
        label = _shown(template, kind.item_label).lower()
        for item in row["items"]:
            if not _filled(item["text"]):
                units.append([_("{label} {name} has no narrative").format(label=label, name=quoted(item["name"]))])
            else:
                units.append([])
        if not row["items"]:
            units.append(
                [_("no {label} is listed (add one, or mark the row 'no update this period')").format(label=label)]
            )
    return units


def _is_empty(label: str) -> str:
    return _("{label} is empty").format(label=_label(label))


def _share(units: list[list[str]]) -> float:
    return sum(not problems for problems in units) / len(units) if units else 1.0


def header_completeness(template: Template, report: Report) -> float:
    return _share(_header_units(template, report))


def row_completeness(template: Template, section: Section, row: Row) -> float:
    """Share of the row's required parts that hold text; a "no update" row (or section) is complete."""
    return _share(_row_units(template, section, row))


def section_completeness(template: Template, section: Section) -> float:
    if section.get("no_update"):
        return 1.0
    values = [row_completeness(template, section, row) for row in section["rows"]]
    return sum(values) / len(values) if values else 0.0


def report_completeness(template: Template, report: Report) -> float:
    """Mean over the parts (the header and every row), each counting once; a section with no
    rows counts as one empty part unless it is marked "no update this period"."""
    values = [header_completeness(template, report)]
    for section in report["sections"]:
        values.extend(row_completeness(template, section, row) for row in section["rows"])
        if not section["rows"] and not section.get("no_update"):
            values.append(0.0)
    return sum(values) / len(values)


def part_problems(template: Template, report: Report, part_id: str) -> list[str]:
    """Why a part is not complete, in the template's words; empty when it is."""
    if part_id == HEADER_ID:
        units = _header_units(template, report)
    else:
        section, row = find_row(report, part_id)
        units = _row_units(template, section, row)
    return [problem for problems in units for problem in problems]


def section_title(template: Template, section: Section) -> str:
    spec = template.section(section["id"])
    return spec.short_title if spec else str(section["id"])


def section_problems(template: Template, report: Report) -> list[str]:
    """Sections with no rows that are not marked "no update this period"."""
    return [
        _("{section} has no rows (add one, or mark the section 'no update this period')").format(
            section=quoted(section_title(template, s))
        )
        for s in report["sections"]
        if not s["rows"] and not s.get("no_update")
    ]


def template_row(template: Template, row_id: str) -> RowSpec | None:
    """The row of the template with this id (a fixed or special row), if any."""
    return next((spec for section in template.sections for spec in section.rows if spec.id == row_id), None)


def shown_title(template: Template, report: Report, row: Row, language: str | None = None) -> str:
    """A row's title as people read it, in `language` (else the interface's). The title of a row
    of the template is the template's, in that language, with {period} and {swg} filled: always
    for a row the template fixes, and for a removable one until a user renames it (a row a
    user added or renamed shows its own title). The English title a report keeps for a template
    row (older reports, and a copy made as a report is created, for older versions of swgtui
    and to match an imported document's rows) is never shown, so a language changes nothing
    stored: no fingerprint, no approval."""
    spec = template_row(template, row["id"])
    if spec is None or (spec.removable and row["title"] not in ("", spec.title)):
        return row["title"]
    words = template.words_in(spec.title, language or i18n.language())
    return fill(words, report["period"], swg_name(report))


def part_title(template: Template, report: Report, part_id: str, width: int = 60, language: str | None = None) -> str:
    """How a person knows a part: the header block's title or the row's first line (as
    `shown_title` gives it, in `language`, else the interface's), shortened."""
    if part_id == HEADER_ID:
        words = template.words_in(template.header_title, language or i18n.language())
        return fill(words, report["period"], swg_name(report))
    return shortened(shown_title(template, report, find_row(report, part_id)[1], language), width)


def row_title(row: Row, width: int = 60) -> str:
    """A row's own first line, shortened to `width` characters."""
    return shortened(row["title"], width)


def shortened(title: str, width: int = 60) -> str:
    """A title's first line, shortened to `width` characters (never inside a character as a
    reader sees it: a Lao consonant keeps its vowel and tone marks)."""
    title = title.strip().split("\n")[0].strip() or _("(untitled row)")
    return title if len(title) <= width else title[: cluster_span(title, width - 1)[0]].rstrip() + "…"


def position(report: Report, row_id: str) -> str:
    """A row's position as people type it (A.2), or "" for a part that is not a row."""
    for section in report["sections"]:
        for number, row in enumerate(section["rows"], start=1):
            if row["id"] == row_id:
                return f"{section['id']}.{number}"
    return ""


def part_name(template: Template, report: Report, part_id: str) -> str:
    """A part as messages name it: its title quoted and shortened, and a row's position:
    'Enhanced border security' (A.2)."""
    where = position(report, part_id)
    return quoted(part_title(template, report, part_id)) + (f" ({where})" if where else "")


def completeness_problems(template: Template, report: Report) -> list[str]:
    """Every reason the report is not complete, each naming its part by title."""
    found = [
        f"{quoted(part_title(template, report, part))}: {problem}"
        for part in part_ids(report)
        for problem in part_problems(template, report, part)
    ]
    return found + section_problems(template, report)


# --- changing text --------------------------------------------------------------------------


def field_ids(template: Template, report: Report, part_id: str) -> list[str]:
    """The names `set_field` accepts for a part: its fields, then its item ids."""
    if part_id == HEADER_ID:
        return [f.id for f in template.header_fields] + ["period"]
    _section, row = find_row(report, part_id)
    return [f.id for f in row_kind(template, row).fields] + [item["id"] for item in row["items"]]


def get_field(template: Template, report: Report, part_id: str, field_id: str) -> str:
    if part_id == HEADER_ID:
        _check_field(template, report, part_id, field_id)
        if field_id == "period":
            return str(report["period"])
        return str(report["header"]["fields"].get(field_id, ""))
    _section, row = find_row(report, part_id)
    for item in row["items"]:
        if item["id"] == field_id:
            return str(item["text"])
    _check_field(template, report, part_id, field_id)
    return str(row["fields"].get(field_id, ""))


def field_label(template: Template, report: Report, part_id: str, field_id: str) -> str:
    """What people call a field: its label in the template, "Title", or the partner's name."""
    if field_id == "title" and part_id != HEADER_ID:
        return _("Title")
    spec = None
    if part_id == HEADER_ID:
        spec = template.header_field(field_id)
    elif part_id in part_ids(report):
        row = find_row(report, part_id)[1]
        item = next((i for i in row["items"] if i["id"] == field_id), None)
        if item is not None:
            return item["name"] or _("(unnamed partner)")
        spec = row_kind(template, row).field(field_id)
    if spec is None:  # a comment on a field of the kind the row had before it moved section
        spec = next((f for kind in template.row_kinds.values() for f in kind.fields if f.id == field_id), None)
    return _shown(template, spec.label).rstrip(" :") if spec is not None else field_id


def _shown(template: Template, words: str) -> str:
    """Words of the template (a label) in the interface's language, for a message."""
    return template.words_in(words, i18n.language())


def _check_field(template: Template, report: Report, part_id: str, field_id: str) -> None:
    if field_id not in field_ids(template, report, part_id):
        if part_id == HEADER_ID:
            fields = [f.id for f in template.header_fields] + ["period"]
            partners = ""
        else:
            row = find_row(report, part_id)[1]
            fields = [f.id for f in row_kind(template, row).fields]
            count = len(row["items"])
            partners = _("; or a partner, {first} to {last}").format(first=f"{part_id}.1", last=f"{part_id}.{count}")
            partners = partners if count else ""
        name = part_name(template, report, part_id)
        raise ReportError(
            _("{part} has no field {field} (fields: {fields}{partners})").format(
                part=name, field=repr(field_id), fields=", ".join(fields), partners=partners
            )
        )


def checked_swg_name(text: str) -> str:
    """The SWG name as set_field takes it: one line, not empty, at most NAME_MAX characters."""
    text = within(clean_line(text), NAME_MAX, N_("the SWG name"))
    if not text:
        raise ReportError(_("the SWG name is empty; a report needs one (it names the report in lists and files)"))
    return text


def checked_title(title: str) -> str:
    """A row's title as rename_row takes it, and not empty (`swgtui rename-row` refuses that too)."""
    if not clean_line(title):
        raise ReportError(_("the title is empty"))
    return within(clean_text(title), NAME_MAX, N_("a row's title"))


def set_field(template: Template, report: Report, part_id: str, field_id: str, text: str) -> bool:
    """Set one field (or one partner narrative by its item id, or the header's period, checked
    as `check_period`); True if the text changed."""
    _check_field(template, report, part_id, field_id)
    if field_id == "period" and part_id == HEADER_ID:
        return set_period(report, text)
    text = within(clean_text(text), TEXT_MAX, N_("a field"))
    if field_id == "swg_name" and part_id == HEADER_ID:
        text = checked_swg_name(text)
    if part_id == HEADER_ID:
        target, key = report["header"]["fields"], field_id
    else:
        _section, row = find_row(report, part_id)
        item = next((i for i in row["items"] if i["id"] == field_id), None)
        target, key = (cast("dict[str, str]", item), "text") if item is not None else (row["fields"], field_id)
    if target.get(key, "") == text:
        return False
    target[key] = text
    return True


# --- contacts -------------------------------------------------------------------------------


_CONTACT_WHAT = {
    "organisation": N_("a contact's organisation"),
    "name": N_("a contact's name"),
    "email": N_("a contact's email"),
}


def email_is_valid(email: str) -> bool:
    return bool(_EMAIL.match(email.strip()))


def _contacts(template: Template, report: Report, list_id: str) -> list[Contact]:
    if template.contact_list(list_id) is None:
        known = ", ".join(c.id for c in template.contact_lists)
        raise ReportError(_("no contact list {list} (lists: {known})").format(list=repr(list_id), known=known))
    return report["header"]["contacts"].setdefault(list_id, [])


def _contact(template: Template, report: Report, list_id: str, contact_id: str) -> Contact:
    contact = next((c for c in _contacts(template, report, list_id) if c["id"] == contact_id), None)
    if contact is None:
        raise ReportError(
            _("contact list {list} has no contact {contact}").format(list=repr(list_id), contact=repr(contact_id))
        )
    return contact


def add_contact(template: Template, report: Report, list_id: str, **values: str) -> Contact:
    """Append a contact (organisation, name, email) with a new id, and return it."""
    contacts = _contacts(template, report, list_id)
    contact: Contact = {
        "id": new_id(),
        "organisation": within(clean_line(values.get("organisation", "")), NAME_MAX, _CONTACT_WHAT["organisation"]),
        "name": within(clean_line(values.get("name", "")), NAME_MAX, _CONTACT_WHAT["name"]),
        "email": within(clean_line(values.get("email", "")), NAME_MAX, _CONTACT_WHAT["email"]),
    }
    contacts.append(contact)
    return contact


def update_contact(template: Template, report: Report, list_id: str, contact_id: str, key: str, value: str) -> bool:
    """Change one of a contact's organisation, name or email (the contact by its id); True if
    it changed."""
    if key not in CONTACT_KEYS:
        raise ReportError(_("a contact has no {key} (only {keys})").format(key=repr(key), keys=", ".join(CONTACT_KEYS)))
    contact = cast("dict[str, str]", _contact(template, report, list_id, contact_id))
    value = within(clean_line(value), NAME_MAX, _CONTACT_WHAT[key])
    if contact[key] == value:
        return False
    contact[key] = value
    return True


def remove_contact(template: Template, report: Report, list_id: str, contact_id: str) -> Contact:
    """Take a contact (by its id) out of its list, and return it."""
    contact = _contact(template, report, list_id, contact_id)
    _contacts(template, report, list_id).remove(contact)
    return contact


# --- rows -----------------------------------------------------------------------------------


def _editable_section(template: Template, report: Report, section_id: str) -> Section:
    section = next((s for s in report["sections"] if s["id"] == section_id), None)
    if section is None:
        raise ReportError(
            _("report {report} has no section {section}").format(report=report["id"], section=repr(section_id))
        )
    if not section_spec_of(template, section).rows_editable:
        raise ReportError(_("the rows of section {section} are fixed by the template").format(section=section_id))
    return section


def add_row(
    template: Template, report: Report, section_id: str, title: str, tag: str = "", after: str | None = None
) -> Row:
    """Add a row to a section whose rows the SWG decides; after row `after` or at the end, but
    never after the rows of development partners that end a section (it goes before them)."""
    section = _editable_section(template, report, section_id)
    kind = template.row_kinds[section_spec_of(template, section).new_row_kind or ""]
    if tag and tag not in kind.tags:
        raise _unknown_tag(tag, kind)
    title = within(clean_text(title).strip(), NAME_MAX, N_("a row's title"))
    row = _empty_row(kind, new_id(), title, tag)
    position = len(section["rows"])
    if after is not None:
        position = next((i + 1 for i, r in enumerate(section["rows"]) if r["id"] == after), position)
    end = len(section["rows"])
    while end and row_kind(template, section["rows"][end - 1]).has_items:
        end -= 1
    section["rows"].insert(min(position, end), row)
    return row


def _unknown_tag(tag: str, kind: RowKind) -> ReportError:
    return ReportError(
        _("unknown tag {tag} (tags: {tags})").format(tag=repr(tag), tags=", ".join(kind.tags) or _("none"))
    )


def _changeable_row(template: Template, report: Report, row_id: str, refusal: str) -> tuple[Section, Row]:
    """The row and its section, unless the template fixes the row: then `refusal` (a message
    marked `N_`, naming the row as {part})."""
    section, row = find_row(report, row_id)
    if is_fixed_row(template, section, row):
        raise ReportError(_(refusal).format(part=part_name(template, report, row_id)))
    return section, row


def remove_row(template: Template, report: Report, row_id: str) -> None:
    section, row = _changeable_row(template, report, row_id, N_("{part} is part of the template and cannot be removed"))
    section["rows"].remove(row)


def rename_row(template: Template, report: Report, row_id: str, title: str) -> bool:
    """Change a row's title (as typed: it may span lines); True if it changed."""
    _section, row = _changeable_row(
        template, report, row_id, N_("{part} is part of the template and cannot be renamed")
    )
    title = within(clean_text(title), NAME_MAX, N_("a row's title"))
    if row["title"] == title:
        return False
    row["title"] = title
    return True


def retag_row(template: Template, report: Report, row_id: str, tag: str) -> None:
    _section, row = _changeable_row(
        template, report, row_id, N_("{part} is part of the template and cannot be retagged")
    )
    kind = row_kind(template, row)
    if tag and tag not in kind.tags:
        raise _unknown_tag(tag, kind)
    row["tag"] = tag


def move_row(template: Template, report: Report, row_id: str, offset: int) -> bool:
    """Move a row up (offset < 0) or down; past the end of its section, an added row goes on to
    the neighbouring section if that one takes added rows (to its top going down, to its end
    going up). False when it cannot go further."""
    section, row = find_row(report, row_id)
    if not section_spec_of(template, section).rows_editable:
        raise ReportError(_("the rows of section {section} are fixed by the template").format(section=section["id"]))
    position = section["rows"].index(row)
    target = position + offset
    if 0 <= target < len(section["rows"]):
        section["rows"].insert(target, section["rows"].pop(position))
        return True
    index = report["sections"].index(section) + (1 if offset > 0 else -1)
    if not 0 <= index < len(report["sections"]) or is_fixed_row(template, section, row):
        return False
    neighbour = report["sections"][index]
    if not section_spec_of(template, neighbour).rows_editable:
        return False
    move_row_to_section(template, report, row_id, neighbour["id"], at=0 if offset > 0 else None)
    return True


def move_row_to_section(template: Template, report: Report, row_id: str, section_id: str, at: int | None = None) -> Row:
    """Move an added row into another section that takes added rows (at position `at`, else at
    its end). The row becomes that section's kind of row: texts of fields with the same name
    stay, the text of any other field goes, under its label, to the top of the first field, and
    a tag the new kind does not know is dropped. Nothing typed is lost."""
    source, row = _changeable_row(
        template, report, row_id, N_("{part} is part of the template and cannot be moved to another section")
    )
    target = _editable_section(template, report, section_id)
    if target is source:
        return row
    old = row_kind(template, row)
    new = template.row_kinds[section_spec_of(template, target).new_row_kind or ""]
    if new.id != old.id:
        orphans = [
            f"{f.label.rstrip(':')}:\n{row['fields'][f.id]}"
            for f in old.fields
            if f.id not in {n.id for n in new.fields} and _filled(row["fields"].get(f.id))
        ]
        fields = {f.id: row["fields"].get(f.id, "") for f in new.fields}
        if orphans and new.fields:
            first = new.fields[0].id
            fields[first] = "\n\n".join(orphans + ([fields[first]] if _filled(fields[first]) else []))
        row["kind"], row["fields"] = new.id, fields
        row["tag"] = row["tag"] if row["tag"] in new.tags else ""
    source["rows"].remove(row)
    target["rows"].insert(len(target["rows"]) if at is None else at, row)
    return row


def dropped_tag(template: Template, report: Report, row_id: str, old_tag: str) -> str:
    """What a move did to the row's tag `old_tag` (its tag before), in words; '' if it kept it."""
    section, row = find_row(report, row_id)
    if not old_tag or row["tag"] == old_tag:
        return ""
    tags = row_kind(template, row).tags
    if not tags:
        return _("its tag {tag} was dropped: section {section} has no tags").format(
            tag=repr(old_tag), section=section["id"]
        )
    return _("its tag {tag} was dropped: section {section} has no tag {tag}").format(
        tag=repr(old_tag), section=section["id"]
    )


def set_no_update(report: Report, row_id: str, no_update: bool) -> None:
    _section, row = find_row(report, row_id)
    row["no_update"] = bool(no_update)


def find_section(report: Report, section_id: str) -> Section:
    section = next((s for s in report["sections"] if s["id"] == section_id), None)
    if section is None:
        known = ", ".join(s["id"] for s in report["sections"])
        raise ReportError(
            _("report {report} has no section {section} (sections: {known})").format(
                report=report["id"], section=repr(section_id), known=known
            )
        )
    return section


def set_section_no_update(report: Report, section_id: str, flag: bool) -> bool:
    """Mark a whole section "no update this period" (or unmark it); True if that changed.
    A marked section counts as complete, rows and all."""
    section = find_section(report, section_id)
    if bool(section.get("no_update")) == bool(flag):
        return False
    section["no_update"] = bool(flag)
    return True


# --- items (one narrative per development partner) -------------------------------------------


def _item_row(template: Template, report: Report, row_id: str) -> Row:
    _section, row = find_row(report, row_id)
    if not row_kind(template, row).has_items:
        raise ReportError(_("{part} holds no named narratives").format(part=part_name(template, report, row_id)))
    return row


def _item(row: Row, item_id: str) -> Partner:
    item = next((i for i in row["items"] if i["id"] == item_id), None)
    if item is None:
        raise ReportError(_("{row} has no partner {partner}").format(row=quoted(row_title(row)), partner=repr(item_id)))
    return item


def add_item(template: Template, report: Report, row_id: str, name: str) -> Partner:
    row = _item_row(template, report, row_id)
    name = within(clean_line(name), NAME_MAX, N_("a name"))
    if not name:
        raise ReportError(_("the name is empty"))
    item: Partner = {"id": new_id(), "name": name, "text": ""}
    row["items"].append(item)
    return item


def rename_item(template: Template, report: Report, row_id: str, item_id: str, name: str) -> bool:
    """Rename a partner (or other named narrative); True if the name changed."""
    name = within(clean_line(name), NAME_MAX, N_("a name"))
    if not name:
        raise ReportError(_("the name is empty"))
    item = _item(_item_row(template, report, row_id), item_id)
    if item["name"] == name:
        return False
    item["name"] = name
    return True


def remove_item(template: Template, report: Report, row_id: str, item_id: str) -> None:
    row = _item_row(template, report, row_id)
    row["items"].remove(_item(row, item_id))


def move_item(template: Template, report: Report, row_id: str, item_id: str, offset: int) -> bool:
    row = _item_row(template, report, row_id)
    position = row["items"].index(_item(row, item_id))
    target = position + offset
    if not 0 <= target < len(row["items"]):
        return False
    row["items"].insert(target, row["items"].pop(position))
    return True
