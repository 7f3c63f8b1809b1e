"""Arbitrary text — control characters, escape sequences, markup-like text, Lao, right-to-left,
emoji, very long pastes — goes through set → store → reload → screen → .docx → import without a
crash, kept as typed (less the control characters swgtui removes), never reaching the terminal."""

import re
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from swgtui.exports.files import export_docx
from swgtui.imports.docx_reader import import_docx
from swgtui.model import report as rp
from swgtui.model.template import load_template
from swgtui.sample import sample_report
from swgtui.store import ReportStore
from swgtui.text import clean_text

T = load_template("annex2")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")

pieces = st.one_of(
    st.text(max_size=40),  # any Unicode, control characters included
    st.sampled_from(
        [
            "\x1b[31mred\x1b[0m",
            "\x1b]0;title\x07",
            "[bold]x[/]",
            "a [/] b",
            "[link=http://x]y[/link]",
            "<b>html</b>",
            "**bold** and *it*",
            "ສະບາຍດີ ປະເທດລາວ",
            "مرحبا بالعالم",
            "שלום",
            "🚀👍🏽",
            "- bullet",
            "1. numbered",
            "\r\n",
            "\t",
            "\u200b\u202e",
            "\ufffe\uffff",  # non-characters XML refuses
        ]
    ),
)
texts = st.lists(pieces, max_size=8).map("".join)


def normalised(text: str) -> str:
    """What must survive Word and back: the words, without list markers, marks and spacing."""
    lines = []
    for line in clean_text(text).split("\n"):
        line = re.sub(r"^\s*(?:[-•*]\s+|\d{1,3}[.)]\s+)", "", line)
        lines.append(re.sub(r"[\s*\\_]", "", line))
    return "".join(lines)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts)
def test_any_text_survives_store_word_and_import(tmp_path_factory, text):
    folder = tmp_path_factory.mktemp("fuzz")
    report_id = store_sample_with(folder, "challenges", text)
    stored = rp.get_field(T, store_report(folder, report_id), "c2", "challenges")
    assert stored == clean_text(text)
    assert not CONTROL.search(stored.replace("\n", "").replace("\t", ""))
    assert "\x1b" not in stored
    imported = import_docx(export_docx(store_report(folder, report_id), folder / "out.docx").path).report
    assert normalised(rp.get_field(T, imported, "c2", "challenges")) == normalised(stored)


def store_sample_with(folder, field, text):
    """A store in `folder` holding the sample with `text` saved in row c2's `field`; its id."""
    with ReportStore(folder / "store.json") as store:
        report_id = store.add(sample_report())
        report = store.get(report_id)
        rp.set_field(T, report, "c2", field, text)
        store.save(report)
    return report_id


def store_report(folder, report_id):
    with ReportStore(folder / "store.json", writable=False) as store:
        return store.get(report_id)


def test_a_200_kb_paste_is_kept_whole(tmp_path):
    paste = ("ການພັດທະນາ development 🚀 " * 9000)[:200_000]
    report_id = store_sample_with(tmp_path, "narrative", paste)
    assert rp.get_field(T, store_report(tmp_path, report_id), "c2", "narrative") == paste
    document = export_docx(store_report(tmp_path, report_id), tmp_path / "big.docx").path
    imported = import_docx(document).report
    assert rp.get_field(T, imported, "c2", "narrative") == paste.strip()


def test_non_characters_xml_refuses_are_dropped_and_the_report_exports(tmp_path):
    report_id = store_sample_with(tmp_path, "narrative", "before\ufffe middle\uffff after")
    stored = rp.get_field(T, store_report(tmp_path, report_id), "c2", "narrative")
    assert stored == "before middle after"
    document = export_docx(store_report(tmp_path, report_id), tmp_path / "odd.docx").path
    assert rp.get_field(T, import_docx(document).report, "c2", "narrative") == "before middle after"


def test_the_screen_never_gets_an_escape_sequence(tmp_path):
    import asyncio

    from swgtui.app import make_app

    nasty = "\x1b[2J\x1b[31mred\x1b]0;pwned\x07 [bold]x[/] a [/] b ສະບາຍດີ " + string.printable

    async def run() -> tuple[str, str, str]:
        store = ReportStore(tmp_path / "store.json", holder="swgtui app").open()
        report = sample_report()
        rp.set_field(T, report, "c2", "narrative", nasty)
        rp.find_row(report, "a1")[1]["title"] = "\x1b[31mTitle [/]"  # even if a file bypassed cleaning
        store.add(report)
        app = make_app(store)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("enter")
            await pilot.app.workers.wait_for_complete()  # the report is read in a worker
            await pilot.pause()
            await pilot.press(*["alt+down"] * 16)  # to c2
            await app.workers.wait_for_complete()
            await pilot.pause()
            shown = app.screen.form.query("TextArea").first().text
            title = app.screen.query_one("OutlineTree").part_nodes["a1"].label.plain
            screenshot = app.export_screenshot()
        store.close()
        return screenshot, shown, title

    screenshot, shown, title = asyncio.run(run())
    assert "\x1b" not in screenshot and "\x07" not in screenshot
    assert shown == clean_text(nasty) and shown.startswith("red [bold]x[/] a [/] b ສະບາຍດີ")
    assert "Title [/]" in title and "\x1b" not in title


def test_bidirectional_overrides_are_removed_so_nothing_after_them_is_shown_reversed():
    from swgtui.text import clean_line

    assert clean_line("\u202eRTL override gnirts") == "RTL override gnirts"
    assert clean_text("a\u202ab\u202cc\u2066d\u2069 ສະບາຍດີ") == "abcd ສະບາຍດີ"
    assert clean_text("zero\u200dwidth joiner kept") == "zero\u200dwidth joiner kept"
