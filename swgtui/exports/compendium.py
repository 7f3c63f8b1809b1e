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

The compendium is written in the document's language (`DocWords`: English, Lao or both), its own
words and the reports' alike; its file name stays English.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import cast

from swgtui import i18n, paths
from swgtui.exports import markdown_writer, names
from swgtui.exports.files import Exported, ExportError, chosen_path, write_export
from swgtui.exports.view import ReportView, RowView, build_view
from swgtui.exports.words import DRAFT, LONG, NO_UPDATE, DocWords, joined, missing_words_warning
from swgtui.i18n import N_, _, ngettext
from swgtui.model.report import period_key
from swgtui.model.standing import STATUS_LABELS, STATUSES, Standing, not_final_because, report_standing
from swgtui.model.template import FieldSpec, Template, TemplateError, fill, load_template
from swgtui.model.types import Report
from swgtui.overview import SwgLine, period_overview
from swgtui.richtext import Block
from swgtui.store import ReportStore, StoreError
from swgtui.text import clean_text

TITLE = N_("Sector Working Group reports {period}")
MEETING = N_("Round Table Implementation Meeting")
NOT_IN_REPORT = N_("Not in this report.")  # its template has no such row
NOTHING_WRITTEN = N_("Nothing written on this theme yet.")
NOTHING_MISSING = N_("Nothing: every SWG's report is in and signed off.")
COMPILED_ON = N_("Compiled on {date}")
DRAFT_NOTE = N_("see what is missing at the end")
SYNTHESIS = N_("Cross-SWG synthesis: {title}")
NO_REPORT_FROM = N_("No report from: {names}.")
SUMMARY = N_("Summary")
REVIEW_SUMMARY = N_("Review summary")
WHAT_IS_MISSING = N_("What is missing")
REPORTS_FROM = N_("Reports from {n} of {swgs} SWGs")
SIGNED_OFF_OF = N_("{n} of {reports} reports signed off")
NO_REPORT_FOR = N_("no report for {period}")
DUPLICATES = N_("{n} reports for {period} ({ids}), a duplicate to settle")
THE_SWGS = N_("the Sector Working Groups")  # {swg} in a synthesis's titles
CANNOT_OPEN = N_("the report {report} cannot be opened ({error})")


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
    note: str = ""  # NO_UPDATE, NOT_IN_REPORT or NOTHING_WRITTEN, in the document's language


@dataclass(frozen=True)
class Theme:
    title: str
    texts: list[ThemeText]


@dataclass(frozen=True)
class Synthesis:
    title: str  # the section's title, e.g. "C. Cross-sectoral thematic areas applied to all SWGs"
    themes: list[Theme]
    without_report: list[str]  # the SWGs with no report, named once rather than under every theme
    heading: str = ""  # "Cross-SWG synthesis: " and its title, in the document's language


@dataclass
class Compendium:
    period: str
    made: str  # ISO date
    lines: list[SwgLine]
    entries: list[Entry]
    syntheses: list[Synthesis] = field(default_factory=list)
    missing_by: list[tuple[str, list[str]]] = field(default_factory=list)  # (SWG or report, what), in order
    words: DocWords = field(default_factory=DocWords)  # the document's language and its fixed words

    @property
    def missing(self) -> list[str]:
        """What is missing, one line each: "who: what"."""
        return [f"{who}: {what}" for who, whats in self.missing_by for what in whats]

    @property
    def title(self) -> str:
        """The compendium's title in English (its file is named after it)."""
        return TITLE.format(period=self.period)

    @property
    def heading(self) -> str:
        """The compendium's title in the document's language."""
        return self.words.format(TITLE, period=self.period)

    @property
    def final(self) -> bool:
        return not self.missing

    def shortfall(self) -> str:
        """e.g. "2 SWGs without a report, 1 duplicated, 5 reports not final" (in the interface's language)."""
        said = []
        without = sum(1 for line in self.lines if not line.reports)
        if without:
            said.append(ngettext("{n} SWG without a report", "{n} SWGs without a report", without).format(n=without))
        duplicated = sum(1 for line in self.lines if line.duplicate)
        if duplicated:
            said.append(_("{n} with two or more reports").format(n=duplicated))
        not_final = sum(1 for entry in self.entries if entry.missing)
        if not_final:
            said.append(ngettext("{n} report not final", "{n} reports not final", not_final).format(n=not_final))
        return ", ".join(said) or _("a report cannot be opened")

    def counts(self) -> str:
        """e.g. "Reports from 7 of 10 SWGs; 2 of 8 reports signed off; 1 SWG with more than one
        report" (in the document's language; with two, a line each)."""
        return joined((self._counts(words) for words in self.words.one_by_one()), LONG)

    def _counts(self, words: DocWords) -> str:
        reported = sum(1 for line in self.lines if line.reports)
        signed = sum(1 for entry in self.entries if entry.view.final)
        said = [
            words(REPORTS_FROM).format(n=reported, swgs=len(self.lines)),
            words(SIGNED_OFF_OF).format(n=signed, reports=len(self.entries)),
        ]
        duplicated = sum(1 for line in self.lines if line.duplicate)
        if duplicated:
            more = words.ngettext("{n} SWG with more than one report", "{n} SWGs with more than one report", duplicated)
            said.append(more.format(n=duplicated))
        return "; ".join(said)


