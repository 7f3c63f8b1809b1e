"""The words of a document in the document's own language, which is not the interface's: English,
Lao, or both ("both": each word in English then in Lao).

The fixed words swgtui writes into a document (DRAFT, Review record, page N of M, No update this
period) are messages of the catalogue, marked with `N_` where they are defined and translated
here with the document's catalogue (`i18n.translator`). A template's words come from the
template in each of the document's languages (`Template.filled`), joined here the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from swgtui.i18n import N_, ngettext, translator
from swgtui.model.template import Template

DOC_LANGUAGES = ("en", "lo", "both")
BOTH = "both"
SHORT = " / "  # between the languages of a short word ("Status / ສະຖານະ")
LONG = "\n"  # between those of a title: a line each
_LAO = re.compile("[\u0e80-\u0eff]")

# the fixed words of a report's documents
DRAFT = N_("DRAFT")
NO_UPDATE = N_("No update this period.")
PAGE_OF = N_("page {page} of {pages}")
UNTITLED_ROW = N_("(untitled row)")


def has_lao(text: str) -> bool:
    """Whether `text` holds a Lao letter (it is then set in the Lao font)."""
    return _LAO.search(text) is not None


def joined(texts: Iterable[str], separator: str = SHORT) -> str:
    """The texts of the languages, each once, one after the other."""
    unique: list[str] = []
    for text in texts:
        if text not in unique:
            unique.append(text)
    return separator.join(unique)


def joined_label(texts: Iterable[str]) -> str:
    """Labels ("Update on progress:") of the languages joined, with the colon once at the end."""
    texts = list(texts)
    colon = ":" if texts and texts[0].rstrip().endswith(":") else ""
    return joined(text.rstrip().rstrip(":").rstrip() for text in texts) + colon


class DocWords:
    """The words of a document in `language` ("en", "lo" or "both")."""

    def __init__(self, language: str = "en") -> None:
        if language not in DOC_LANGUAGES:
            raise ValueError(f"unknown document language {language!r} (known: {', '.join(DOC_LANGUAGES)})")
        self.language = language
        self.languages: tuple[str, ...] = ("en", "lo") if language == BOTH else (language,)

    def each(self, message: str) -> list[str]:
        """A fixed word (an `N_`-marked message) in each of the document's languages."""
        return [translator(code).gettext(message) for code in self.languages]

    def __call__(self, message: str, separator: str = SHORT) -> str:
        """A fixed word (an `N_`-marked message) as the document says it."""
        return joined(self.each(message), separator)

    def format(self, message: str, separator: str = SHORT, **values: str) -> str:
        """A fixed message with placeholders, filled in each language."""
        return joined((text.format(**values) for text in self.each(message)), separator)

    def ngettext(self, singular: str, plural: str, count: int, separator: str = SHORT) -> str:
        """The singular or plural message for `count` as the document says it (its placeholders
        left to fill); called with the messages written out, so that they are extracted."""
        return joined((translator(code).ngettext(singular, plural, count) for code in self.languages), separator)

    def one_by_one(self) -> list[DocWords]:
        """The words of each of the document's languages, for a sentence said in each in turn."""
        return [DocWords(code) for code in self.languages]


def missing_words_warning(template: Template, language: str) -> str:
    """A warning (in the interface's language) when `template` lacks Lao words and the document
    is in Lao or both; "" when it has them all, or the document is in English."""
    missing = len(template.missing_words("lo")) if language in ("lo", BOTH) else 0
    if not missing:
        return ""
    message = ngettext(
        "template {name} has no Lao for {count} of its words; it is shown in English",
        "template {name} has no Lao for {count} of its words; they are shown in English",
        missing,
    )
    return message.format(name=f"{template.title} ({template.id})", count=missing)
