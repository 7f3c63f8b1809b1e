"""The editor's actions on the command line: rows, contacts, partners, and deleting a report.

Each goes through the report's session (swgtui.session), as the app's changes do, so the same
checks and refusals apply, and prints one line naming things by their titles (or JSON with --json).
Rows, partners and contacts are given as swgtui.model.refs takes them: their id from
`swgtui show`, the start of it, or a position (`A.2` is the second row of section A,
`partners.3` the third partner, `focal_government.1` the first contact of that list).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from swgtui.cli.base import db_option, editing, fail, in_english, main, print_json, workspace
from swgtui.i18n import _
from swgtui.identity import load_identity
from swgtui.model import refs
from swgtui.model import report as rp
from swgtui.model.template import Template
from swgtui.model.types import Contact, Partner, Section
from swgtui.outline import row_outline
from swgtui.session import ReportSession
from swgtui.text import clean_line

TITLE_LENGTH = 60  # characters of a row's title in a message

json_option = click.option("--json", "as_json", is_flag=True, help=_("Print JSON."))
report_argument = click.argument("report_id", metavar="REPORT")


def _required(text: str, empty: str) -> None:
    """Refuse an empty `text` with the message `empty`."""
    if not clean_line(text):
        raise fail(empty)


@contextmanager
def _editing(ctx: click.Context, db: Path | None, report_id: str) -> Iterator[ReportSession]:
    """The report to change (as `swgtui whoami`), saved unless the change was refused."""
    with editing(ctx, db, report_id, load_identity()) as session:
        yield session


def _done(as_json: bool, say: Callable[[], str], **data: Any) -> None:
    """Print what was done: `say()` makes the message (in English in the JSON)."""
    if as_json:
        with in_english():
            message = say()
        print_json({**data, "message": message})
    else:
        click.echo(say())


def _title(row: rp.Row) -> str:
    """A row's title as messages quote it: its first line, shortened."""
    title = row["title"].split("\n")[0].strip() or _("(untitled row)")
    if len(title) > TITLE_LENGTH:
        short = title[: TITLE_LENGTH - 1]
        title = (short.rsplit(" ", 1)[0] if " " in short else short).rstrip() + "…"  # at a word's end
    return rp.quoted(title)


def _same(name: str, wanted: str) -> bool:
    return name.casefold() == wanted.strip().casefold()


def _section(report: rp.Report, wanted: str) -> Section:
    """A section by its id or letter (A, B, C), in either case."""
    section = refs.section_of(report, wanted)
    if section is None:
        known = ", ".join(s["id"] for s in report["sections"])
        raise fail(_("the report has no section {name!r} (sections: {known})").format(name=wanted, known=known))
    return section


def _row(report: rp.Report, wanted: str) -> tuple[Section, rp.Row]:
    """A row by its id, the start of it, or its position in a section (A.2)."""
    return refs.find_row(report, wanted)


def _row_data(template: Template, report: rp.Report, row_id: str) -> dict[str, Any]:
    section, row = rp.find_row(report, row_id)
    where = {"report": report["id"], "section": section["id"], "position": section["rows"].index(row) + 1}
    return where | row_outline(template, section, row)


def _tag(template: Template, row_kind_id: str, wanted: str) -> str:
    """The template's spelling of a tag typed in any case ("" clears it); unknown ones are left
    for swgtui.model.report to refuse with the list of tags."""
    kind = template.row_kinds.get(row_kind_id)
    tags = kind.tags if kind else ()
    return next((tag for tag in tags if _same(tag, wanted)), wanted.strip())


# --- rows ------------------------------------------------------------------------------------


@main.command("add-row", help=_("Add a row to a section (A or B) and print its id."))
@db_option
@report_argument
@click.argument("section_id", metavar="SECTION")
@click.argument("title")
@click.option("--tag", default="", help=_("The row's tag, e.g. 'Call For Action'."))
@click.option("--after", "after", metavar="ROW", default=None, help=_("Put it after this row (default: at the end)."))
@json_option
@click.pass_context
def add_row(
    ctx: click.Context,
    db: Path | None,
    report_id: str,
    section_id: str,
    title: str,
    tag: str,
    after: str | None,
    as_json: bool,
) -> None:
    _required(title, _("the title is empty"))
    with _editing(ctx, db, report_id) as session:
        template, report = session.template, session.report
        section = _section(report, section_id)
        if after is not None:
            after_section, after_row = _row(report, after)
            if after_section is not section:
                said = _("row {row} is in section {section}, not {wanted}")
                raise fail(said.format(row=_title(after_row), section=after_section["id"], wanted=section["id"]))
            after = after_row["id"]
        spec = rp.section_spec_of(template, section)
        row = session.add_row(section["id"], title, _tag(template, spec.new_row_kind or "", tag), after)

    def message() -> str:
        said = _("added row {row} to section {section} (id {id})")
        return said.format(row=_title(row), section=section["id"], id=row["id"])

    _done(as_json, message, **_row_data(template, report, row["id"]))


