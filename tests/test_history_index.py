"""The index beside a history file is a cache, never the truth: whatever it holds (stale, torn,
garbage, pointing wrong) and whoever else writes the history, what the store says of the history
(each field's revisions, each key's heads, the revision numbers a save gives) is what reading the
whole file says."""

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from swgtui.cli import main
from swgtui.model import report as rp
from swgtui.model.merge_graph import heads
from swgtui.model.merge_keys import report_values
from swgtui.model.template import load_template
from swgtui.store import ReportStore
from swgtui.store.history import HistoryLog, _index_agrees, _parse
from swgtui.store.history_index import index_path, load_index, write_index

T = load_template("annex2")
VANH = {"name": "Ms Vanh", "organisation": "MoH", "role": "focal point"}
KEYS = [("c2", "challenges"), ("a1", "notes"), ("a2", "challenges")]


def saved_store(store_path: Path, sample: dict, rounds: int = 3) -> str:
    """The sample added, then three of its texts saved `rounds` times; the store closed (so
    the index is written)."""
    with ReportStore(store_path) as store:
        report_id = store.add(sample)
        report = store.get(report_id)
        for number in range(rounds):
            for part, field in KEYS:
                rp.set_field(T, report, part, field, f"{part} {field} round {number}")
            store.save(report, author=VANH)
    return report_id


def files(store_path: Path, report_id: str) -> tuple[Path, Path]:
    history = store_path.parent / "store.reports" / f"{report_id}.history.jsonl"
    return history, index_path(history)


def truth(history: Path) -> tuple[list[dict], dict]:
    """The whole file read without any index: every revision, and each key's heads."""
    entries = HistoryLog(history).read()
    by_key: dict = {}
    for entry in entries:
        by_key.setdefault((entry["part"], entry["field"]), []).append(entry)
    return entries, {key: heads(revisions) for key, revisions in by_key.items()}


def says(store: ReportStore, report_id: str, history: Path) -> None:
    """The store says of every key what the whole file says."""
    entries, expected_heads = truth(history)
    for key in expected_heads:
        assert store.history(report_id, *key) == [e for e in entries if (e["part"], e["field"]) == key]
        assert store._history(report_id).heads(key) == expected_heads[key]
    assert sorted(store.history_heads(report_id), key=lambda e: e["id"]) == sorted(
        (head for found in expected_heads.values() for head in found), key=lambda e: e["id"]
    )


def index_agrees(history: Path) -> bool:
    """The index on disk says exactly what the file holds up to where it covers (it is written
    anew only when it lags far behind)."""
    raw = history.read_bytes()
    return _index_agrees(load_index(index_path(history), len(raw)), raw, _parse(raw, 0)) is not None


def set_again(store_path: Path, report_id: str, text: str) -> dict:
    """Set c2 challenges in a store opened anew; the revision written."""
    with ReportStore(store_path) as store:
        report = store.get(report_id)
        rp.set_field(T, report, "c2", "challenges", text)
        store.save(report, author=VANH)
        return store.history(report_id, "c2", "challenges")[-1]


def count_whole_reads(monkeypatch) -> list[Path]:
    """The history files read whole because no index could be used, from now on."""
    read_whole = HistoryLog._read_whole
    found: list[Path] = []

    def counted(self):
        found.append(self.path)
        return read_whole(self)

    monkeypatch.setattr(HistoryLog, "_read_whole", counted)
    return found


def test_the_index_is_written_when_the_store_closes_and_says_what_the_file_holds(store_path, sample, monkeypatch):
    report_id = saved_store(store_path, sample)
    history, index = files(store_path, report_id)
    assert index.is_file() and index_agrees(history)
    read_whole = count_whole_reads(monkeypatch)
    with ReportStore(store_path) as store:
        says(store, report_id, history)
    assert read_whole == []
    assert set_again(store_path, report_id, "fourth")["rev"] == 4  # three rounds, then this one


def test_a_save_reads_only_the_lines_of_its_heads(store_path, sample, monkeypatch):
    report_id = saved_store(store_path, sample, rounds=30)
    reads = []
    monkeypatch.setattr(HistoryLog, "read", lambda self: reads.append(self) or [])
    written = set_again(store_path, report_id, "with the index")
    assert reads == [] and written["rev"] == 31 and written["text"] == "with the index"


def test_a_read_only_store_reads_the_index_but_never_writes_it(store_path, sample):
    report_id = saved_store(store_path, sample)
    history, index = files(store_path, report_id)
    index.unlink()
    with ReportStore(store_path, writable=False).open() as store:
        says(store, report_id, history)
    assert not index.exists()


