"""What a history file holds, noted line by line, and its index beside it: a cache, never the truth.

`Noted` is what reading a history file (swgtui.store.history) notes of it: the bytes noted
(`covered`), where each key's lines start, each key's heads (id → where its line starts), the ids
noted and the ids named as a parent, and how many lines were torn or not a revision. With it, a
save reads only the lines of its keys' heads and a field's history only that field's lines.

``ID.history.index`` keeps it between runs: a first line of JSON (the format, `covered`, where the
last noted line starts, a hash of the bytes at the end of what it covers, and the sha256 of the
rest), then the rest as JSON. It is taken only if all of that holds for the history file as it
is now: the file is at least `covered` bytes long and its last noted line is the same (the file
is only ever appended to, so the bytes before it are those noted; a history cut back, rewritten
or replaced fails the check). Its shape is checked, and each line it points to is checked again
when read (it starts a line, holds a revision of its key, the head it is said to be). Anything
else (garbage, another shape, a wrong offset, a file too large) and the history is read whole,
as without an index, and the index written anew. Someone who can write the index can write the
history itself: the index adds no way to change what the history says.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from swgtui.model.merge_keys import FieldKey
from swgtui.model.types import Revision
from swgtui.store.storage import TEMP_SUFFIX

FORMAT = "swgtui-history-index-1"
END_BYTES = 64  # of the last noted line's start and of its end, hashed to tell its history file
SLACK = 1_000_000  # an index is far smaller than its history; one larger by more is not read


class IndexMismatch(Exception):
    """The index holds a key's lines wrongly: the history is to be read whole."""


@dataclass
class Noted:
    """What was noted of a history file's first `covered` bytes (see the module's docstring).
    From an index, each key's lines are decoded (and checked) when first used, and the ids
    noted stay one text, searched (both cost nothing for the keys a command does not use)."""

    covered: int = 0
    last_start: int = 0  # where the last noted line starts
    end: str = ""  # the hash of the bytes at the ends of that line (`end_hash`)
    skipped: int = 0  # lines torn or not a revision
    heads: dict[FieldKey, dict[str, int]] = field(default_factory=dict)  # each key's heads: id -> line start
    named: set[str] = field(default_factory=set)  # ids named as a parent
    trusted: set[FieldKey] = field(default_factory=set)  # keys whose last line was checked against the file
    whole: bool = False  # noted from the file itself (not from an index): every key is to be trusted
    decoded: dict[FieldKey, list[int]] = field(default_factory=dict)  # where each key's lines start
    coded: dict[FieldKey, str] = field(default_factory=dict)  # the same as the index holds it, not yet decoded
    known_text: str = " "  # the ids of the index, " ID ID … "
    known: set[str] = field(default_factory=set)  # the ids noted since (all of them, read whole)

    def all_keys(self) -> list[FieldKey]:
        return [*self.coded, *self.decoded]

    def has_lines(self, key: FieldKey) -> bool:
        return key in self.decoded or key in self.coded

    def lines(self, key: FieldKey) -> list[int]:
        """Where the key's lines start, in the file's order; IndexMismatch if the index holds
        them wrongly (not whole numbers before `covered`, not in order, a head not among them)."""
        found = self.decoded.get(key)
        if found is None:
            found = _decoded(self.coded.get(key, ""), self.covered, set(self.heads.get(key, {}).values()))
            self.coded.pop(key, None)
            self.decoded[key] = found
        return found

    def is_known(self, revision_id: str) -> bool:
        return revision_id in self.known or f" {revision_id} " in self.known_text

    def all_known(self) -> set[str]:
        return set(self.known_text.split()) | self.known

    def note(self, start: int, entry: Revision) -> None:
        """Take a revision into the heads: it replaces the heads it was made from, and is one
        itself unless a revision already noted was made from it (or it was noted before)."""
        key = (entry["part"], entry["field"])
        self.lines(key).append(start)
        if self.is_known(entry["id"]):
            return
        self.known.add(entry["id"])
        heads = self.heads.setdefault(key, {})
        parents = entry.get("parents") or ([entry["parent"]] if entry["parent"] else [])
        for parent in parents:
            self.named.add(parent)
            heads.pop(parent, None)
        if entry["id"] not in self.named:
            heads[entry["id"]] = start

    def is_trusted(self, key: FieldKey) -> bool:
        return self.whole or key in self.trusted


