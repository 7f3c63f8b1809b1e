"""The Round Table compendium: every SWG's report of one period in one document.

Gathered once (`gather`): the overview's line for each SWG (swgtui.overview), and for each
report its export view (built once, as a single export builds it) and where it stands
(swgtui.model.standing). From those come the cross-SWG synthesis, the review summary and the
list of what is missing. The Word file is written by swgtui.exports.compendium_docx with the
single export's own writer; the Markdown here with the single export's Markdown writer.

The synthesis rule: a theme is a row of a template section whose rows are all fixed by the
template (no row kind to add: `SectionSpec.rows_editable` is False, so every report has the
same rows, e.g. Annex 2's section C); a row whose kind has two or more fields labelled in the
document's progress column (Annex 2's VDCAP principles) gives one theme per such field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import cast

from swgtui import paths
from swgtui.exports import markdown_writer, names
from swgtui.exports.files import Exported, ExportError, chosen_path, write_export
from swgtui.exports.view import ReportView, RowView, build_view
from swgtui.model.report import period_key
from swgtui.model.standing import STATUS_LABELS, STATUSES, Standing, not_final_because, report_standing
from swgtui.model.template import FieldSpec, Template, TemplateError, load_template
from swgtui.model.types import Report
from swgtui.overview import SwgLine, period_overview
from swgtui.richtext import Block
from swgtui.store import ReportStore, StoreError
from swgtui.text import clean_text

TITLE = "Sector Working Group reports {period}"
MEETING = "Round Table Implementation Meeting"
NO_UPDATE = "No update this period."
NOT_IN_REPORT = "Not in this report."  # its template has no such row
NOTHING_WRITTEN = "Nothing written on this theme yet."
NOTHING_MISSING = "Nothing: every SWG's report is in and signed off."


@dataclass(frozen=True)
class Entry:
    """One report in the compendium."""

    line: SwgLine  # its SWG's line in the overview
    heading: str  # "Health Sector Working Group — 2025/2026", with the report's id when duplicated
    view: ReportView
    template: Template
    missing: list[str]  # why it is not final (parts not approved, open comments, not signed off)
    standing: Standing  # where it stands (its parts approved, its open comments …)


@dataclass(frozen=True)
class ThemeText:
    """One SWG's text on a theme: (label, blocks) pieces, or a note saying why there is none."""

    heading: str
    pieces: list[tuple[str, list[Block]]]
    note: str = ""  # NO_UPDATE, NOT_IN_REPORT or NOTHING_WRITTEN


@dataclass(frozen=True)
class Theme:
    title: str
    texts: list[ThemeText]


@dataclass(frozen=True)
class Synthesis:
    title: str  # the section's title, e.g. "C. Cross-sectoral thematic areas applied to all SWGs"
    themes: list[Theme]
    without_report: list[str]  # the SWGs with no report, named once rather than under every theme


@dataclass
class Compendium:
    period: str
    made: str  # ISO date
    lines: list[SwgLine]
    entries: list[Entry]
    syntheses: list[Synthesis] = field(default_factory=list)
    missing_by: list[tuple[str, list[str]]] = field(default_factory=list)  # (SWG or report, what), in order

    @property
    def missing(self) -> list[str]:
        """What is missing, one line each: "who: what"."""
        return [f"{who}: {what}" for who, whats in self.missing_by for what in whats]

    @property
    def title(self) -> str:
        return TITLE.format(period=self.period)

    @property
    def final(self) -> bool:
        return not self.missing

    def shortfall(self) -> str:
        """e.g. "2 SWGs without a report, 1 duplicated, 5 reports not final"."""
        said = []
        without = sum(1 for line in self.lines if not line.reports)
        if without:
            said.append(f"{without} SWG{'s' if without > 1 else ''} without a report")
        duplicated = sum(1 for line in self.lines if line.duplicate)
        if duplicated:
            said.append(f"{duplicated} with two or more reports")
        not_final = sum(1 for entry in self.entries if entry.missing)
        if not_final:
            said.append(f"{not_final} report{'s' if not_final > 1 else ''} not final")
        return ", ".join(said) or "a report cannot be opened"

    def counts(self) -> str:
        """e.g. "Reports from 7 of 10 SWGs; 2 of 8 reports signed off; 1 SWG with more than one report"."""
        reported = sum(1 for line in self.lines if line.reports)
        signed = sum(1 for entry in self.entries if entry.view.final)
        said = f"Reports from {reported} of {len(self.lines)} SWGs; {signed} of {len(self.entries)} reports signed off"
        duplicated = sum(1 for line in self.lines if line.duplicate)
        if duplicated:
            said += f"; {duplicated} SWG{'s' if duplicated > 1 else ''} with more than one report"
        return said


