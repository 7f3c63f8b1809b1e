"""One report's session: every change goes through it, is counted, saved and read back from the
store; a read-only session refuses every change; the latest snapshot wins a race of saves."""

import random
import threading
import time

import pytest

from swgtui.model import report as rp
from swgtui.model import review
from swgtui.session import ReadOnlyError, ReportSession
from swgtui.store import ReportStore, StoreError

from .conftest import complete_sample

FOCAL = {"name": "Phoutsavath Sounthala", "organisation": "Ministry of Public Security", "role": "focal point"}
CHAIR = {"name": "Matthew Lord", "organisation": "Embassy of Australia", "role": "co-chair"}


def new_session(store: ReportStore, person=FOCAL) -> ReportSession:
    report = store.create("annex2", "Health Sector Working Group", "2025/2026")
    return ReportSession(store, store.get(report["id"]), person)


def saved(session: ReportSession) -> rp.Report:
    """The report as the store holds it after the session saved it."""
    session.save()
    assert not session.unsaved
    return session.store.get(session.report_id)


def test_fields_and_the_period_are_saved_with_their_author(store):
    session = new_session(store)
    assert session.set_field("c2", "challenges", "Tablets for every district office")
    assert not session.set_field("c2", "challenges", "Tablets for every district office")  # no change
    assert session.set_period("2026-27")
    assert session.version == 2 and session.unsaved
    stored = saved(session)
    assert rp.get_field(session.template, stored, "c2", "challenges") == "Tablets for every district office"
    assert stored["period"] == "2026/2027"
    [revision] = session.history("c2", "challenges")
    assert (revision["rev"], revision["text"], revision["by"]) == (1, "Tablets for every district office", FOCAL)
    with pytest.raises(rp.ReportError, match="should span two following years"):
        session.set_period("2026/2030")  # the model's own check and message
    assert session.version == 2


def test_rows_are_added_renamed_tagged_moved_marked_and_removed(store):
    session = new_session(store)
    roads = session.add_row("A", "Roads")
    bridges = session.add_row("A", "Bridges", "Call For Action")
    assert session.rename_row(roads["id"], "Rural roads")
    session.retag_row(roads["id"], "SWG/RTIM recommendation")
    assert session.move_row(bridges["id"], -1)
    session.set_no_update(roads["id"], True)
    assert session.set_section_no_update("C", True)
    stored = saved(session)
    section_a = rp.find_section(stored, "A")
    assert [(r["title"], r["tag"], r["no_update"]) for r in section_a["rows"][:-1]] == [  # before the partners
        ("Bridges", "Call For Action", False),
        ("Rural roads", "SWG/RTIM recommendation", True),
    ]
    assert rp.find_section(stored, "C")["no_update"]

    moved = session.move_row_to_section(bridges["id"], "B")
    assert moved["tag"] == ""  # section B's rows have no tags
    assert not session.move_row(bridges["id"], 1)  # the last row of B (C's rows are fixed): not counted
    session.remove_row(roads["id"])
    stored = saved(session)
    assert [r["id"] for r in rp.find_section(stored, "A")["rows"]] == ["partners"]
    assert [r["title"] for r in rp.find_section(stored, "B")["rows"]] == ["Bridges"]
    with pytest.raises(rp.ReportError, match="is part of the template and cannot be removed"):
        session.remove_row("c2")
    assert session.version == 9


def test_partners_are_added_renamed_moved_and_removed(store):
    session = new_session(store)
    japan = session.add_partner("partners", "Japan")
    eu = session.add_partner("partners", "EU")
    session.set_field("partners", japan["id"], "JICA supports the border offices.")
    assert session.rename_partner("partners", eu["id"], "European Union")
    assert session.move_partner("partners", eu["id"], -1)
    stored = saved(session)
    items = rp.find_row(stored, "partners")[1]["items"]
    assert [(i["name"], i["text"]) for i in items] == [
        ("European Union", ""),
        ("Japan", "JICA supports the border offices."),
    ]
    session.remove_partner("partners", japan["id"])
    assert [i["name"] for i in rp.find_row(saved(session), "partners")[1]["items"]] == ["European Union"]


