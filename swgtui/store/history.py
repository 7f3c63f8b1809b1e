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

A save needs only the heads of the keys it changes, and a field's history only that field's
lines: `ID.history.index` beside the file (swgtui.store.history_index) says where they are,
so neither reads the whole file however long it grows. The index is a cache, checked against
the file at every use; when it cannot be used the file is read whole, as without it.
"""

from __future__ import annotations

import copy
import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, cast

from swgtui.i18n import _
from swgtui.model import report as rp
from swgtui.model.ids import new_id
from swgtui.model.merge_keys import FieldKey, is_text_key, report_values
from swgtui.model.report import ReportError
from swgtui.model.schema import MAX_HEADS, MAX_REVISION, chain_revisions, check_revision
from swgtui.model.types import Revision
from swgtui.store.history_index import (
    IndexMismatch,
    Noted,
    drop_index,
    end_hash,
    file_end_hash,
    index_path,
    load_index,
    write_index,
)
from swgtui.store.storage import (
    MAX_FILE_BYTES,
    StorageError,
    cannot_read,
    not_a_file,
    os_reason,
    read_regular,
    too_large,
    write_bytes_atomic,
)

INDEX_LAG_LINES = 200  # the index is written anew when it lacks this many lines of the file
INDEX_LAG_BYTES = 1_000_000  # or this many bytes
KNOWN_SEARCHES = 16  # lines to note past the index beyond which its ids are made a set


class HistoryLog:
    """One report's history file. What it holds is noted as it is read (`Noted`): from the index
    beside it and the lines after what the index covers, checked against the file each time it
    is used (another process may have appended to it, cut it back or replaced it), or from the
    whole file when the index is missing, does not fit or points wrong. `keep_index`: write the
    index when it lags (a store opened for writing: at a save and when it closes)."""

    def __init__(self, path: Path, keep_index: bool = False) -> None:
        self.path = path
        self.index = index_path(path)
        self.keep_index = keep_index
        self.skipped = 0  # lines of the last read that were torn or not a revision
        self._noted: Noted | None = None
        self._seen: tuple[int, int, int] | None = None  # the file's identity when it was last noted
        self._heads_read: dict[int, Revision] = {}  # the head revisions read, by where their line starts
        self._indexed: int | None = None  # the bytes the index on disk covers (None: missing or not usable)
        self._judged = False  # whether the index on disk was looked at (then `_indexed` says)
        self._since = 0  # lines noted that the index on disk does not cover

    # --- reading ---------------------------------------------------------------------------

    def read(self) -> list[Revision]:
        """The revisions in the file, oldest first; bad lines are skipped and counted."""
        read = read_regular(self.path)  # StorageError for a device, a pipe or a huge file
        if read is None:
            self._take(Noted(whole=True), None, {})
            self.skipped = 0
            return []
        raw, info = read
        parsed = _parse(raw, 0)
        entries = chain_revisions([entry for __, entry in parsed.found])  # older lines get their ids here
        noted = Noted(whole=True, skipped=len(parsed.bad_at))
        for start, entry in parsed.found:
            noted.note(start, entry)
        _advance(noted, parsed, end_hash(raw, 0, parsed.last_start or 0, parsed.covered))
        at_heads = {start for heads in noted.heads.values() for start in heads.values()}
        if not self._judged:  # the index on disk not yet looked at: it is kept if it says what the file does
            self._indexed = _index_agrees(load_index(self.index, len(raw)), raw, parsed)
            self._judged = True
        self._take(noted, info, {start: copy.deepcopy(entry) for start, entry in parsed.found if start in at_heads})
        self._since = sum(1 for start, __ in parsed.found if start >= (self._indexed or 0)) + len(parsed.bad_at)
        self.skipped = len(parsed.bad_at) + parsed.torn
        return entries

    def _take(self, noted: Noted, info: os.stat_result | None, heads_read: dict[int, Revision]) -> None:
        self._noted, self._heads_read = noted, heads_read
        self._seen = None if info is None else _identity(info)

    def _read_whole(self) -> Noted:
        """Note the whole file anew (the index is not to be used: it is written anew)."""
        self._indexed, self._judged = None, True
        self.read()
        assert self._noted is not None
        return self._noted

    def _current(self) -> Noted:
        """What the file holds now, noted: what was noted already, with the lines appended since."""
        try:
            info = os.stat(self.path)
        except FileNotFoundError:
            if self._noted is None or self._seen is not None:
                self._take(Noted(whole=True), None, {})
                self.skipped = 0
            assert self._noted is not None
            return self._noted
        except OSError as error:
            raise StorageError(cannot_read(self.path, error)) from None
        if not stat.S_ISREG(info.st_mode):
            raise StorageError(not_a_file(self.path, info.st_mode))
        if self._noted is not None and _identity(info) == self._seen:
            return self._noted
        if self._noted is None:
            loaded = load_index(self.index, info.st_size)
            if loaded is None:
                return self._read_whole()
            self._take(loaded, None, {})
            self._indexed, self._judged, self._since = loaded.covered, True, 0
        if not self._catch_up():
            return self._read_whole()
        assert self._noted is not None
        return self._noted

    def _catch_up(self) -> bool:
        """Note the lines appended since; False if the file is not the one noted (cut back,
        rewritten, replaced) or holds a line of an older release there (read it whole then)."""
        noted = self._noted
        assert noted is not None
        try:
            with self._opened() as handle:
                info = os.fstat(handle.fileno())
                if not stat.S_ISREG(info.st_mode) or info.st_size < noted.covered:
                    return False
                if file_end_hash(handle, noted.last_start, noted.covered) != noted.end:
                    return False
                handle.seek(noted.covered)
                raw = handle.read(MAX_FILE_BYTES + 1 - noted.covered)
                if noted.covered + len(raw) > MAX_FILE_BYTES:
                    raise StorageError(too_large(self.path))
                parsed = _parse(raw, noted.covered)
                if any(not entry["id"] for __, entry in parsed.found):
                    return False
                if len(parsed.found) > KNOWN_SEARCHES:  # many to look up: the ids as a set
                    noted.known, noted.known_text = noted.all_known(), " "
                for start, entry in parsed.found:
                    noted.note(start, entry)
                noted.skipped += len(parsed.bad_at)
                self._since += len(parsed.found) + len(parsed.bad_at)
                _advance(noted, parsed, "")
                noted.end = file_end_hash(handle, noted.last_start, noted.covered)
        except IndexMismatch:
            return False
        except OSError as error:
            raise StorageError(cannot_read(self.path, error)) from None
        self._seen = _identity(info)
        self.skipped = noted.skipped + parsed.torn
        return True

    def _opened(self) -> BinaryIO:
        """The file, open for reading (as read_regular opens it: a pipe put in its place never blocks)."""
        fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        return os.fdopen(fd, "rb")

    def _lines_at(self, starts: list[int], covered: int) -> dict[int, Revision | None]:
        """The revisions whose lines start at `starts` (None where no revision starts there)."""
        found: dict[int, Revision | None] = {}
        try:
            with self._opened() as handle:
                for start in sorted(starts):
                    handle.seek(max(start - 1, 0))
                    if start and handle.read(1) != b"\n":
                        found[start] = None
                        continue
                    line = handle.readline(covered - start)
                    ends = line.endswith(b"\n") or start + len(line) == covered
                    found[start] = _revision_in(line) if ends and line.strip() else None
        except OSError as error:
            raise StorageError(cannot_read(self.path, error)) from None
        return found

    def _checked_heads(self, keys: list[FieldKey]) -> dict[FieldKey, list[Revision]] | None:
        """The keys' heads, their lines read where not yet; None if a line is not what was noted
        (a head of another id or key) or a key's last line is neither a head nor named."""
        noted = self._noted
        assert noted is not None
        wanted = {start for key in keys for start in noted.heads.get(key, {}).values()} - self._heads_read.keys()
        doubted = [key for key in keys if not noted.is_trusted(key) and noted.has_lines(key)]
        try:
            lasts = {noted.lines(key)[-1] for key in doubted}
        except IndexMismatch:
            return None
        read = self._lines_at(sorted(wanted | lasts), noted.covered) if wanted or lasts else {}
        found: dict[FieldKey, list[Revision]] = {}
        for key in keys:
            heads = noted.heads.get(key, {})
            entries = [self._heads_read.get(start) or read.get(start) for start in heads.values()]
            if any(entry is not None and not entry["id"] for entry in entries):  # an older line: chained
                entries = [_by_id(self._key_revisions(noted, key)).get(head_id) for head_id in heads]
            for (head_id, start), entry in zip(heads.items(), entries, strict=True):
                if entry is None or entry["id"] != head_id or (entry["part"], entry["field"]) != key:
                    return None
                self._heads_read[start] = entry
            found[key] = sorted(cast(list[Revision], entries), key=lambda entry: entry["id"])
        for key in doubted:
            last = read.get(noted.lines(key)[-1])
            if last is None or (last["part"], last["field"]) != key:
                return None
            if last["id"] and last["id"] not in noted.heads[key] and last["id"] not in noted.named:
                return None
            noted.trusted.add(key)
        return found

    def _key_revisions(self, noted: Noted, key: FieldKey) -> list[Revision] | None:
        """The revisions of one key as noted, read from their lines; None if one is not there."""
        try:
            starts = noted.lines(key) if noted.has_lines(key) else []
        except IndexMismatch:
            return None
        read = self._lines_at(starts, noted.covered)
        entries = [read[start] for start in starts]
        if not all(entry is not None and (entry["part"], entry["field"]) == key for entry in entries):
            return None
        return chain_revisions(cast(list[Revision], entries))

    def _heads_of(self, keys: list[FieldKey]) -> dict[FieldKey, list[Revision]]:
        found = self._checked_heads(keys)
        if found is None:  # the index pointed wrong: read the file whole
            self._read_whole()
            found = self._checked_heads(keys)
            assert found is not None  # noted from the file, with its heads read
        return found

    def heads(self, key: FieldKey) -> list[Revision]:
        """The key's head revisions, by id: those no other revision of it was made from. One,
        or none before its first save; several when copies changed it apart (a merge left it
        in conflict), until a save or a merge joins them."""
        self._current()
        return self._heads_of([key])[key]

    def all_heads(self) -> list[Revision]:
        """The heads of every key the history holds (what an export's marks are made from)."""
        noted = self._current()
        found = self._checked_heads(list(noted.heads))
        if found is None:  # the index pointed wrong: read the file whole
            noted = self._read_whole()
            found = self._checked_heads(list(noted.heads))
            assert found is not None
        return [head for heads in found.values() for head in heads]

    def revisions(self, part_id: str, field_id: str) -> list[Revision]:
        """The revisions of one key, oldest first: only its own lines are read."""
        key = (part_id, field_id)
        if not self._current().is_trusted(key):
            self._heads_of([key])  # its last line is checked against what the index says
        found = self._key_revisions(self._current(), key)
        if found is None:  # not where the index said
            self._read_whole()
            found = self._key_revisions(self._current(), key)
        if found is None:  # changed meanwhile by another program: as it is now
            found = [e for e in self.read() if e["part"] == part_id and e["field"] == field_id]
        return found

    def write_index(self) -> None:
        """Write the index if the store may and the index lags behind the file (or is not
        there); a cache, so a failure is not an error."""
        if not self.keep_index or self._noted is None:
            return
        try:
            noted = self._current()  # with the lines this process appended
        except StorageError:
            return
        lags = self._since >= INDEX_LAG_LINES or noted.covered - (self._indexed or 0) >= INDEX_LAG_BYTES
        if self._indexed is not None and not lags:
            return
        try:
            write_index(self.index, noted)
        except OSError:
            return
        self._indexed, self._judged, self._since = noted.covered, True, 0

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
        changed_keys = [
            key
            for key, text in values.items()
            if old is None or old.get(key) != text or key in was_in_conflict  # the most of a save: not changed
        ]
        gone = [key for key in old or {} if key not in values]
        self._current()
        heads_of = self._heads_of(changed_keys + gone)  # one pass over their lines, in file order
        entries: list[Revision] = []
        for key in changed_keys:
            text = values[key]
            heads = heads_of[key]
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
        for key in gone:
            heads = heads_of[key]
            if not (heads and all(head.get("removed") for head in heads)):
                entries.append(_revision(key, "", heads, by, after["updated"], removed=True))
        return entries

    def append(self, entries: list[Revision]) -> int:
        """Append revisions (fsynced); returns the file's old length, for `cut_back`."""
        lines = [json.dumps(entry, ensure_ascii=False) for entry in entries]
        size = None
        try:
            with open(self.path, "ab+", opener=_owner_only) as handle:
                if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):  # put in its place since it was read
                    raise StorageError(_("{path} is not a regular file; nothing was saved").format(path=self.path))
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
            reason = _("cannot save the history to {path}: {reason}").format(path=self.path, reason=os_reason(error))
            if size is not None:  # opened: take out whatever part of the lines got written
                reason += self._cut_back_or_say(size)
            raise StorageError(reason) from None
        return size or 0  # noted when next used, as read back from the file

    def cut_back(self, size: int) -> str:
        """Undo an `append` (the report it belonged to was not written); '' or what went wrong."""
        return self._cut_back_or_say(size)

    def _cut_back_or_say(self, size: int) -> str:
        self._seen = None  # checked next time (what was noted is kept if it ends before `size`)
        try:
            os.truncate(self.path, size)
        except OSError as error:
            return _(
                "; its unsaved revisions could not be taken out of the history ({reason}) "
                "and are listed there, although the report does not hold them"
            ).format(reason=os_reason(error))
        return ""

    def write_all(self, entries: list[Revision]) -> None:
        """Start the history with these revisions (a loaded report's), replacing the file at once."""
        payload = "".join(json.dumps(entry, ensure_ascii=False) + "\n" for entry in entries)
        self.drop_index()
        write_bytes_atomic(self.path, payload.encode("utf-8"))

    def drop_index(self) -> None:
        """Forget what was noted and remove the index (the file is replaced or removed)."""
        drop_index(self.index)
        self._noted, self._seen, self._heads_read, self._indexed, self._since = None, None, {}, None, 0
        self._judged = True


