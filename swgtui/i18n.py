"""The words a person reads, in their language: gettext catalogues kept in ``swgtui/locale``.

Every message is written in English in the code and goes through `_` (or `ngettext`) where it
is shown; `N_` marks a message kept in a constant (a key's description, a column title) that
is translated where it is shown, so that changing the language in the app changes it too.

The interface's language is chosen once, early (`choose_language`): ``--lang``, else
``$SWGTUI_LANG``, else the setting saved from the app, else the system's locale, else English.
A document's language is its own choice: `translator` gives the words of any language without
changing the interface's.

The catalogues are made with Babel (see the README's "Translations"): ``swgtui.pot`` holds every
message, ``lo/LC_MESSAGES/swgtui.po`` their Lao, compiled to ``swgtui.mo`` which is what is read.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

DOMAIN = "swgtui"
LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = {"en": "English", "lo": "ພາສາລາວ"}  # each language in its own words
DEFAULT_LANGUAGE = "en"
ENV_VAR = "SWGTUI_LANG"

_ALIASES = {"english": "en", "lao": "lo", "laos": "lo", "ລາວ": "lo", "ພາສາລາວ": "lo"}

_translators: dict[str, gettext.NullTranslations] = {}
_language = DEFAULT_LANGUAGE
_current: gettext.NullTranslations = gettext.NullTranslations()


def translator(code: str) -> gettext.NullTranslations:
    """The catalogue of a language (English: the messages as written); read once."""
    if code not in _translators:
        if code == DEFAULT_LANGUAGE:
            _translators[code] = gettext.NullTranslations()
        else:
            _translators[code] = gettext.translation(DOMAIN, LOCALE_DIR, languages=[code], fallback=True)
    return _translators[code]


def set_language(code: str) -> None:
    """Show every message from now on in this language (a code of `LANGUAGES`)."""
    global _language, _current
    if code not in LANGUAGES:
        raise ValueError(f"unknown language {code!r} (known: {', '.join(LANGUAGES)})")
    _language, _current = code, translator(code)


@contextmanager
def speaking(code: str) -> Iterator[None]:
    """Messages made in the block are in `code` (what a document or --json says, whatever the
    interface's language); the interface's language again after it."""
    was = _language
    set_language(code)
    try:
        yield
    finally:
        set_language(was)


def language() -> str:
    """The code of the interface's language."""
    return _language


def _(message: str) -> str:
    """`message` in the interface's language."""
    return _current.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural message for `count`, in the interface's language."""
    return _current.ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Marks a message for the catalogue without translating it yet: it is translated with `_`
    where it is shown."""
    return message


def language_code(text: str | None) -> str | None:
    """The code of `LANGUAGES` that `text` names: a code ("lo"), a locale ("lo_LA.UTF-8",
    "en-GB") or a name ("Lao", "ລາວ"); None when it names none."""
    if not text:
        return None
    word = text.strip().lower()
    if word in _ALIASES:
        return _ALIASES[word]
    code = word.split(".")[0].split("@")[0].replace("-", "_").split("_")[0]
    return code if code in LANGUAGES else None


def system_language(environ: Mapping[str, str] | None = None) -> str | None:
    """The language the system's locale names (as gettext reads it: $LANGUAGE, $LC_ALL,
    $LC_MESSAGES, $LANG), when it is one of `LANGUAGES`."""
    env = os.environ if environ is None else environ
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var)
        if value:
            for part in value.split(":"):
                code = language_code(part)
                if code:
                    return code
            if var != "LANGUAGE":  # the first of LC_ALL, LC_MESSAGES, LANG that is set decides
                return None
    return None


def choose_language(
    option: str | None, setting: str | None = None, environ: Mapping[str, str] | None = None
) -> tuple[str, list[str]]:
    """The interface's language: `option` (``--lang``), else ``$SWGTUI_LANG``, else `setting`
    (saved from the app), else the system's locale, else English; and a warning for each of
    the first three that names no known language (it is then passed over)."""
    env = os.environ if environ is None else environ
    warnings: list[str] = []
    for source, value in (("--lang", option), (ENV_VAR, env.get(ENV_VAR)), ("the language setting", setting)):
        if not value or not isinstance(value, str):
            continue
        code = language_code(value)
        if code:
            return code, warnings
        shown = repr(value[:40] + "…" if len(value) > 40 else value)  # repr: no escape sequence reaches a terminal
        warnings.append(f"{source}: unknown language {shown} (known: {', '.join(LANGUAGES)}); it is ignored")
    return system_language(env) or DEFAULT_LANGUAGE, warnings
