"""Commands on reports: create, list, show, set, export, dump and load (and the demo)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from swgtui import i18n, swgs
from swgtui.cli.base import (
    LOCK_WAIT,
    db_option,
    doc_lang_option,
    fail,
    in_english,
    main,
    noting_broken,
    print_json,
    read_stdin,
    run_app,
    store_path,
    workspace,
    writable_if_free,
)
from swgtui.cli.overview import swg_key_given
from swgtui.exports.files import FORMATS, ExportError
from swgtui.i18n import _, ngettext
from swgtui.identity import load_identity
from swgtui.model import conflicts, refs
from swgtui.model import report as rp
from swgtui.model.merge_keys import report_values
from swgtui.model.template import Template, available_templates, check_template_file, load_template
from swgtui.outline import outline
from swgtui.sample import sample_report
from swgtui.store import ReportStore
from swgtui.text import clean_line
from swgtui.workspace import Workspace


@main.command(help=_("Open the app on a throwaway store holding the sample report."))
def demo() -> None:
    folder = Path(tempfile.mkdtemp(prefix="swgtui-demo-"))
    try:
        with Workspace(ReportStore(folder / "demo.json", holder="swgtui demo")) as reports:
            reports.add(sample_report())
        run_app(folder / "demo.json", title_note=_("demo: changes are thrown away"))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@main.group(
    cls=type(main),
    invoke_without_command=True,
    help=_(
        "List the report templates (bundled and your own), and each of your own that does not load, with why "
        '(on standard error; "problems" in JSON).'
    ),
)
@click.option("--json", "as_json", is_flag=True, help=_("Print JSON."))
@click.pass_context
def templates(ctx: click.Context, as_json: bool) -> None:
    if ctx.invoked_subcommand is not None:
        return
    with in_english(as_json):  # the problems in JSON (and so on standard error) in English
        found, problems = available_templates()
    if as_json:
        print_json({"templates": [{"id": t.id, "title": t.title} for t in found], "problems": problems})
    else:
        for template in found:
            click.echo(f"{template.id}\t{template.words_in(template.title, i18n.language())}")
    for problem in problems:
        click.echo(_("warning: {problem}").format(problem=problem), err=True)


@templates.command(
    "check",
    help=_(
        "Validate a template file: every problem on a line of its own with its place (exit status "
        "1), else how many sections and rows it has."
    ),
)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def check_template(file: Path) -> None:
    template, problems = check_template_file(file)
    name = clean_line(str(file))
    for problem in problems:
        click.echo(f"{name}: {problem}")
    if template is None:
        raise SystemExit(1)
    sections, rows = len(template.sections), sum(len(section.rows) for section in template.sections)
    click.echo(
        _("{file}: a valid template ({sections}, {rows})").format(
            file=name,
            sections=ngettext("{count} section", "{count} sections", sections).format(count=sections),
            rows=ngettext("{count} row", "{count} rows", rows).format(count=rows),
        )
    )


@main.command(help=_("Create a report (empty, or rolled over from last period's) and print its id."))
@db_option
@click.option("--swg", help=_("The SWG's name, e.g. 'Health Sector Working Group'."))
@click.option(
    "--swg-key",
    help=_(
        "Which SWG of the list the report is of (its key, e.g. health, or name; 'none': outside the list); "
        "by default the one its name stands for."
    ),
)
@click.option("--period", required=True, help=_("The reporting period, e.g. 2025/2026."))
@click.option("--template", "template_id", default="annex2", show_default=True, help=_("Template id."))
@click.option("--from", "previous_id", help=_("Start from this report: its rows, tags, partners, contacts."))
@click.pass_context
def new(
    ctx: click.Context,
    db: Path | None,
    swg: str | None,
    swg_key: str | None,
    period: str,
    template_id: str,
    previous_id: str | None,
) -> None:
    key = None if swg_key is None else swg_key_given(swg_key)
    known = swgs.swg_named(key) if key else None
    with workspace(ctx, db, writable=True) as reports:
        if previous_id:
            report = reports.roll_over(previous_id, period, swg, key)
        elif not swg and known is None:
            raise fail(_("give --swg (the SWG's name) or --swg-key, or --from REPORT to roll a report over"))
        else:
            report = reports.create(template_id, swg or (known.name if known else ""), period, key)
        _warn_if_same(reports, report)
        click.echo(report["id"])


def _warn_if_same(reports: Workspace, report: rp.Report) -> None:
    """A warning line when another report is for the same SWG and period (it is kept anyway)."""
    others = reports.same_reports(report)
    if others:
        click.echo(
            _("warning: {count} reports now exist for {swg} {period} (also {others})").format(
                count=len(others) + 1, swg=rp.swg_name(report), period=report["period"], others=", ".join(others)
            ),
            err=True,
        )


@main.command(help=_("Add the sample report (Illicit Drug SWG 2020/2021) and print its id."))
@db_option
@click.pass_context
def sample(ctx: click.Context, db: Path | None) -> None:
    with workspace(ctx, db, writable=True) as reports:
        click.echo(reports.add(sample_report()))


@main.command("list", help=_("List the reports with their completeness."))
@db_option
@click.option("--json", "as_json", is_flag=True, help=_("Print JSON."))
@click.pass_context
def list_reports(ctx: click.Context, db: Path | None, as_json: bool) -> None:
    with workspace(ctx, db) as reports, in_english(as_json):  # a report's problem in JSON in English
        summaries = reports.list_reports()
    keys = ("id", "swg", "swg_key", "period", "template", "complete", "problem")
    if as_json:
        for s in summaries:
            if "problem" not in s and "swg_key" not in s:  # listed by an earlier release
                s["swg_key"] = swgs.swg_key(s["swg"])
        print_json([{k: s[k] for k in keys if k in s} for s in summaries])
        return
    for s in summaries:
        state = _("cannot open: {problem}").format(problem=s["problem"]) if "problem" in s else f"{s['complete']:.0%}"
        click.echo(f"{s['id']}\t{s['swg']}\t{s['period']}\t{s['template']}\t{state}")


@main.command(help=_("Show a report: its header, sections and rows."))
@db_option
@click.argument("report_id", metavar="REPORT")
@click.option("--json", "as_json", is_flag=True, help=_("Print JSON."))
@click.pass_context
def show(ctx: click.Context, db: Path | None, report_id: str, as_json: bool) -> None:
    with workspace(ctx, db) as reports:
        report = reports.get(report_id)
    view = outline(load_template(report["template"]), report)
    if as_json:
        print_json(view)
        return
    template = load_template(report["template"]).filled(report["period"], rp.swg_name(report), i18n.language())
    complete = f"{view['complete']:.0%}"
    said = _("{swg} — {period} ({template}, {complete} complete)")
    click.echo(said.format(swg=view["swg"], period=view["period"], template=template.title, complete=complete))
    header = view["header"]
    click.echo(f"\n{template.header_title} — {header['complete']:.0%}")
    for name, text in header["fields"].items():
        click.echo(f"  {rp.field_label(template, report, rp.HEADER_ID, name)}: {text}")
    for list_id, people in header["contacts"].items():
        spec = template.contact_list(list_id)
        if not people:
            click.echo(f"  {spec.label if spec else list_id}: " + _("(none)"))
        for number, person in enumerate(people, start=1):
            email = person["email"].strip()
            mark = "" if person["email_valid"] else "  " + _("(e-mail not valid)")
            address = f" <{email}>{mark}" if email else "  " + _("(no e-mail)")
            who = f"{person['organisation']} {person['name']}{address}"
            click.echo(f"  {spec.label if spec else list_id}: {who}{_named(f'{list_id}.{number}', person['id'])}")
    for section in view["sections"]:
        flag = _no_update_flag() if section["no_update"] else ""
        section_spec = template.section(section["id"])
        title = section_spec.title if section_spec else section["title"]
        click.echo(f"\n{title} — {section['complete']:.0%}{flag}")
        for number, row in enumerate(section["rows"], start=1):
            tag = f" ({row['tag']})" if row["tag"] else ""
            flag = _no_update_flag() if row["no_update"] else ""
            named = _named(f"{section['id']}.{number}", row["id"])
            click.echo(f"  {rp.part_title(template, report, row['id'])}{tag} — {row['complete']:.0%}{flag}{named}")
            for name, text in row["fields"].items():
                click.echo(f"      {rp.field_label(template, report, row['id'], name)}: {_words(text)}")
            for place, item in enumerate(row["items"], start=1):
                named = _named(f"{row['id']}.{place}", item["id"])
                click.echo(f"      {item['name']}: {_words(item['text'])}{named}")
    if report.get("conflicts"):
        fields = conflicts.fields_in_conflict(len(report["conflicts"]))
        click.echo("\n" + _("{fields}: swgtui conflicts {report}").format(fields=fields, report=report["id"]))
    click.echo(
        "\n"
        + _(
            "(A row, partner or contact is named by its position or id in [ ], or the start of its id;"
            " the ids of fields, for 'swgtui set': swgtui show REPORT --json)"
        )
    )


def _no_update_flag() -> str:
    return " " + _("[no update this period]")


def _words(text: str) -> str:
    """How many words a text has ("1 word", "12 words"): a bullet's "-" or "•" is none."""
    count = sum(1 for word in text.split() if any(c.isalnum() for c in word))
    return ngettext("{count} word", "{count} words", count).format(count=count)


