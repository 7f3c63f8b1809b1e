"""Merging two copies of a report with their field histories (swgtui.model.merge)."""

from __future__ import annotations

import copy
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from swgtui.model import report as rp
from swgtui.model.merge import common_base, merge_report, parents_of
from swgtui.model.merge_keys import report_values
from swgtui.model.merge_lists import merge_ids
from swgtui.model.schema import report_to_json
from swgtui.model.template import load_template
from swgtui.store import ReportStore
from swgtui.store.history import HistoryLog
from tests.conftest import release_0_1_0_store

T = load_template("annex2")
FOLDER = tempfile.mkdtemp(prefix="swgtui-merge-")
H = rp.HEADER_ID
ALICE = {"name": "Alice", "organisation": "MPI", "role": "focal point"}
BOB = {"name": "Bob", "organisation": "EU", "role": "co-chair"}
CARA = {"name": "Cara", "organisation": "UNDP", "role": "co-chair"}


_clock = iter(range(10**6))


def tick() -> str:
    n = next(_clock)
    return f"2030-03-{1 + n // 86400 % 28:02d}T{n // 3600 % 24:02d}:{n // 60 % 60:02d}:{n % 60:02d}+00:00"


class Copy:
    """One laptop's copy of the report and its history (a history file of its own)."""

    def __init__(self, by: dict, report: dict, history: list) -> None:
        self.by, self.report = by, report
        self.log = HistoryLog(Path(tempfile.mkdtemp(dir=FOLDER)) / "history.jsonl")
        self.log.write_all(history)

    @property
    def history(self) -> list:
        return self.log.read()

    def edit(self, change, settles: tuple[str, str] | None = None) -> None:
        before = copy.deepcopy(self.report)
        change(self.report)
        if settles:  # as the session does when a field in conflict is set
            left = [c for c in self.report.get("conflicts", []) if (c["part"], c["field"]) != settles]
            self.report.pop("conflicts", None)
            if left:
                self.report["conflicts"] = left
        self.report["updated"] = tick()
        self.log.append(self.log.new_lines(before, self.report, self.by))

    def receive(self, other: Copy):
        result = merge_report(self.report, self.history, copy.deepcopy(other.report), other.history, T)
        self.report = result.report
        self.log.append(result.new_revisions)
        return result

    def clone(self, by: dict) -> Copy:
        return Copy(by, copy.deepcopy(self.report), self.history)

    def json(self) -> str:
        data = report_to_json(self.report)
        data.pop("review", None)
        return json.dumps(data, sort_keys=True)


def started() -> Copy:
    report = rp.new_report(T, "Infrastructure", "2025/2026")
    report["updated"] = tick()
    first = Copy(ALICE, report, [])
    first.log.append(first.log.new_lines(None, report, ALICE))
    return first


def texts(copy_: Copy) -> dict:
    return report_values(copy_.report)


def setter(part: str, field_id: str, text: str):
    return lambda r: rp.set_field(T, r, part, field_id, text)


def test_a_change_on_one_side_is_taken():
    alice = started()
    bob = alice.clone(BOB)
    bob.edit(setter("c1", "narrative", "Roads were built.\n"))
    result = alice.receive(bob)
    assert rp.get_field(T, alice.report, "c1", "narrative") == "Roads were built.\n"
    assert (result.taken, result.merged, result.conflicts) == (1, 0, [])
    assert "conflicts" not in alice.report


def test_changes_to_different_lines_merge_into_the_same_revision_on_either_side():
    alice = started()
    alice.edit(setter("c1", "narrative", "one\ntwo\nthree\n"))
    bob = alice.clone(BOB)
    alice.edit(setter("c1", "narrative", "ONE\ntwo\nthree\n"))
    bob.edit(setter("c1", "narrative", "one\ntwo\nTHREE\n"))
    alice_side, bob_side = alice.clone(ALICE), bob.clone(BOB)
    merged_here = alice_side.receive(bob)
    merged_there = bob_side.receive(alice)
    assert rp.get_field(T, alice_side.report, "c1", "narrative") == "ONE\ntwo\nTHREE\n"
    assert merged_here.merged == 1 and not merged_here.conflicts
    mine = [r for r in merged_here.new_revisions if r["by"] is None and r["field"] == "narrative"]
    theirs = [r for r in merged_there.new_revisions if r["by"] is None and r["field"] == "narrative"]
    assert len(mine) == 1 and mine == theirs
    assert mine[0]["parents"] == sorted(parents_of(mine[0]))
    assert alice_side.json() == bob_side.json()


