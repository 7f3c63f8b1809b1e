"""Every command of the command line, driven with arbitrary arguments, standard input and
damaged files (store, report, history, dump, identity, template): never a traceback; exit 0, 1,
or 2 for a usage error; a store that opened before still opens; a damaged file is left as it was."""

import json
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from swgtui.cli import main
from swgtui.exports.files import export_docx
from swgtui.model.dumpfile import dump_report
from swgtui.sample import sample_report
from swgtui.store import ReportStore, StoreError

REPORT_ID = "idswg-2020-2021"
NOT_UTF8 = b"\xff\xfeA".decode("utf-8", "surrogateescape")  # how Linux passes bytes that are not UTF-8
COMMANDS = sorted(main.commands)
KNOWN = [REPORT_ID, "header", "a1", "c2", "partners", "p1", "notes", "narrative", "swg_name", "title", "k1", "1", "-"]
SPECIALS = [NOT_UTF8, "\x1b]0;pwned\x07\x1b[2J", "", " ", "..", "/", "[bold]x[/]", "9" * 5000, "ສະບາຍດີ"]

any_text = st.one_of(
    st.sampled_from(KNOWN + SPECIALS),
    st.text(st.characters(codec=None, exclude_categories=()), max_size=20),  # surrogates too
)


def json_values():
    leaves = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=True),
        st.text(max_size=10),
        st.sampled_from(["\x1b[2J", "approved", "header", "a1", "k1"]),
    )
    return st.recursive(
        leaves, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3), max_leaves=8
    )


def damaged(draw, original: bytes) -> bytes:
    """The file's bytes: random, cut short, a huge number or deep nesting, or its JSON with one
    value (anywhere in it) replaced by another of any type."""
    kind = draw(st.sampled_from(["bytes", "cut", "huge", "deep", "value", "value", "value"]))
    if kind == "bytes":
        return draw(st.binary(max_size=100))
    if kind == "cut":
        return original[: draw(st.integers(0, max(0, len(original) - 1)))]
    if kind == "huge":
        return b'{"a": ' + b"9" * 5000 + b"}"
    if kind == "deep":
        return b"[" * 50_000 + b"]" * 50_000
    try:
        data = json.loads(original)
    except ValueError:  # a history file: one JSON object per line
        lines = original.splitlines()
        line = draw(st.integers(0, max(0, len(lines) - 1)))
        data = json.loads(lines[line]) if lines else {}
        lines[line : line + 1] = [json.dumps(replace_one(draw, data)).encode()]
        return b"\n".join(lines) + b"\n"
    return json.dumps(replace_one(draw, data), ensure_ascii=False).encode()


def replace_one(draw, data):
    """`data` with the value at a randomly chosen place replaced by any JSON value."""
    if not isinstance(data, dict | list) or not data or draw(st.integers(0, 4)) == 0:
        return draw(json_values())
    keys = list(data.keys()) if isinstance(data, dict) else list(range(len(data)))
    key = draw(st.sampled_from(keys))
    data[key] = replace_one(draw, data[key])
    return data


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    """A folder with a store holding the sample (with history and a comment), who I am, a dump
    and a Word export."""
    folder = tmp_path_factory.mktemp("pristine")
    env = {"SWGTUI_CONFIG_DIR": str(folder / "config"), "SWGTUI_TEMPLATES": str(folder / "templates")}
    with ReportStore(folder / "store.json") as store:
        store.add(sample_report())
    runner = CliRunner()
    db = ["--db", str(folder / "store.json")]
    for args in (
        ["whoami", "--name", "Ana", "--org", "MoH", "--role", "chair"],
        ["set", *db, REPORT_ID, "a1", "notes", "first"],
        ["set", *db, REPORT_ID, "a1", "notes", "second"],
        ["comment", *db, REPORT_ID, "a1", "Please check"],
    ):
        assert runner.invoke(main, args, env=env).exit_code == 0
    with ReportStore(folder / "store.json", writable=False) as store:
        (folder / "dump.json").write_text(dump_report(store.get(REPORT_ID), store.full_history(REPORT_ID)), "utf-8")
    export_docx(sample_report(), folder / "annex.docx")
    (folder / "templates").mkdir()
    template = json.loads(Path(__file__).parent.parent.joinpath("swgtui/data/templates/annex2.json").read_text())
    template["id"] = "mine"
    (folder / "templates" / "mine.json").write_text(json.dumps(template), "utf-8")
    return folder