def test_contacts_are_added_updated_and_removed(store):
    session = new_session(store)
    first = session.add_contact("focal_government", organisation="MoH", name="Ms A", email="a@moh.gov.la")
    second = session.add_contact("focal_government", organisation="MoF", name="Mr B")
    assert [c["id"] for c in session.contacts("focal_government")] == [first["id"], second["id"]]
    assert session.update_contact("focal_government", 1, "email", "b@mof.gov.la")
    assert not session.update_contact("focal_government", 1, "email", "b@mof.gov.la")
    removed = session.remove_contact("focal_government", 0)
    assert removed["name"] == "Ms A"
    stored = saved(session)
    assert [(c["organisation"], c["name"], c["email"]) for c in stored["header"]["contacts"]["focal_government"]] == [
        ("MoF", "Mr B", "b@mof.gov.la")
    ]
    with pytest.raises(rp.ReportError, match="has no contact number 3"):
        session.update_contact("focal_government", 2, "name", "nobody")
    with pytest.raises(rp.ReportError, match="contact list 'focal_government' has no contact 'k-none'"):
        session.remove_contact("focal_government", "k-none")


def test_a_contact_can_be_named_by_its_id(store):
    session = new_session(store)
    session.add_contact("focal_partners", organisation="UNODC", name="Ms C")
    session.add_contact("focal_partners", organisation="EU", name="Mr D")
    contact_id = session.contacts("focal_partners")[1].setdefault("id", "contact-d")
    assert session.update_contact("focal_partners", contact_id, "name", "Mr Daniel")
    assert session.remove_contact("focal_partners", contact_id)["name"] == "Mr Daniel"
    assert [c["name"] for c in session.contacts("focal_partners")] == ["Ms C"]


def test_comments_statuses_and_the_sign_off_go_through_the_session(store, sample):
    report_id = store.add(complete_sample(sample))
    focal = ReportSession(store, store.get(report_id), FOCAL)
    question = focal.add_comment("a1", "Which year are these figures from?", field="progress")
    answer = focal.reply(question["id"], "2021, from the annual survey.")
    focal.resolve(question["id"])
    focal.reopen(answer["id"])  # any comment of the thread names it
    assert focal.mark_ready("a1") == review.READY
    stored = saved(focal)
    [thread] = review.review_summary(stored)["threads"]
    assert (thread["text"], thread["state"], [r["text"] for r in thread["replies"]]) == (
        "Which year are these figures from?",
        "open",
        ["2021, from the annual survey."],
    )
    assert review.part_status(stored, "a1") == review.READY

    chair = ReportSession(store, store.get(report_id), CHAIR)
    assert chair.request_changes("a1", "Say where the figures come from") == review.CHANGES
    assert review.part_status(saved(chair), "a1") == review.CHANGES
    with pytest.raises(review.ReviewError, match="cannot be signed off yet"):
        chair.sign_off()
    chair.resolve(question["id"])
    chair.person = FOCAL  # who acts can change during a session (the app asks once the user types)
    for part in rp.part_ids(chair.report):
        assert chair.mark_ready(part) == review.READY
    chair.person = CHAIR
    for part in rp.part_ids(chair.report):
        assert chair.approve(part) == review.APPROVED
    done = chair.sign_off("All parts approved at the SWG meeting")
    stored = saved(chair)
    assert review.signoff_state(stored)[0] == "valid"
    assert review.signoff_state(stored)[1]["by"] == done["by"] == CHAIR


def test_review_steps_need_to_know_who_acts(store):
    session = new_session(store, person=None)
    with pytest.raises(review.ReviewError, match="who is acting is not known"):
        session.add_comment("c2", "unsigned")
    assert session.version == 0


def test_an_earlier_revision_is_restored_as_a_new_one(store):
    session = new_session(store)
    session.set_field("c2", "challenges", "first")
    session.save()
    session.set_field("c2", "challenges", "second")
    session.save()
    restored = session.restore("c2", "challenges", 1)
    assert restored["text"] == "first"
    assert rp.get_field(session.template, saved(session), "c2", "challenges") == "first"
    assert [r["text"] for r in session.history("c2", "challenges")] == ["first", "second", "first"]
    with pytest.raises(rp.ReportError, match=r"\(C.3\) — Challenges, .* has no revision 9 \(revisions 1 to 3\)"):
        session.restore("c2", "challenges", 9)