def _named(position: str, thing_id: str) -> str:
    """How to name a thing in a command, as `swgtui show` prints it after the thing."""
    return "  " + _("[{position}, id {id}]").format(position=position, id=thing_id)


def _part_and_field(template: Template, report: rp.Report, part: str, field: str) -> tuple[str, str]:
    """The part (header or a row, as swgtui.model.refs takes it) and the field: a field's id,
    "title", or a partner of the row (by id, the start of it, or position)."""
    part_id = refs.find_part(report, part)
    if part_id == rp.HEADER_ID or field == "title" or field in rp.field_ids(template, report, part_id):
        return part_id, field
    try:
        row, item = refs.find_partner(template, report, field)
    except refs.NotFoundError:
        if "." in field:  # a partner's position past the end: the refusal says how many there are
            raise
        return part_id, field  # refused by the model, with the part's fields named
    if row["id"] != part_id:
        elsewhere, here = rp.part_name(template, report, row["id"]), rp.part_name(template, report, part_id)
        said = _("the partner {name} is in row {row}, not {here}")
        raise fail(said.format(name=rp.quoted(item["name"]), row=elsewhere, here=here))
    return part_id, item["id"]


@main.command("set", help=_("Set one field of a row (or of the header) to TEXT; TEXT '-' reads standard input."))
@db_option
@click.argument("report_id", metavar="REPORT")
@click.argument("row_id")
@click.argument("field")
@click.argument("text")
@click.pass_context
def set_field(ctx: click.Context, db: Path | None, report_id: str, row_id: str, field: str, text: str) -> None:
    if text == "-":
        text = read_stdin()
    with workspace(ctx, db, writable=True) as reports:
        session = reports.open(report_id, load_identity())
        row_id, field = _part_and_field(session.template, session.report, row_id, field)
        with noting_broken(session):
            session.set_field(row_id, field, text)
            session.save()
        if row_id == rp.HEADER_ID and field in ("period", "swg_name"):
            _warn_if_same(reports, session.report)


