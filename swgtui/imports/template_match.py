"""Which template a Word file was written from, and the template's words as the file shows them.

An export records its template (docx_properties: its id and fingerprint); a file without that
record (typed in Word, or exported before templates were recorded) is matched by its words: the
titles of its table's columns and its section headings against those of every known template
(bundled and the user's own), in every language the template has, ``{period}`` and ``{swg}``
standing for any text. When none matches, or several match as well, the import asks for the
template (``--template ID``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from swgtui.exports.docx_properties import read_template_record, template_fingerprint
from swgtui.i18n import _
from swgtui.imports import wordxml
from swgtui.model import report as rp
from swgtui.model.template import LANGUAGES, Template, TemplateError, available_templates, load_template
from swgtui.text import clean_line

_PLACEHOLDER = re.compile(r"(\{period\}|\{swg\})")
DEFAULT_TEMPLATE = "annex2"  # what a file with no table at all is told it lacks
BOTH = "both"  # a document in English and Lao (swgtui.exports: export --doc-lang both)


class TemplateNotFound(rp.ReportError):
    """The file's template is not known here, or cannot be told from its words."""


def squash(text: str) -> str:
    """`text` compared: case and runs of spaces ignored."""
    return " ".join(text.casefold().split())


@lru_cache(maxsize=1024)
def pattern(words: str) -> re.Pattern[str]:
    """The words of a template as they read in a file (squashed): ``{period}`` and ``{swg}`` any
    text (the first ``{period}`` captured as "period")."""
    pieces = []
    captured = False
    for piece in _PLACEHOLDER.split(" ".join(words.split())):
        if piece == "{period}" and not captured:
            pieces.append("(?P<period>.*?)")
            captured = True
        elif piece in ("{period}", "{swg}"):
            pieces.append(".*?")
        elif piece == " ":
            pieces.append(" ")
        elif piece:  # its spaces next to a placeholder are spaces in the file (the end may end it)
            lead = " " if piece.startswith(" ") else ""
            trail = "(?: |$)" if piece.endswith(" ") else ""
            pieces.append(lead + re.escape(squash(piece)) + trail)
    return re.compile("".join(pieces))


def languages(template: Template) -> list[str]:
    """The languages a document of the template may be in: English first, each language the
    template has words in, and BOTH (English then Lao) when it has Lao."""
    found = {language for words in template.translations.values() for language in words}
    known = [language for language in LANGUAGES if language == LANGUAGES[0] or language in found]
    return known + ([BOTH] if "lo" in known else [])


def _unique(texts: list[str]) -> list[str]:
    return [text for n, text in enumerate(texts) if text not in texts[:n]]


@dataclass(frozen=True)
class Words:
    """The words of a template that tell its file: its column titles and section headings, in
    one language (or BOTH: a title in English then Lao, a line each; a label "English / ລາວ:")."""

    template: Template
    language: str

    def _each(self, words: str) -> list[str]:
        codes = ("en", "lo") if self.language == BOTH else (self.language,)
        return _unique([self.template.words_in(words, code) for code in codes])

    def text(self, words: str) -> str:
        """The template's English `words` (a title) in this language (as written when it has none)."""
        return "\n".join(self._each(words))

    def label(self, words: str) -> str:
        """The template's English `words` (a label) in this language."""
        texts = self._each(words)
        colon = ":" if texts[0].rstrip().endswith(":") else ""
        return " / ".join(_unique([text.rstrip().rstrip(":").rstrip() for text in texts])) + colon

    def columns_match(self, texts: list[str]) -> bool:
        """Whether `texts` (a table's first row) are the template's column titles."""
        titles = self.template.columns
        return len(texts) == len(titles) and all(
            pattern(self.text(title)).fullmatch(squash(text)) is not None
            for title, text in zip(titles, texts, strict=True)
        )

    def section_of(self, text: str) -> str | None:
        """The id of the section whose heading `text` is (its start, as Word files were typed)."""
        squashed = squash(text)
        for spec in self.template.sections:
            if pattern(self.text(spec.title)).match(squashed) or squashed.startswith(squash(f"{spec.id}.")):
                return spec.id
        return None


def words_of(template: Template, table: Any) -> Words:
    """The template's words in the language whose column titles `table` (a w:tbl, or None) has;
    English when none has them."""
    texts = wordxml.first_row_texts(table) if table is not None else []
    for language in languages(template):
        if Words(template, language).columns_match(texts):
            return Words(template, language)
    return Words(template, LANGUAGES[0])


def find_template(document: Any, body: Any, name: str, template_id: str | None) -> tuple[Template, list[str]]:
    """The template of the file (python-docx's `document`, its w:body `body`, named `name`) and
    notes for the import's summary: `template_id` when given, else the one the file records,
    else the one its words match; TemplateNotFound saying why there is none."""
    if template_id:
        return _known(template_id, name), []
    record = read_template_record(document)
    if record is not None:
        recorded, fingerprint = record
        template = _known(recorded, name, recorded=True)
        if fingerprint and fingerprint != template_fingerprint(template.id):
            note = _("template {template} has changed since the file was written: read with the template as it is now")
            return template, [note.format(template=template.id)]
        return template, []
    return _matched(body, name), []


def _known(template_id: str, name: str, recorded: bool = False) -> Template:
    try:
        return load_template(template_id)
    except TemplateError as error:
        if recorded and not error.problems:  # (a template file that is there but broken says what is wrong)
            message = _(
                "{file} was written from the template {template}, which this computer does not have: "
                "add its file to the templates folder, or give another template with --template ID"
            )
            raise TemplateNotFound(message.format(file=name, template=clean_line(template_id)[:80])) from None
        raise TemplateNotFound(str(error)) from None


def _matched(body: Any, name: str) -> Template:
    """The one template whose column titles and section headings are the file's (the most of
    its headings, when several have its column titles)."""
    tables = [(wordxml.first_row_texts(table), _headings(table)) for table in wordxml.tables(body)]
    if not tables:  # not a report: read with the default template, whose reader says what it lacks
        return load_template(DEFAULT_TEMPLATE)
    templates, _problems = available_templates()
    scored: list[tuple[tuple[bool, int], Template]] = []
    for template in templates:
        best: tuple[bool, int] | None = None
        for texts, headings in tables:
            for language in languages(template):
                words = Words(template, language)
                columns = words.columns_match(texts)
                found = sum(1 for heading in headings if words.section_of(heading))
                if (columns or found) and len(texts) == len(template.columns):
                    best = max(best or (columns, found), (columns, found))
        if best is not None:
            scored.append((best, template))
    top = max((score for score, _template in scored), default=None)
    fitting = [template for score, template in scored if score == top]
    if len(fitting) == 1:
        return fitting[0]
    if fitting:
        message = _(
            "{file} matches several templates ({templates}): give the one it was written from with --template ID"
        )
        ids = ", ".join(template.id for template in fitting)
        raise TemplateNotFound(message.format(file=name, templates=ids))
    message = _(
        "{file} matches none of the templates here by its column titles and section headings: "
        "give the one it was written from with --template ID (swgtui templates lists them)"
    )
    raise TemplateNotFound(message.format(file=name))


def _headings(table: Any) -> list[str]:
    """The texts of the table's rows of one cell (section headings, and notes)."""
    return [cells[0].text for cells in wordxml.rows(table) if len(cells) == 1]