def gather(store: ReportStore, period: str, today: date | None = None) -> Compendium:
    """The compendium of `period` (any way of writing it); ExportError when it has no report."""
    key = period_key(period)
    lines = period_overview(store, key)
    if not any(line.reports for line in lines):
        raise ExportError(f"no reports for the period {key}: nothing to compile")
    entries: list[Entry] = []
    to_chase: list[tuple[str, list[str]]] = []  # first: the SWGs without a report, the duplicates
    missing: list[tuple[str, list[str]]] = []  # then what each report lacks
    for line in lines:
        if not line.reports:
            to_chase.append((line.name, [f"no report for {key}"]))
            continue
        if line.duplicate:
            ids = ", ".join(line.reports)
            to_chase.append((line.name, [f"{len(line.reports)} reports for {key} ({ids}), a duplicate to settle"]))
        standings = []
        for report_id in line.reports:
            heading = f"{line.name} — {key}" + (f" ({report_id})" if line.duplicate else "")
            try:
                report = store.get(report_id)
                template = load_template(report["template"])
            except (StoreError, TemplateError) as error:
                to_chase.append((heading, [f"the report {report_id} cannot be opened ({clean_text(str(error))})"]))
                continue
            entry = _entry(line, heading, report, template)
            entries.append(entry)
            standings.append(entry.standing)
            if entry.missing:
                missing.append((heading, entry.missing))
        if standings:  # the summary says what the reports say now, should the list lag behind them
            shown = max(standings, key=lambda standing: STATUSES.index(standing.status))
            for name, value in shown.as_summary().items():
                setattr(line, name, value)
    made = (today or date.today()).isoformat()
    compendium = Compendium(key, made, lines, entries, missing_by=to_chase + missing)
    if entries:
        compendium.syntheses = syntheses(compendium)
    return compendium


def _entry(line: SwgLine, heading: str, report: Report, template: Template) -> Entry:
    view = build_view(report, template)
    return Entry(line, heading, view, template, not_final_because(report), report_standing(report, template))


# --- the synthesis -----------------------------------------------------------------------------


def syntheses(compendium: Compendium) -> list[Synthesis]:
    """For each template of the reports and each of its sections of fixed rows (see the module's
    rule), each theme with the text of every report on that template (rows are matched within a
    template only: another template's row of the same id may say something else)."""
    without = [line.name for line in compendium.lines if not line.reports]
    templates = list({entry.template.id: entry.template for entry in compendium.entries}.values())
    found = []
    for template in templates:
        entries = [entry for entry in compendium.entries if entry.template.id == template.id]
        for spec in template.sections:
            if spec.rows_editable or not spec.rows:
                continue
            themes = []
            for row_spec in spec.rows:
                kind = template.row_kinds[row_spec.kind]
                principles = [f for f in kind.fields if f.label_in_document and f.column == 2]
                if len(principles) >= 2:
                    for principle in principles:
                        title = f"{row_spec.title}: {principle.label}"
                        themes.append(_theme(title, entries, spec.id, row_spec.id, [principle], items=False))
                else:
                    themes.append(_theme(row_spec.title, entries, spec.id, row_spec.id, list(kind.fields), True))
            title = spec.title.replace("{period}", compendium.period)
            if len(templates) > 1:  # say which reports it gathers
                title += f" ({template.title})"
            found.append(Synthesis(title, themes, without))
    return found


def _theme(
    title: str, entries: list[Entry], section_id: str, row_id: str, fields: list[FieldSpec], items: bool
) -> Theme:
    texts = []
    for entry in entries:
        row = _find_row(entry.view, section_id, row_id)
        if row is None:
            texts.append(ThemeText(entry.heading, [], NOT_IN_REPORT))
            continue
        if row.no_update:
            texts.append(ThemeText(entry.heading, [], NO_UPDATE))
            continue
        wanted = {spec.id: spec for spec in fields}
        pieces = []
        for number, text in enumerate(f for f in row.fields if f.id in wanted and f.blocks):
            # the first text speaks for itself (as in the table); the others say what they are
            label = text.label if number and len(fields) > 1 else ""
            pieces.append((label, text.blocks))
        if items:
            pieces += [(item.name, item.blocks) for item in row.items if item.blocks]
        texts.append(ThemeText(entry.heading, pieces, "" if pieces else NOTHING_WRITTEN))
    return Theme(title, texts)


def _find_row(view: ReportView, section_id: str, row_id: str) -> RowView | None:
    for section in view.sections:
        if section.id == section_id:
            if section.no_update:
                return RowView(row_id, [], "", True, [], [])
            return next((row for row in section.rows if row.id == row_id), None)
    return None


# --- the review summary ------------------------------------------------------------------------


SUMMARY_COLUMNS = ("SWG", "Status", "Complete", "Open comments", "Signed off on", "Reports")
REVIEW_COLUMNS = ("Report", "Parts approved", "Open comments", "Sign-off")