def gather(store: ReportStore, period: str, today: date | None = None, language: str = "en") -> Compendium:
    """The compendium of `period` (any way of writing it) in the document's `language`;
    ExportError when it has no report."""
    key = period_key(period)
    words = DocWords(language)
    lines = period_overview(store, key)
    if not any(line.reports for line in lines):
        raise ExportError(_("no reports for the period {period}: nothing to compile").format(period=key))
    entries: list[Entry] = []
    to_chase: list[tuple[str, list[str]]] = []  # first: the SWGs without a report, the duplicates
    missing: list[tuple[str, list[str]]] = []  # then what each report lacks
    for line in lines:
        if not line.reports:
            to_chase.append((line.name, [words.format(NO_REPORT_FOR, period=key)]))
            continue
        if line.duplicate:
            ids = ", ".join(line.reports)
            duplicates = words.format(DUPLICATES, n=str(len(line.reports)), period=key, ids=ids)
            to_chase.append((line.name, [duplicates]))
        standings = []
        for report_id in line.reports:
            heading = f"{line.name} — {key}" + (f" ({report_id})" if line.duplicate else "")
            try:
                report = store.get(report_id)
                template = load_template(report["template"])
            except (StoreError, TemplateError) as error:
                why = words.format(CANNOT_OPEN, report=report_id, error=clean_text(str(error)))
                to_chase.append((heading, [why]))
                continue
            entry = _entry(line, heading, report, template, language)
            entries.append(entry)
            standings.append(entry.standing)
            if entry.missing:
                missing.append((heading, entry.missing))
        if standings:  # the summary says what the reports say now, should the list lag behind them
            shown = max(standings, key=lambda standing: STATUSES.index(standing.status))
            for name, value in shown.as_summary().items():
                setattr(line, name, value)
    made = (today or date.today()).isoformat()
    compendium = Compendium(key, made, lines, entries, missing_by=to_chase + missing, words=words)
    if entries:
        compendium.syntheses = syntheses(compendium)
    return compendium


def _entry(line: SwgLine, heading: str, report: Report, template: Template, language: str) -> Entry:
    view = build_view(report, template, language)
    return Entry(line, heading, view, template, _not_final(report, language), report_standing(report, template))


def _not_final(report: Report, language: str) -> list[str]:
    """Why the report is not final, as the document says it (each line in each of its languages)."""
    said = []
    for code in DocWords(language).languages:
        with i18n.speaking(code):
            said.append(not_final_because(report))
    return [LONG.join(dict.fromkeys(versions)) for versions in zip(*said, strict=False)]


# --- the synthesis -----------------------------------------------------------------------------


