"""Report templates as data: loading and validation.

A template (such as Annex 2) is a JSON file shipped in ``swgtui/data/templates`` or dropped
into the user's templates folder. It holds every word of the template; the code holds none.

Any string of a template may hold the placeholders ``{period}`` and ``{swg}``, replaced as
they are written by the report's period and SWG name (`fill`). Braces are for these two only:
any other ``{name}``, and a brace that does not belong to one of them, is refused when the
template is validated, so a typo such as ``{perod}`` or ``{period`` never reaches a report.

Every word a person reads (a title, label, heading, guidance, column title) is either a string,
read as English, or its languages: ``{"en": "Progress", "lo": "ຄວາມຄືບໜ້າ"}`` (English is
required). `Template.filled` gives the words in one language, English where a word has none in
it; `Template.missing_words` names those. Ids, tags and a row's items are names stored in
the report, in one language.

A template has two to six columns (``"columns"``): the first holds each row's title, the others
what the fields write (a field's ``"column"``; a column no field writes to stays empty). A column
is its title, or ``{"title": ..., "width": 6.5}`` with its width in centimetres (columns without
one share what is left of the page). ``"orientation"`` is ``"portrait"`` or ``"landscape"``.
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

from swgtui import paths
from swgtui.i18n import N_, _, ngettext, translator
from swgtui.model.ids import is_plain_id
from swgtui.text import clean_line, clean_text

TEMPLATE_SCHEMA = 1
LANGUAGES = ("en", "lo")  # the languages a template's words may be written in; English first
MIN_COLUMNS, MAX_COLUMNS = 2, 6
MAX_COLUMN_WIDTH_CM = 60.0
ORIENTATIONS = ("portrait", "landscape")
MAX_WORDS_LENGTH = 5_000  # characters in one word of a template: guidance is a paragraph, not a book
MAX_FILE_BYTES = 2_000_000
NAME_MAX = 500  # characters of a name stored in a report (as swgtui.model.report allows)
SWG_NAME_FIELD = "swg_name"  # the header field every template has: the SWG's name


PLACEHOLDERS = ("{period}", "{swg}")
_PLACEHOLDER = re.compile(r"\{(period|swg)\}")
_BRACES = re.compile(r"\{[^{}]*\}|[{}]")  # a pair of braces with no brace inside, or a lone brace


class TemplateError(Exception):
    """A template file is missing, unreadable or does not describe a valid template. `problems`
    holds each problem found with its place ("sections[2].title: ..."), the message the first."""

    def __init__(self, message: str, problems: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.problems = problems


def fill(text: str, period: str, swg: str) -> str:
    """`text` of a template with ``{period}`` and ``{swg}`` replaced by these, as written (no
    other brace is read: the words of a template are never code)."""
    values = {"period": period, "swg": swg}
    return _PLACEHOLDER.sub(lambda match: values[match[1]], text)


def placeholder_problems(text: str) -> list[str]:
    """What is wrong with the braces in `text`: each placeholder other than ``{period}`` and
    ``{swg}``, and each brace that belongs to none."""
    problems = []
    for match in _BRACES.finditer(text):
        token = match[0]
        if token in PLACEHOLDERS:
            continue
        if len(token) == 1:
            problems.append(_("a lone {brace} (braces are only for {{period}} and {{swg}})").format(brace=token))
        else:
            shown = clean_line(token if len(token) <= 42 else token[:40] + "…}")
            problems.append(_("unknown placeholder {name} (only {{period}} and {{swg}})").format(name=shown))
    return problems


def _strings(data: Any, where: str) -> Iterator[tuple[str, str]]:
    """Every string in decoded JSON with its place, e.g. ("sections[2].title", "...")."""
    stack = [(where, data)]
    while stack:
        place, value = stack.pop()
        if isinstance(value, str):
            yield place, value
        elif isinstance(value, dict):
            stack.extend((f"{place}.{key}" if place else str(key), item) for key, item in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend((f"{place}[{i}]", item) for i, item in reversed(list(enumerate(value))))


@dataclass(frozen=True)
class FieldSpec:
    id: str
    label: str
    guidance: str
    column: int = 2
    required: bool = True
    label_in_document: bool = False


@dataclass(frozen=True)
class ContactListSpec:
    id: str
    label: str
    heading: str
    guidance: str
    required: bool = True


@dataclass(frozen=True)
class RowKind:
    id: str
    label: str
    fields: tuple[FieldSpec, ...]
    tags: tuple[str, ...] = ()
    title_guidance: str = ""
    item_label: str = ""
    item_guidance: str = ""

    @property
    def has_items(self) -> bool:
        """Rows of this kind hold named narratives (e.g. one per development partner)."""
        return bool(self.item_label)

    def field(self, field_id: str) -> FieldSpec | None:
        return next((f for f in self.fields if f.id == field_id), None)


@dataclass(frozen=True)
class RowSpec:
    """A row the template itself puts in a section (fixed rows, special rows)."""

    id: str
    kind: str
    title: str
    removable: bool = False
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class SectionSpec:
    id: str
    title: str
    short_title: str
    guidance: str
    rows: tuple[RowSpec, ...]
    new_row_kind: str | None = None

    @property
    def rows_editable(self) -> bool:
        """Whether users may add, remove, rename and reorder rows in this section."""
        return self.new_row_kind is not None


@dataclass(frozen=True)
class Template:
    id: str
    title: str
    overview_heading: str
    columns: tuple[str, ...]  # 2..6 titles; the first column holds each row's title
    header_title: str
    header_fields: tuple[FieldSpec, ...]
    contact_lists: tuple[ContactListSpec, ...]
    row_kinds: dict[str, RowKind]
    sections: tuple[SectionSpec, ...]
    column_widths: tuple[float | None, ...] = ()  # centimetres, one per column; None: a share of the rest
    orientation: str = "landscape"
    translations: dict[str, dict[str, str]] = field(default_factory=dict)  # English words -> {language: words}
    source: str = field(default="", compare=False)

    def section(self, section_id: str) -> SectionSpec | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def header_field(self, field_id: str) -> FieldSpec | None:
        return next((f for f in self.header_fields if f.id == field_id), None)

    def contact_list(self, list_id: str) -> ContactListSpec | None:
        return next((c for c in self.contact_lists if c.id == list_id), None)

    def words_in(self, text: str, language: str) -> str:
        """The English words `text` of this template in `language` (as written when it has none)."""
        return self.translations.get(text, {}).get(language, text)

    def missing_words(self, language: str) -> list[str]:
        """The words of this template that have no translation in `language`, in English."""
        if language == LANGUAGES[0]:
            return []
        return [text for text, languages in self.translations.items() if language not in languages]

    def filled(self, period: str, swg: str, language: str = "en") -> Template:
        """This template as a report of `swg` for `period` shows it in `language`: every word a
        person reads in that language (`words_in`), with {period} and {swg} filled (`fill`). Ids,
        tags and items stay as written; so do the titles of the template's rows (a report's rows
        keep their own titles)."""

        def words(text: str) -> str:
            return fill(self.words_in(text, language), period, swg)

        def field_spec(spec: FieldSpec) -> FieldSpec:
            return replace(spec, label=words(spec.label), guidance=words(spec.guidance))

        kinds = {
            kind_id: replace(
                kind,
                label=words(kind.label),
                fields=tuple(field_spec(f) for f in kind.fields),
                title_guidance=words(kind.title_guidance),
                item_label=words(kind.item_label),
                item_guidance=words(kind.item_guidance),
            )
            for kind_id, kind in self.row_kinds.items()
        }
        return replace(
            self,
            title=words(self.title),
            overview_heading=words(self.overview_heading),
            columns=tuple(words(title) for title in self.columns),
            header_title=words(self.header_title),
            header_fields=tuple(field_spec(f) for f in self.header_fields),
            contact_lists=tuple(
                replace(c, label=words(c.label), heading=words(c.heading), guidance=words(c.guidance))
                for c in self.contact_lists
            ),
            row_kinds=kinds,
            sections=tuple(
                replace(s, title=words(s.title), short_title=words(s.short_title), guidance=words(s.guidance))
                for s in self.sections
            ),
        )


class _Reader:
    """Reads one JSON object, noting every problem with its place and reading on (a part that is
    wrong is read as empty), so that one pass names them all."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.translations: dict[str, dict[str, str]] = {}
        self._first_place: dict[str, str] = {}

    def fail(self, where: str, problem: str) -> None:
        self.problems.append(f"{clean_line(where)[:200]}: {problem}")  # a key of the file may hold escapes

    def obj(self, value: Any, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(where, _("must be an object"))
            return {}
        return value

    def keys(self, data: dict[str, Any], where: str, known: tuple[str, ...]) -> None:
        """Refuse a key the template format does not have (a typo such as "guidence" would
        otherwise be passed over in silence)."""
        for key in data:
            if key not in known:
                self.fail(
                    where,
                    _("unknown key {key!r} (known: {known})").format(
                        key=clean_line(str(key))[:40], known=", ".join(known)
                    ),
                )

    def name(self, data: dict[str, Any], key: str, where: str) -> str:
        """An id or name stored in reports: one non-empty string."""
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            self.fail(f"{where}.{key}", _("must be a non-empty string"))
            return ""
        return self._checked_length(clean_text(value), f"{where}.{key}")

    def ident(self, data: dict[str, Any], key: str, where: str) -> str:
        """An id stored in reports: as a report's ids are (`PLAIN_ID`: 1 to 64 letters A-Z,
        digits, - and _), so that every report made on the template can be read back."""
        value = self.name(data, key, where)
        return value if not value or self.plain(value, f"{where}.{key}") else ""

    def plain(self, value: str, place: str) -> bool:
        if is_plain_id(value):
            return True
        shown = clean_line(value)[:20] + ("…" if len(value) > 20 else "")
        self.fail(
            place, _("{value!r} is not an id (an id is 1 to 64 letters A-Z, digits, - and _)").format(value=shown)
        )
        return False

    def text(self, data: dict[str, Any], key: str, where: str, default: str | None = None) -> str:
        """The words under `key` (see `words`); required unless it has a `default`."""
        return self.words(data.get(key, default), f"{where}.{key}", required=default is None)

    def words(self, value: Any, place: str, required: bool = True) -> str:
        """Words a person reads: a string (English) or {"en": ..., "lo": ...}; returns the
        English, its translations kept in `translations`."""
        if isinstance(value, dict):
            return self._languages(value, place, required)
        if not isinstance(value, str) or (required and not value.strip()):
            self.fail(place, _('must be a non-empty string, or its languages {{"en": ..., "lo": ...}}').format())
            return ""
        english = self._checked_length(clean_text(value), place)  # text from a file: no escape sequences
        if english:
            self.translations.setdefault(english, {})
        return english

    def _languages(self, value: dict[str, Any], place: str, required: bool) -> str:
        texts: dict[str, str] = {}
        for language, words in value.items():
            if language not in LANGUAGES:
                self.fail(
                    f"{place}.{clean_line(str(language))[:20]}",
                    _("unknown language (known: {known})").format(known=", ".join(LANGUAGES)),
                )
            elif not isinstance(words, str) or (required and not words.strip()):
                self.fail(f"{place}.{language}", _("must be a non-empty string"))
            else:
                texts[language] = self._checked_length(clean_text(words), f"{place}.{language}")
        english = texts.pop(LANGUAGES[0], None)
        if english is None:
            self.fail(place, _('needs its English words ("en"), shown where a language has none'))
            return ""
        known = self.translations.setdefault(english, {})
        for language, words in texts.items():
            if known.setdefault(language, words) != words:
                self.fail(
                    place,
                    _("the same English words have another {language!r} translation at {place}").format(
                        language=language, place=self._first_place[english]
                    ),
                )
        self._first_place.setdefault(english, place)
        return english

    def _checked_length(self, text: str, place: str) -> str:
        if len(text) > MAX_WORDS_LENGTH:
            self.fail(
                place,
                _("too long: {count:,} characters (at most {most:,})").format(count=len(text), most=MAX_WORDS_LENGTH),
            )
            return text[:MAX_WORDS_LENGTH]
        return text

    def flag(self, data: dict[str, Any], key: str, where: str, default: bool) -> bool:
        """A true/false setting: "false" or "no" written as text would read as true, so it is refused."""
        value = data.get(key, default)
        if not isinstance(value, bool):
            self.fail(f"{where}.{key}", _("must be true or false"))
            return default
        return value

    def items(self, data: dict[str, Any], key: str, where: str) -> list[Any]:
        value = data.get(key, [])
        if not isinstance(value, list):
            self.fail(f"{where}.{key}", _("must be a list"))
            return []
        return value

    def names(self, data: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
        """A list of names stored in reports (a row's partners): each a non-empty string of at
        most NAME_MAX characters."""
        found = []
        for i, value in enumerate(self.items(data, key, where)):
            if not isinstance(value, str) or not value.strip():
                self.fail(f"{where}.{key}[{i}]", _("must be a non-empty string"))
            elif len(value) > NAME_MAX:
                self.fail(
                    f"{where}.{key}[{i}]",
                    _("too long: {count:,} characters (at most {most:,})").format(count=len(value), most=NAME_MAX),
                )
            else:
                found.append(clean_line(value))
        return tuple(found)

    def unique(self, ids: list[str], where: str) -> None:
        seen, told = set(), set()
        for item_id in ids:
            if item_id in seen and item_id not in told:
                self.fail(where, _("id {id!r} is used twice").format(id=item_id))
                told.add(item_id)
            seen.add(item_id)

    def field_spec(self, data: Any, where: str, columns: int) -> FieldSpec:
        data = self.obj(data, where)
        self.keys(data, where, ("id", "label", "guidance", "column", "required", "label_in_document"))
        column = data.get("column", 2)
        if isinstance(column, bool) or not isinstance(column, int) or not 2 <= column <= max(columns, 2):
            self.fail(
                f"{where}.column",
                _("must be a column from 2 to {last} (column 1 holds the row titles)").format(last=max(columns, 2)),
            )
            column = 2
        return FieldSpec(
            id=self.ident(data, "id", where),
            label=self.text(data, "label", where),
            guidance=self.text(data, "guidance", where, ""),
            column=column,
            required=self.flag(data, "required", where, True),
            label_in_document=self.flag(data, "label_in_document", where, False),
        )


_TOP_KEYS = ("schema", "id", "title", "overview_heading", "columns", "orientation", "header", "row_kinds", "sections")


def _columns(r: _Reader, data: dict[str, Any]) -> tuple[list[str], list[float | None]]:
    """The titles and widths of the template's columns (each a title, or {"title", "width"})."""
    raw = r.items(data, "columns", "top level")
    if not MIN_COLUMNS <= len(raw) <= MAX_COLUMNS:
        r.fail(
            "columns",
            _("must be {least} to {most} columns, found {count}").format(
                least=MIN_COLUMNS, most=MAX_COLUMNS, count=len(raw)
            ),
        )
        raw = raw[:MAX_COLUMNS]
    titles: list[str] = []
    widths: list[float | None] = []
    for i, column in enumerate(raw):
        where = f"columns[{i}]"
        width = None
        if isinstance(column, dict) and "title" in column:
            r.keys(column, where, ("title", "width"))
            width = column.get("width")
            if width is not None and (
                isinstance(width, bool) or not isinstance(width, int | float) or not 0.5 <= width <= MAX_COLUMN_WIDTH_CM
            ):
                r.fail(
                    f"{where}.width",
                    _("must be a width in centimetres from 0.5 to {most:g}").format(most=MAX_COLUMN_WIDTH_CM),
                )
                width = None
            titles.append(r.text(column, "title", where))
        else:
            titles.append(r.words(column, where))
        widths.append(None if width is None else float(width))
    return titles, widths


DEFAULT_HEADER_TITLE = N_("Header block")


def _header_title(r: _Reader, header: dict[str, Any]) -> str:
    """The header block's title: the template's, else swgtui's own words, in each language swgtui has."""
    if "title" in header:
        return r.text(header, "title", "header")
    r.translations[DEFAULT_HEADER_TITLE] = {
        code: translator(code).gettext(DEFAULT_HEADER_TITLE) for code in LANGUAGES[1:]
    }
    return DEFAULT_HEADER_TITLE


def _read(r: _Reader, data: Any) -> Template | None:
    """The template `data` describes; None when it is not an object (each problem noted in `r`)."""
    if not isinstance(data, dict):
        r.fail("top level", _("must be an object"))
        return None
    r.keys(data, "top level", _TOP_KEYS)
    if data.get("schema") != TEMPLATE_SCHEMA or isinstance(data.get("schema"), bool):  # true == 1 in Python
        r.fail(
            "schema",
            _("must be {schema}, found {found}").format(
                schema=TEMPLATE_SCHEMA, found=clean_line(repr(data.get("schema")))[:40]
            ),
        )
    template_id = r.ident(data, "id", "top level")
    title = r.text(data, "title", "top level")
    overview_heading = r.text(data, "overview_heading", "top level")
    columns, widths = _columns(r, data)
    orientation = data.get("orientation", "landscape")
    if orientation not in ORIENTATIONS:
        r.fail("orientation", _("must be portrait or landscape"))
        orientation = "landscape"
    column_count = len(columns)

    header = r.obj(data.get("header"), "header")
    r.keys(header, "header", ("title", "fields", "contact_lists"))
    header_fields = tuple(
        r.field_spec(f, f"header.fields[{i}]", column_count) for i, f in enumerate(r.items(header, "fields", "header"))
    )
    contact_lists = []
    for i, raw in enumerate(r.items(header, "contact_lists", "header")):
        where = f"header.contact_lists[{i}]"
        raw = r.obj(raw, where)
        r.keys(raw, where, ("id", "label", "heading", "guidance", "required"))
        contact_lists.append(
            ContactListSpec(
                id=r.ident(raw, "id", where),
                label=r.text(raw, "label", where),
                heading=r.text(raw, "heading", where),
                guidance=r.text(raw, "guidance", where, ""),
                required=r.flag(raw, "required", where, True),
            )
        )
    r.unique([f.id for f in header_fields] + [c.id for c in contact_lists], "header")
    if header and not any(spec.id == SWG_NAME_FIELD for spec in header_fields):
        r.fail(
            "header.fields",
            _("needs a field with the id {id!r}: the SWG's name, by which each report is listed and named").format(
                id=SWG_NAME_FIELD
            ),
        )

    row_kinds: dict[str, RowKind] = {}
    raw_kinds = data.get("row_kinds")
    for kind_id, raw in r.obj(raw_kinds, "row_kinds").items():
        where = f"row_kinds.{kind_id}"
        r.plain(kind_id, where)
        raw = r.obj(raw, where)
        r.keys(raw, where, ("label", "tags", "title_guidance", "fields", "item_label", "item_guidance"))
        fields = tuple(
            r.field_spec(f, f"{where}.fields[{i}]", column_count) for i, f in enumerate(r.items(raw, "fields", where))
        )
        r.unique([f.id for f in fields], f"{where}.fields")
        tags = r.items(raw, "tags", where)
        if not all(isinstance(t, str) and t for t in tags):
            r.fail(f"{where}.tags", _("must be non-empty strings"))
            tags = [t for t in tags if isinstance(t, str) and t]
        row_kinds[kind_id] = RowKind(
            id=kind_id,
            label=r.text(raw, "label", where),
            fields=fields,
            tags=tuple(clean_text(t) for t in tags),
            title_guidance=r.text(raw, "title_guidance", where, ""),
            item_label=r.text(raw, "item_label", where, ""),
            item_guidance=r.text(raw, "item_guidance", where, ""),
        )
    kinds_known = isinstance(raw_kinds, dict)  # else each reference to a kind would be one more problem

    sections = []
    for i, raw in enumerate(r.items(data, "sections", "top level")):
        where = f"sections[{i}]"
        raw = r.obj(raw, where)
        r.keys(raw, where, ("id", "title", "short_title", "guidance", "rows", "new_row_kind"))
        new_row_kind = raw.get("new_row_kind")
        if new_row_kind is not None and new_row_kind not in row_kinds and kinds_known:
            r.fail(
                f"{where}.new_row_kind",
                _("{kind} is not one of the row_kinds").format(kind=clean_line(repr(new_row_kind))[:40]),
            )
        rows = []
        for j, row in enumerate(r.items(raw, "rows", where)):
            row_where = f"{where}.rows[{j}]"
            row = r.obj(row, row_where)
            r.keys(row, row_where, ("id", "kind", "title", "removable", "items"))
            kind = r.name(row, "kind", row_where)
            if kind and kind not in row_kinds and kinds_known:
                r.fail(f"{row_where}.kind", _("{kind} is not one of the row_kinds").format(kind=repr(kind)))
            rows.append(
                RowSpec(
                    id=r.ident(row, "id", row_where),
                    kind=kind,
                    title=r.text(row, "title", row_where),
                    removable=r.flag(row, "removable", row_where, False),
                    items=r.names(row, "items", row_where),
                )
            )
        section_title = r.text(raw, "title", where)
        sections.append(
            SectionSpec(
                id=r.ident(raw, "id", where),
                title=section_title,
                short_title=r.text(raw, "short_title", where, "") or section_title,
                guidance=r.text(raw, "guidance", where, ""),
                rows=tuple(rows),
                new_row_kind=new_row_kind if isinstance(new_row_kind, str) else None,
            )
        )
    if not sections:
        r.fail("sections", _("a template needs at least one section"))
    r.unique([s.id for s in sections], "sections")
    r.unique(["header"] + [row.id for s in sections for row in s.rows], "rows")
    for place, text in _strings(data, ""):
        for problem in placeholder_problems(text):
            r.fail(place, problem)

    return Template(
        id=template_id,
        title=title,
        overview_heading=overview_heading,
        columns=tuple(columns),
        header_title=_header_title(r, header),
        header_fields=header_fields,
        contact_lists=tuple(contact_lists),
        row_kinds=row_kinds,
        sections=tuple(sections),
        column_widths=tuple(widths),
        orientation=orientation,
        translations=r.translations,
    )


def template_problems(data: Any) -> tuple[Template | None, list[str]]:
    """The template decoded JSON describes and every problem it has, each with its place
    ("sections[2].title: unknown placeholder {x} ..."); the template is None when any."""
    r = _Reader()
    template = _read(r, data)
    return (None if r.problems else template), r.problems


def _error(source: str, problems: list[str]) -> TemplateError:
    more = len(problems) - 1
    message = _("template {name}: {problem}").format(name=source, problem=problems[0])
    if more:
        message += " " + ngettext("(and {count} more problem)", "(and {count} more problems)", more).format(count=more)
    return TemplateError(message, tuple(problems))


def parse_template(data: Any, source: str) -> Template:
    """Build a Template from decoded JSON, or raise TemplateError naming the first problem and
    its place (its `problems`: every one)."""
    template, problems = template_problems(data)
    if template is None:
        raise _error(source, problems)
    return replace(template, source=source)


def _read_regular(path: Path) -> bytes | None:
    """Up to MAX_FILE_BYTES + 1 bytes of a regular file; None for anything else (a folder, a named
    pipe or a device would block or never end), told without waiting on it."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        with os.fdopen(fd, "rb", closefd=False) as file:
            return file.read(MAX_FILE_BYTES + 1)
    finally:
        os.close(fd)


def _read_json(path: Path) -> Any:
    """The decoded JSON of a template file, or TemplateError saying why it cannot be read."""
    name = clean_line(path.name)
    try:
        raw = _read_regular(path)
        if raw is None:
            problem = _("a folder, not a template file") if path.is_dir() else _("not a regular file")
        elif len(raw) > MAX_FILE_BYTES:
            problem = _("larger than {size} MB: not a template").format(size=MAX_FILE_BYTES // 1_000_000)
        else:
            return json.loads(raw.decode("utf-8-sig"))  # a byte order mark, as some editors write, is passed over
    except IsADirectoryError:
        problem = _("a folder, not a template file")
    except OSError as error:
        problem = _("cannot read it ({reason})").format(reason=error.strerror)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        problem = _("not valid JSON ({reason})").format(reason=error)
    except (ValueError, RecursionError) as error:  # numbers of thousands of digits, deep nesting
        problem = _("not usable JSON ({reason})").format(reason=error or _("nested too deeply"))
    raise _error(name, [problem]) from None


def load_template_file(path: Path) -> Template:
    """Read and validate one template file."""
    return parse_template(_read_json(path), clean_line(path.name))


def check_template_file(path: Path) -> tuple[Template | None, list[str]]:
    """Every problem of a template file with its place, as `swgtui templates check` names them,
    and the template when there are none. Its id must be its file name, as in a templates folder."""
    try:
        data = _read_json(path)
    except TemplateError as error:
        return None, list(error.problems)
    template, problems = template_problems(data)
    template_id = data.get("id") if isinstance(data, dict) else None
    if isinstance(template_id, str) and template_id and template_id != path.stem:
        problems.append(
            _("id: {id!r} must match the file name ({file})").format(id=template_id, file=clean_line(path.name))
        )
        template = None
    return template, problems


def _template_files() -> dict[str, Path]:
    """Bundled template files, then the user's own (a user file may replace a bundled id)."""
    bundled = resources.files("swgtui") / "data" / "templates"
    files = {Path(str(p)).stem: Path(str(p)) for p in bundled.iterdir() if p.name.endswith(".json")}
    user_dir = paths.templates_dir()
    if user_dir.is_dir():
        files.update({p.stem: p for p in sorted(user_dir.glob("*.json"))})
    return files


_cache: dict[Path, Template] = {}


def load_template(template_id: str) -> Template:
    """The template with this id, validated; cached for the life of the process."""
    path = _template_files().get(template_id)
    if path is None:
        known = ", ".join(sorted(_template_files())) or _("none")
        raise TemplateError(_("unknown template {id!r} (known: {known})").format(id=template_id, known=known))
    if path not in _cache:
        template = load_template_file(path)
        if template.id != template_id:
            raise TemplateError(
                _("template {file}: its id {id!r} must match its file name").format(
                    file=clean_line(path.name), id=template.id
                )
            )
        _cache[path] = template
    return _cache[path]


def available_templates() -> tuple[list[Template], list[str]]:
    """Every template that loads, and one message for each template file that does not."""
    found, problems = [], []
    for template_id in sorted(_template_files()):
        try:
            found.append(load_template(template_id))
        except TemplateError as error:
            problems.append(str(error))
    return found, problems


def template_data(template_id: str) -> dict[str, Any]:
    """The data of the template with this id as its file holds it (checked first), e.g. to send
    it with a report to someone who may not have it."""
    load_template(template_id)
    data: dict[str, Any] = _read_json(_template_files()[template_id])
    return data


def user_template_path(template_id: str) -> Path:
    """Where a template of this id is kept in the user's templates folder."""
    return paths.templates_dir() / f"{template_id}.json"
