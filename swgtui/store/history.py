"""Every field's revisions, one file per report, appended to and never rewritten.

``store.reports/ID.history.jsonl`` holds one JSON line per revision: {"part", "field", "rev",
"text", "by", "at"}. Appending is cheap however long the history grows, and a line torn by a
crash is skipped on reading (the report file itself is written atomically, so nothing is lost
but, at worst, the newest revision's history line).
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

from swgtui import report as rp
from swgtui.store.storage import StorageError, write_bytes_atomic
from swgtui.validate import check_history

FieldKey = tuple[str, str]  # (part id, field or item id); "title" is a row's title


def field_texts(report: rp.Report) -> dict[FieldKey, str]:
    """Every text a user writes in the report, by (part, field)."""
    texts: dict[FieldKey, str] = {}
    for field_id, text in report["header"]["fields"].items():
        texts[(rp.HEADER_ID, field_id)] = text
    for row in rp.rows(report):
        texts[(row["id"], "title")] = row["title"]
        for field_id, text in row["fields"].items():
            texts[(row["id"], field_id)] = text
        for item in row["items"]:
            texts[(row["id"], item["id"])] = item["text"]
    return texts


class HistoryLog:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._counts: Counter[FieldKey] | None = None

    def read(self) -> list[dict[str, Any]]:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return []
        except OSError as error:
            raise StorageError(f"cannot read the history {self.path}: {error.strerror}") from None
        entries = []
        for line in raw.split(b"\n"):
            if not line.strip():
                continue
            try:
                entry = json.loads(line.decode("utf-8"))
            except (ValueError, RecursionError):
                continue  # a line torn by a crash (or not JSON that swgtui wrote)
            try:
                entries += check_history([entry])  # of the right types, its texts cleaned
            except rp.ReportError:
                continue  # a line swgtui did not write
        return entries

    def _revision_counts(self) -> Counter[FieldKey]:
        if self._counts is None:
            self._counts = Counter()
            for entry in self.read():
                key = (entry["part"], entry["field"])
                self._counts[key] = max(self._counts[key], int(entry["rev"]))
        return self._counts

    def record(self, before: rp.Report | None, after: rp.Report, by: dict[str, str] | None) -> int:
        """Append a revision for every text that changed between two versions; returns how many.

        With no earlier version (a new or loaded report), a text is compared with its newest
        revision, if the history has one (a loaded report brings its history along)."""
        old = field_texts(before) if before else self._newest_texts()
        counts = self._revision_counts()
        lines = []
        for key, text in field_texts(after).items():
            if old.get(key, "") == text:
                continue
            counts[key] += 1
            entry = {"part": key[0], "field": key[1], "rev": counts[key], "text": text}
            entry.update(by=by, at=after["updated"])
            lines.append(json.dumps(entry, ensure_ascii=False))
        if not lines:
            return 0
        try:
            with open(self.path, "ab+") as handle:
                handle.seek(0, os.SEEK_END)
                if handle.tell():  # after a torn last line, start on a line of our own
                    handle.seek(-1, os.SEEK_END)
                    if handle.read(1) != b"\n":
                        lines.insert(0, "")
                handle.write(("\n".join(lines) + "\n").encode("utf-8"))
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as error:
            self._counts = None  # re-read next time: the file may hold part of what was written
            raise StorageError(f"cannot save the history to {self.path}: {error.strerror}") from None
        return len(lines)

    def _newest_texts(self) -> dict[FieldKey, str]:
        newest: dict[FieldKey, tuple[int, str]] = {}
        for entry in self.read():
            key = (entry["part"], entry["field"])
            if int(entry["rev"]) >= newest.get(key, (0, ""))[0]:
                newest[key] = (int(entry["rev"]), entry["text"])
        return {key: text for key, (_, text) in newest.items()}

    def write_all(self, entries: list[dict[str, Any]]) -> None:
        """Start the history with these revisions (a loaded report's), replacing the file at once."""
        payload = "".join(json.dumps(entry, ensure_ascii=False) + "\n" for entry in entries)
        write_bytes_atomic(self.path, payload.encode("utf-8"))
        self._counts = None

    def revisions(self, part_id: str, field_id: str) -> list[dict[str, Any]]:
        return [e for e in self.read() if e["part"] == part_id and e["field"] == field_id]
