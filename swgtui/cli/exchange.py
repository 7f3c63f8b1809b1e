"""Review packages: send a report to its reviewers, receive their answer, take a receive back."""

from __future__ import annotations

from pathlib import Path

import click

from swgtui.cli.base import db_option, fail, main, workspace, writer
from swgtui.exports.files import ExportError
from swgtui.i18n import _
from swgtui.identity import load_identity
from swgtui.workspace import Workspace


@main.command(help=_("Write a review package of the report, to e-mail to its reviewers; prints its path."))
@db_option
@click.argument("report_id", metavar="REPORT")
@click.option("--out", metavar="FILE", help=_("Where to write the package (a file ending in .swgpkg)."))
@click.pass_context
def send(ctx: click.Context, db: Path | None, report_id: str, out: str | None) -> None:
    with workspace(ctx, db, writable=True) as reports:
        try:
            sent = reports.send(report_id, out, load_identity())
        except ExportError as error:
            raise fail(str(error)) from None
    from swgtui.exchange import CARRIES_EVERYTHING  # loaded by the send, not at every command's start

    for note in sent.notes:
        click.echo(note, err=True)
    click.echo(_("note: {note}").format(note=_(CARRIES_EVERYTHING)), err=True)
    click.echo(sent.path)


@main.command(
    help=_(
        "Merge a review package into its report (or add the report), or take a reviewed Word file "
        "(.docx) into its report as suggestions and comments; prints the report's id.\n\n"
        "What changed goes to standard error, in one line."
    )
)
@db_option
@click.argument("file", required=False, type=click.Path(path_type=Path))
@click.option(
    "--into", metavar="REPORT", help=_("The report a reviewed Word file is compared with (a file without marks).")
)
@click.option("--undo", is_flag=True, help=_("Take the last receive back (refused if the report changed since)."))
@click.pass_context
def receive(ctx: click.Context, db: Path | None, file: Path | None, into: str | None, undo: bool) -> None:
    if undo:
        if file is not None or into is not None:
            raise fail(_("give either a FILE or --undo, not both"))
        with workspace(ctx, db, writable=True) as reports:
            click.echo(reports.undo_receive(), err=True)
        return
    if file is None:
        raise fail(
            _(
                "give the FILE to receive: a review package or a reviewed .docx "
                "(or --undo to take the last receive back)"
            )
        )
    with Workspace(writer(ctx, db)) as reports:  # the store is opened once the package is checked
        received = reports.receive(file, into, by=load_identity())
        if reports.store.upgrade_note:
            click.echo(reports.store.upgrade_note, err=True)
    click.echo(received.summary, err=True)
    click.echo(received.report_id)
