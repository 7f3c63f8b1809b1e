"""The command line in Lao: its help (click's own words too), its messages and errors, while what
--json prints stays the same in every language."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from babel.messages.extract import extract_from_dir
from click.testing import CliRunner

from swgtui import i18n
from swgtui.cli import main
from swgtui.cli.click_words import CLICK_WORDS, click_plurals

# click's messages no person meets: errors in a program's use of click, and those of modules
# swgtui never loads (an editor or progress bar, Windows' console, shell completion)
NOT_MET_FILES = {"_termui_impl.py", "_winconsole.py", "shell_completion.py"}
FOR_PROGRAMMERS = {
    "Name '{name}' defined twice",
    "Boolean option {decl!r} cannot use the same flag for true/false.",
    "Could not determine name for option with declarations {decls!r}",
    "No options defined but a name was passed ({name}). Did you mean to declare an argument instead? "
    "Did you mean to pass '--{name}'?",
    "Arguments take exactly one parameter declaration, got {length}: {decls}.",
}


def swgtui(*args: str, lang: str | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m swgtui ARGS` as a person runs it (with $SWGTUI_LANG=lang when given)."""
    env = {key: value for key, value in os.environ.items() if key != i18n.ENV_VAR}
    if lang is not None:
        env[i18n.ENV_VAR] = lang
    env["COLUMNS"] = "100"
    return subprocess.run(
        [sys.executable, "-m", "swgtui", *args], capture_output=True, text=True, env=env, timeout=60, check=False
    )


def run(*args: str) -> click.testing.Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def report_id() -> str:
    result = run("sample")
    assert result.exit_code == 0, result.output
    return result.output.strip()


# --- in a subprocess: the language is set before the commands are made ---------------------------


def test_the_help_is_in_lao_with_clicks_own_words() -> None:
    result = swgtui("--lang", "lo", "--help")
    assert result.returncode == 0, result.stderr
    help_text = result.stdout
    for lao in ("ວິທີໃຊ້:", "ຕົວເລືອກ:", "ຄຳສັ່ງ:", "ສະແດງຂໍ້ຄວາມນີ້ ແລ້ວອອກ.", "ສະແດງສະບັບຂອງໂປຣແກຣມ ແລ້ວອອກ."):
        assert lao in help_text
    assert "ຮ່າງ, ທົບທວນ ແລະ ສົ່ງອອກບົດລາຍງານປະຈຳປີ" in help_text  # the group's own help
    assert "ເພີ່ມແຖວໃສ່ພາກ (A ຫຼື B)" in help_text  # a command's line in the list
    for english in ("Usage:", "Options:", "Commands:", "Show this message", "Draft, review and export"):
        assert english not in help_text
    assert "--lang LANGUAGE" in help_text  # options and metavars keep their names


def test_a_commands_help_in_lao_from_the_environment() -> None:
    result = swgtui("new", "--help", lang="lo")
    assert result.returncode == 0, result.stderr
    assert "ສ້າງບົດລາຍງານ (ເປົ່າ, ຫຼື ຍົກມາຈາກບົດລາຍງານໄລຍະກ່ອນ)" in result.stdout
    assert "ໄລຍະລາຍງານ, ເຊັ່ນ: 2025/2026.  [ບັງຄັບ]" in result.stdout  # option help and click's "required"
    assert "ຄ່າເລີ່ມຕົ້ນ: annex2" in result.stdout
    assert "The reporting period" not in result.stdout


def test_the_same_help_in_english_without_lao() -> None:
    result = swgtui("new", "--help", lang="en")
    assert "Usage: python -m swgtui new [OPTIONS]" in result.stdout
    assert "The reporting period, e.g. 2025/2026.  [required]" in result.stdout