@pytest.mark.parametrize("cut", [1, 17, 200])
def test_a_history_cut_back_is_read_whole_and_the_index_written_anew(store_path, sample, cut):
    report_id = saved_store(store_path, sample)
    history, _ = files(store_path, report_id)
    raw = history.read_bytes()
    history.write_bytes(raw[: len(raw) - cut])  # the index covers more than the file now holds
    with ReportStore(store_path) as store:
        says(store, report_id, history)
        whole = HistoryLog(history)
        whole.read()
        assert store.history_skipped(report_id) == whole.skipped == (cut > 1)  # a torn line, unless only its newline
    last = set_again(store_path, report_id, "after the cut")
    entries, _ = truth(history)
    revs = [e["rev"] for e in entries if (e["part"], e["field"]) == ("c2", "challenges")]
    assert last == entries[-1] and revs == list(range(1, len(revs) + 1))
    assert index_agrees(history)


def test_torn_lines_are_skipped_and_counted_as_a_whole_read_does(store_path, sample):
    report_id = saved_store(store_path, sample)
    history, _ = files(store_path, report_id)
    with open(history, "ab") as handle:  # a crash in the middle of a line, then a bad whole line
        handle.write(b'{"id": "01JQ8X0000AAAAAAAAAAAAAAAA", "part": "c2", "field": "chall')
    with ReportStore(store_path) as store:
        says(store, report_id, history)
        assert store.history_skipped(report_id) == 1
    last = set_again(store_path, report_id, "after the torn line")
    with open(history, "ab") as handle:
        handle.write(b'["not", "a", "revision"]\n')
    with ReportStore(store_path) as store:
        says(store, report_id, history)
        assert store.history_skipped(report_id) == 2  # the torn line (now ended by the save) and this one
        assert store.history(report_id, "c2", "challenges")[-1] == last and last["rev"] == 4


def test_a_history_replaced_by_another_is_read_whole(store_path, sample, tmp_path):
    report_id = saved_store(store_path, sample)
    history, index = files(store_path, report_id)
    kept_index = index.read_bytes()
    other = saved_store(tmp_path / "other" / "store.json", sample, rounds=5)  # longer, other ids
    shutil.copy(files(tmp_path / "other" / "store.json", other)[0], history)
    index.write_bytes(kept_index)  # the index of the history that was there before
    with ReportStore(store_path) as store:
        says(store, report_id, history)
    assert index_agrees(history)


def test_what_another_process_appends_is_seen_by_a_store_that_holds_the_index(store_path, sample):
    report_id = saved_store(store_path, sample)
    history, _ = files(store_path, report_id)
    reader = ReportStore(store_path, writable=False).open()
    try:
        says(reader, report_id, history)  # noted from the index
        written = set_again(store_path, report_id, "written by another process")
        assert reader.history(report_id, "c2", "challenges")[-1] == written
        says(reader, report_id, history)
        # the other process's save fails after its append: the history is cut back, then written again
        log = HistoryLog(history)
        size = log.append([{**written, "id": "01JQ8X0000AAAAAAAAAAAAAAA1", "parent": written["id"], "rev": 5}])
        assert reader.history(report_id, "c2", "challenges")[-1]["id"] == "01JQ8X0000AAAAAAAAAAAAAAA1"
        assert log.cut_back(size) == ""
        again = set_again(store_path, report_id, "written again")
        assert again["rev"] == written["rev"] + 1 and again["parent"] == written["id"]
        says(reader, report_id, history)
        assert reader.history(report_id, "c2", "challenges")[-2:] == [written, again]
    finally:
        reader.close()


def test_two_writers_one_after_the_other_number_every_revision_once(store_path, sample):
    report_id = saved_store(store_path, sample)
    first, second = ReportStore(store_path), ReportStore(store_path)
    for number in range(6):  # each opens, saves and closes in turn: the same objects opened again
        store = first if number % 2 else second
        with store:
            report = store.get(report_id)
            rp.set_field(T, report, "c2", "challenges", f"turn {number}")
            store.save(report, author=VANH)
    history, _ = files(store_path, report_id)
    revisions = [e for e in truth(history)[0] if (e["part"], e["field"]) == ("c2", "challenges")]
    assert [e["rev"] for e in revisions] == list(range(1, 10))
    assert all(e["parent"] == before["id"] for before, e in zip(revisions, revisions[1:], strict=False))


def hostile(history: Path, change) -> None:
    """Write an index of the whole file with `change` made to what it holds (its checksum made to fit)."""
    log = HistoryLog(history)
    log.read()
    assert log._noted is not None
    change(log._noted)
    write_index(index_path(history), log._noted)