TARGETS = {
    "store": "store.json",
    "report": f"store.reports/{REPORT_ID}.json",
    "history": f"store.reports/{REPORT_ID}.history.jsonl",
    "dump": "dump.json",
    "identity": "config/identity.json",
    "template": "templates/mine.json",
}


def arguments(draw, command: click.Command, folder: Path) -> list[str]:
    args, options = [], []
    for param in command.params:
        if param.name in ("db", "help"):
            continue
        if isinstance(param, click.Option):
            if not draw(st.booleans()):
                continue
            if param.is_flag:
                options.append(param.opts[0])
                continue
            if param.name == "out":
                value = str(folder / "out" / draw(st.sampled_from(["x.docx", "x.md", "", "sub/x.docx"])))
            elif isinstance(param.type, click.Choice):
                value = draw(st.sampled_from([*param.type.choices, *SPECIALS]))
            else:
                value = draw(any_text)
            options += [param.opts[0], value]
        else:
            if param.name == "file":
                value = draw(st.sampled_from([str(folder / "dump.json"), str(folder / "annex.docx"), "-"]))
            elif isinstance(param.type, click.Choice):
                value = draw(st.sampled_from([*param.type.choices, *SPECIALS]))
            else:
                value = draw(any_text)
            args.append(value)
    return [*options, "--", *args] if args else options


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def state(folder: Path) -> str:
    """Whether the store opens and reads every report with its history ("ok"), opens but cannot
    show a report or its line in the list ("partly"), or does not open at all ("damaged")."""
    try:
        store = ReportStore(folder / "store.json", writable=False).open()
    except StoreError:
        return "damaged"
    try:
        for summary in store.list_reports():
            if "problem" in summary:
                return "partly"
            store.get(summary["id"])
            store.full_history(summary["id"])
    except StoreError:
        return "partly"
    finally:
        store.close()
    return "ok"


@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_every_command_with_any_arguments_and_damaged_files(pristine, tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(pristine, folder, dirs_exist_ok=True)
    target = data.draw(st.sampled_from([None, *TARGETS]), label="damaged file")
    if target is not None:
        path = folder / TARGETS[target]
        path.write_bytes(damaged(data.draw, path.read_bytes()))
    name = data.draw(st.sampled_from(COMMANDS), label="command")
    args = [name, *arguments(data.draw, main.commands[name], folder)]
    stdin = data.draw(st.binary(max_size=50) | st.just("ສະບາຍດີ".encode()), label="standard input")
    before, files_before = state(folder), snapshot(folder)

    env = {
        "SWGTUI_DB": str(folder / "store.json"),
        "SWGTUI_CONFIG_DIR": str(folder / "config"),
        "SWGTUI_TEMPLATES": str(folder / "templates"),
        "SWGTUI_EXPORT_DIR": str(folder / "exports"),
    }
    result = CliRunner().invoke(main, args, input=stdin, env=env)

    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert "Traceback" not in result.output
    assert result.exit_code in (0, 1, 2), result.output
    if result.exit_code == 2:
        assert "Usage:" in result.output
    after = state(folder)
    if before == "ok":
        assert after == "ok", f"{args} broke a store that opened"
    elif before == "partly":
        assert after != "damaged", f"{args} broke a store that opened"
    if name in ("recover", "delete"):
        return  # these replace or remove damaged files, as asked
    kept = [TARGETS["store"]] if before == "damaged" else []
    kept += [TARGETS["report"]] if target == "report" and before != "ok" else []
    files_after = snapshot(folder)
    for changed in kept:
        assert files_after.get(changed) == files_before.get(changed), f"{args} changed the damaged {changed}"