def syntheses(compendium: Compendium) -> list[Synthesis]:
    """For each template of the reports and each of its sections of fixed rows (see the module's
    rule), each theme with the text of every report on that template (rows are matched within a
    template only: another template's row of the same id may say something else). Its titles are
    the template's words in the document's language, {period} filled and {swg} the SWGs."""
    words = compendium.words
    without = [line.name for line in compendium.lines if not line.reports]
    templates = list({entry.template.id: entry.template for entry in compendium.entries}.values())
    found = []
    for template in templates:
        entries = [entry for entry in compendium.entries if entry.template.id == template.id]
        swgs = _swgs(words)
        shown = [template.filled(compendium.period, swg, code) for code, swg in swgs]
        for number, spec in enumerate(template.sections):
            if spec.rows_editable or not spec.rows:
                continue
            themes = []
            for row_spec in spec.rows:
                kind = template.row_kinds[row_spec.kind]
                row_titles = [
                    fill(template.words_in(row_spec.title, code), compendium.period, swg) for code, swg in swgs
                ]
                principles = [i for i, f in enumerate(kind.fields) if f.label_in_document and f.column == 2]
                if len(principles) >= 2:
                    for i in principles:
                        labels = [t.row_kinds[kind.id].fields[i].label for t in shown]
                        title = joined((f"{row}: {label}" for row, label in zip(row_titles, labels, strict=True)), LONG)
                        field = kind.fields[i]
                        themes.append(_theme(words, title, entries, spec.id, row_spec.id, [field], items=False))
                else:
                    title = joined(row_titles, LONG)
                    themes.append(_theme(words, title, entries, spec.id, row_spec.id, list(kind.fields), True))
            titles = [t.sections[number].title for t in shown]
            if len(templates) > 1:  # say which reports it gathers
                titles = [f"{title} ({t.title})" for title, t in zip(titles, shown, strict=True)]
            headings = (
                one.format(SYNTHESIS, title=title) for one, title in zip(words.one_by_one(), titles, strict=True)
            )
            found.append(Synthesis(joined(titles, LONG), themes, without, joined(headings, LONG)))
    return found


def _swgs(words: DocWords) -> list[tuple[str, str]]:
    """Each of the document's languages, and what {swg} says in a synthesis of every SWG."""
    return [(one.language, one(THE_SWGS)) for one in words.one_by_one()]


def _theme(
    words: DocWords,
    title: str,
    entries: list[Entry],
    section_id: str,
    row_id: str,
    fields: list[FieldSpec],
    items: bool,
) -> Theme:
    texts = []
    for entry in entries:
        row = _find_row(entry.view, section_id, row_id)
        if row is None:
            texts.append(ThemeText(entry.heading, [], words(NOT_IN_REPORT)))
            continue
        if row.no_update:
            texts.append(ThemeText(entry.heading, [], words(NO_UPDATE)))
            continue
        wanted = {spec.id: spec for spec in fields}
        pieces = []
        for number, text in enumerate(f for f in row.fields if f.id in wanted and f.blocks):
            # the first text speaks for itself (as in the table); the others say what they are
            label = text.label if number and len(fields) > 1 else ""
            pieces.append((label, text.blocks))
        if items:
            pieces += [(item.name, item.blocks) for item in row.items if item.blocks]
        texts.append(ThemeText(entry.heading, pieces, "" if pieces else words(NOTHING_WRITTEN)))
    return Theme(title, texts)


def _find_row(view: ReportView, section_id: str, row_id: str) -> RowView | None:
    for section in view.sections:
        if section.id == section_id:
            if section.no_update:
                return RowView(row_id, [], "", True, [], [])
            return next((row for row in section.rows if row.id == row_id), None)
    return None


# --- the review summary ------------------------------------------------------------------------


SUMMARY_COLUMNS = (N_("SWG"), N_("Status"), N_("Complete"), N_("Open comments"), N_("Signed off on"), N_("Reports"))
REVIEW_COLUMNS = (N_("Report"), N_("Parts approved"), N_("Open comments"), N_("Sign-off"))
NONE = N_("none")
PARTS_OF = N_("{approved} of {parts}")
SIGNED_OFF = N_("signed off: {line}")


def columns(compendium: Compendium, titles: tuple[str, ...]) -> tuple[str, ...]:
    """A table's column titles in the document's language (with two, a line each)."""
    return tuple(compendium.words(title, LONG) for title in titles)


def summary_rows(compendium: Compendium) -> list[tuple[str, ...]]:
    """The summary table's rows (SUMMARY_COLUMNS): every SWG as the overview sees it."""
    words = compendium.words
    return [
        (
            line.name,
            words(status_label(line)),
            f"{line.complete:.0%}",
            str(line.open_comments),
            line.signed_off[:10],
            ", ".join(line.reports) or words(NONE),
        )
        for line in compendium.lines
    ]


def review_rows(compendium: Compendium) -> list[tuple[str, ...]]:
    """The review summary's rows (REVIEW_COLUMNS): each report's parts approved, open comments
    and sign-off."""
    words = compendium.words
    return [
        (
            entry.heading,
            words.format(PARTS_OF, approved=str(entry.standing.approved), parts=str(entry.standing.parts)),
            str(entry.standing.open_comments),
            _signoff(entry, words),
        )
        for entry in compendium.entries
    ]


