"""Every message a person reads has its Lao translation, and the catalogues are current."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

from swgtui import i18n

PACKAGE = Path(i18n.__file__).parent
PO = i18n.LOCALE_DIR / "lo" / "LC_MESSAGES" / "swgtui.po"
MO = PO.with_suffix(".mo")
FIELD = re.compile(r"\{[^{}]*\}")


def _source_messages() -> set[str | tuple[str, str]]:
    found: set[str | tuple[str, str]] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        PACKAGE, method_map=[("**.py", "python")], keywords=DEFAULT_KEYWORDS
    ):
        found.add(message if isinstance(message, str) else (message[0], message[1]))
    return found


def _catalogue():
    with PO.open("rb") as file:
        return read_po(file, locale="lo")


def test_every_message_in_the_code_is_in_the_lao_catalogue() -> None:
    catalogue = _catalogue()
    known = {message.id if isinstance(message.id, str) else tuple(message.id) for message in catalogue if message.id}
    missing = sorted(str(m) for m in _source_messages() - known)
    assert not missing, (
        f"{len(missing)} messages are not in the catalogue (python scripts/translations.py update): {missing[:20]}"
    )


def test_every_message_has_a_lao_translation_with_the_same_placeholders() -> None:
    untranslated, broken = [], []
    for message in _catalogue():
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        texts = [message.string] if isinstance(message.string, str) else list(message.string)
        if not all(t and t.strip() for t in texts):
            untranslated.append(ids[0])
            continue
        wanted = set(FIELD.findall(ids[-1])) | set(FIELD.findall(ids[0]))
        if any(
            not set(FIELD.findall(t)) <= wanted or not set(FIELD.findall(ids[0])) <= set(FIELD.findall(t))
            for t in texts
        ):
            broken.append(ids[0])
    assert not untranslated, f"{len(untranslated)} messages have no Lao translation: {untranslated[:20]}"
    assert not broken, f"{len(broken)} Lao translations do not have their message's placeholders: {broken[:20]}"


def test_the_compiled_catalogue_is_current() -> None:
    with MO.open("rb") as file:
        compiled = gettext.GNUTranslations(file)
    for message in _catalogue():
        if not message.id or not message.string:
            continue
        if isinstance(message.id, str):
            assert compiled.gettext(message.id) == message.string, (
                f"run python scripts/translations.py compile ({message.id!r})"
            )
        else:
            assert compiled.ngettext(message.id[0], message.id[1], 1) == message.string[0], message.id


@pytest.mark.parametrize(
    ("text", "code"),
    [("lo", "lo"), ("lo_LA.UTF-8", "lo"), ("Lao", "lo"), ("ລາວ", "lo"), ("en-GB", "en"), ("fr_FR", None), ("", None)],
)
def test_a_language_is_named_by_its_code_its_locale_or_its_name(text: str, code: str | None) -> None:
    assert i18n.language_code(text) == code


def test_the_language_is_chosen_from_the_option_then_the_environment_then_the_setting_then_the_system() -> None:
    env = {"SWGTUI_LANG": "lo", "LANG": "en_US.UTF-8"}
    assert i18n.choose_language("en", "lo", env) == ("en", [])
    assert i18n.choose_language(None, "en", env) == ("lo", [])
    assert i18n.choose_language(None, "lo", {"LANG": "en_US.UTF-8"}) == ("lo", [])
    assert i18n.choose_language(None, None, {"LANG": "lo_LA.UTF-8"}) == ("lo", [])
    assert i18n.choose_language(None, None, {"LC_ALL": "C", "LANG": "lo_LA.UTF-8"}) == ("en", [])
    code, warnings = i18n.choose_language("klingon", None, {"SWGTUI_LANG": "lo"})
    assert code == "lo"
    assert warnings == ["--lang: unknown language 'klingon' (known: en, lo); it is ignored"]


def test_the_list_of_translations_awaiting_review_is_current() -> None:
    awaiting = [m.id for m in _catalogue() if m.id and any("awaiting review" in c for c in m.user_comments)]
    listed = (PACKAGE.parent / "docs" / "translations-awaiting-review.md").read_text(encoding="utf-8")
    assert f"\n{len(awaiting)} entries.\n" in listed, "run python scripts/translations.py review"
    for msgid in awaiting:
        first = msgid if isinstance(msgid, str) else msgid[0]
        assert first.replace("|", "\\|").replace("\n", " ") in listed, first