def older_head(index):
    key = ("c2", "challenges")
    index.heads[key] = {"01JQ8X0000AAAAAAAAAAAAAAAA": index.lines(key)[-2]}  # an older line said to be the head


def shifted(index):
    key = ("c2", "challenges")
    index.decoded[key] = [start + 1 for start in index.decoded[key]]
    index.heads[key] = {one: start + 1 for one, start in index.heads[key].items()}


def another_key(index):
    index.decoded[("c2", "challenges")], index.decoded[("a1", "notes")] = (
        index.decoded[("a1", "notes")],
        index.decoded[("c2", "challenges")],
    )


def past_the_end(index):
    index.decoded[("c2", "challenges")].append(index.covered + 10)


def duplicated(index):
    key = ("c2", "challenges")
    index.decoded[key] = sorted(index.decoded[key] * 2)


@pytest.mark.parametrize(
    "spoil",
    [
        lambda history, index: index.write_bytes(b"garbage\n\x00\xff"),
        lambda history, index: index.write_bytes(index.read_bytes().replace(b'"skipped":0', b'"skipped":7')),
        lambda history, index: index.write_bytes(b'{"format": "swgtui-history-index-1"}\n' + b"[" * 100_000),
        lambda history, index: index.write_bytes(index.read_bytes() + b" " * (history.stat().st_size + 1_100_000)),
        lambda history, index: index.write_text(json.dumps({"format": "swgtui-history-index-1", "covered": True})),
        lambda history, index: hostile(history, older_head),
        lambda history, index: hostile(history, shifted),
        lambda history, index: hostile(history, another_key),
        lambda history, index: hostile(history, past_the_end),
        lambda history, index: hostile(history, duplicated),
        lambda history, index: (index.unlink(), os.mkfifo(index)),
    ],
    ids=[
        "garbage",
        "checksum",
        "nested",
        "huge",
        "shape",
        "older-head",
        "shifted",
        "another-key",
        "past-end",
        "twice",
        "pipe",
    ],
)
def test_a_hostile_index_is_ignored_and_written_anew(store_path, sample, spoil, monkeypatch):
    report_id = saved_store(store_path, sample)
    history, index = files(store_path, report_id)
    spoil(history, index)
    read_whole = count_whole_reads(monkeypatch)
    with ReportStore(store_path) as store:
        says(store, report_id, history)
    assert read_whole == [history]  # found out once, and read whole
    last = set_again(store_path, report_id, "after the hostile index")
    assert last["rev"] == 4 and last == truth(history)[0][-1]
    with ReportStore(store_path) as store:  # the full read judged it and it was written anew
        store.full_history(report_id)
    assert index_agrees(history)


def test_an_index_that_leaves_a_line_out_is_written_anew_at_the_next_whole_read(store_path, sample):
    report_id = saved_store(store_path, sample)
    history, index = files(store_path, report_id)

    def left_out(noted):
        noted.decoded[("a1", "notes")] = noted.decoded[("a1", "notes")][1:]

    hostile(history, left_out)
    with ReportStore(store_path) as store:
        entries = store.full_history(report_id)  # the export, the review package, the dump: read whole
        notes = [e for e in entries if (e["part"], e["field"]) == ("a1", "notes")]
        assert store.history(report_id, "a1", "notes") == notes
    assert index_agrees(history)
    noted = load_index(index, history.stat().st_size)
    assert noted is not None and len(noted.lines(("a1", "notes"))) == 4


def test_set_and_history_on_the_command_line_say_the_same_with_and_without_the_index(tmp_path, sample):
    listings = []
    for name in ("with", "without"):
        store_path = tmp_path / name / "store.json"
        report_id = saved_store(store_path, sample)
        history, index = files(store_path, report_id)
        if name == "without":
            index.unlink()
        runner = CliRunner()
        for text in ("one", "two"):
            done = runner.invoke(main, ["--db", str(store_path), "set", report_id, "c2", "challenges", text])
            assert done.exit_code == 0, done.output
        shown = runner.invoke(main, ["--db", str(store_path), "history", report_id, "c2", "challenges", "--json"])
        listings.append([(r["rev"], r["text"], r["parent"] is None) for r in json.loads(shown.stdout)])
        with ReportStore(store_path) as store:
            says(store, report_id, history)
            assert report_values(store.get(report_id))[("c2", "challenges")] == "two"
    assert listings[0] == listings[1] and [rev for rev, _, _ in listings[0]] == [1, 2, 3, 4, 5]
