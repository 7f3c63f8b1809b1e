"""Report templates as data: loading and validation.

A template (such as Annex 2) is a JSON file shipped in ``swgtui/data/templates`` or dropped
into the user's templates folder. It holds every word of the template; the code holds none.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from swgtui import paths
from swgtui.text import clean_line, clean_text

TEMPLATE_SCHEMA = 1


class TemplateError(Exception):
    """A template file is missing, unreadable or does not describe a valid template."""


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
    columns: tuple[str, str, str]
    header_title: str
    header_fields: tuple[FieldSpec, ...]
    contact_lists: tuple[ContactListSpec, ...]
    row_kinds: dict[str, RowKind]
    sections: tuple[SectionSpec, ...]
    source: str = field(default="", compare=False)

    def section(self, section_id: str) -> SectionSpec | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def header_field(self, field_id: str) -> FieldSpec | None:
        return next((f for f in self.header_fields if f.id == field_id), None)

    def contact_list(self, list_id: str) -> ContactListSpec | None:
        return next((c for c in self.contact_lists if c.id == list_id), None)


class _Reader:
    """Reads one JSON object, turning every problem into a TemplateError naming the place."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, problem: str) -> TemplateError:
        return TemplateError(f"template {self.source}: {where}: {problem}")

    def obj(self, value: Any, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, "must be an object")
        return value

    def text(self, data: dict[str, Any], key: str, where: str, default: str | None = None) -> str:
        value = data.get(key, default)
        if not isinstance(value, str) or (default is None and not value.strip()):
            raise self.fail(f"{where}.{key}", "must be a non-empty string")
        return clean_text(value)  # a user's template is text from a file: no escape sequences

    def items(self, data: dict[str, Any], key: str, where: str) -> list[Any]:
        value = data.get(key, [])
        if not isinstance(value, list):
            raise self.fail(f"{where}.{key}", "must be a list")
        return value

    def unique(self, ids: list[str], where: str) -> None:
        seen = set()
        for item_id in ids:
            if item_id in seen:
                raise self.fail(where, f"id {item_id!r} is used twice")
            seen.add(item_id)

    def field_spec(self, data: Any, where: str) -> FieldSpec:
        data = self.obj(data, where)
        column = data.get("column", 2)
        if column not in (2, 3):
            raise self.fail(f"{where}.column", "must be 2 or 3")
        return FieldSpec(
            id=self.text(data, "id", where),
            label=self.text(data, "label", where),
            guidance=self.text(data, "guidance", where, ""),
            column=column,
            required=bool(data.get("required", True)),
            label_in_document=bool(data.get("label_in_document", False)),
        )