CHANGES = [
    ("set_field", ("c2", "challenges", "x")),
    ("set_period", ("2030",)),
    ("add_row", ("A", "Roads")),
    ("remove_row", ("a-none",)),
    ("rename_row", ("a-none", "x")),
    ("retag_row", ("a-none", "")),
    ("move_row", ("a-none", 1)),
    ("move_row_to_section", ("a-none", "B")),
    ("set_no_update", ("c2", True)),
    ("set_section_no_update", ("C", True)),
    ("add_partner", ("partners", "Japan")),
    ("rename_partner", ("partners", "p-none", "x")),
    ("remove_partner", ("partners", "p-none")),
    ("move_partner", ("partners", "p-none", 1)),
    ("add_contact", ("focal_government", "MoH", "Ms A")),
    ("update_contact", ("focal_government", 0, "name", "x")),
    ("remove_contact", ("focal_government", 0)),
    ("add_comment", ("c2", "a comment")),
    ("reply", ("k-none", "a reply")),
    ("resolve", ("k-none",)),
    ("reopen", ("k-none",)),
    ("set_status", ("c2", "ready")),
    ("mark_ready", ("c2",)),
    ("approve", ("c2",)),
    ("request_changes", ("c2", "why")),
    ("sign_off", ()),
    ("restore", ("c2", "challenges", 1)),
]


@pytest.mark.parametrize(("method", "args"), CHANGES, ids=[name for name, _ in CHANGES])
def test_a_read_only_session_refuses_every_change_and_saves_nothing(store, method, args):
    session = new_session(store)
    session.set_field("c2", "challenges", "kept")
    session.save()
    read_only = ReportSession(store, store.get(session.report_id), CHAIR, read_only=True)
    before = store.get(session.report_id)
    message = "the report Health Sector Working Group 2025/2026 is open read-only; nothing was changed"
    with pytest.raises(ReadOnlyError) as refused:
        getattr(read_only, method)(*args)
    assert str(refused.value) == message
    assert isinstance(refused.value, rp.ReportError)  # the command line says it in one line
    assert read_only.report == before and read_only.version == 0
    with pytest.raises(ReadOnlyError, match="open read-only"):
        read_only.save()
    with pytest.raises(ReadOnlyError, match="open read-only"):
        read_only.save_snapshot(*read_only.snapshot())
    assert store.get(session.report_id) == before


def test_a_store_opened_without_writing_gives_read_only_sessions(store, store_path):
    report_id = new_session(store).report_id
    store.close()
    with ReportStore(store_path, writable=False) as reader:
        session = ReportSession(reader, reader.get(report_id), FOCAL)
        assert session.read_only
        with pytest.raises(ReadOnlyError):
            session.set_field("c2", "challenges", "x")


def test_the_latest_snapshot_wins_whatever_order_the_threads_save_in(store, monkeypatch):
    """Snapshots are saved from many threads in a shuffled order, each save slowed down: only
    ever-newer copies are written, and the store ends with the last change."""
    session = new_session(store)
    snapshots = []
    for number in range(1, 31):
        session.set_field("c2", "challenges", f"text {number}")
        snapshots.append(session.snapshot())
    assert [version for _, version in snapshots] == list(range(1, 31))
    random.Random(10).shuffle(snapshots)

    written: list[str] = []
    real_save = store.save

    def slow_save(report, *args, **kwargs):
        time.sleep(0.002)
        written.append(rp.get_field(session.template, report, "c2", "challenges"))
        real_save(report, *args, **kwargs)

    monkeypatch.setattr(store, "save", slow_save)
    start = threading.Barrier(len(snapshots))
    results: dict[int, bool] = {}

    def save(snapshot, version):
        start.wait()
        results[version] = session.save_snapshot(snapshot, version)

    threads = [threading.Thread(target=save, args=snapshot) for snapshot in snapshots]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    numbers = [int(text.split()[-1]) for text in written]
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)  # never an older copy after
    assert results[30] and sum(results.values()) == len(written)
    assert session.saved_version == 30 and not session.unsaved
    assert rp.get_field(session.template, store.get(session.report_id), "c2", "challenges") == "text 30"
    oldest = next(snapshot for snapshot in snapshots if snapshot[1] == 1)
    assert not session.save_snapshot(*oldest)


def test_a_snapshot_older_than_a_save_now_is_skipped(store):
    session = new_session(store)
    session.set_field("c2", "challenges", "older")
    older = session.snapshot()
    session.set_field("c2", "challenges", "newer")
    session.save()
    assert not session.save_snapshot(*older)
    assert rp.get_field(session.template, store.get(session.report_id), "c2", "challenges") == "newer"


def test_a_failed_save_leaves_the_change_unsaved(store, monkeypatch):
    session = new_session(store)
    session.set_field("c2", "challenges", "kept in memory")

    def refused(*args, **kwargs):
        raise StoreError("the disk is full; nothing was saved")

    monkeypatch.setattr(store, "save", refused)
    with pytest.raises(StoreError, match="nothing was saved"):
        session.save()
    assert session.unsaved
    monkeypatch.undo()
    session.save()
    assert not session.unsaved