@dataclass
class _Parsed:
    """The lines of a piece of a history file read from `base` (see `_parse`)."""

    found: list[tuple[int, Revision]] = field(default_factory=list)  # (where its line starts, revision)
    bad_at: list[int] = field(default_factory=list)  # where the whole lines that are not a revision start
    torn: int = 0  # 1 if the last line is torn (no newline yet, not a revision): not noted
    covered: int = 0  # the end of the lines noted
    last_start: int | None = None  # where the last of them that is not blank starts


def _parse(raw: bytes, base: int) -> _Parsed:
    """The lines of `raw`, read from the file at `base`. A last line without its newline is noted
    if it is a revision (its newline comes first in the next append) and left for later if not
    (it may be being written)."""
    parsed = _Parsed(covered=base)
    start = 0
    while start < len(raw):
        stop = raw.find(b"\n", start)
        complete = stop >= 0
        stop = stop if complete else len(raw)
        line = raw[start:stop]
        if line.strip():
            entry = _revision_in(line)
            if entry is not None:
                parsed.found.append((base + start, entry))
            elif complete:
                parsed.bad_at.append(base + start)
            else:
                parsed.torn = 1
            if complete or entry is not None:
                parsed.covered, parsed.last_start = base + stop + complete, base + start
        elif complete:
            parsed.covered = base + stop + 1
        start = stop + 1
    return parsed


