"""The command line's group, shared options and helpers."""

from __future__ import annotations

import contextlib
import errno
import functools
import json
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from swgtui import __version__, i18n, paths
from swgtui.cli.click_words import speak_our_language
from swgtui.i18n import N_, _, ngettext
from swgtui.model import report as rp
from swgtui.model.template import TemplateError
from swgtui.model.types import Person
from swgtui.session import ReportSession
from swgtui.store import ReportStore, StoreError, StoreLockedError
from swgtui.store.lock import StoreLock
from swgtui.text import clean_text
from swgtui.workspace import Workspace

USER_ERRORS = (StoreError, StoreLockedError, rp.ReportError, TemplateError)
LOCK_WAIT = 10.0  # seconds a command waits for another writer (the app) to finish before refusing

speak_our_language()  # click's own words (Usage:, Error: ...) in the interface's language


def fail(message: str) -> click.ClickException:
    """One clear line for the user, exit status 1."""
    return click.ClickException(message)


_OPTION = re.compile(r"--?[A-Za-z][\w-]*")  # what looks like an option: -x, --name, --name=value


class _Command(click.Command):
    """A command whose text arguments may start with "-" (a bullet: "- New curriculum"): what
    is not an option of the command nor looks like one (--nope is refused) is taken as text."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        known = {name: param for param in self.get_params(ctx) for name in param.opts + param.secondary_opts}
        options: list[str] = []
        texts: list[str] = []
        tokens = iter(args)
        for token in tokens:
            if token == "--":
                texts += tokens
                break
            name = token.split("=", 1)[0]
            param = known.get(name)
            if param is None and _OPTION.fullmatch(name):
                raise click.NoSuchOption(name, possibilities=[n for n in known if n.startswith("--")], ctx=ctx)
            if param is None:
                texts.append(token)
                continue
            options.append(token)
            if isinstance(param, click.Option) and not param.is_flag and not param.count and "=" not in token:
                value = next(tokens, None)  # its value, whatever it starts with
                if value is None:
                    said = ngettext(
                        "Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments.", 1
                    )
                    raise click.BadOptionUsage(name, said.format(name=name, nargs=1), ctx=ctx)
                options.append(value)
        # options first, then "--": click takes every text as text, in order
        return super().parse_args(ctx, [*options, "--", *texts] if texts else options)


class _Commands(click.Group):
    """Turns the project's own errors into one clear line and exit status 1, no traceback;
    refuses a text argument that is not UTF-8 (usage error, exit status 2)."""

    command_class = _Command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except USER_ERRORS as error:
            raise click.ClickException(clean_text(str(error))) from None
        except click.ClickException as error:
            # it may quote a file name or an argument; click types the attribute Final, yet sets it itself
            error.message = clean_text(error.message)  # type: ignore[misc]
            raise
        except OSError as error:
            if error.errno == errno.EPIPE:  # a reader that stopped early: click ends quietly
                raise
            # what the project's own code does not turn into a message: writing the output to a full disk, say
            where = error.filename or _("the output")
            said = _("cannot write {file}: {reason}").format(file=where, reason=error.strerror or error)
            raise click.ClickException(clean_text(said)) from None

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        if cmd.callback is not None:
            cmd.callback = _utf8_arguments(cmd.callback)
        super().add_command(cmd, name)


def _utf8_arguments(callback: Callable[..., Any]) -> Callable[..., Any]:
    """On Linux an argument that is not UTF-8 arrives with its bytes escaped (surrogates);
    such text cannot be stored or shown, so it is refused before the command runs."""

    @functools.wraps(callback)
    def checked(*args: Any, **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        for param in ctx.command.params:
            value = kwargs.get(param.name or "")
            if isinstance(value, str) and not is_utf8(value):
                raise click.BadParameter(_("is not valid UTF-8 text"), ctx=ctx, param=param)
        return callback(*args, **kwargs)

    return checked


def is_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def read_stdin() -> str:
    """Standard input as UTF-8 text, or one clear line saying it is not."""
    data = sys.stdin.buffer.read()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        said = _("standard input is not UTF-8 text (byte {number} cannot be read)").format(number=error.start + 1)
        raise fail(said) from None


def db_option(function: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--db",
        "db",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help=_("The store file (default: $SWGTUI_DB, else store.json in the user data folder)."),
    )(function)


def doc_lang_option(function: Callable[..., Any]) -> Callable[..., Any]:
    """--doc-lang: the language of the document written (not the interface's)."""
    from swgtui.exports.words import DOC_LANGUAGES

    return click.option(
        "--doc-lang",
        "doc_lang",
        type=click.Choice(DOC_LANGUAGES),
        default="en",
        show_default=True,
        help=_("The document's language: English, Lao, or both (each word in English then in Lao)."),
    )(function)


def store_path(ctx: click.Context, db: Path | None) -> Path:
    """A command's own --db, else the one given before the command, else the default."""
    return db or (ctx.obj or {}).get("db") or paths.default_store_path()


def reader(ctx: click.Context, db: Path | None) -> ReportStore:
    return ReportStore(store_path(ctx, db), writable=False)


def writer(ctx: click.Context, db: Path | None) -> ReportStore:
    return ReportStore(store_path(ctx, db), writable=True, holder=f"swgtui {ctx.info_name}", wait=LOCK_WAIT)


@contextmanager
def workspace(ctx: click.Context, db: Path | None, writable: bool = False) -> Iterator[Workspace]:
    """The store's reports, open for the command (writable: the store's lock is held)."""
    with Workspace(writer(ctx, db) if writable else reader(ctx, db)) as reports:
        if reports.store.upgrade_note:
            click.echo(reports.store.upgrade_note, err=True)
        yield reports


@contextmanager
def noting_broken(session: ReportSession) -> Iterator[None]:
    """Say on standard error which approvals and which sign-off the change made in the block
    stopped holding (nothing when it was refused)."""
    before = session.standing()
    yield
    for said in session.broken_since(before):
        click.echo(_("note: {note}").format(note=said), err=True)


@contextmanager
def editing(ctx: click.Context, db: Path | None, report_id: str, person: Person | None) -> Iterator[ReportSession]:
    """The report to change, as `person`; saved at the end unless the change was refused."""
    with workspace(ctx, db, writable=True) as reports:
        session = reports.open(report_id, person)
        with noting_broken(session):
            yield session
            session.save()


def in_english(really: bool = True) -> contextlib.AbstractContextManager[None]:
    """Messages made in the block are in English when `really` (what --json prints is the same
    in every language of the interface)."""
    return i18n.speaking(i18n.DEFAULT_LANGUAGE) if really else contextlib.nullcontext()


def print_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


NO_TERMINAL = N_("swgtui needs a terminal; the commands (swgtui --help) work without one")


def has_terminal() -> bool:
    """Whether the app can talk to a person: standard input and output are a terminal."""
    try:
        return sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):  # closed or replaced streams
        return False


