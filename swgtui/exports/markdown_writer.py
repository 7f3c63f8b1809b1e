"""The report as Markdown, for e-mail and preview: the same content and order as the Word file,
in the document's language (a title in two languages on one line, "English / ລາວ")."""

from __future__ import annotations

import re

from swgtui.exports.view import ReportView, build_view
from swgtui.exports.words import DRAFT, NO_UPDATE, SHORT, UNTITLED_ROW
from swgtui.model.template import Template
from swgtui.model.types import Report
from swgtui.richtext import Block
from swgtui.text import clean_text

_SPECIAL = re.compile(r"([\\*_`\[\]<>#|])")


def escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text)


def _inline(block: Block) -> str:
    parts = []
    for run in block.runs:
        text = escape(run.text)
        if run.bold and run.italic:
            text = f"***{text}***"
        elif run.bold:
            text = f"**{text}**"
        elif run.italic:
            text = f"*{text}*"
        parts.append(text)
    return "".join(parts)


def blocks(blocks: list[Block], label: str = "") -> list[str]:
    """Markdown lines for a field: paragraphs separated by blank lines, lists kept together."""
    lines: list[str] = []
    previous = ""
    if label:
        lines.append(f"**{escape(label)}**")
        previous = "paragraph"
    for block in blocks:
        kind = "bullet" if block.bullet else "number" if block.number else "paragraph"
        if lines and (kind == "paragraph" or kind != previous):
            lines.append("")
        prefix = "- " if kind == "bullet" else f"{block.number}. " if kind == "number" else ""
        lines.append(prefix + _inline(block))
        previous = kind
    return lines


def render_markdown(report: Report, template: Template, language: str = "en") -> str:
    """The report as Markdown in the document's `language` ("en", "lo" or "both")."""
    return render(build_view(report, template, language))


def line(text: str) -> str:
    """A title as one line of Markdown: its languages (a line each in the view) side by side."""
    return SHORT.join(text.split("\n"))


def render(view: ReportView) -> str:
    """The report's view as Markdown."""
    words = view.words
    no_update = escape(words(NO_UPDATE))
    out = [f"# {escape(line(view.title))}", ""]
    if not view.final:
        out += [f"> **{escape(words(DRAFT))}** — {escape(view.draft_reason)}", ""]
    for spec in view.header_fields:
        out += [f"**{escape(spec.label)}:** {escape(' '.join(spec.text.split()))}", ""]
    heading = ""
    for contacts in view.contact_lists:
        if contacts.heading != heading:
            out += [f"**{escape(contacts.heading)}**", ""]
            heading = contacts.heading
        if contacts.labelled:
            out.append(f"- *{escape(contacts.label)}:*")
        indent = "  " if contacts.labelled else ""
        out += [f"{indent}- {escape(line)}" for line in contacts.lines]
        out.append("")
    out += [f"## {escape(line(view.overview_heading))}", ""]
    for section in view.sections:
        out += [f"### {escape(line(section.title))}", ""]
        if section.no_update:
            out += [f"*{no_update}*", ""]
        for row in section.rows:
            parts = [row.title_blocks[: row.second_language], row.title_blocks[row.second_language :]]
            titles = [" ".join(line for line in blocks(part) if line) for part in parts if part]
            title = SHORT.join(titles) or escape(words(UNTITLED_ROW))
            tag = f" (*{escape(row.tag)}*)" if row.tag else ""
            out += [f"#### {title}{tag}", ""]
            if row.no_update:
                out += [f"*{no_update}*", ""]
                continue
            for field in row.fields:
                if field.text.strip():
                    label = field.label if field.label.endswith(":") else f"{field.label}:"
                    out += blocks(field.blocks, label) + [""]
            for item in row.items:
                out += [f"**{escape(item.name)}**", "", *blocks(item.blocks), ""]
    return clean_text("\n".join(out).rstrip() + "\n")