def test_clicks_errors_in_lao() -> None:
    result = swgtui("new", "--nope", lang="lo")
    assert result.returncode == 2
    assert "ຂໍ້ຜິດພາດ: ບໍ່ມີຕົວເລືອກ '--nope'." in result.stderr
    assert "ລອງໃຊ້ 'python -m swgtui new --help' ເພື່ອເບິ່ງຄຳຊ່ວຍເຫຼືອ." in result.stderr
    assert "ວິທີໃຊ້: python -m swgtui new [OPTIONS]" in result.stderr
    missing = swgtui("--lang", "lo", "new")
    assert missing.returncode == 2
    assert "ຂໍ້ຜິດພາດ: ຂາດຕົວເລືອກ '--period'." in missing.stderr
    no_value = swgtui("--lang", "lo", "list", "--db")
    assert "ຂໍ້ຜິດພາດ: ຕົວເລືອກ '--db' ຕ້ອງການຄ່າ." in no_value.stderr
    choice = swgtui("--lang", "lo", "whoami", "--role", "boss")
    assert "ຄ່າບໍ່ຖືກຕ້ອງສຳລັບ '--role': 'boss' ບໍ່ແມ່ນໜຶ່ງໃນ 'focal point', 'chair'" in choice.stderr
    assert "Error" not in choice.stderr and "Invalid value" not in choice.stderr


def test_our_own_error_in_lao(report_id: str) -> None:
    result = swgtui("add-row", report_id, "Z", "A new row", lang="lo")
    assert result.returncode == 1
    assert result.stderr.strip() == "ຂໍ້ຜິດພາດ: ບົດລາຍງານບໍ່ມີພາກ 'Z' (ພາກ: A, B, C)"


@pytest.mark.parametrize(
    "args",
    [
        ("list", "--json"),
        ("show", "{id}", "--json"),
        ("review", "{id}", "--json"),
        ("suggestions", "{id}", "--json", "--all"),
        ("conflicts", "{id}", "--json"),
        ("overview", "--period", "2020/2021", "--json"),
        ("templates", "--json"),
        ("history", "{id}", "A.1", "progress", "--json"),
        ("no-update", "{id}", "A.1", "--json"),  # the same change twice: the same answer
    ],
)
def test_json_is_the_same_in_both_languages(report_id: str, args: tuple[str, ...]) -> None:
    command = [arg.format(id=report_id) for arg in args]
    english, lao = swgtui(*command, lang="en"), swgtui(*command, lang="lo")
    assert english.returncode == lao.returncode == 0, lao.stderr
    assert json.loads(english.stdout) == json.loads(lao.stdout)
    assert english.stdout == lao.stdout


def test_an_edits_json_message_stays_english_while_its_line_is_lao(report_id: str) -> None:
    as_json = json.loads(swgtui("tag", report_id, "A.1", "", "--json", lang="lo").stdout)
    assert as_json["message"] == "cleared the tag of row 'Enhanced border security'"
    line = swgtui("tag", report_id, "A.1", "", lang="lo").stdout.strip()
    assert line == "ລຶບປ້າຍຂອງແຖວ 'Enhanced border security' ແລ້ວ"


# --- in this process: the messages follow the language set ---------------------------------------


def test_messages_in_lao(report_id: str) -> None:
    i18n.set_language("lo")
    added = run("add-row", report_id, "A", "ແຖວໃໝ່")
    assert added.exit_code == 0, added.output
    assert added.output.startswith("ເພີ່ມແຖວ 'ແຖວໃໝ່' ໃສ່ພາກ A ແລ້ວ (ລະຫັດ ")
    first = run("move-row", report_id, "A.1", "up")
    assert first.exit_code == 1
    assert first.output.strip() == "ຂໍ້ຜິດພາດ: ແຖວ 'Enhanced border security' ເປັນແຖວທຳອິດຂອງພາກ A ແລ້ວ"
    marked = run("no-update", report_id, "B")
    assert marked.output.strip() == "ພາກ 'B. Communication and outreach' ຖືກໝາຍວ່າ 'ບໍ່ມີຄວາມຄືບໜ້າໃໝ່ໃນໄລຍະນີ້'"
    assert run("conflicts", report_id).output.strip() == "ບໍ່ມີຂໍ້ຂັດແຍ່ງ"
    assert run("suggestions", report_id).output.strip() == "ບໍ່ມີຂໍ້ສະເໜີແກ້ໄຂທີ່ຍັງເປີດຢູ່"
    shown = run("show", report_id).output
    assert re.search(r"\(ເອກະສານຊ້ອນທ້າຍ 2 – ແບບຟອມການລາຍງານຂອງ SWG, ຄົບຖ້ວນ \d+%\)", shown)  # the template's words in Lao
    assert "[A.1, ລະຫັດ a1]" in shown and "ບັນທຶກກ່ຽວກັບສະພາບການ: 57 ຄຳ" in shown
    assert "[ບໍ່ມີຄວາມຄືບໜ້າໃໝ່ໃນໄລຍະນີ້]" in shown