def summary_rows(compendium: Compendium) -> list[tuple[str, ...]]:
    """The summary table's rows (SUMMARY_COLUMNS): every SWG as the overview sees it."""
    return [
        (
            line.name,
            status_label(line),
            f"{line.complete:.0%}",
            str(line.open_comments),
            line.signed_off[:10],
            ", ".join(line.reports) or "none",
        )
        for line in compendium.lines
    ]


def review_rows(compendium: Compendium) -> list[tuple[str, ...]]:
    """The review summary's rows (REVIEW_COLUMNS): each report's parts approved, open comments
    and sign-off."""
    return [
        (
            entry.heading,
            f"{entry.standing.approved} of {entry.standing.parts}",
            str(entry.standing.open_comments),
            _signoff(entry),
        )
        for entry in compendium.entries
    ]


def _signoff(entry: Entry) -> str:
    view = entry.view
    if view.final and view.signoff_lines:
        return f"signed off: {view.signoff_lines[-1]}"
    return view.draft_reason


def status_label(line: SwgLine) -> str:
    """The SWG's status in people's words."""
    return STATUS_LABELS.get(line.status, line.status)


# --- writing -----------------------------------------------------------------------------------


def file_name(compendium: Compendium, extension: str) -> str:
    """e.g. Sector-Working-Group-reports-2025-2026-DRAFT.docx."""
    stem = names.name_part(compendium.title, names.STEM_BUDGET)
    return f"{stem if compendium.final else f'{stem}-DRAFT'}.{extension}"


def write_compendium(
    store: ReportStore, period: str, file_format: str = "docx", out: str | Path | None = None, final: bool = False
) -> Exported:
    """Write the compendium of `period` (Word or Markdown) to `out`, else the export folder;
    `final` refuses (ExportError, listing every reason) while anything is missing."""
    path = chosen_path(out, file_format) if out is not None else None
    compendium = gather(store, period)
    if final and compendium.missing:
        raise ExportError(
            f"not ready for a final compendium ({compendium.shortfall()}):\n- " + "\n- ".join(compendium.missing)
        )
    if path is None:
        path = paths.export_dir() / file_name(compendium, file_format)
    if file_format == "md":
        payload = render_markdown(compendium).encode("utf-8")
    else:
        from swgtui.exports.compendium_docx import compendium_docx_bytes  # python-docx is slow to import

        payload = compendium_docx_bytes(compendium)
    # recorded as a file swgtui wrote (so a later compendium may replace it), not as a report's
    recorded = cast(Report, {"id": f"compendium {compendium.period}"})
    return write_export(recorded, payload, path, document=False)


def render_markdown(compendium: Compendium) -> str:
    """The compendium as Markdown: the same content, in the same order, as the Word file."""
    esc = markdown_writer.escape
    out = [f"# {esc(compendium.title)}", "", MEETING, "", f"Compiled on {compendium.made}", ""]
    out += [esc(compendium.counts()), ""]
    if not compendium.final:
        out += ["> **DRAFT** — see what is missing at the end", ""]
    out += ["## Summary", "", *_markdown_table(SUMMARY_COLUMNS, summary_rows(compendium)), ""]
    for entry in compendium.entries:
        out += [f"## {esc(entry.heading)}", "", _demoted(markdown_writer.render(entry.view)).rstrip(), ""]
    for synthesis in compendium.syntheses:
        out += [f"## Cross-SWG synthesis: {esc(synthesis.title)}", ""]
        if synthesis.without_report:
            out += [f"*No report from: {esc(', '.join(synthesis.without_report))}.*", ""]
        for theme in synthesis.themes:
            out += [f"### {esc(theme.title)}", ""]
            for text in theme.texts:
                out += [f"#### {esc(text.heading)}", ""]
                if text.note:
                    out += [f"*{esc(text.note)}*", ""]
                for label, blocks in text.pieces:
                    out += [*markdown_writer.blocks(blocks, label), ""]
    out += ["## Review summary", "", *_markdown_table(REVIEW_COLUMNS, review_rows(compendium)), ""]
    out += ["## What is missing", ""]
    for who, whats in compendium.missing_by:
        out += [f"**{esc(who)}**", "", *(f"- {esc(what)}" for what in whats), ""]
    if compendium.final:
        out.append(NOTHING_MISSING)
    return clean_text("\n".join(out).rstrip() + "\n")


def _markdown_table(columns: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    return lines + ["| " + " | ".join(markdown_writer.escape(cell) for cell in row) + " |" for row in rows]


def _demoted(markdown: str) -> str:
    """A single report's Markdown with its headings two levels down, under the compendium's
    heading of the report (a "#" starting a line of text is escaped, so only headings start so)."""
    return "\n".join(f"##{line}" if line.startswith("#") else line for line in markdown.split("\n"))