def _decoded(text: str, covered: int, heads: set[int]) -> list[int]:
    try:
        starts = list(map(int, text.split()))
    except ValueError:
        raise IndexMismatch from None
    if starts and (starts != sorted(set(starts)) or starts[0] < 0 or starts[-1] >= covered):
        raise IndexMismatch
    if not heads <= set(starts):
        raise IndexMismatch
    return starts


def end_hash(raw: bytes, base: int, last_start: int, covered: int) -> str:
    """The hash that tells the history file noted: the first and last END_BYTES of its last
    noted line (which hold the line's own id and time). `raw` holds the file from `base`."""
    head = raw[last_start - base : min(last_start + END_BYTES, covered) - base]
    tail = raw[max(covered - END_BYTES, last_start) - base : covered - base]
    return hashlib.sha256(head + b"|" + tail).hexdigest()


def file_end_hash(handle: Any, last_start: int, covered: int) -> str:
    """`end_hash` of the file open in `handle` (binary), read from it."""
    handle.seek(last_start)
    head = handle.read(min(last_start + END_BYTES, covered) - last_start)
    start = max(covered - END_BYTES, last_start)
    handle.seek(start)
    tail = handle.read(covered - start)
    return hashlib.sha256(head + b"|" + tail).hexdigest()


def index_path(history: Path) -> Path:
    """ID.history.jsonl → ID.history.index."""
    return history.with_name(history.name.removesuffix(".jsonl") + ".index")


def load_index(path: Path, limit: int) -> Noted | None:
    """The index at `path` as it claims to be (not yet checked against its history file), or
    None if there is none or it is not one (garbage, another shape, larger than `limit` + SLACK)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(fd).st_mode):  # a pipe or a device put in its place
                return None
            raw = handle.read(limit + SLACK + 1)
    except OSError:
        return None
    if len(raw) > limit + SLACK:
        return None
    first, _, body = raw.partition(b"\n")
    try:
        header = json.loads(first)
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            return None
        if header.get("body") != hashlib.sha256(body).hexdigest():
            return None
        return _noted(header, json.loads(body))
    except (ValueError, RecursionError, TypeError, KeyError, AttributeError):
        return None


def _noted(header: dict[str, Any], body: Any) -> Noted | None:
    covered, last_start, skipped = header["covered"], header["last_start"], body["skipped"]
    if not all(_count(number) for number in (covered, last_start, skipped)) or last_start > covered:
        return None
    noted = Noted(covered=covered, last_start=last_start, end=str(header["end"]), skipped=skipped)
    for part, name, starts in body["lines"]:
        if not (isinstance(part, str) and isinstance(name, str) and isinstance(starts, str)):
            return None
        noted.coded[(part, name)] = starts
    for part, name, heads in body["heads"]:
        key = (part, name)
        if key not in noted.coded or not isinstance(heads, list):
            return None
        noted.heads[key] = {str(head_id): start for head_id, start in heads}
        if not _offsets(list(noted.heads[key].values()), covered):
            return None
    if not isinstance(body["known"], str):
        return None
    noted.known_text = f" {body['known']} "
    noted.named = set(body["named"])
    if not set(map(type, noted.named)) <= {str}:
        return None
    return noted


def _offsets(starts: list[Any], covered: int) -> bool:
    """Whether `starts` are whole numbers of bytes before `covered` (not true/false, not 1.0)."""
    return not starts or (set(map(type, starts)) == {int} and min(starts) >= 0 and max(starts) < covered)


def _count(value: Any) -> bool:
    return type(value) is int and value >= 0


def write_index(path: Path, noted: Noted) -> None:
    """Replace the index (no fsync: a cache, checked when read). OSError if it cannot be written."""
    body = json.dumps(
        {
            "skipped": noted.skipped,
            "lines": [[*key, _coded(noted, key)] for key in noted.all_keys()],
            "heads": [[*key, [[one, start] for one, start in heads.items()]] for key, heads in noted.heads.items()],
            "known": " ".join([*noted.known_text.split(), *noted.known]),
            "named": sorted(one for one in noted.named if not noted.is_known(one)),  # only these matter later
        },
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8")
    header = {
        "format": FORMAT,
        "covered": noted.covered,
        "last_start": noted.last_start,
        "end": noted.end,
        "body": hashlib.sha256(body).hexdigest(),
    }
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as temp:
            temp.write(json.dumps(header).encode("utf-8") + b"\n" + body)
        os.replace(temp_name, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise


def _coded(noted: Noted, key: FieldKey) -> str:
    coded = noted.coded.get(key)
    return " ".join(map(str, noted.decoded[key])) if coded is None else coded


def drop_index(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)
