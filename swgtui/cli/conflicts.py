"""`swgtui conflicts`: the fields two copies of a report changed differently, and settling one."""

from __future__ import annotations

from pathlib import Path

import click

from swgtui.cli.base import db_option, editing, fail, in_english, main, print_json, workspace
from swgtui.i18n import _
from swgtui.identity import load_identity
from swgtui.model import conflicts, merge_keys, review
from swgtui.model import report as rp
from swgtui.model.conflicts import ConflictListing
from swgtui.model.template import Template
from swgtui.model.types import Report
from swgtui.session import ReportSession

PREFIX_MIN = 4  # characters of a revision's id that --take needs, as everywhere ids are shortened


@main.command(
    "conflicts",
    help=_(
        "List the fields in conflict: each version (who, when) and its differences from the text "
        "they started from. Settle one with --take, or by setting the field again ('swgtui set')."
    ),
)
@db_option
@click.argument("report_id", metavar="REPORT")
@click.option("--json", "as_json", is_flag=True, help=_("Print JSON."))
@click.option(
    "--take", "take", metavar="REVISION", help=_("Settle a field by taking this version (its id, or its start).")
)
@click.pass_context
def conflicts_command(ctx: click.Context, db: Path | None, report_id: str, as_json: bool, take: str | None) -> None:
    if take is not None:
        with editing(ctx, db, report_id, load_identity()) as session:
            found = session.conflicts()
            conflict, head = _chosen(found, take, session)
            session.take_head(conflict["part"], conflict["field"], head["revision"])
            where = conflicts.part_name(session.template, session.report, conflict["part"])
        said = _("{place}: {field} is settled with {name}'s version")
        click.echo(said.format(place=where, field=conflict.get("label", conflict["field"]), name=_who(head)))
        return
    with workspace(ctx, db) as reports:
        session = reports.open(report_id, load_identity(), read_only=True)
        with in_english(as_json):
            found = session.conflicts()
    if as_json:
        print_json([{key: value for key, value in entry.items() if key != "label"} for entry in found])
        return
    if not found:
        click.echo(_("no conflicts"))
        return
    report = session.report
    order = [*rp.part_ids(report), *(section["id"] for section in report["sections"])]  # as the report reads
    for entry in sorted(found, key=lambda e: order.index(e["part"]) if e["part"] in order else len(order)):
        _show(session.template, report, entry)
    click.echo(_("To take a version: swgtui conflicts {id} --take REVISION").format(id=report["id"]))


def _chosen(
    found: list[ConflictListing], wanted: str, session: ReportSession
) -> tuple[ConflictListing, conflicts.ConflictHead]:
    """The field in conflict and its version whose revision id is (or starts with) `wanted`;
    a version of a field that is not in conflict is named as such."""
    start = wanted.strip().casefold()
    hits = [(c, h) for c in found for h in c["heads"] if h["revision"].casefold() == start]
    if not hits and len(start) >= PREFIX_MIN:
        hits = [(c, h) for c in found for h in c["heads"] if h["revision"].casefold().startswith(start)]
    if not hits and any(h["revision"].casefold().startswith(start) for c in found for h in c["heads"]):
        raise fail(
            _("{name!r} is too short to name a version: give at least {count} characters of its id").format(
                name=wanted.strip(), count=PREFIX_MIN
            )
        )
    if not hits:
        history = session.store.full_history(session.report_id)
        named = next((r for r in history if r["id"].casefold() == start), None)
        if named is not None and not any(c["part"] == named["part"] and c["field"] == named["field"] for c in found):
            where = conflicts.part_name(session.template, session.report, named["part"])
            where += ": " + conflicts.field_name(session.template, session.report, named["part"], named["field"])
            raise fail(_("{place} is not (or no longer) in conflict: there is no version to take").format(place=where))
        if not found:
            said = _("no field of this report is in conflict (any more): {name!r} cannot be taken")
            raise fail(said.format(name=wanted.strip()))
        versions = ", ".join(h["revision"] for c in found for h in c["heads"])
        raise fail(
            _("no version in conflict is {name!r} (versions: {known})").format(name=wanted.strip(), known=versions)
        )
    if len(hits) > 1:
        raise fail(
            _("{name!r} starts {count} versions' ids; give more of it").format(name=wanted.strip(), count=len(hits))
        )
    return hits[0]


def _who(head: conflicts.ConflictHead) -> str:
    by = head["by"]
    return by["name"] if by and by.get("name") else _("an unknown person")


def _settle_hint(report: Report, part: str, field: str) -> str:
    """The command that sets the field or value again (settling it), if there is one."""
    where = rp.position(report, part) or part
    if field == merge_keys.TAG:
        return f"swgtui tag {report['id']} {where} TAG"
    if field == merge_keys.NO_UPDATE:
        return f"swgtui no-update {report['id']} {where} [--off]"
    if field == merge_keys.PERIOD:
        return f"swgtui set {report['id']} header period PERIOD"
    if field == "title":
        return f"swgtui rename-row {report['id']} {where} TITLE"
    if "." in field:
        thing = field.split(".", 1)[0]
        return f"swgtui rename-partner {report['id']} {thing} NAME" if part != rp.HEADER_ID else _("the app")
    return f"swgtui set {report['id']} {where} {field} TEXT"


def _show(template: Template, report: Report, entry: ConflictListing) -> None:
    part, field = entry["part"], entry["field"]
    named = f"{conflicts.part_name(template, report, part)}: {entry.get('label', field)}"
    click.echo(f"{named} — " + _("{count} versions in conflict").format(count=len(entry["heads"])))
    click.echo("  " + _("the text they started from:"))
    for line in entry["base"].splitlines() or [_("(empty)")]:
        click.echo(f"    {line}")
    for number, head in enumerate(entry["heads"], start=1):
        by = head["by"]
        who = review.describe(by) if by and by.get("role") else _who(head)  # type: ignore[arg-type]
        mine = " " + _("(yours)") if head["mine"] else ""
        said = _("version {number}, revision {revision}: {person}, {time}")
        said = said.format(number=number, revision=head["revision"], person=who, time=review.local_time(head["at"]))
        click.echo(f"  {said}{mine}")
        changes = conflicts.differences(entry["base"], head["text"])
        if not changes:
            click.echo("    " + _("(the same as the text they started from)"))
        else:
            click.echo("    --- " + _("the text they started from"))
            click.echo("    +++ " + _("version {number}").format(number=number))
        for line in changes:
            click.echo(f"    {line}")
    click.echo("  " + _("To write your own: {command}").format(command=_settle_hint(report, part, field)) + "\n")