@main.command(
    "remove-row", help=_("Remove a row the SWG added, with its text (rows of the template cannot be removed).")
)
@db_option
@report_argument
@click.argument("row_ref", metavar="ROW")
@json_option
@click.pass_context
def remove_row(ctx: click.Context, db: Path | None, report_id: str, row_ref: str, as_json: bool) -> None:
    with _editing(ctx, db, report_id) as session:
        report = session.report
        section, row = _row(report, row_ref)
        session.remove_row(row["id"])

    def message() -> str:
        return _("removed row {row} from section {section}").format(row=_title(row), section=section["id"])

    _done(as_json, message, report=report["id"], section=section["id"], removed=row["id"])


@main.command("move-row", help=_("Move a row up or down in its section, or into another section with --to."))
@db_option
@report_argument
@click.argument("row_ref", metavar="ROW")
@click.argument("direction", type=click.Choice(["up", "down"]), required=False)
@click.option("--to", "to_section", metavar="SECTION", default=None, help=_("Move it into this section."))
@json_option
@click.pass_context
def move_row(
    ctx: click.Context,
    db: Path | None,
    report_id: str,
    row_ref: str,
    direction: str | None,
    to_section: str | None,
    as_json: bool,
) -> None:
    if (direction is None) == (to_section is None):
        raise fail(_("say where: up, down or --to SECTION"))
    with _editing(ctx, db, report_id) as session:
        template, report = session.template, session.report
        section, row = _row(report, row_ref)
        tag = row["tag"]
        if to_section is not None:
            target = _section(report, to_section)
            if target is section:
                raise fail(
                    _("row {row} is already in section {section}").format(row=_title(row), section=section["id"])
                )
            later = report["sections"].index(target) > report["sections"].index(section)
            # next to where it was: first in a later section, last in an earlier one
            session.move_row_to_section(row["id"], target["id"], 0 if later else None)
        elif not session.move_row(row["id"], -1 if direction == "up" else 1):
            if direction == "up":
                said = _("row {row} is already the first row of section {section}")
            else:
                said = _("row {row} is already the last row of section {section}")
            raise fail(said.format(row=_title(row), section=section["id"]))
    data = _row_data(template, report, row["id"])

    def message() -> str:
        said = _("moved row {row} to position {position} of section {section}")
        said = said.format(row=_title(row), position=data["position"], section=data["section"])
        dropped = rp.dropped_tag(template, report, row["id"], tag)
        return f"{said}; {dropped}" if dropped else said

    _done(as_json, message, **data)


@main.command("rename-row", help=_("Change the title of a row the SWG added."))
@db_option
@report_argument
@click.argument("row_ref", metavar="ROW")
@click.argument("title")
@json_option
@click.pass_context
def rename_row(ctx: click.Context, db: Path | None, report_id: str, row_ref: str, title: str, as_json: bool) -> None:
    _required(title, _("the title is empty"))
    with _editing(ctx, db, report_id) as session:
        template, report = session.template, session.report
        _unused, row = _row(report, row_ref)
        old = _title(row)
        session.rename_row(row["id"], title)
    _done(
        as_json,
        lambda: _("renamed row {old} to {new}").format(old=old, new=_title(row)),
        **_row_data(template, report, row["id"]),
    )


@main.command("tag", help=_("Set a row's tag (any case, e.g. 'call for action'), or clear it with \"\"."))
@db_option
@report_argument
@click.argument("row_ref", metavar="ROW")
@click.argument("tag")
@json_option
@click.pass_context
def tag_row(ctx: click.Context, db: Path | None, report_id: str, row_ref: str, tag: str, as_json: bool) -> None:
    with _editing(ctx, db, report_id) as session:
        template, report = session.template, session.report
        _unused, row = _row(report, row_ref)
        session.retag_row(row["id"], _tag(template, row["kind"], tag))

    def message() -> str:
        if row["tag"]:
            return _("tagged row {row} {tag!r}").format(row=_title(row), tag=row["tag"])
        return _("cleared the tag of row {row}").format(row=_title(row))

    _done(as_json, message, **_row_data(template, report, row["id"]))