def parse_template(data: Any, source: str) -> Template:
    """Build a Template from decoded JSON, or raise TemplateError saying what is wrong."""
    r = _Reader(source)
    data = r.obj(data, "top level")
    if data.get("schema") != TEMPLATE_SCHEMA:
        raise r.fail("schema", f"must be {TEMPLATE_SCHEMA}, found {data.get('schema')!r}")
    columns = r.items(data, "columns", "top level")
    if len(columns) != 3 or not all(isinstance(c, str) and c for c in columns):
        raise r.fail("columns", "must be three non-empty strings")

    header = r.obj(data.get("header"), "header")
    header_fields = tuple(
        r.field_spec(f, f"header.fields[{i}]") for i, f in enumerate(r.items(header, "fields", "header"))
    )
    contact_lists = []
    for i, raw in enumerate(r.items(header, "contact_lists", "header")):
        where = f"header.contact_lists[{i}]"
        raw = r.obj(raw, where)
        contact_lists.append(
            ContactListSpec(
                id=r.text(raw, "id", where),
                label=r.text(raw, "label", where),
                heading=r.text(raw, "heading", where),
                guidance=r.text(raw, "guidance", where, ""),
                required=bool(raw.get("required", True)),
            )
        )
    r.unique([f.id for f in header_fields] + [c.id for c in contact_lists], "header")

    row_kinds: dict[str, RowKind] = {}
    for kind_id, raw in r.obj(data.get("row_kinds"), "row_kinds").items():
        where = f"row_kinds.{kind_id}"
        raw = r.obj(raw, where)
        fields = tuple(r.field_spec(f, f"{where}.fields[{i}]") for i, f in enumerate(r.items(raw, "fields", where)))
        r.unique([f.id for f in fields], f"{where}.fields")
        tags = r.items(raw, "tags", where)
        if not all(isinstance(t, str) and t for t in tags):
            raise r.fail(f"{where}.tags", "must be non-empty strings")
        row_kinds[kind_id] = RowKind(
            id=kind_id,
            label=r.text(raw, "label", where),
            fields=fields,
            tags=tuple(clean_text(t) for t in tags),
            title_guidance=r.text(raw, "title_guidance", where, ""),
            item_label=r.text(raw, "item_label", where, ""),
            item_guidance=r.text(raw, "item_guidance", where, ""),
        )

    sections = []
    for i, raw in enumerate(r.items(data, "sections", "top level")):
        where = f"sections[{i}]"
        raw = r.obj(raw, where)
        new_row_kind = raw.get("new_row_kind")
        if new_row_kind is not None and new_row_kind not in row_kinds:
            raise r.fail(f"{where}.new_row_kind", f"{new_row_kind!r} is not one of the row_kinds")
        rows = []
        for j, row in enumerate(r.items(raw, "rows", where)):
            row_where = f"{where}.rows[{j}]"
            row = r.obj(row, row_where)
            kind = r.text(row, "kind", row_where)
            if kind not in row_kinds:
                raise r.fail(f"{row_where}.kind", f"{kind!r} is not one of the row_kinds")
            rows.append(
                RowSpec(
                    id=r.text(row, "id", row_where),
                    kind=kind,
                    title=r.text(row, "title", row_where),
                    removable=bool(row.get("removable", False)),
                    items=tuple(clean_text(str(x)) for x in r.items(row, "items", row_where)),
                )
            )
        sections.append(
            SectionSpec(
                id=r.text(raw, "id", where),
                title=r.text(raw, "title", where),
                short_title=r.text(raw, "short_title", where, raw.get("title", "")),
                guidance=r.text(raw, "guidance", where, ""),
                rows=tuple(rows),
                new_row_kind=new_row_kind,
            )
        )
    if not sections:
        raise r.fail("sections", "a template needs at least one section")
    r.unique([s.id for s in sections], "sections")
    r.unique(["header"] + [row.id for s in sections for row in s.rows], "rows")

    return Template(
        id=r.text(data, "id", "top level"),
        title=r.text(data, "title", "top level"),
        overview_heading=r.text(data, "overview_heading", "top level"),
        columns=(clean_text(columns[0]), clean_text(columns[1]), clean_text(columns[2])),
        header_title=r.text(header, "title", "header", "Header block"),
        header_fields=header_fields,
        contact_lists=tuple(contact_lists),
        row_kinds=row_kinds,
        sections=tuple(sections),
        source=source,
    )


def load_template_file(path: Path) -> Template:
    """Read and validate one template file."""
    name = clean_line(path.name)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise TemplateError(f"template {name}: cannot read it ({error.strerror})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise TemplateError(f"template {name}: not valid JSON ({error})") from None
    except (ValueError, RecursionError) as error:  # numbers of thousands of digits, deep nesting
        raise TemplateError(f"template {name}: not usable JSON ({error or 'nested too deeply'})") from None
    return parse_template(data, name)


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
        known = ", ".join(sorted(_template_files())) or "none"
        raise TemplateError(f"unknown template {template_id!r} (known: {known})")
    if path not in _cache:
        template = load_template_file(path)
        if template.id != template_id:
            raise TemplateError(f"template {clean_line(path.name)}: its id {template.id!r} must match its file name")
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
    data: dict[str, Any] = json.loads(_template_files()[template_id].read_text(encoding="utf-8"))
    return data


def user_template_path(template_id: str) -> Path:
    """Where a template of this id is kept in the user's templates folder."""
    return paths.templates_dir() / f"{template_id}.json"