@main.command(help=_("Write the report as Word (or Markdown) and print its path (marked DRAFT until signed off)."))
@db_option
@click.argument("report_id", metavar="REPORT")
@click.option("--out", metavar="PATH", help=_("Where to write the file (an earlier file there is kept aside)."))
@click.option("--format", "file_format", type=click.Choice(FORMATS), default="docx", show_default=True)
@click.option("--final", is_flag=True, help=_("Refuse unless the report is signed off and nothing changed since."))
@click.option(
    "--changes-since",
    metavar="approval|DATE",
    help=_(
        "Show what changed since each part's last approval, or since DATE (2026-11-27, 2026-11-27T10:00+07:00), "
        "as Word tracked changes."
    ),
)
@click.option("--for", "for_name", metavar="NAME", help=_("With --changes-since approval: the approvals by NAME."))
@doc_lang_option
@click.pass_context
def export(
    ctx: click.Context,
    db: Path | None,
    report_id: str,
    out: str | None,
    file_format: str,
    final: bool,
    changes_since: str | None,
    for_name: str | None,
    doc_lang: str,
) -> None:
    with _exporting(ctx, db, file_format) as reports:
        try:
            exported = reports.export(
                report_id,
                file_format,
                out,
                final,
                load_identity(),
                changes_since=changes_since,
                for_name=for_name,
                language=doc_lang,
            )
        except ExportError as error:
            raise fail(str(error)) from None
    for note in exported.notes:
        click.echo(note, err=True)
    click.echo(exported.path)


@contextmanager
def _exporting(ctx: click.Context, db: Path | None, file_format: str) -> Iterator[Workspace]:
    """The store, for an export. A Word file's marks complete the report's history first, so the
    store is opened for writing, unless that cannot be (the app has it open, a read-only
    folder): then it is read, and the marks name the texts already saved with a revision."""
    if file_format != "docx":
        with workspace(ctx, db) as reports:
            yield reports
        return
    with writable_if_free(ctx, db) as reports:
        yield reports


@main.command(help=_("Print a report and its field history as JSON (read it back with 'swgtui load')."))
@db_option
@click.argument("report_id", metavar="REPORT")
@click.pass_context
def dump(ctx: click.Context, db: Path | None, report_id: str) -> None:
    with workspace(ctx, db) as reports:
        click.echo(reports.dump(report_id))


