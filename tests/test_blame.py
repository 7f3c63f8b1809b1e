"""What changed in a text since a moment (swgtui.model.blame), from hand-made histories."""

from datetime import UTC, datetime, timedelta

import pytest

from swgtui.model import report as rp
from swgtui.model.blame import (
    BULLET,
    NUMBER,
    Since,
    approval_times,
    check_approvals,
    field_changes,
    field_tokens,
    parse_since,
    report_changes,
)
from swgtui.model.textdiff import DELETE, EQUAL, INSERT

NOY = {"name": "Noy Focal", "organisation": "MoPS", "role": "focal point"}
LORD = {"name": "Mr Lord", "organisation": "UK", "role": "co-chair"}
KAY = {"name": "Ms Kay", "organisation": "EU", "role": "co-chair"}


def revision(rev_id, parent, text, by, at, part="a1", field="progress", **extra):
    made = {"id": rev_id, "parent": parent, "part": part, "field": field, "rev": 1, "text": text, "by": by, "at": at}
    return made | extra


def words(pieces, op):
    """The text of the pieces of one kind, with who and when: [(text, by, at)]."""
    return [("".join(t.text for t in p.tokens), p.by, p.at) for p in pieces if p.op == op]


def text_of(tokens):
    return "".join(t.text for t in tokens)


HISTORY = [
    revision("r1", None, "The old plan was agreed.", NOY, "2026-11-01T09:00:00+00:00"),
    revision("r2", "r1", "The new plan was agreed.", NOY, "2026-11-20T09:00:00+00:00"),
    revision("r3", "r2", "The new plan was agreed by all.", LORD, "2026-11-21T10:30:00+07:00"),
]
T = datetime(2026, 11, 10, tzinfo=UTC)


def test_two_authors_after_the_moment_each_get_their_insertions_and_deletions():
    changes = field_changes("a1", "progress", HISTORY, "The new plan was agreed by all.", T)
    assert words(changes.pieces, DELETE) == [("old", "Noy Focal", "2026-11-20T09:00:00Z")]
    assert words(changes.pieces, INSERT) == [
        ("new", "Noy Focal", "2026-11-20T09:00:00Z"),
        (" by all", "Mr Lord", "2026-11-21T03:30:00Z"),  # +07:00 written in UTC
    ]
    assert text_of(changes.tokens(DELETE)) == "The old plan was agreed.\n"  # every change rejected
    assert text_of(changes.tokens(INSERT)) == "The new plan was agreed by all.\n"  # accepted
    assert changes.changed


def test_text_inserted_then_deleted_after_the_moment_vanishes():
    history = [
        *HISTORY,
        revision("r4", "r3", "The new plan was agreed.", KAY, "2026-11-22T09:00:00+00:00"),
    ]
    changes = field_changes("a1", "progress", history, "The new plan was agreed.", T)
    assert words(changes.pieces, INSERT) == [("new", "Noy Focal", "2026-11-20T09:00:00Z")]
    assert words(changes.pieces, DELETE) == [("old", "Noy Focal", "2026-11-20T09:00:00Z")]
    assert "by all" not in "".join(t.text for p in changes.pieces for t in p.tokens)


def test_old_text_deleted_by_a_later_author_is_that_authors_deletion():
    history = [*HISTORY, revision("r4", "r3", "The new plan.", KAY, "2026-11-22T09:00:00+00:00")]
    changes = field_changes("a1", "progress", history, "The new plan.", T)
    assert (" was agreed", "Ms Kay", "2026-11-22T09:00:00Z") in words(changes.pieces, DELETE)
    assert text_of(changes.tokens(DELETE)) == "The old plan was agreed.\n"


def test_a_moment_before_the_first_revision_shows_all_the_text_inserted_by_its_authors():
    early = datetime(2026, 1, 1, tzinfo=UTC)
    changes = field_changes("a1", "progress", HISTORY, "The new plan was agreed by all.", early)
    assert {p.op for p in changes.pieces} == {INSERT}
    assert words(changes.pieces, INSERT) == [
        ("The ", "Noy Focal", "2026-11-01T09:00:00Z"),
        ("new", "Noy Focal", "2026-11-20T09:00:00Z"),  # "old", inserted then replaced, vanished
        (" plan was agreed", "Noy Focal", "2026-11-01T09:00:00Z"),
        (" by all", "Mr Lord", "2026-11-21T03:30:00Z"),
        (".\n", "Noy Focal", "2026-11-01T09:00:00Z"),
    ]
    assert changes.tokens(DELETE) == []


