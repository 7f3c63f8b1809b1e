"""Cleaning of user text before it is stored, shown or written to Word.

Word (and python-docx) reject most C0 control characters and the non-characters U+FFFE and
U+FFFF, a terminal would act on an escape sequence, and a bidirectional override reverses what
follows it, so they are removed everywhere text enters the report. Newlines and tabs are kept;
Windows and old Mac line ends become "\\n".
"""

from __future__ import annotations

import re

_ANSI_ESCAPE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
_NEEDS_CLEANING = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# control characters, the bidirectional overrides, embeddings and isolates (which reverse the
# text after them on screen and in Word), and two non-characters XML refuses
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff]")


def clean_text(text: str) -> str:
    """Return `text` with escape sequences and control characters (but not \\n, \\t) removed."""
    if not _NEEDS_CLEANING.search(text):  # nearly all text: nothing to do
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SURROGATE.sub("\ufffd", text)  # bytes that were not UTF-8 cannot be stored or shown
    text = _ANSI_ESCAPE.sub("", text)
    return _CONTROL.sub("", text)


def clean_line(text: str) -> str:
    """Like clean_text, for one-line values (names, e-mails): newlines and tabs become spaces."""
    return " ".join(clean_text(text).replace("\t", " ").split("\n")).strip()