@main.command(help=_("Add a report from a file written by 'swgtui dump'; prints its id (new if taken)."))
@db_option
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def load(ctx: click.Context, db: Path | None, file: Path) -> None:
    try:
        text = read_stdin() if str(file) == "-" else file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or error
        raise click.ClickException(_("cannot read {file}: {reason}").format(file=file, reason=reason)) from None
    with workspace(ctx, db, writable=True) as reports:
        report_id = reports.load(text, str(file))
        _warn_if_same(reports, reports.get(report_id))
        click.echo(report_id)


@main.command(
    "import",
    help=_(
        "Import a filled report's .docx (with its Word comments); prints the new report's id.\n\n"
        "Its template is the one the file records, else the one whose column titles and section "
        "headings it shows, else give it with --template. What went where is reported on standard error."
    ),
)
@db_option
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--swg", default=None, help=_("The SWG's name, if the file does not say it."))
@click.option("--period", default=None, help=_("The reporting period, if the file does not say it."))
@click.option(
    "--template",
    "template_id",
    metavar="ID",
    default=None,
    help=_("The template the file was written from, if it is not found."),
)
@click.pass_context
def import_file(
    ctx: click.Context, db: Path | None, file: Path, swg: str | None, period: str | None, template_id: str | None
) -> None:
    with workspace(ctx, db, writable=True) as reports:
        imported = reports.import_docx(file, swg, period, template_id)
        _warn_if_same(reports, reports.get(imported.report_id))
    for line in imported.summary:
        click.echo(line, err=True)
    click.echo(imported.report_id)


@main.command(help=_("List the revisions of one field (who, when), or restore one (itself a new revision)."))
@db_option
@click.argument("report_id", metavar="REPORT")
@click.argument("row_id")
@click.argument("field")
@click.option("--json", "as_json", is_flag=True, help=_("Print JSON."))
@click.option(
    "--restore",
    "restore_rev",
    metavar="REV",
    help=_("Make this revision (its number, its id or the start of it) the current text again."),
)
@click.pass_context
def history(
    ctx: click.Context, db: Path | None, report_id: str, row_id: str, field: str, as_json: bool, restore_rev: str | None
) -> None:
    if restore_rev is not None:
        with workspace(ctx, db, writable=True) as reports:
            session = reports.open(report_id, load_identity())
            row_id, field = _part_and_field(session.template, session.report, row_id, field)
            before = {r["id"] for r in session.history(row_id, field)}
            with noting_broken(session):
                restored = session.restore(row_id, field, restore_rev)
                session.save()
            written = [r for r in session.history(row_id, field) if r["id"] not in before]
            if written:
                said = _("restored revision {number} as revision {new}")
                click.echo(said.format(number=restored["rev"], new=written[-1]["rev"]))
            else:
                click.echo(
                    _("revision {number} is the current text already; nothing changed").format(number=restored["rev"])
                )
        return
    with workspace(ctx, db) as reports:
        session = reports.open(report_id, read_only=True)
        row_id, field = _part_and_field(session.template, session.report, row_id, field)
        if field != "title":
            rp.get_field(session.template, session.report, row_id, field)  # refuses a field the part has not
        revisions = session.history(row_id, field)
        skipped = session.history_skipped()
        report = session.report
    if skipped:
        said = _("warning: {count} line(s) of the history could not be read and were skipped")
        click.echo(said.format(count=skipped), err=True)
    current = report_values(report).get((row_id, field))
    if as_json:
        print_json(revisions)
        return
    template = load_template(report["template"])
    named = f"{rp.part_title(template, report, row_id)} — {rp.field_label(template, report, row_id, field)}"
    if not revisions:
        click.echo(_("{field} has no saved revisions yet").format(field=named))
        return
    click.echo(_("History of {field}").format(field=named))
    for entry in revisions:
        by = entry.get("by")
        who = by["name"] if by else _("unknown")
        if entry.get("accepted_by"):  # a reviewer's suggestion
            who += _(", accepted by {name}").format(name=entry["accepted_by"]["name"])
        first = entry["text"].split("\n")[0][:60]
        mark = "  " + _("(current)") if entry is revisions[-1] and entry["text"] == current else ""
        size = _("removed") if entry.get("removed") else _("{count} chars").format(count=len(entry["text"]))
        click.echo(f"{entry['rev']:>4}  {entry['id']}  {entry['at']}  {who}  {size}  {first}{mark}")


@main.command(help=_("Restore damaged or missing store files from the newest good backup (damaged ones are kept)."))
@db_option
@click.pass_context
def recover(ctx: click.Context, db: Path | None) -> None:
    for line in ReportStore(store_path(ctx, db), holder="swgtui recover", wait=LOCK_WAIT).recover():
        click.echo(line)