def test_changes_to_the_same_lines_are_a_conflict_showing_the_lowest_head():
    alice = started()
    alice.edit(setter("c1", "narrative", "one\ntwo\n"))
    bob = alice.clone(BOB)
    alice.edit(setter("c1", "narrative", "one\nalice\n"))
    bob.edit(setter("c1", "narrative", "one\nbob\n"))
    result = alice.receive(bob)
    tops = sorted(
        (r for r in alice.history if r["field"] == "narrative" and r["text"] in ("one\nalice\n", "one\nbob\n")),
        key=lambda r: r["id"],
    )
    assert result.conflicts == [{"part": "c1", "field": "narrative", "heads": [t["id"] for t in tops]}]
    assert alice.report["conflicts"] == result.conflicts
    assert rp.get_field(T, alice.report, "c1", "narrative") == tops[0]["text"]
    assert not [r for r in result.new_revisions if r["field"] == "narrative" and r["by"] is None]
    assert common_base(alice.history, [t["id"] for t in tops])["text"] == "one\ntwo\n"
    # settling it by hand writes a revision following both heads; merging back agrees
    alice.edit(setter("c1", "narrative", "one\nalice and bob\n"), settles=("c1", "narrative"))
    assert sorted(alice.history[-1]["parents"]) == [t["id"] for t in tops]
    bob.receive(alice)
    assert rp.get_field(T, bob.report, "c1", "narrative") == "one\nalice and bob\n"
    assert "conflicts" not in bob.report and bob.json() == alice.json()


def test_single_values_take_the_latest_and_differing_concurrent_ones_conflict():
    alice = started()
    bob = alice.clone(BOB)
    alice.edit(lambda r: rp.set_period(r, "2026/2027"))
    alice.edit(lambda r: rp.set_no_update(r, "c2", True))
    bob.edit(lambda r: rp.set_no_update(r, "c2", True))
    bob.edit(lambda r: rp.set_field(T, r, H, "swg_name", "Transport"))
    alice.edit(lambda r: rp.set_field(T, r, H, "swg_name", "Roads"))  # later than Bob's
    result = alice.receive(bob)
    assert alice.report["period"] == "2026/2027"  # one side only
    assert rp.find_row(alice.report, "c2")[1]["no_update"] is True  # the same on both: no conflict
    assert rp.swg_name(alice.report) == "Roads"  # the latest of two different values
    assert [(c["part"], c["field"]) for c in result.conflicts] == [(H, "swg_name")]


def test_rows_added_at_the_same_place_on_both_sides_come_in_id_order():
    alice = started()
    bob = alice.clone(BOB)
    added = {}
    alice.edit(lambda r: added.setdefault("alice", rp.add_row(T, r, "B", "Alice's activity")["id"]))
    bob.edit(lambda r: added.setdefault("bob", rp.add_row(T, r, "B", "Bob's activity")["id"]))
    alice.receive(bob)
    bob.receive(alice)
    ids = [row["id"] for row in rp.find_section(alice.report, "B")["rows"]]
    assert ids == sorted(added.values())
    assert alice.json() == bob.json()


