"""The language of the documents the app exports (Word, Markdown, the compendium), which is not
the interface's: palette commands "Document language: …" save it as a setting, and every export
of the app reads it. And the warning, once per template, that a template lacks Lao words while
the interface is in Lao."""

from __future__ import annotations

from pathlib import Path
from weakref import WeakKeyDictionary

from textual.app import App, SystemCommand

from swgtui import i18n, paths
from swgtui.exports.words import DOC_LANGUAGES, missing_words_warning
from swgtui.i18n import N_, _
from swgtui.model.template import Template
from swgtui.settings import load_settings, save_setting
from swgtui.store.storage import StorageError

NAMES = {"en": N_("English"), "lo": N_("Lao"), "both": N_("English and Lao")}
SETTING = "document_language"  # the app's setting (settings.json) of the language its exports are in
_chosen: dict[Path, str] = {}  # the setting as read or saved, by config folder: read once, not at each palette search


def saved_document_language() -> str:
    """The document language chosen in the app ("en", "lo" or "both"; English when none is
    saved or the saved one is unknown)."""
    folder = paths.config_dir()
    if folder not in _chosen:
        value = load_settings().get(SETTING)
        _chosen[folder] = value if value in DOC_LANGUAGES else DOC_LANGUAGES[0]
    return _chosen[folder]


_warned: WeakKeyDictionary[App[None], set[tuple[str, str]]] = (
    WeakKeyDictionary()
)  # each app's (template, language) told


def document_language_commands(app: App[None]) -> list[SystemCommand]:
    """A palette command for each document language, the chosen one marked."""
    current = saved_document_language()
    commands = []
    for code in DOC_LANGUAGES:
        name = _(NAMES[code])
        title = _("Document language: {language}").format(language=name) + (" ✓" if code == current else "")
        help_text = _("Export Word and Markdown documents in {language}").format(language=name)
        commands.append(SystemCommand(title, help_text, lambda code=code: choose_document_language(app, code)))
    return commands


def choose_document_language(app: App[None], code: str) -> None:
    """Export the app's documents in `code` from now on (kept as a setting)."""
    name = _(NAMES[code])
    try:
        save_setting(SETTING, code)
        _chosen[paths.config_dir()] = code
    except (OSError, StorageError) as error:
        message = _("The document language is not kept: {error}").format(error=error)
        app.notify(message, title=_("Setting not saved"), severity="warning", markup=False)
        return
    app.notify(_("Documents are exported in {language}").format(language=name), markup=False)


def warn_missing_words(app: App[None], template: Template) -> None:
    """Tell, once per template, that the template lacks words in the interface's language."""
    language = i18n.language()
    warning = missing_words_warning(template, language) if language != "en" else ""
    told = _warned.setdefault(app, set())
    if warning and (template.id, language) not in told:
        told.add((template.id, language))
        app.notify(warning, title=_("Template words in English"), severity="warning", timeout=12, markup=False)