def _signoff(entry: Entry, words: DocWords) -> str:
    view = entry.view
    if view.final and view.signoff_lines:
        return words.format(SIGNED_OFF, LONG, line=view.signoff_lines[-1])
    return view.draft_reason


def status_label(line: SwgLine) -> str:
    """The SWG's status in people's words (in English: a message of the catalogue)."""
    return STATUS_LABELS.get(line.status, line.status)


# --- writing -----------------------------------------------------------------------------------


def file_name(compendium: Compendium, extension: str) -> str:
    """e.g. Sector-Working-Group-reports-2025-2026-DRAFT.docx."""
    stem = names.name_part(compendium.title, names.STEM_BUDGET) + names.language_tail(compendium.words.language)
    return f"{stem if compendium.final else f'{stem}-DRAFT'}.{extension}"


def write_compendium(
    store: ReportStore,
    period: str,
    file_format: str = "docx",
    out: str | Path | None = None,
    final: bool = False,
    language: str = "en",
) -> Exported:
    """Write the compendium of `period` (Word or Markdown) in the document's `language` ("en",
    "lo" or "both") to `out`, else the export folder; `final` refuses (ExportError, listing
    every reason) while anything is missing. Its notes warn of a template without Lao words."""
    path = chosen_path(out, file_format) if out is not None else None
    compendium = gather(store, period, language=language)
    if final and compendium.missing:
        raise ExportError(
            _("not ready for a final compendium ({shortfall}):").format(shortfall=compendium.shortfall())
            + "\n- "
            + "\n- ".join(compendium.missing)
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
    written = write_export(recorded, payload, path, document=False)
    templates = {entry.template.id: entry.template for entry in compendium.entries}
    warnings = (missing_words_warning(template, language) for template in templates.values())
    written.notes += [warning for warning in warnings if warning]
    return written


def render_markdown(compendium: Compendium) -> str:
    """The compendium as Markdown: the same content, in the same order, as the Word file."""
    esc = markdown_writer.escape
    words = compendium.words
    line = markdown_writer.line
    out = [f"# {esc(line(compendium.heading))}", "", esc(words(MEETING)), ""]
    out += [esc(words.format(COMPILED_ON, date=compendium.made)), ""]
    out += [esc(line(compendium.counts())), ""]
    if not compendium.final:
        out += [f"> **{esc(words(DRAFT))}** — {esc(words(DRAFT_NOTE))}", ""]
    summary = _markdown_table(columns(compendium, SUMMARY_COLUMNS), summary_rows(compendium))
    out += [f"## {esc(words(SUMMARY))}", "", *summary, ""]
    for entry in compendium.entries:
        out += [f"## {esc(entry.heading)}", "", _demoted(markdown_writer.render(entry.view)).rstrip(), ""]
    for synthesis in compendium.syntheses:
        out += [f"## {esc(line(synthesis.heading))}", ""]
        if synthesis.without_report:
            out += [f"*{esc(words.format(NO_REPORT_FROM, names=', '.join(synthesis.without_report)))}*", ""]
        for theme in synthesis.themes:
            out += [f"### {esc(line(theme.title))}", ""]
            for text in theme.texts:
                out += [f"#### {esc(text.heading)}", ""]
                if text.note:
                    out += [f"*{esc(text.note)}*", ""]
                for label, blocks in text.pieces:
                    out += [*markdown_writer.blocks(blocks, label), ""]
    review = _markdown_table(columns(compendium, REVIEW_COLUMNS), review_rows(compendium))
    out += [f"## {esc(words(REVIEW_SUMMARY))}", "", *review, ""]
    out += [f"## {esc(words(WHAT_IS_MISSING))}", ""]
    for who, whats in compendium.missing_by:
        out += [f"**{esc(who)}**", "", *(f"- {esc(what)}" for what in whats), ""]
    if compendium.final:
        out.append(esc(words(NOTHING_MISSING)))
    return clean_text("\n".join(out).rstrip() + "\n")


def _markdown_table(titles: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    heads = (markdown_writer.line(title) for title in titles)
    lines = ["| " + " | ".join(heads) + " |", "|" + "---|" * len(titles)]
    return lines + ["| " + " | ".join(markdown_writer.escape(cell) for cell in row) + " |" for row in rows]


def _demoted(markdown: str) -> str:
    """A single report's Markdown with its headings two levels down, under the compendium's
    heading of the report (a "#" starting a line of text is escaped, so only headings start so)."""
    return "\n".join(f"##{line}" if line.startswith("#") else line for line in markdown.split("\n"))