def test_a_row_removed_on_one_side_and_edited_on_the_other_is_kept_and_flagged():
    alice = started()
    alice.edit(lambda r: rp.add_row(T, r, "B", "Training", tag=""))
    row_id = rp.find_section(alice.report, "B")["rows"][0]["id"]
    alice.edit(setter(row_id, "progress", "Two courses.\n"))
    bob = alice.clone(BOB)
    before = copy.deepcopy(rp.find_row(alice.report, row_id)[1])
    alice.edit(lambda r: rp.remove_row(T, r, row_id))
    bob.edit(lambda r: rp.rename_row(T, r, row_id, "Training of trainers"))
    result = alice.receive(bob)
    _, kept = rp.find_row(alice.report, row_id)
    assert result.kept_rows == [row_id]
    assert kept["title"] == "Training of trainers" and kept["fields"] == before["fields"]
    assert kept["kept"].startswith("removed by Alice on 2030-") and kept["kept"].endswith("kept because Bob changed it")
    bob.receive(alice)
    assert bob.json() == alice.json()
    # once someone changes the row it is no longer flagged, on every copy
    bob.edit(lambda r: rp.set_no_update(r, row_id, True))
    alice.receive(bob)
    bob.receive(alice)
    assert "kept" not in rp.find_row(alice.report, row_id)[1] and alice.json() == bob.json()
    # removed on one side and left alone on the other: gone
    bob.edit(lambda r: rp.remove_row(T, r, row_id))
    alice.receive(bob)
    assert row_id not in rp.part_ids(alice.report)


def test_partners_and_contacts_merge_by_id():
    alice = started()
    bob = alice.clone(BOB)
    partners_before = [i["id"] for i in rp.find_row(alice.report, "partners")[1]["items"]]
    alice.edit(lambda r: rp.add_item(T, r, "partners", "Japan"))
    bob.edit(lambda r: rp.add_item(T, r, "partners", "Canada"))
    bob.edit(lambda r: rp.remove_item(T, r, "partners", partners_before[0])) if partners_before else None
    lists = [c.id for c in T.contact_lists]
    alice.edit(lambda r: rp.add_contact(T, r, lists[0], name="Ms A", organisation="MPI", email="a@mpi.gov.la"))
    bob.edit(lambda r: rp.add_contact(T, r, lists[0], name="Mr B", organisation="EU", email="b@eu.eu"))
    alice.receive(bob)
    bob.receive(alice)
    items = rp.find_row(alice.report, "partners")[1]["items"]
    names = [i["name"] for i in items]
    assert "Japan" in names and "Canada" in names
    assert partners_before[:1] == [] or partners_before[0] not in [i["id"] for i in items]
    people = alice.report["header"]["contacts"][lists[0]]
    assert sorted(p["name"] for p in people) == ["Mr B", "Ms A"]
    assert [p["id"] for p in people] == sorted(p["id"] for p in people)
    assert alice.json() == bob.json()
    # a contact's email changed on one side, the contact removed on the other: kept
    contact = people[0]["id"]
    alice.edit(lambda r: rp.update_contact(T, r, lists[0], contact, "email", "new@mail.la"))
    bob.edit(lambda r: rp.remove_contact(T, r, lists[0], contact))
    alice.receive(bob)
    kept = next(p for p in alice.report["header"]["contacts"][lists[0]] if p["id"] == contact)
    assert kept["email"] == "new@mail.la"


def test_merging_twice_changes_nothing_and_the_merged_copy_agrees_with_its_history():
    alice = started()
    alice.edit(setter("c1", "narrative", "a\n-\nb\n"))
    bob = alice.clone(BOB)
    alice.edit(setter("c1", "narrative", "A\n-\nb\n"))
    bob.edit(setter("c1", "narrative", "a\n-\nB\n"))
    bob.edit(lambda r: rp.add_row(T, r, "B", "New"))
    alice.receive(bob)
    once = alice.json()
    again = alice.receive(bob)
    assert again.new_revisions == [] and alice.json() == once
    assert (again.merged, again.taken, again.conflicts, again.kept_rows) == (0, 0, [], [])
    # every value is its key's single head: a later merge makes up nothing
    assert alice.log.new_lines(None, alice.report, ALICE) == []


def test_no_saved_text_is_lost():
    alice = started()
    bob = alice.clone(BOB)
    for n in range(3):
        alice.edit(setter("c1", "narrative", f"alice {n}\n"))
        bob.edit(setter("c1", "narrative", f"bob {n}\n"))
    alice.receive(bob)
    bob.receive(alice)
    saved = {r["text"] for r in alice.history} | {r["text"] for r in bob.history}
    for n in range(3):
        assert {f"alice {n}\n", f"bob {n}\n"} <= saved
    assert {r["id"] for r in alice.history} == {r["id"] for r in bob.history}


