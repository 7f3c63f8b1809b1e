"""Reviewers' suggestions (edits that came back in a Word file): list them, accept or reject one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from swgtui.cli.base import db_option, in_english, main, noting_broken, print_json, workspace
from swgtui.cli.review import _me
from swgtui.i18n import N_, _, ngettext
from swgtui.identity import load_identity
from swgtui.model import report as rp
from swgtui.model import review
from swgtui.model import suggestions as sg
from swgtui.model.textdiff import DELETE, INSERT, word_diff
from swgtui.model.types import Report, Revision, Suggestion
from swgtui.session import ReportSession

OUTCOMES = {
    sg.TAKEN: N_("the field now reads the reviewer's text"),
    sg.MERGED: N_("merged with the changes made to the field since it was exported"),
    sg.CONFLICT: N_("it overlaps changes made to the field since it was exported: the field is in conflict"),
}

SUGGESTION_STATES = {sg.ACCEPTED: N_("accepted"), sg.REJECTED: N_("rejected")}  # a decided one's state, as said


@main.command(
    "suggestions",
    help=_(
        "List the reviewers' suggestions (their edits of a Word file): who, when, where, what "
        "accepting would do, and the change word by word."
    ),
)
@db_option
@click.argument("report_id", metavar="REPORT")
@click.option("--json", "as_json", is_flag=True, help=_("Print JSON."))
@click.option("--all", "every", is_flag=True, help=_("Also the suggestions accepted or rejected."))
@click.pass_context
def suggestions_command(ctx: click.Context, db: Path | None, report_id: str, as_json: bool, every: bool) -> None:
    with workspace(ctx, db) as reports:
        session = reports.open(report_id, load_identity(), read_only=True)
        history = reports.store.full_history(session.report_id)
    with in_english(as_json):
        entries = [_entry(session, history, s) for s in session.suggestions(None if every else sg.OPEN)]
    if as_json:
        print_json(entries)
        return
    if not entries:
        click.echo(_("no suggestions") if every else _("no open suggestions"))
        return
    for entry in entries:
        _show(session.report, entry)
    if any(entry["state"] == sg.OPEN for entry in entries):
        click.echo(
            _("To accept one: swgtui accept {id} ID; to reject one: swgtui reject {id} ID").format(id=session.report_id)
        )


def _entry(session: ReportSession, history: list[Revision], suggestion: Suggestion) -> dict[str, Any]:
    """A suggestion as --json lists it."""
    report = session.report
    part_title, field_label = sg.where(report, suggestion, session.template)
    state = sg.state_of(report, suggestion["id"])
    return {
        "id": suggestion["id"],
        "position": sg.position(report, suggestion["id"]),
        "part": suggestion["part"],
        "part_title": part_title,
        "field": suggestion["field"],
        "field_label": field_label,
        "author": suggestion["by"]["name"],
        "by": suggestion["by"],
        "at": suggestion["at"],
        "before": suggestion["before"],
        "after": suggestion["after"],
        "state": state,
        "outlook": sg.outlook(report, history, suggestion) if state == sg.OPEN else None,
        "source": suggestion["source"],
        "tracked": suggestion["tracked"],
    }


def marked_diff(before: str, after: str) -> str:
    """The change word by word: deletions as [-old-], insertions as {+new+}."""
    marks = {DELETE: "[-{}-]", INSERT: "{{+{}+}}"}
    return "".join(marks[op].format(text) if op in marks else text for op, text in word_diff(before, after))


def _show(report: Report, entry: dict[str, Any]) -> None:
    if entry["state"] == sg.OPEN:
        label, what = entry["position"], _("accepting it: {outlook}").format(outlook=entry["outlook"])
    else:
        decided = sg.decision(report, entry["id"])
        assert decided is not None
        label = _(SUGGESTION_STATES.get(entry["state"], entry["state"]))
        said = _("{state} by {name} on {day}")
        what = said.format(state=label, name=decided["by"]["name"], day=review.local_time(decided["at"])[:10])
    who = review.describe(entry["by"])
    at = rp.position(report, entry["part"])
    where = f"{entry['part_title']}{f' ({at})' if at else ''}: {entry['field_label']}"
    click.echo(f"{label}  {who}, {review.local_time(entry['at'])} — {where} — {what}")
    for line in marked_diff(entry["before"], entry["after"]).split("\n"):
        click.echo(f"    {line}")
    if entry["tracked"]:
        said = _("id {id}, a tracked change from {file}")
    else:
        said = _("id {id}, an untracked change from {file}")
    click.echo("  " + said.format(id=entry["id"], file=entry["source"] or _("a reviewed file")) + "\n")


@main.command(
    help=_(
        "Accept a suggestion (its id, the start of it, or suggestions.N): the field takes the "
        "reviewer's text, as their revision, merged with what changed since."
    )
)
@db_option
@click.argument("report_id", metavar="REPORT")
@click.argument("wanted", metavar="ID")
@click.pass_context
def accept(ctx: click.Context, db: Path | None, report_id: str, wanted: str) -> None:
    person = _me()
    with workspace(ctx, db, writable=True) as reports:
        session = reports.open(report_id, person)
        suggestion = sg.find(session.report, wanted)
        with noting_broken(session):
            outcome = session.accept_suggestion(suggestion["id"])
        which = sg.describe(session.report, suggestion, session.template)
        said = _("accepted {suggestion}: {outcome}").format(suggestion=which, outcome=_(OUTCOMES[outcome]))
    if outcome == sg.CONFLICT:
        settle = ngettext("(settle it: swgtui conflicts {id})", "(settle them: swgtui conflicts {id})", 1)
        said += " " + settle.format(id=session.report_id)
    click.echo(said)


@main.command(help=_("Reject a suggestion (its id, the start of it, or suggestions.N): the field keeps its text."))
@db_option
@click.argument("report_id", metavar="REPORT")
@click.argument("wanted", metavar="ID")
@click.option("--note", default="", help=_("Why (kept in the review record)."))
@click.pass_context
def reject(ctx: click.Context, db: Path | None, report_id: str, wanted: str, note: str) -> None:
    person = _me()
    with workspace(ctx, db, writable=True) as reports:
        session = reports.open(report_id, person)
        suggestion = sg.find(session.report, wanted)
        session.reject_suggestion(suggestion["id"], note)
        session.save()
        said = _("rejected {suggestion}").format(suggestion=sg.describe(session.report, suggestion, session.template))
    click.echo(said)