def _index_agrees(index: Noted | None, raw: bytes, parsed: _Parsed) -> int | None:
    """The bytes `index` covers if it says exactly what the file `raw` (read whole, `parsed`)
    holds up to there; None if not (or there is no index)."""
    if index is None or index.covered > len(raw):
        return None
    before = [(start, entry) for start, entry in parsed.found if start < index.covered]
    noted = Noted(skipped=sum(1 for start in parsed.bad_at if start < index.covered))
    for start, entry in before:
        noted.note(start, entry)
    noted.covered, noted.last_start = index.covered, index.last_start
    noted.end = end_hash(raw, 0, index.last_start, index.covered)
    try:
        lines = {key: index.lines(key) for key in index.all_keys()}
    except IndexMismatch:
        return None
    agrees = (noted.skipped, noted.decoded, noted.heads, noted.known, noted.end) == (
        index.skipped,
        lines,
        index.heads,
        index.all_known(),
        index.end,
    )
    return index.covered if agrees and noted.named - noted.known == index.named else None


def _advance(noted: Noted, parsed: _Parsed, end: str) -> None:
    noted.covered = parsed.covered
    if parsed.last_start is not None:
        noted.last_start = parsed.last_start
    noted.end = end


def _revision_in(line: bytes) -> Revision | None:
    """The revision a line holds, None if it is torn by a crash or not a revision."""
    try:
        return check_revision(json.loads(line.decode("utf-8")), "revision")
    except (ValueError, RecursionError, ReportError):
        return None


def _by_id(revisions: list[Revision] | None) -> dict[str, Revision]:
    return {revision["id"]: revision for revision in revisions or []}


def _identity(info: os.stat_result) -> tuple[int, int, int]:
    return info.st_ino, info.st_size, info.st_mtime_ns


def _owner_only(path: str, flags: int) -> int:
    """Open as asked, creating the file readable by its owner only, like the report file: the
    history holds every draft."""
    return os.open(path, flags, 0o600)


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
        raise ReportError(
            _("{part}/{field} has {count} versions; at most {most}").format(
                part=key[0], field=key[1], count=len(heads), most=MAX_HEADS
            )
        )
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
