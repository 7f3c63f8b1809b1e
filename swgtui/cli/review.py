"""Review commands: who you are, comments, status steps, the final sign-off, the review record."""

from __future__ import annotations

from pathlib import Path

import click

from swgtui.cli.base import db_option, editing, fail, in_english, main, print_json, workspace
from swgtui.i18n import N_, _
from swgtui.identity import load_identity, save_identity
from swgtui.model import refs, review
from swgtui.model import report as rp
from swgtui.model.template import load_template

THREAD_STATES = {"open": N_("open"), "resolved": N_("resolved")}  # a comment thread's state, as said


def _me() -> review.Person:
    person = load_identity()
    if person is None:
        raise fail(_("who are you? Run: swgtui whoami --name NAME --org ORGANISATION --role ROLE"))
    return person


@main.command(help=_("Show who you are, or set it (name, organisation, role) for comments and sign-offs."))
@click.option("--name", help=_("Your name as reviewers should see it."))
@click.option("--org", "organisation", help=_("Your organisation (ministry, embassy, agency)."))
@click.option("--role", type=click.Choice(review.ROLES, case_sensitive=False), help=_("Your role in the SWG."))
@click.option("--json", "as_json", is_flag=True, help=_("Print JSON."))
def whoami(name: str | None, organisation: str | None, role: str | None, as_json: bool) -> None:
    current = load_identity() or {"name": "", "organisation": "", "role": ""}
    if name is not None or organisation is not None or role is not None:
        current = save_identity(
            name if name is not None else current["name"],
            organisation if organisation is not None else current["organisation"],
            role if role is not None else current["role"],
        )
    if as_json:
        print_json(current if current["name"] else None)
    elif current["name"]:
        click.echo(review.describe(current))
    else:
        raise fail(_("not set yet. Run: swgtui whoami --name NAME --org ORGANISATION --role ROLE"))


@main.command(help=_("Comment on a part (the header or a row) and print the comment's id."))
@db_option
@click.argument("report_id", metavar="REPORT")
@click.argument("part_id")
@click.argument("text")
@click.option("--field", default="", help=_("The field the comment is about."))
@click.option("--quote", default="", help=_("The passage of the field the comment is about."))
@click.option(
    "--reply-to", "reply_to", default=None, help=_("Reply to this comment (its id, the start of it, or comments.N).")
)
@click.pass_context
def comment(
    ctx: click.Context,
    db: Path | None,
    report_id: str,
    part_id: str,
    text: str,
    field: str,
    quote: str,
    reply_to: str | None,
) -> None:
    person = _me()
    with editing(ctx, db, report_id, person) as session:
        part_id = refs.find_part(session.report, part_id)
        if reply_to is not None:
            replied = refs.find_comment(session.report, reply_to)
            if replied["part"] != part_id:
                here, there = (rp.part_name(session.template, session.report, p) for p in (part_id, replied["part"]))
                said = _("the comment {name!r} is on {there}, not on {here}; reply on that part")
                raise fail(said.format(name=reply_to.strip(), there=there, here=here))
            reply_to = replied["id"]
        added = session.add_comment(part_id, text, field, quote, reply_to)
    click.echo(added["id"])


@main.command(help=_("Resolve a comment thread (or reopen it)."))
@db_option
@click.argument("report_id", metavar="REPORT")
@click.argument("comment_id")
@click.option("--reopen", is_flag=True, help=_("Reopen a resolved thread instead."))
@click.pass_context
def resolve(ctx: click.Context, db: Path | None, report_id: str, comment_id: str, reopen: bool) -> None:
    person = _me()
    with editing(ctx, db, report_id, person) as session:
        comment_id = refs.find_comment(session.report, comment_id)["id"]
        if reopen:
            session.reopen(comment_id)
        else:
            session.resolve(comment_id)


@main.command(
    help=_(
        "Mark a part ready for review, approve it, or request changes; prints the new status.\n\n"
        "A co-chair who approved by e-mail: approve --on-behalf-of NAME --org ORG (the step is "
        "theirs, recorded by you)."
    )
)
@db_option
@click.argument("report_id", metavar="REPORT")
@click.argument("part_id")
@click.argument("step", type=click.Choice(review.ACTIONS))
@click.option("--note", default="", help=_("Why (required for request-changes)."))
@click.option("--on-behalf-of", "on_behalf_of", metavar="NAME", help=_("Record a reviewer's step sent by e-mail."))
@click.option("--org", "organisation", metavar="ORG", help=_("Their organisation (with --on-behalf-of)."))
@click.option(
    "--role",
    type=click.Choice(review.REVIEWER_ROLES, case_sensitive=False),
    help=_("Their role (with --on-behalf-of; default: co-chair)."),
)
@click.pass_context
def status(
    ctx: click.Context,
    db: Path | None,
    report_id: str,
    part_id: str,
    step: str,
    note: str,
    on_behalf_of: str | None,
    organisation: str | None,
    role: str | None,
) -> None:
    behalf = _on_behalf(step, on_behalf_of, organisation, role)
    person = _me()
    with editing(ctx, db, report_id, person) as session:
        part_id = refs.find_part(session.report, part_id)
        new_status = session.set_status(part_id, step, note, behalf)
        name = rp.part_name(session.template, session.report, part_id)
    said = _(review.STATUS_LABELS[new_status])
    if behalf:
        recorded = _("(on behalf of {reviewer}, recorded by {name})")
        said += " " + recorded.format(reviewer=review.describe(behalf), name=person["name"])
    click.echo(f"{name}: {said}")