def test_a_copy_without_a_history_for_its_values_still_merges():
    alice = started()
    bob = Copy(BOB, copy.deepcopy(alice.report), [])  # a copy that came without its history
    rp.set_field(T, bob.report, "c1", "narrative", "typed by hand\n")
    bob.report["updated"] = tick()
    alice.receive(bob)
    assert rp.get_field(T, alice.report, "c1", "narrative") == "typed by hand\n"
    assert alice.receive(bob).new_revisions == []


def test_list_merge_follows_moves_and_lets_removals_win():
    assert merge_ids(["a", "b", "c"], [["c", "a", "b"], ["a", "b", "c"]]) == ["c", "a", "b"]
    assert merge_ids(["a", "b", "c"], [["a", "c"], ["a", "b", "x", "c"]]) == ["a", "x", "c"]
    assert merge_ids(["a", "b"], [["a", "y", "b"], ["a", "x", "b"]]) == ["a", "x", "y", "b"]
    assert merge_ids(["a", "b"], [["a", "x1", "x2", "b"], ["a", "w", "b"]]) == ["a", "w", "x1", "x2", "b"]


# --- stores exchanging in random orders -------------------------------------------------------

ADDED_SECTION = "B"
KINDS = ["text", "title", "tag", "add", "remove", "move", "partner", "rename", "unpartner", "contact", "uncontact"]
edits = st.sampled_from([*KINDS, "period", "settle", "none"])


def _apply(copy_: Copy, kind: str, pick: int, word: str) -> None:
    report = copy_.report
    added = rp.find_section(report, ADDED_SECTION)["rows"]
    partners = rp.find_row(report, "partners")[1]["items"]
    people = report["header"]["contacts"][T.contact_lists[0].id]
    conflict = report["conflicts"][pick % len(report["conflicts"])] if report.get("conflicts") else None
    settles = (conflict["part"], conflict["field"]) if conflict else None

    def change(r):
        section_rows = rp.find_section(r, ADDED_SECTION)["rows"]
        if kind == "text":
            old = rp.get_field(T, r, "c1", "narrative").splitlines(keepends=True)
            old[pick % len(old)] = f"{word}\n"  # copies change the same line, next lines or others
            rp.set_field(T, r, "c1", "narrative", "".join(old))
        elif kind == "title" and added:
            rp.rename_row(T, r, section_rows[pick % len(section_rows)]["id"], word)
        elif kind == "tag":
            rp.set_no_update(r, "c1", pick % 2 == 0)
        elif kind == "add":
            after = section_rows[pick % len(section_rows)]["id"] if section_rows and pick % 3 else None
            rp.add_row(T, r, ADDED_SECTION, word, after=after)
        elif kind == "remove" and added:
            rp.remove_row(T, r, section_rows[pick % len(section_rows)]["id"])
        elif kind == "move" and len(added) > 1:
            rp.move_row(T, r, section_rows[pick % len(section_rows)]["id"], -1 if pick % 2 else 1)
        elif kind == "partner":
            rp.add_item(T, r, "partners", word)
        elif kind == "unpartner" and partners:
            rp.remove_item(T, r, "partners", partners[pick % len(partners)]["id"])
        elif kind == "rename" and partners:
            rp.rename_item(T, r, "partners", partners[pick % len(partners)]["id"], word)
        elif kind == "contact":
            rp.add_contact(T, r, T.contact_lists[0].id, name=word)
        elif kind == "uncontact" and people:
            rp.remove_contact(T, r, T.contact_lists[0].id, people[pick % len(people)]["id"])
        elif kind == "period":
            rp.set_period(r, ["2025/2026", "2026/2027"][pick % 2])
        elif kind == "settle" and settles == ("c1", "narrative"):
            rp.set_field(T, r, "c1", "narrative", f"{word}\n" * 5)  # else: the value shown is taken

    copy_.edit(change, settles=settles if kind == "settle" else None)


