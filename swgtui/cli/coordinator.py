"""The coordinator's commands: the Round Table compendium of a period's reports."""

from __future__ import annotations

from pathlib import Path

import click

from swgtui.cli.base import db_option, doc_lang_option, fail, main, workspace
from swgtui.exports.files import FORMATS, ExportError
from swgtui.i18n import _


@main.command(
    help=_(
        "Write every SWG's report of the period in one document (the Round Table compendium) and "
        "print its path: cover, contents, summary, the reports, the synthesis of section C, the "
        "review summary and what is missing."
    )
)
@db_option
@click.option("--period", required=True, help=_("The reporting period, e.g. 2025/2026."))
@click.option("--out", metavar="PATH", help=_("Where to write the file (an earlier file there is kept aside)."))
@click.option("--format", "file_format", type=click.Choice(FORMATS), default="docx", show_default=True)
@click.option("--final", is_flag=True, help=_("Refuse while anything is missing (a report, an approval, a sign-off)."))
@doc_lang_option
@click.pass_context
def compendium(
    ctx: click.Context, db: Path | None, period: str, out: str | None, file_format: str, final: bool, doc_lang: str
) -> None:
    from swgtui.exports.compendium import write_compendium

    with workspace(ctx, db) as reports:
        try:
            written = write_compendium(reports.store, period, file_format, out, final, doc_lang)
        except ExportError as error:
            raise fail(str(error)) from None
    for note in written.notes:
        click.echo(note, err=True)
    click.echo(written.path)
