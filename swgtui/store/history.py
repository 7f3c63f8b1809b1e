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
from swgtui.model.merge_keys import FieldKey, is_text_key, report_values
from swgtui.model.report import ReportError
from swgtui.model.schema import MAX_HEADS, MAX_REVISION, chain_revisions, check_revision
from swgtui.model.types import Revision
from swgtui.store.storage import StorageError, read_regular, write_bytes_atomic


class HistoryLog:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.skipped = 0  # lines of the last read that were torn or not a revision
        self._heads: dict[FieldKey, dict[str, Revision]] | None = None  # each key's heads, by id
        self._known: set[str] = set()  # the ids of the revisions noted in _heads
        self._named: set[str] = set()  # the ids named as a parent by one of them

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

    def _all_heads(self) -> dict[FieldKey, dict[str, Revision]]:
        if self._heads is None:
            self._heads, self._known, self._named = {}, set(), set()
            for entry in self.read():
                self._note(entry)
        return self._heads

    def _note(self, entry: Revision) -> None:
        """Take a revision into the heads: it replaces the heads it was made from, and is one
        itself unless a revision already noted was made from it (or it was noted before)."""
        assert self._heads is not None
        if entry["id"] in self._known:
            return
        self._known.add(entry["id"])
        heads = self._heads.setdefault((entry["part"], entry["field"]), {})
        parents = entry.get("parents") or ([entry["parent"]] if entry["parent"] else [])
        for parent in parents:
            self._named.add(parent)
            heads.pop(parent, None)
        if entry["id"] not in self._named:
            heads[entry["id"]] = entry

    def heads(self, key: FieldKey) -> list[Revision]:
        """The key's head revisions, by id: those no other revision of it was made from. One,
        or none before its first save; several when copies changed it apart (a merge left it
        in conflict), until a save or a merge joins them."""
        return sorted(self._all_heads().get(key, {}).values(), key=lambda entry: entry["id"])

    def new_lines(self, before: rp.Report | None, after: rp.Report, by: dict[str, str] | None) -> list[Revision]:
        """The revisions a save writes (nothing is written yet): one for every value that
        changed between two versions, made from all of its key's heads (so a value in conflict
        that is set is settled); one for every value of a conflict that `before` lists and
        `after` does not (settled as it is shown); and a tombstone for every value gone
        (its row, partner or contact removed). A value its key's only head holds already,
        and a value `after` lists in conflict that one of its heads holds, are not written.

        With no earlier version (a new or loaded report), a value is compared with its key's
        head, if the history has one (a loaded report brings its history along); a structure
        value without one is left to be written when it changes (the merge makes up for it)."""
        old = report_values(before) if before is not None else None
        values = report_values(after)
        was_in_conflict = _conflicts(before) if before is not None else set()
        in_conflict = _conflicts(after)
        entries: list[Revision] = []
        for key, text in values.items():
            if old is not None and old.get(key) == text and key not in was_in_conflict:
                continue  # the most of a save: not changed
            heads = self.heads(key)
            if old is not None:
                changed = text != old.get(key, "") or (key not in old and _any_removed(heads))
            elif len(heads) == 1 and not heads[0].get("removed"):
                changed = text != heads[0]["text"]
            else:  # several heads the report does not list in conflict, removed, or never saved
                changed = bool(heads) or (bool(text) and is_text_key(key[1]))
            if key in in_conflict:
                changed = changed and all(head["text"] != text for head in heads)
            elif key in was_in_conflict and len(heads) > 1:
                changed = True  # settled as shown
            if changed and not (len(heads) == 1 and heads[0]["text"] == text and not heads[0].get("removed")):
                entries.append(_revision(key, text, heads, by, after["updated"]))
        for key in [key for key in old or {} if key not in values]:
            heads = self.heads(key)
            if not (heads and all(head.get("removed") for head in heads)):
                entries.append(_revision(key, "", heads, by, after["updated"], removed=True))
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
        self._all_heads()
        for entry in entries:
            self._note(entry)
        return size or 0

    def cut_back(self, size: int) -> str:
        """Undo an `append` (the report it belonged to was not written); '' or what went wrong."""
        self._heads = None
        return self._cut_back_or_say(size)

    def _cut_back_or_say(self, size: int) -> str:
        self._heads = None  # re-read next time
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
        self._heads = None

    def revisions(self, part_id: str, field_id: str) -> list[Revision]:
        return [e for e in self.read() if e["part"] == part_id and e["field"] == field_id]


def _conflicts(report: rp.Report) -> set[FieldKey]:
    return {(conflict["part"], conflict["field"]) for conflict in report.get("conflicts", [])}


def _any_removed(heads: list[Revision]) -> bool:
    return any(head.get("removed") for head in heads)


def _revision(
    key: FieldKey, text: str, heads: list[Revision], by: dict[str, str] | None, at: str, removed: bool = False
) -> Revision:
    """A new revision of a key, made from its heads: `parent` the lowest id, `parents` all of
    them when there are several, `rev` one past the highest (never past what reading accepts:
    after MAX_REVISION, numbers repeat; never more parents than reading accepts)."""
    if len(heads) > MAX_HEADS:
        raise ReportError(f"{key[0]}/{key[1]} has {len(heads)} versions; at most {MAX_HEADS}")
    revision: Revision = {
        "id": new_id(),
        "parent": heads[0]["id"] if heads else None,
        "part": key[0],
        "field": key[1],
        "rev": min(max(head["rev"] for head in heads) + 1, MAX_REVISION) if heads else 1,
        "text": text,
        "by": by,
        "at": at,
    }
    if len(heads) > 1:
        revision["parents"] = [head["id"] for head in heads]
    if removed:
        revision["removed"] = True
    return revision
