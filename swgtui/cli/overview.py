"""The coordinator's commands: where every SWG stands for a period, and which SWG a report is of."""

from __future__ import annotations

from pathlib import Path

import click

from swgtui import swgs
from swgtui.cli.base import db_option, fail, in_english, main, noting_broken, print_json, workspace, writable_if_free
from swgtui.i18n import _, ngettext
from swgtui.identity import load_identity
from swgtui.model import report as rp
from swgtui.model import review
from swgtui.model.standing import STATUS_LABELS
from swgtui.overview import SwgLine, period_overview

OUTSIDE = "none"  # what `set-swg` takes for an SWG outside the list


def swg_key_given(text: str) -> str:
    """The SWG key a command was given: a key of the list, a name, Lao name or alias of one of
    its SWGs, or "none" for an SWG outside the list ("")."""
    if text.strip().casefold() == OUTSIDE:
        return ""
    key = text.strip() if swgs.is_key(text.strip()) else swgs.swg_key(text)
    if not key:
        known = ", ".join(swg.key for swg in swgs.swg_list())
        said = _("{name!r} names no SWG of the list (keys: {known}; '{outside}' for an SWG outside it)")
        raise fail(said.format(name=text, known=known, outside=OUTSIDE))
    return key


def swg_said(key: str) -> str:
    """The SWG of a key as a person reads it."""
    swg = swgs.swg_named(key)
    if swg is not None:
        return f"{swg.name} ({key})"
    return _("an SWG outside the list ({key})").format(key=key) if key else _("an SWG outside the list")


@main.command(
    help=_(
        "Where each SWG stands for a period: status, completeness, open comments, last change, "
        "last receipt, and whom to chase for a missing report."
    )
)
@db_option
@click.option("--period", required=True, help=_("The reporting period, e.g. 2025/2026 (2025/26, Lao digits too)."))
@click.option("--json", "as_json", is_flag=True, help=_("Print JSON: one object per SWG."))
@click.pass_context
def overview(ctx: click.Context, db: Path | None, period: str, as_json: bool) -> None:
    period = rp.check_period(period)
    with writable_if_free(ctx, db) as reports, in_english(as_json):  # lines of an earlier release, worked out, are kept
        lines = period_overview(reports.store, period)
    if as_json:
        print_json([line.as_json() for line in lines])
        return
    reported = [line for line in lines if line.reports]
    if not reported:
        said = _("no reports for {period} (none of the {count} SWGs has one yet)")
        click.echo(said.format(period=period, count=len(swgs.swg_list())))
        return
    listed = sum(1 for line in reported if swgs.is_key(line.swg))
    signed = sum(1 for line in reported if line.status == "signed_off")
    others = len(reported) - listed
    also = (
        ngettext(", and {count} other SWG", ", and {count} other SWGs", others).format(count=others) if others else ""
    )
    head = _("{period}: {listed} of {count} SWGs have a report{also}; {signed} signed off").format(
        period=period, listed=listed, count=len(swgs.swg_list()), also=also, signed=signed
    )
    click.echo("\n".join([head, *(_line_said(line) for line in lines)]))  # one write, as `list` does


def _line_said(line: SwgLine) -> str:
    status = _(STATUS_LABELS.get(line.status, line.status))
    if not line.reports:
        return "\t".join([line.name, status, _to_chase(line)])
    count = line.open_comments
    words = [line.name, status, f"{line.complete:.0%}"]
    words.append(ngettext("{count} open comment", "{count} open comments", count).format(count=count))
    if line.open_suggestions:
        count = line.open_suggestions
        words.append(ngettext("{count} open suggestion", "{count} open suggestions", count).format(count=count))
    if line.conflicts:
        words.append(ngettext("{count} conflict", "{count} conflicts", line.conflicts).format(count=line.conflicts))
    if line.signed_off:
        words.append(_("signed off {day}").format(day=_day(line.signed_off)))
    if not line.updated:
        words.append(_("never saved"))
    elif line.updated_by:
        words.append(_("updated {day} by {name}").format(day=_day(line.updated), name=line.updated_by))
    else:
        words.append(_("updated {day}").format(day=_day(line.updated)))
    if line.received:
        words.append(_("received {day}").format(day=_day(line.received)))
    settle = " " + _("({count} reports: settle)").format(count=len(line.reports)) if line.duplicate else ""
    words.append(", ".join(line.reports) + settle)
    return "\t".join(words)


def _to_chase(line: SwgLine) -> str:
    """Whom to ask for the missing report: the focal points its latest report names."""
    people = [
        f"{contact['name'] or contact['organisation'] or '?'}"
        + (f" <{contact['email']}>" if contact["email"] else " " + _("(no e-mail)"))
        for contact in line.contacts
        if contact["name"] or contact["email"]
    ]
    if not people:
        return _("no report (no report of this SWG names a focal point)")
    return _("no report: chase {people}").format(people=", ".join(people))


def _day(iso: str) -> str:
    """The local date of a stored time."""
    return review.local_time(iso).split(" ")[0]


@main.command(
    "set-swg",
    help=_(
        "Say which SWG of the list a report is of: its key (health), name or alias, or 'none' for "
        "an SWG outside the list. The report's own SWG name is left as it is."
    ),
)
@db_option
@click.argument("report_id", metavar="REPORT")
@click.argument("swg", metavar="KEY_OR_NAME")
@click.pass_context
def set_swg(ctx: click.Context, db: Path | None, report_id: str, swg: str) -> None:
    key = swg_key_given(swg)
    with workspace(ctx, db, writable=True) as reports:
        session = reports.open(report_id, load_identity())
        period = session.report["period"]
        named = _("report {id} ({swg} {period})").format(
            id=session.report_id, swg=rp.swg_name(session.report), period=period
        )
        with noting_broken(session):
            changed = session.set_swg(key)
            if changed:
                session.save()
        twins = reports.same_reports(session.report)
    if changed:
        click.echo(_("{report} is now of {swg}").format(report=named, swg=swg_said(key)))
        if twins:
            click.echo(
                _("warning: {count} reports now exist for it and {period} (also {others})").format(
                    count=len(twins) + 1, period=period, others=", ".join(twins)
                ),
                err=True,
            )
    else:
        click.echo(_("{report} is of {swg} already; nothing changed").format(report=named, swg=swg_said(key)))