def test_nothing_changed_after_the_moment_is_all_kept():
    later = datetime(2026, 12, 1, tzinfo=UTC)
    changes = field_changes("a1", "progress", HISTORY, "The new plan was agreed by all.", later)
    assert [p.op for p in changes.pieces] == [EQUAL]
    assert not changes.changed


def test_bullets_numbers_bold_and_italic_are_tokens_of_their_own():
    history = [
        revision("r1", None, "- one\n1. first", NOY, "2026-11-01T09:00:00+00:00"),
        revision("r2", "r1", "- one **two**\n1. first\n2. *second*", LORD, "2026-11-20T09:00:00+00:00"),
    ]
    changes = field_changes("a1", "progress", history, history[1]["text"], T)
    inserted = [t for p in changes.pieces if p.op == INSERT for t in p.tokens]
    assert [t.text for t in inserted if t.bold] == ["two"]
    assert [t.text for t in inserted if t.italic] == ["second"]
    assert [(t.paragraph, t.number) for t in inserted if t.paragraph] == [(NUMBER, 2)]
    kept = [t for p in changes.pieces if p.op == EQUAL for t in p.tokens]
    assert [t.paragraph for t in kept if t.paragraph] == [BULLET, NUMBER]
    assert "*" not in text_of(changes.tokens(INSERT))


def test_header_fields_are_one_plain_line():
    assert [t.text for t in field_tokens(rp.HEADER_ID, "chairs", "A\nB")] == ["A", " ", "B"]


def test_a_removed_text_reads_as_empty():
    history = [*HISTORY, revision("r4", "r3", "", NOY, "2026-11-22T09:00:00+00:00", removed=True)]
    changes = field_changes("a1", "progress", history, "", T)
    assert text_of(changes.tokens(INSERT)) == ""
    assert text_of(changes.tokens(DELETE)) == "The old plan was agreed.\n"


def test_dates_and_date_times_parse_to_utc_and_anything_else_is_one_clear_error():
    assert parse_since("2026-11-10").moment == T
    assert parse_since("2026-11-10T07:00+07:00").moment == T
    assert parse_since("2026-11-10T00:00").moment == T  # no zone: UTC
    assert parse_since("approval", "Mr  Lord") == Since(None, "Mr Lord", "approval")
    with pytest.raises(rp.ReportError, match="changes since 'last week': give 'approval', an ISO date"):
        parse_since("last week")
    with pytest.raises(rp.ReportError, match="--for NAME goes with --changes-since approval"):
        parse_since("2026-11-10", "Mr Lord")


def approve(part, by, at):
    return {"id": f"e-{part}-{at}", "action": "approve", "part": part, "by": by, "at": at}


def test_approval_is_each_parts_last_approval_by_that_person_or_by_anyone():
    report = {
        "review": {
            "events": [
                approve("a1", LORD, "2026-11-05T00:00:00+00:00"),
                approve("a1", KAY, "2026-11-15T00:00:00+00:00"),
                approve("a1", LORD, "2026-11-02T00:00:00+00:00"),
                approve("a2", KAY, "2026-11-03T00:00:00+00:00"),
            ]
        }
    }
    just_before = timedelta(microseconds=1)  # a text saved in the approval's second shows as changed
    assert approval_times(report, "mr lord") == {"a1": datetime(2026, 11, 5, tzinfo=UTC) - just_before}
    assert approval_times(report) == {
        "a1": datetime(2026, 11, 15, tzinfo=UTC) - just_before,
        "a2": datetime(2026, 11, 3, tzinfo=UTC) - just_before,
    }


def test_a_text_saved_in_the_same_second_as_the_approval_shows_as_changed(sample):
    row = sample["sections"][0]["rows"][0]["id"]
    sample["sections"][0]["rows"][0]["fields"]["progress"] = "Edited right after."
    history = [
        revision("s1", None, "Approved text.", NOY, "2026-11-20T11:59:00+00:00", part=row),
        revision("s2", "s1", "Edited right after.", NOY, "2026-11-20T12:00:00+00:00", part=row),
    ]
    sample["review"] = {"comments": [], "events": [approve(row, LORD, "2026-11-20T12:00:00+00:00")]}
    changes = report_changes(sample, history, parse_since("approval", "Mr Lord"))
    assert {p.op for p in changes.of(row, "progress").pieces} >= {INSERT, DELETE}


