"""The report as Markdown, for e-mail and preview: the same content and order as the Word file."""

from __future__ import annotations

import re

from swgtui.model import report as rp
from swgtui.model import review
from swgtui.model.template import Template
from swgtui.model.types import Report
from swgtui.richtext import Block, parse_blocks
from swgtui.text import clean_text

_SPECIAL = re.compile(r"([\\*_`\[\]<>#|])")


def _escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text)


def _inline(block: Block) -> str:
    parts = []
    for run in block.runs:
        text = _escape(run.text)
        if run.bold and run.italic:
            text = f"***{text}***"
        elif run.bold:
            text = f"**{text}**"
        elif run.italic:
            text = f"*{text}*"
        parts.append(text)
    return "".join(parts)


def _blocks(text: str, label: str = "", numbered: bool = True) -> list[str]:
    """Markdown lines for a field: paragraphs separated by blank lines, lists kept together."""
    lines: list[str] = []
    previous = ""
    blocks = parse_blocks(text, numbered=numbered)
    if label:
        lines.append(f"**{_escape(label)}**")
        previous = "paragraph"
    for block in blocks:
        kind = "bullet" if block.bullet else "number" if block.number else "paragraph"
        if lines and (kind == "paragraph" or kind != previous):
            lines.append("")
        prefix = "- " if kind == "bullet" else f"{block.number}. " if kind == "number" else ""
        lines.append(prefix + _inline(block))
        previous = kind
    return lines


def render_markdown(report: Report, template: Template) -> str:
    period = report["period"]
    out = [f"# {_escape(template.title)}", ""]
    state, _ = review.signoff_state(report)
    if state != "valid":
        reason = "not signed off" if state == "none" else review.stale_reason(report)
        out += [f"> **DRAFT** — {_escape(reason)}", ""]
    header = report["header"]
    for spec in template.header_fields:
        out += [f"**{_escape(spec.label)}:** {_escape(' '.join(header['fields'].get(spec.id, '').split()))}", ""]
    heading = ""
    for contacts in template.contact_lists:
        if contacts.heading != heading:
            out += [f"**{_escape(contacts.heading)}**", ""]
            heading = contacts.heading
        if contacts.heading.rstrip(":") != contacts.label:
            out.append(f"- *{_escape(contacts.label)}:*")
        indent = "  " if contacts.heading.rstrip(":") != contacts.label else ""
        for contact in header["contacts"].get(contacts.id, []):
            who = f"{contact['organisation']}: {contact['name']}" if contact["organisation"] else contact["name"]
            email = f" ({contact['email']})" if contact["email"] else ""
            out.append(f"{indent}- {_escape(who)}{_escape(email)}")
        out.append("")
    out += [f"## {_escape(template.overview_heading.format(period=period))}", ""]
    for section in report["sections"]:
        section_spec = template.section(section["id"])
        out += [f"### {_escape(section_spec.title.format(period=period) if section_spec else section['id'])}", ""]
        if section.get("no_update"):
            out += ["*No update this period.*", ""]
        for row in section["rows"]:
            title_lines = _blocks(row["title"], numbered=False) or ["(untitled row)"]
            title = " ".join(line for line in title_lines if line)
            tag = f" (*{_escape(row['tag'])}*)" if row["tag"] else ""
            out += [f"#### {title}{tag}", ""]
            if row["no_update"]:
                out += ["*No update this period.*", ""]
                continue
            kind = rp.row_kind(template, row)
            for field in kind.fields:
                text = row["fields"].get(field.id, "")
                if text.strip():
                    label = field.label if field.label.endswith(":") else f"{field.label}:"
                    out += _blocks(text, label) + [""]
            for item in row["items"]:
                out += [f"**{_escape(item['name'])}**", "", *_blocks(item["text"]), ""]
    return clean_text("\n".join(out).rstrip() + "\n")