def _on_behalf(step: str, name: str | None, organisation: str | None, role: str | None) -> review.Person | None:
    """The reviewer a step is recorded for (--on-behalf-of, --org, --role), checked; None without."""
    if name is None:
        if organisation is not None or role is not None:
            raise fail(_("--org and --role name the reviewer of --on-behalf-of: give --on-behalf-of NAME too"))
        return None
    if step not in ("approve", "request-changes"):
        raise fail(_("only approve and request-changes are recorded on someone's behalf, not {step}").format(step=step))
    if not (organisation or "").strip():
        raise fail(_("--on-behalf-of needs --org ORG: the organisation of the person who approved"))
    return review.check_person({"name": name, "organisation": organisation, "role": role or "co-chair"})


@main.command(help=_("Sign the whole report off (chair or co-chair; every part approved, no comment open)."))
@db_option
@click.argument("report_id", metavar="REPORT")
@click.option("--note", default="", help=_("A note kept with the sign-off."))
@click.option("--on-behalf-of", "on_behalf_of", hidden=True)  # refused with the reason
@click.pass_context
def signoff(ctx: click.Context, db: Path | None, report_id: str, note: str, on_behalf_of: str | None) -> None:
    if on_behalf_of is not None:
        raise fail(_("a sign-off is not recorded on someone's behalf: the chair or co-chair signs off themselves"))
    person = _me()
    with editing(ctx, db, report_id, person) as session:
        done = session.sign_off(note)
    said = _("signed off by {person} at {time}")
    click.echo(said.format(person=review.describe(done["by"]), time=review.local_time(done["at"])))


@main.command("review", help=_("Show every part's status, the comment threads and the sign-offs."))
@db_option
@click.argument("report_id", metavar="REPORT")
@click.option("--json", "as_json", is_flag=True, help=_("Print JSON."))
@click.pass_context
def show_review(ctx: click.Context, db: Path | None, report_id: str, as_json: bool) -> None:
    with workspace(ctx, db) as reports:
        report = reports.get(report_id)
    with in_english(as_json):
        summary = review.review_summary(report)
    if as_json:
        print_json(summary)
        return
    for part in summary["parts"]:
        label = _(review.STATUS_LABELS[part["status"]])
        approved = "".join(
            " — "
            + _("approved by {person} at {time}").format(
                person=review.describe(approval["by"]), time=review.local_time(approval["at"])
            )
            + review.recorded(approval)
            + ("" if approval["holds"] else " — " + _("no longer holds: the part changed since"))
            for approval in part["approvals"]
        )
        count = part["open_comments"]
        comments = " — " + _("{count} open comment(s)").format(count=count) if count else ""
        click.echo(f"{part['title']}: {label}{approved}{comments}")
        request = part["changes_requested"]
        if request:
            by, at = review.describe(request["by"]), review.local_time(request["at"])
            recorded = review.recorded(request)
            said = _("changes requested by {person} at {time}{recorded}: {note}")
            click.echo("  " + said.format(person=by, time=at, recorded=recorded, note=request["note"]))
    for section in summary["sections"]:
        if section["no_update"]:
            click.echo(f"{section['title']}: " + _("no update this period"))
    titles = {part["id"]: part["title"] for part in summary["parts"]}
    template = load_template(report["template"])
    for number, thread in enumerate(summary["threads"], start=1):
        field = rp.field_label(template, report, thread["part"], thread["field"]) if thread["field"] else ""
        where = titles[thread["part"]] if thread["part"] in titles else _("a removed row")
        where += f" — {field}" if field else ""
        said = _("Comment on {place} ({state})").format(
            place=where, state=_(THREAD_STATES.get(thread["state"], thread["state"]))
        )
        click.echo(f"\n{said}  [{refs.COMMENTS}.{number}]")
        if thread["quote"]:
            click.echo(f"  > {thread['quote']}")
        for item in [thread, *thread["replies"]]:
            click.echo(f"  {review.describe(item['by'])}, {review.local_time(item['at'])}: {item['text']}")
    state, last = summary["signoff"]["state"], summary["signoff"]["last"]
    if last is None:
        click.echo("\n" + _("Not signed off."))
    else:
        valid = _("valid") if state == "valid" else review.void_signoff_reason(report, last)
        said = _("Signed off by {person} at {time} ({state}).")
        click.echo(
            "\n" + said.format(person=review.describe(last["by"]), time=review.local_time(last["at"]), state=valid)
        )
    for blocker in summary["blockers"]:
        click.echo(f"- {blocker}")
