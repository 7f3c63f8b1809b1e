"""File names for exports that are valid on Linux, macOS and Windows and never shared by two reports.

A name is the SWG, the period, the template and the report's id (so two reports of one SWG and
period differ), then "-DRAFT" until the report has a valid sign-off. Runs of spaces, punctuation
and every character Windows forbids become "-"; the name is cut to a budget of UTF-8 bytes (Lao
takes 3 a letter; ext4 allows 255 a name, Windows 260 a whole path) without splitting a letter
from its vowel or tone marks, leaving room for " (12)", "-superseded" and a temporary file's
affixes.
"""

from __future__ import annotations

import re
import unicodedata

from swgtui.model import report as rp
from swgtui.model import review
from swgtui.model.blame import APPROVAL, Since
from swgtui.model.types import Report
from swgtui.text import clean_text

STEM_BUDGET = 160  # bytes of UTF-8 for SWG-period-template-id
_SEPARATORS = re.compile(r"[\s/\\:*?\"<>|.,;()\[\]{}'`\x00-\x1f\x7f]+")
_ZWJ = "\u200d"
# Windows refuses these as names, with or without an extension (CON.docx is the console too).
RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in "123456789¹²³"), *(f"LPT{n}" for n in "123456789¹²³")}


def cut(text: str, budget: int) -> str:
    """The longest start of `text` within `budget` bytes of UTF-8 that ends between two letters,
    never between a letter and the marks (vowel signs, tone marks, accents) written on it."""
    if len(text.encode("utf-8")) <= budget:
        return text
    end, size = 0, 0
    for char in text:
        size += len(char.encode("utf-8"))
        if size > budget:
            break
        end += 1
    while end > 0 and (_joins_previous(text[end]) or text[end - 1] == _ZWJ):
        end -= 1
    return text[:end]


def _joins_previous(char: str) -> bool:
    return unicodedata.category(char).startswith("M") or char == _ZWJ


def name_part(text: str, budget: int) -> str:
    """`text` made fit for a file name: separators and forbidden characters become "-", then cut."""
    return cut(_SEPARATORS.sub("-", clean_text(text)).strip("-"), budget).rstrip("-")


def is_reserved(name: str) -> bool:
    """True for the names Windows keeps for devices (CON, NUL, COM1, … with any extension)."""
    return name.split(".")[0].rstrip(" ").upper() in RESERVED


def report_stem(report: Report, budget: int = STEM_BUDGET) -> str:
    """e.g. Illicit-Drug-Sector-Working-Group-2020-2021-annex2-idswg-2020-2021 (Lao letters are kept)."""
    tail = "-".join(
        part
        for part in (name_part(report["period"], 32), name_part(report["template"], 32), name_part(report["id"], 64))
        if part
    )
    swg = name_part(rp.swg_name(report), budget - len(tail.encode("utf-8")) - 1) or "report"
    stem = f"{swg}-{tail}"
    return f"{stem}_" if is_reserved(stem) else stem


def is_final(report: Report) -> bool:
    """Whether the report has a valid final sign-off (as its export's view says: view.final)."""
    return review.signoff_state(report)[0] == "valid"


def final_name(report: Report, extension: str) -> str:
    return f"{report_stem(report)}.{extension}"


def changes_name(since: Since) -> str:
    """The tail of a changes file's name, one per reviewer and per moment: "changes-for-Matthew-Lord"
    (since their approvals), "changes-since-approval" (anyone's), "changes-since-2026-11-20"."""
    if since.moment is None:
        return f"changes-for-{name_part(since.for_name, 40)}" if since.for_name else f"changes-since-{APPROVAL}"
    return f"changes-since-{name_part(since.given, 32)}"


def language_tail(language: str) -> str:
    """What a document's name says of its language: nothing for English, "-lo", "-both"; so that
    the English and the Lao export of a report sit side by side."""
    return "" if language == "en" else f"-{name_part(language, 8)}"


def file_name(
    report: Report, extension: str, changes: str = "", final: bool | None = None, language: str = "en"
) -> str:
    """The export's name: "-DRAFT" goes once the report has a valid final sign-off (`final`, when
    known already); `changes` (changes_name) marks a file showing the changes since a moment as
    tracked changes, the SWG's name cut shorter to make room for it; a document in another
    language than English says which (`language_tail`)."""
    tail = f"-{changes}" if changes else ""
    language_part = language_tail(language)
    stem = report_stem(report, STEM_BUDGET - len(tail.encode("utf-8")) - len(language_part)) + language_part
    final = is_final(report) if final is None else final
    return f"{stem if final else f'{stem}-DRAFT'}{tail}.{extension}"