def started_with_five_lines() -> Copy:
    first = started()
    first.edit(setter("c1", "narrative", "-\n" * 5))
    return first


steps = st.lists(
    st.one_of(
        st.tuples(st.just("edit"), st.integers(0, 2), edits, st.integers(0, 50), st.sampled_from(["x", "y", "z"])),
        st.tuples(st.just("send"), st.integers(0, 2), st.integers(0, 2)),
    ),
    max_size=14,
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps)
def test_copies_holding_the_same_revisions_show_the_same_report(script):
    first = started_with_five_lines()
    copies = [first, first.clone(BOB), first.clone(CARA)]
    saved = {r["id"] for r in first.history}
    for step in script:
        if step[0] == "edit":
            _, who, kind, pick, word = step
            _apply(copies[who], kind, pick, word)
            saved |= {r["id"] for r in copies[who].history}
        else:
            _, sender, receiver = step
            if sender != receiver:
                copies[receiver].receive(copies[sender])
                once = copies[receiver].json()
                again = copies[receiver].receive(copies[sender])
                assert again.new_revisions == [] and copies[receiver].json() == once  # twice: a no-op
                assert copies[receiver].log.new_lines(None, copies[receiver].report, None) == []
    # everyone sends to everyone, twice round: all hold the same revisions
    for _ in range(2):
        for receiver in copies:
            for sender in copies:
                if sender is not receiver:
                    receiver.receive(sender)
    ids = [{r["id"] for r in c.history} for c in copies]
    assert ids[0] == ids[1] == ids[2]
    assert copies[0].json() == copies[1].json() == copies[2].json()
    assert saved <= ids[0]  # every text any copy saved is in every history


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps, steps)
def test_merging_is_commutative(left, right):
    first = started_with_five_lines()
    a, b = first, first.clone(BOB)
    for n, script in enumerate((left, right)):
        for step in script:
            if step[0] == "edit":
                _apply((a, b)[n], step[2], step[3], step[4])
    a_then, b_then = a.clone(ALICE), b.clone(BOB)
    here = a_then.receive(b)
    there = b_then.receive(a)
    assert a_then.json() == b_then.json()
    assert {r["id"] for r in a_then.history} == {r["id"] for r in b_then.history}
    assert sorted(c["field"] for c in here.conflicts) == sorted(c["field"] for c in there.conflicts)


def test_a_blank_contact_added_on_one_side_stays_and_one_removed_goes():
    alice = started()
    bob = alice.clone(BOB)
    list_id = T.contact_lists[0].id
    bob.edit(lambda r: rp.add_contact(T, r, list_id))  # nothing typed in it yet: no value saved
    alice.receive(bob)
    blank = alice.report["header"]["contacts"][list_id]
    assert [(c["name"], c["email"]) for c in blank] == [("", "")]
    bob.edit(lambda r: rp.remove_contact(T, r, list_id, blank[0]["id"]))
    alice.receive(bob)
    assert alice.report["header"]["contacts"][list_id] == []


def test_copies_of_a_report_saved_by_release_0_1_0_merge(tmp_path):
    with ReportStore(release_0_1_0_store(tmp_path), holder="tests") as store:
        report, history = store.get("4c01123f"), store.full_history("4c01123f")
    assert history and not any(r["field"].startswith("@") for r in history)  # texts only, then
    alice = Copy(ALICE, report, history)
    bob = alice.clone(BOB)
    row = rp.rows(report)[1]
    field_id = next(iter(row["fields"]))
    text = row["fields"][field_id]
    alice.edit(setter(row["id"], field_id, text + "\nAlice's line."))
    bob.edit(setter(row["id"], field_id, "Bob's line.\n" + text))
    bob.edit(lambda r: rp.set_no_update(r, row["id"], True))
    alice.receive(bob)
    bob.receive(alice)
    merged = rp.find_row(alice.report, row["id"])[1]
    assert merged["fields"][field_id] == "Bob's line.\n" + text + "\nAlice's line."
    assert merged["no_update"] is True
    assert alice.json() == bob.json()
    assert {r["id"] for r in history} <= {r["id"] for r in alice.history}