@main.command(
    "no-update", help=_('Mark a row, or a whole section (A, B, C), "no update this period" (--off takes it off).')
)
@db_option
@report_argument
@click.argument("row_ref", metavar="ROW_OR_SECTION")
@click.option("--off", is_flag=True, help=_("Take the mark off again."))
@json_option
@click.pass_context
def no_update(ctx: click.Context, db: Path | None, report_id: str, row_ref: str, off: bool, as_json: bool) -> None:
    with _editing(ctx, db, report_id) as session:
        template, report = session.template, session.report
        section = next((s for s in report["sections"] if _same(s["id"], row_ref)), None)
        if section is None:
            _unused, row = _row(report, row_ref)
            session.set_no_update(row["id"], not off)
        else:
            session.set_section_no_update(section["id"], not off)
    if section is not None:
        title = rp.quoted(rp.section_title(template, section))

        def section_said() -> str:
            if off:
                return _("section {section} is no longer marked 'no update this period'").format(section=title)
            return _("section {section} is marked 'no update this period'").format(section=title)

        _done(as_json, section_said, section=section["id"], no_update=not off)
        return

    def row_said() -> str:
        if off:
            return _("row {row} is no longer marked 'no update this period'").format(row=_title(row))
        return _("row {row} is marked 'no update this period'").format(row=_title(row))

    _done(as_json, row_said, **_row_data(template, report, row["id"]))


# --- contacts of the header block ------------------------------------------------------------


def _contact_list(template: Template, wanted: str) -> tuple[str, str]:
    """A contact list's id and label, by its id or its label, in either case."""
    spec = template.contact_list(refs.contact_list_of(template, wanted) or "")
    if spec is None:
        known = ", ".join(c.id for c in template.contact_lists)
        raise fail(_("the template has no contact list {name!r} (lists: {known})").format(name=wanted, known=known))
    return spec.id, spec.label


def _who(contact: Contact) -> str:
    name, organisation = contact.get("name", ""), contact.get("organisation", "")
    return f"{name} ({organisation})" if name and organisation else name or organisation or _("the contact")


@main.command(
    "add-contact", help=_("Add a contact to one of the header block's lists (ids in `swgtui show`) and print its id.")
)
@db_option
@report_argument
@click.argument("list_ref", metavar="LIST")
@click.option("--org", "organisation", default="", help=_("The contact's organisation."))
@click.option("--name", required=True, help=_("The contact's name."))
@click.option("--email", default="", help=_("The contact's e-mail (checked)."))
@json_option
@click.pass_context
def add_contact(
    ctx: click.Context,
    db: Path | None,
    report_id: str,
    list_ref: str,
    organisation: str,
    name: str,
    email: str,
    as_json: bool,
) -> None:
    _required(name, _("the name is empty"))
    if email.strip() and not rp.email_is_valid(email):
        said = _("{email!r} is not a valid e-mail address (like name@ministry.gov.la)")
        raise fail(said.format(email=email.strip()))
    with _editing(ctx, db, report_id) as session:
        template, report = session.template, session.report
        list_id, label = _contact_list(template, list_ref)
        contact = session.add_contact(list_id, organisation=organisation, name=name, email=email)
        number = report["header"]["contacts"][list_id].index(contact) + 1

    def message() -> str:
        said = _("added {contact} to {list} (number {number}, id {id})")
        return said.format(contact=_who(contact), list=label, number=number, id=contact["id"])

    _done(as_json, message, report=report["id"], list=list_id, number=number, contact=contact)


@main.command(
    "remove-contact",
    help=_(
        "Remove a contact: by its id, the start of it or its position (focal_government.2), or as "
        "LIST N, the N-th contact (from 1) of one of the header block's lists."
    ),
)
@db_option
@report_argument
@click.argument("contact_ref", metavar="CONTACT_OR_LIST")
@click.argument("number", metavar="[N]", type=click.IntRange(min=1), required=False)
@json_option
@click.pass_context
def remove_contact(
    ctx: click.Context, db: Path | None, report_id: str, contact_ref: str, number: int | None, as_json: bool
) -> None:
    with _editing(ctx, db, report_id) as session:
        template, report = session.template, session.report
        if number is not None:
            contact_ref = f"{_contact_list(template, contact_ref)[0]}.{number}"
        list_id, contact = refs.find_contact(template, report, contact_ref)
        session.remove_contact(list_id, contact["id"])
    label = _contact_list(template, list_id)[1]
    _done(
        as_json,
        lambda: _("removed {contact} from {list}").format(contact=_who(contact), list=label),
        report=report["id"],
        list=list_id,
        removed=contact,
    )