def test_report_changes_by_approval_per_part_and_a_part_never_approved_shows_all_inserted(sample):
    sample["sections"][0]["rows"][0]["fields"]["progress"] = "The new plan was agreed by all."
    row = sample["sections"][0]["rows"][0]["id"]
    history = [dict(r, part=row) for r in HISTORY]
    sample["review"] = {"comments": [], "events": [approve(row, LORD, "2026-11-20T12:00:00+00:00")]}

    by_lord = report_changes(sample, history, parse_since("approval", "MR LORD"))
    assert words(by_lord.of(row, "progress").pieces, INSERT) == [(" by all", "Mr Lord", "2026-11-21T03:30:00Z")]
    assert rp.HEADER_ID in by_lord.never_approved and row not in by_lord.never_approved
    # the count is of the parts he approved, said first; the parts he never approved are said once
    summary = by_lord.summary()
    # (its other texts and its tag have no history before the approval: they show as new too)
    assert summary.startswith("4 fields and 1 tag changed since the last approval by MR LORD, in the 1 part approved; ")
    assert summary.endswith(" parts never approved by MR LORD show all their text as new")
    assert summary.count("never approved") == 1

    by_kay = report_changes(sample, history, parse_since("approval", "Ms Kay"))
    assert {p.op for p in by_kay.of(row, "progress").pieces} == {INSERT}  # Kay approved nothing
    assert row in by_kay.never_approved


def test_rows_removed_since_the_moment_are_said_not_shown(sample):
    history = [
        revision("t1", None, "A row since removed", NOY, "2026-11-01T09:00:00+00:00", part="gone", field="title"),
        revision("t2", "t1", "", NOY, "2026-11-20T09:00:00+00:00", part="gone", field="title", removed=True),
    ]
    changes = report_changes(sample, history, parse_since("2026-11-10"))
    assert changes.notes == ["the row 'A row since removed' was removed since 2026-11-10: it is not in the file"]
    assert report_changes(sample, history, parse_since("2026-11-25")).notes == []


def test_edits_made_apart_and_merged_are_each_credited_to_their_author_not_to_the_merge():
    history = [
        revision("r1", None, "The old plan was agreed.", NOY, "2026-11-01T09:00:00+00:00"),
        # on Mr Lord's laptop, then on Ms Kay's, each from r1; merged when received (no author)
        revision("l1", "r1", "The old plan was agreed by all.", LORD, "2026-11-20T09:00:00+00:00"),
        revision("k1", "r1", "The new plan was agreed.", KAY, "2026-11-21T09:00:00+00:00"),
        revision(
            "m1", "k1", "The new plan was agreed by all.", None, "2026-11-22T09:00:00+00:00", parents=["k1", "l1"]
        ),
    ]
    changes = field_changes("a1", "progress", history, "The new plan was agreed by all.", T)
    assert words(changes.pieces, INSERT) == [
        ("new", "Ms Kay", "2026-11-21T09:00:00Z"),
        (" by all", "Mr Lord", "2026-11-20T09:00:00Z"),
    ]
    assert words(changes.pieces, DELETE) == [("old", "Ms Kay", "2026-11-21T09:00:00Z")]
    assert text_of(changes.tokens(DELETE)) == "The old plan was agreed.\n"


def test_a_deletion_made_apart_and_merged_is_credited_to_its_author():
    history = [
        revision("r1", None, "The old plan was agreed.", NOY, "2026-11-01T09:00:00+00:00"),
        revision("l1", "r1", "The old plan.", LORD, "2026-11-20T09:00:00+00:00"),
        revision("k1", "r1", "The new old plan was agreed.", KAY, "2026-11-21T09:00:00+00:00"),
        revision("m1", "k1", "The new old plan.", None, "2026-11-22T09:00:00+00:00", parents=["k1", "l1"]),
    ]
    changes = field_changes("a1", "progress", history, "The new old plan.", T)
    assert words(changes.pieces, DELETE) == [(" was agreed", "Mr Lord", "2026-11-20T09:00:00Z")]
    assert words(changes.pieces, INSERT) == [(" new", "Ms Kay", "2026-11-21T09:00:00Z")]