def run_app(path: Path, title_note: str = "", read_only: bool = False) -> None:
    """Run the app on the store; a crash (the traceback is Textual's) exits with status 1."""
    if not has_terminal():
        raise fail(_(NO_TERMINAL))
    from swgtui.app import make_app  # Textual is only needed for the app

    if read_only:
        holder = StoreLock(path, "").busy_holder()
        store = ReportStore(path, writable=False).open()
        title_note = _("read-only: in use by {holder}").format(holder=holder) if holder else _("read-only")
    else:
        try:
            store = ReportStore(path, writable=True, holder="swgtui app").open()
        except StoreLockedError as error:
            raise fail(
                _("{error}. To look without changing anything: swgtui --read-only").format(error=error)
            ) from None
    app = make_app(store, title_note=title_note, ask_who=not read_only)
    try:
        app.run()
    finally:
        store.close()
    if app.return_code:
        sys.exit(app.return_code)


@click.group(
    cls=_Commands,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    help=_(
        "Draft, review and export a Sector Working Group's annual report (Annex 2).\n\n"
        "Without a command, opens the app on your store."
    ),
)
@db_option
@click.option(
    "--read-only", is_flag=True, help=_("Open the app without changing anything (e.g. while another has it).")
)
@click.option(
    "--lang",
    metavar="LANGUAGE",
    help=_("The app's language: en (English) or lo (Lao). Else $SWGTUI_LANG, the app's setting, the system's."),
)
@click.version_option(__version__, prog_name="swgtui")
@click.pass_context
def main(ctx: click.Context, db: Path | None, read_only: bool, lang: str | None) -> None:
    """The command line's group: its options, and the app when no command is given."""
    if lang is not None:
        code = i18n.language_code(lang)
        if code is None:
            raise click.BadParameter(
                _("unknown language {name!r} (known: {known})").format(name=lang, known=", ".join(i18n.LANGUAGES)),
                param_hint="'--lang'",
            )
        i18n.set_language(code)
    ctx.obj = {"db": db}
    if ctx.invoked_subcommand is None:
        run_app(store_path(ctx, db), read_only=read_only)


@contextmanager
def writable_if_free(ctx: click.Context, db: Path | None) -> Iterator[Workspace]:
    """The store, opened for writing when it can be at once, else read: for a command that only
    reads but keeps what it works out when it may (an export's completed history, the overview's
    lines of an earlier release), and still works while the app has the store open."""
    path = store_path(ctx, db)
    if path.is_file():
        store = ReportStore(path, holder=f"swgtui {ctx.info_name}")
        try:
            store.open()
        except (StoreError, StoreLockedError):
            store.close()
        else:
            try:
                if store.upgrade_note:
                    click.echo(store.upgrade_note, err=True)
                yield Workspace(store)
            finally:
                store.close()
            return
    with workspace(ctx, db) as reports:
        yield reports