# --- development partners --------------------------------------------------------------------


def _partner_row(template: Template, report: rp.Report) -> rp.Row:
    """The row holding one narrative per development partner."""
    row = next((r for r in rp.rows(report) if rp.row_kind(template, r).has_items), None)
    if row is None:
        raise fail(_("this report has no row of development partners"))
    return row


def _partner(template: Template, report: rp.Report, wanted: str) -> tuple[rp.Row, Partner]:
    """A partner by its id, the start of it, or its position in its row (partners.3)."""
    return refs.find_partner(template, report, wanted)


@main.command("add-partner", help=_("Add a development partner (with an empty narrative) and print its id."))
@db_option
@report_argument
@click.argument("name")
@json_option
@click.pass_context
def add_partner(ctx: click.Context, db: Path | None, report_id: str, name: str, as_json: bool) -> None:
    with _editing(ctx, db, report_id) as session:
        template, report = session.template, session.report
        row = _partner_row(template, report)
        item = session.add_partner(row["id"], name)

    def message() -> str:
        return _("added partner {name!r} to {row} (id {id})").format(name=item["name"], row=_title(row), id=item["id"])

    _done(as_json, message, report=report["id"], row=row["id"], partner=item)


@main.command("rename-partner", help=_("Rename a development partner (its narrative stays)."))
@db_option
@report_argument
@click.argument("partner_ref", metavar="PARTNER")
@click.argument("name")
@json_option
@click.pass_context
def rename_partner(
    ctx: click.Context, db: Path | None, report_id: str, partner_ref: str, name: str, as_json: bool
) -> None:
    with _editing(ctx, db, report_id) as session:
        template, report = session.template, session.report
        row, item = _partner(template, report, partner_ref)
        old = item["name"]
        session.rename_partner(row["id"], item["id"], name)
    _done(
        as_json,
        lambda: _("renamed partner {old!r} to {new!r}").format(old=old, new=item["name"]),
        report=report["id"],
        row=row["id"],
        partner=item,
    )


@main.command("remove-partner", help=_("Remove a development partner and its narrative."))
@db_option
@report_argument
@click.argument("partner_ref", metavar="PARTNER")
@json_option
@click.pass_context
def remove_partner(ctx: click.Context, db: Path | None, report_id: str, partner_ref: str, as_json: bool) -> None:
    with _editing(ctx, db, report_id) as session:
        template, report = session.template, session.report
        row, item = _partner(template, report, partner_ref)
        session.remove_partner(row["id"], item["id"])

    def message() -> str:
        return _("removed partner {name!r} and its narrative").format(name=item["name"])

    _done(as_json, message, report=report["id"], row=row["id"], removed=item)


# --- the whole report ------------------------------------------------------------------------


def _confirm(question: str) -> bool:
    try:
        return click.confirm(question, err=True)
    except (click.Abort, UnicodeDecodeError):  # no answer: input closed, ctrl+c, or bytes that are not text
        click.echo(err=True)
        return False


@main.command("delete", help=_("Delete a report and its field history (asks first unless --yes)."))
@db_option
@report_argument
@click.option("--yes", is_flag=True, help=_("Do not ask first (for scripts)."))
@json_option
@click.pass_context
def delete(ctx: click.Context, db: Path | None, report_id: str, yes: bool, as_json: bool) -> None:
    with workspace(ctx, db) as reports:  # named by its line in the list: a damaged report can be deleted too
        report_id = reports.report_id(report_id)
        summary = next((s for s in reports.list_reports() if s["id"] == report_id), None)
        if summary is None:
            reports.get(report_id)  # says which reports there are
    assert summary is not None  # reports.get has refused an unknown id
    name = f"{summary['swg']} {summary['period']}"
    if not yes and not _confirm(
        _("Delete the report {name!r} ({id}) and its history?").format(name=name, id=report_id)
    ):
        raise fail(_("not deleted (give --yes to delete without being asked)"))
    with workspace(ctx, db, writable=True) as reports:
        reports.delete(report_id)
    _done(
        as_json,
        lambda: _("deleted the report {name!r} ({id}) and its history").format(name=name, id=report_id),
        report=report_id,
        deleted=True,
    )