def test_a_rewritten_phrase_reads_as_one_deletion_and_one_insertion_not_word_by_word():
    history = [
        revision("t1", None, "Proper regulations of Special Economic Zones", NOY, "2026-11-01T09:00:00+00:00"),
        revision("t2", "t1", "A renamed row title", LORD, "2026-11-20T09:00:00+00:00"),
    ]
    changes = field_changes("a1", "title", history, "A renamed row title", T)
    assert [(p.op, "".join(t.text for t in p.tokens)) for p in changes.pieces] == [
        (DELETE, "Proper regulations of Special Economic Zones"),
        (INSERT, "A renamed row title"),
        (EQUAL, "\n"),
    ]


def test_a_tag_whose_value_then_the_history_does_not_hold_is_shown_as_it_is(sample):
    row = sample["sections"][0]["rows"][0]
    row["tag"] = "Call For Action"
    history = [
        revision("t1", None, row["title"], NOY, "2026-11-01T09:00:00+00:00", part=row["id"], field="title"),
        revision("g1", None, "Call For Action", KAY, "2026-11-20T09:00:00+00:00", part=row["id"], field="@tag"),
    ]
    changes = report_changes(sample, history, parse_since("2026-11-10"))
    assert [p.op for p in changes.tags[row["id"]].pieces] == [EQUAL]
    history.insert(
        1,
        revision("g0", None, "SWG/RTIM recommendation", NOY, "2026-11-01T09:00:00+00:00", part=row["id"], field="@tag"),
    )
    history[-1]["parent"] = "g0"
    changes = report_changes(sample, history, parse_since("2026-11-10"))
    assert words(changes.tags[row["id"]].pieces, INSERT) == [("Call For Action", "Ms Kay", "2026-11-20T09:00:00Z")]


def test_a_text_no_revision_holds_is_dated_by_the_reports_last_save(sample):
    row = sample["sections"][0]["rows"][0]
    row["fields"]["progress"] = "Typed, never saved as a revision."
    sample["updated"] = "2026-11-25T08:00:00+00:00"
    changes = report_changes(sample, [], parse_since("2026-11-10"))
    assert words(changes.of(row["id"], "progress").pieces, INSERT) == [
        (
            "Typed, never saved as a revision.\n",
            "Illicit Drug Sector Working Group (before the history)",
            "2026-11-25T08:00:00Z",
        )
    ]


def test_a_revision_without_an_author_is_credited_to_the_reports_swg_not_to_an_unknown_author():
    history = [
        revision("r1", None, "The text of the sample.", None, "2026-11-01T09:00:00+00:00"),
        revision("r2", "r1", "The text of the sample, edited in a copy.", None, "2026-11-20T09:00:00+00:00"),
    ]
    changes = field_changes("a1", "progress", history, history[1]["text"], None, swg="Illicit Drug SWG")
    assert words(changes.pieces, INSERT) == [
        ("The text of the sample", "Illicit Drug SWG (before the history)", "2026-11-01T09:00:00Z"),
        (", edited in a copy", "Illicit Drug SWG (no author recorded)", "2026-11-20T09:00:00Z"),
        (".\n", "Illicit Drug SWG (before the history)", "2026-11-01T09:00:00Z"),
    ]


def test_changes_since_approval_are_refused_when_nobody_of_that_name_or_nobody_at_all_approved(sample, monkeypatch):
    monkeypatch.setattr(rp, "now_iso", lambda: "2026-11-27T10:00:00+00:00")
    with pytest.raises(rp.ReportError) as nobody:
        check_approvals(sample, parse_since("approval"))
    assert str(nobody.value) == (
        "no part of this report was approved yet: give a DATE instead (--changes-since 2026-11-20)"
    )
    check_approvals(sample, parse_since("2026-11-10"))  # a date needs no approval
    sample["review"] = {
        "comments": [],
        "events": [approve("a1", LORD, "2026-11-05T00:00:00+00:00"), approve("a2", KAY, "2026-11-06T00:00:00+00:00")],
    }
    with pytest.raises(rp.ReportError) as not_him:
        check_approvals(sample, parse_since("approval", "Matt Lord"))
    assert str(not_him.value) == (
        "nobody named 'Matt Lord' approved a part of this report; "
        "approvals are by: Mr Lord (co-chair, UK), Ms Kay (co-chair, EU)"
    )
    check_approvals(sample, parse_since("approval", "mr LORD"))
    check_approvals(sample, parse_since("approval"))
