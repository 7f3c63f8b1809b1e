"""Every field's revisions, one file per report, appended to and never rewritten.

``store.reports/ID.history.jsonl`` holds one JSON line per revision: {"id", "parent", "part",
"field", "rev", "text", "by", "at"}: a field's revisions chain by parent (the id of the one
before, None for the first), and rev numbers them for people. Lines written before revisions
had ids have neither: they get an id made from what they hold and chain by rev when read
(swgtui.model.schema.chain_revisions), so the file is never rewritten for it. Appending is
cheap however long the history grows. Every line is checked on reading: a line torn by a
crash or of the wrong shape (``"rev": "abc"``, a list for a part) is skipped and counted in
`skipped`, never fatal.

A save is one unit with the report file (see ReportStore.save): the new lines are appended
first, then the report is written; if that fails, the history is cut back to its old length.
A crash between the two leaves at worst a revision the report never held, never a saved text
without its revision.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from swgtui.model import report as rp
from swgtui.model.ids import new_id
from swgtui.model.merge_keys import FieldKey, text_values
from swgtui.model.report import ReportError
from swgtui.model.schema import MAX_REVISION, chain_revisions, check_revision
from swgtui.model.types import Revision
from swgtui.store.storage import StorageError, read_regular, write_bytes_atomic


class HistoryLog:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.skipped = 0  # lines of the last read that were torn or not a revision
        self._newest: dict[FieldKey, Revision] | None = None  # each field's newest revision

    def read(self) -> list[Revision]:
        """The revisions in the file, oldest first; bad lines are skipped and counted."""
        read = read_regular(self.path)  # StorageError for a device, a pipe or a huge file
        if read is None:
            return []
        raw = read[0]
        entries = []
        self.skipped = 0
        for line in raw.split(b"\n"):
            if not line.strip():
                continue
            try:
                entries.append(check_revision(json.loads(line.decode("utf-8")), "revision"))
            except (ValueError, RecursionError, ReportError):  # torn by a crash, or not a revision
                self.skipped += 1
        return chain_revisions(entries)

    def _newest_revisions(self) -> dict[FieldKey, Revision]:
        if self._newest is None:
            self._newest = {}
            for entry in self.read():
                self._note(entry)
        return self._newest

    def _note(self, entry: Revision) -> None:
        assert self._newest is not None
        key = (entry["part"], entry["field"])
        if key not in self._newest or entry["rev"] >= self._newest[key]["rev"]:
            self._newest[key] = entry

    def new_lines(self, before: rp.Report | None, after: rp.Report, by: dict[str, str] | None) -> list[Revision]:
        """A revision for every text that changed between two versions (nothing is written yet).

        With no earlier version (a new or loaded report), a text is compared with its newest
        revision, if the history has one (a loaded report brings its history along)."""
        newest = self._newest_revisions()
        old = text_values(before) if before else {key: entry["text"] for key, entry in newest.items()}
        entries: list[Revision] = []
        for key, text in text_values(after).items():
            if old.get(key, "") != text:
                previous = newest.get(key)
                entries.append(
                    {
                        "id": new_id(),
                        "parent": previous["id"] if previous else None,
                        "part": key[0],
                        "field": key[1],
                        # never past what reading accepts: after MAX_REVISION, numbers repeat
                        "rev": min(previous["rev"] + 1, MAX_REVISION) if previous else 1,
                        "text": text,
                        "by": by,
                        "at": after["updated"],
                    }
                )
        return entries

    def append(self, entries: list[Revision]) -> int:
        """Append revisions (fsynced); returns the file's old length, for `cut_back`."""
        lines = [json.dumps(entry, ensure_ascii=False) for entry in entries]
        size = None
        try:
            with open(self.path, "ab+") as handle:
                if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):  # put in its place since it was read
                    raise StorageError(f"{self.path} is not a regular file; nothing was saved")
                handle.seek(0, os.SEEK_END)
                size = handle.tell()
                if size:  # after a torn last line, start on a line of our own
                    handle.seek(-1, os.SEEK_END)
                    if handle.read(1) != b"\n":
                        lines.insert(0, "")
                handle.write(("\n".join(lines) + "\n").encode("utf-8"))
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as error:
            reason = f"cannot save the history to {self.path}: {error.strerror}"
            if size is not None:  # opened: take out whatever part of the lines got written
                reason += self._cut_back_or_say(size)
            raise StorageError(reason) from None
        self._newest_revisions()
        for entry in entries:
            self._note(entry)
        return size or 0

    def cut_back(self, size: int) -> str:
        """Undo an `append` (the report it belonged to was not written); '' or what went wrong."""
        self._newest = None
        return self._cut_back_or_say(size)

    def _cut_back_or_say(self, size: int) -> str:
        self._newest = None  # re-read next time
        try:
            os.truncate(self.path, size)
        except OSError as error:
            return (
                f"; its unsaved revisions could not be taken out of the history ({error.strerror}) "
                "and are listed there, although the report does not hold them"
            )
        return ""

    def write_all(self, entries: list[Revision]) -> None:
        """Start the history with these revisions (a loaded report's), replacing the file at once."""
        payload = "".join(json.dumps(entry, ensure_ascii=False) + "\n" for entry in entries)
        write_bytes_atomic(self.path, payload.encode("utf-8"))
        self._newest = None

    def revisions(self, part_id: str, field_id: str) -> list[Revision]:
        return [e for e in self.read() if e["part"] == part_id and e["field"] == field_id]