def test_review_package_messages_in_lao(report_id: str, tmp_path: Path) -> None:
    i18n.set_language("lo")
    assert run("receive", "--undo").output.strip() == "ຂໍ້ຜິດພາດ: ບໍ່ມີການຮັບໃດໃຫ້ຖອນ"
    package = tmp_path / "out.swgpkg"
    sent = run("send", report_id, "--out", str(package))
    assert sent.exit_code == 0, sent.output
    assert "ໝາຍເຫດ: ຊຸດຂໍ້ມູນນີ້ມີທຸກຮ່າງ ແລະ ທຸກຄຳເຫັນພາຍໃນຂອງບົດລາຍງານ" in sent.output
    again = run("receive", str(package))
    assert "ໄດ້ຮັບແລ້ວ: ບໍ່ມີຫຍັງປ່ຽນແປງໃນ idswg-2020-2021" in again.output
    missing = run("receive", str(tmp_path / "nothing.swgpkg"))
    assert missing.exit_code == 1
    assert f"ບໍ່ມີໄຟລ໌ {tmp_path / 'nothing.swgpkg'}" in missing.output


def test_clicks_words_follow_the_language_set_at_run_time() -> None:
    i18n.set_language("lo")
    assert "ຂໍ້ຜິດພາດ: ບໍ່ມີຄຳສັ່ງ 'nope'." in run("nope").output
    i18n.set_language("en")
    assert "Error: No such command 'nope'." in run("nope").output


def test_the_lang_option_refuses_an_unknown_language_in_lao() -> None:
    i18n.set_language("lo")
    result = run("--lang", "fr", "list")
    assert result.exit_code == 2
    assert "ຄ່າບໍ່ຖືກຕ້ອງສຳລັບ '--lang': ບໍ່ຮູ້ຈັກພາສາ 'fr' (ພາສາທີ່ຮູ້ຈັກ: en, lo)" in result.output


# --- click's words: all of them in the catalogue, all said through it ----------------------------


def test_every_click_word_a_person_can_meet_is_listed_for_the_catalogue() -> None:
    listed: set[object] = set(CLICK_WORDS) | set(zip(click_plurals(1), click_plurals(2), strict=True))
    found = set()
    for filename, _line, message, _comments, _context in extract_from_dir(
        Path(click.__file__).parent, method_map=[("*.py", "python")]
    ):
        if Path(filename).name in NOT_MET_FILES or not message:
            continue
        found.add(message if isinstance(message, str) else tuple(message))
    assert found - FOR_PROGRAMMERS - {""} <= listed, "click says words swgtui does not list (swgtui/cli/click_words.py)"


def test_every_click_word_has_its_lao() -> None:
    english = [*CLICK_WORDS, *click_plurals(1), *click_plurals(2)]
    i18n.set_language("lo")
    lao = [i18n._(word) for word in CLICK_WORDS] + [*click_plurals(1), *click_plurals(2)]
    assert not [word for word, said in zip(english, lao, strict=True) if said == word]


def test_every_loaded_click_module_says_its_words_through_our_catalogue() -> None:
    import gettext

    modules = [m for name, m in sys.modules.items() if name == "click" or name.startswith("click.")]
    assert any(getattr(m, "_", None) is i18n._ for m in modules)
    assert not [m.__name__ for m in modules if getattr(m, "_", None) is gettext.gettext]
    assert not [m.__name__ for m in modules if getattr(m, "ngettext", None) is gettext.ngettext]
