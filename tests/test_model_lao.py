"""The model's messages in Lao, and nothing it stores changes with the interface's language."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from swgtui import i18n
from swgtui.i18n import _
from swgtui.model import blame, conflicts, refs, review, standing, suggestions
from swgtui.model import package as pkg
from swgtui.model import report as rp
from swgtui.model.dumpfile import parse_report
from swgtui.model.schema import InvalidReportError, check_history, report_from_json
from swgtui.model.template import load_template
from swgtui.sample import sample_report
from swgtui.store import ReportStore

from .conftest import complete_sample

T = load_template("annex2")
FOCAL = {"name": "Phoutsavath Sounthala", "organisation": "Ministry of Public Security", "role": "focal point"}
CHAIR = {"name": "Matthew Lord", "organisation": "Embassy of Australia", "role": "co-chair"}
REVIEWER = {"name": "Oudone Sisongkham", "organisation": "UNODC", "role": "reviewer"}


@pytest.fixture
def lao():
    i18n.set_language("lo")


def refusal(error: type[Exception], action, *args, **kwargs) -> str:
    with pytest.raises(error) as raised:
        action(*args, **kwargs)
    return str(raised.value)


def test_report_errors_come_out_in_lao(lao, sample):
    said = refusal(rp.ReportError, rp.check_period, "next year")
    assert said == "ໄລຍະ 'next year' ບໍ່ແມ່ນໜຶ່ງປີ ຫຼື ສອງປີ (ເຊັ່ນ 2025/2026, 2025-2026, 2025/26 ຫຼື 2025)"
    said = refusal(rp.ReportError, rp.remove_row, T, sample, "c1")
    assert said.endswith("(C.1) ເປັນສ່ວນໜຶ່ງຂອງແບບຟອມ ແລະ ບໍ່ສາມາດລຶບໄດ້")
    said = refusal(rp.TooLongError, rp.rename_item, T, sample, "partners", "x", "n" * (rp.NAME_MAX + 1))
    assert said == f"ຊື່ ຍາວກວ່າ {rp.NAME_MAX:,} ຕົວອັກສອນ ({rp.NAME_MAX + 1:,})"
    assert refusal(rp.ReportError, rp.add_row, T, sample, "A", "t", tag="nope").startswith("ປ້າຍກຳກັບ 'nope' ບໍ່ຮູ້ຈັກ")
    rp.set_field(T, sample, "a8", "notes", "")
    lao_label = T.words_in("Notes on the situation:", "lo").rstrip(":")  # the template's own Lao
    assert rp.part_problems(T, sample, "a8") == [_("{label} is empty").format(label=lao_label)]
    assert rp.part_problems(T, sample, "a8")[0].endswith(" ຫວ່າງເປົ່າ")


def test_review_errors_and_the_sign_off_blockers_come_out_in_lao(lao, sample):
    said = refusal(review.ReviewError, review.set_status, sample, "a1", "ready", CHAIR)
    assert said == "ມີແຕ່ຜູ້ປະສານງານ ທີ່ໝາຍສ່ວນວ່າພ້ອມທົບທວນ"
    said = refusal(review.ReviewError, review.set_status, sample, "a1", "approve", CHAIR)
    assert said.endswith("ຢູ່ໃນສະຖານະ 'ຮ່າງ': ຕ້ອງພ້ອມທົບທວນກ່ອນ")
    assert refusal(review.ReviewError, review.add_comment, T, sample, "a1", " ", CHAIR) == "ຄຳເຫັນຫວ່າງເປົ່າ"
    said = refusal(review.ReviewError, review.sign_off, sample, CHAIR)
    assert said.startswith("ບົດລາຍງານຍັງບໍ່ສາມາດລົງນາມໄດ້:\n- ")
    assert "'ສ່ວນຫົວຂອງບົດລາຍງານ' ຍັງບໍ່ໄດ້ຮັບຮອງ (ສະຖານະ: ຮ່າງ)" in said  # the template's own Lao
    assert review.final_export_blockers(sample)[-1] == "ບົດລາຍງານຍັງບໍ່ໄດ້ລົງນາມ"


def test_the_status_keys_stay_and_their_labels_are_translated_where_shown(lao):
    assert set(review.STATUS_LABELS) == {"draft", "ready", "changes_requested", "approved", "changed_since_approval"}
    assert review.STATUS_LABELS[review.READY] == "ready for review"  # the constant, translated when shown
    assert _(review.STATUS_LABELS[review.READY]) == "ພ້ອມທົບທວນ"
    assert _(standing.STATUS_LABELS[standing.NOT_STARTED]) == "ຍັງບໍ່ເລີ່ມ"
    assert _(review.ROLE_LABELS["co-chair"]) == "ຮອງປະທານຮ່ວມ"


def test_what_stands_between_a_report_and_final_is_grouped_in_lao_too(lao, sample):
    """The parts not approved make one line, in any language (no matching of English words)."""
    complete_sample(sample)
    review.set_status(sample, "a1", "ready", FOCAL)
    lines = standing.not_final_because(sample)
    parts = len(rp.part_ids(sample))
    assert lines[0].startswith(f"{parts} ໃນ {parts} ສ່ວນຍັງບໍ່ໄດ້ຮັບຮອງ (ຮ່າງ: 'ສ່ວນຫົວຂອງບົດລາຍງານ', ")
    assert lines[0].endswith("; ພ້ອມທົບທວນ: 'Enhanced border security')")
    assert not any("ຍັງບໍ່ໄດ້ຮັບຮອງ (ສະຖານະ:" in line for line in lines)
    assert lines[-1] == "ບົດລາຍງານຍັງບໍ່ໄດ້ລົງນາມ"


def test_references_suggestions_conflicts_and_changes_speak_lao(lao, sample):
    said = refusal(refs.NotFoundError, refs.find_row, sample, "A.99")
    assert said.startswith("ພາກ A ບໍ່ມີແຖວ 99 (ມີ ")
    assert refusal(refs.RefError, refs.find_report_id, ["abcdef12"], "ab").startswith("'ab' ສັ້ນເກີນໄປ")
    said = refusal(refs.NotFoundError, suggestions.find, sample, "zzzzzz")
    assert said.startswith("ບົດລາຍງານບໍ່ມີຂໍ້ສະເໜີແກ້ໄຂ 'zzzzzz'")
    assert conflicts.fields_in_conflict(2).startswith("2 ຊ່ອງມີຂໍ້ຂັດແຍ່ງ")
    assert conflicts.field_name(T, sample, "a1", "@tag") == "ປ້າຍກຳກັບ"
    assert blame.parse_since("approval", "Mr Lord").label == "ນັບແຕ່ການຮັບຮອງຄັ້ງສຸດທ້າຍໂດຍ Mr Lord"
    assert refusal(rp.ReportError, blame.parse_since, "2026-01-01", "Mr Lord").startswith("--for NAME ໃຊ້ຮ່ວມກັບ")


def test_files_that_are_not_reports_or_packages_are_refused_in_lao(lao):
    assert refusal(rp.ReportError, pkg.parse_package, b"PK\x03\x04") == (
        "ຊຸດຂໍ້ມູນ ບໍ່ແມ່ນຊຸດຂໍ້ມູນການທົບທວນ (ມັນເປັນໄຟລ໌ zip, ເຊັ່ນ ເອກະສານ Word)"
    )
    said = refusal(rp.ReportError, parse_report, '{"format": "other"}', "x.json")
    assert said == 'x.json ບໍ່ແມ່ນບົດລາຍງານ swgtui (ບໍ່ມີ "format": "swgtui-report")'


def test_a_damaged_report_or_history_is_refused_in_lao_with_its_place(lao, sample):
    damaged = {**copy.deepcopy(sample), "created": "yesterday"}
    said = refusal(InvalidReportError, report_from_json, damaged)
    assert said == "created: 'yesterday' ບໍ່ແມ່ນວັນທີ ແລະ ເວລາ (ເຊັ່ນ 2025-06-30T09:15:00+00:00)"
    said = refusal(rp.ReportError, check_history, [{"rev": 0}])
    assert said == "history revision 1: rev ຕ້ອງເປັນຈຳນວນເຕັມຈາກ 1 ເຖິງ 1000000000"


def test_the_document_words_of_a_stale_sign_off_follow_the_language_given(sample):
    """stale_reason and void_reason take a language's gettext (the document's), whatever the
    interface's."""
    complete_sample(sample)
    for part in rp.part_ids(sample):
        review.set_status(sample, part, "ready", FOCAL)
        review.set_status(sample, part, "approve", CHAIR)
    signed = review.sign_off(sample, CHAIR)
    rp.set_field(T, sample, "c4", "challenges", "late change")
    lao_words = i18n.translator("lo").gettext
    assert review.stale_reason(sample) == "changed since it was signed off"
    assert review.stale_reason(sample, lao_words) == "ປ່ຽນແປງນັບຕັ້ງແຕ່ລົງນາມ"
    english = review.void_signoff_reason(sample, signed)
    assert english.startswith("no longer valid: the report changed since it was signed off on ")
    said = review.void_signoff_reason(sample, signed, lao_words)
    assert said.startswith("ບໍ່ມີຜົນອີກແລ້ວ: ບົດລາຍງານປ່ຽນແປງນັບຕັ້ງແຕ່ລົງນາມ ວັນທີ ")
    i18n.set_language("lo")
    assert review.export_review(sample, i18n.translator("en").gettext)[1] == "changed since it was signed off"


# --- nothing stored changes with the language ---------------------------------------------------------

VOLATILE = {"id", "at", "seen", "after", "voids", "comment", "created", "updated"}  # ids and times


def _steady(value: Any) -> Any:
    """`value` without what differs between two runs of the same steps (ids, times)."""
    if isinstance(value, dict):
        return {key: _steady(item) for key, item in value.items() if key not in VOLATILE}
    if isinstance(value, list):
        return [_steady(item) for item in value]
    return value


def _review_and_sign_off(folder: Path, language: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Write, review and sign off the sample in `language`, through the store: the stored report
    and its line in the list of reports, as read back from the files."""
    i18n.set_language(language)
    report = complete_sample(sample_report())
    with ReportStore(folder / "store.json", holder="tests") as store:
        report_id = store.add(report)
        report = store.get(report_id)
        for part in rp.part_ids(report):
            review.set_status(report, part, "ready", FOCAL)
            review.set_status(report, part, "approve", CHAIR)
        rp.set_field(T, report, "a1", "challenges", "changed after approval")
        review.set_status(report, "a1", "ready", FOCAL)  # voids: content changed since approval
        review.set_status(report, "a1", "approve", REVIEWER)
        review.set_status(report, "a2", "request-changes", REVIEWER, "Add the 2021 figures")  # voids: changes requested
        review.set_status(report, "a2", "ready", FOCAL, "Added")
        review.set_status(report, "a2", "approve", REVIEWER)
        comment = review.add_comment(T, report, "c2", "Mention the forensics lab budget", REVIEWER)
        review.resolve_comment(report, comment["id"], FOCAL)
        with pytest.raises(review.ReviewError):
            review.sign_off(report, FOCAL)
        review.sign_off(report, CHAIR, "For the RTIM")
        store.save(report)
    with ReportStore(folder / "store.json", holder="tests") as store:
        stored = store.get(report_id)
        line = next(line for line in store.list_reports() if line["id"] == report_id)
    i18n.set_language("en")
    return stored, line


def test_a_report_reviewed_and_signed_off_in_lao_stores_the_same_record_as_in_english(tmp_path: Path):
    english, english_line = _review_and_sign_off(tmp_path / "en", "en")
    lao, lao_line = _review_and_sign_off(tmp_path / "lo", "lo")
    assert json.dumps(_steady(lao), sort_keys=True) == json.dumps(_steady(english), sort_keys=True)
    notes = [event["note"] for event in lao["review"]["events"] if event["action"] == "void"]
    assert review.CHANGED in notes and "changes requested" in notes  # the notes steps write stay English
    assert lao_line["status"] == english_line["status"] == standing.SIGNED_OFF
    steady = VOLATILE | {"last_act", "saved", "signed_off"}  # moments, not words
    assert {k: v for k, v in lao_line.items() if k not in steady} == {
        k: v for k, v in english_line.items() if k not in steady
    }
    assert review.signoff_state(copy.deepcopy(lao))[0] == "valid"  # the fingerprints are the same


def test_a_person_is_described_with_the_role_in_the_interfaces_language():
    person = {"name": "Noy", "organisation": "MPS", "role": "focal point"}
    assert review.describe(person) == "Noy (focal point, MPS)"
    i18n.set_language("lo")
    assert review.describe(person) == f"Noy ({i18n._('focal point')}, MPS)" != "Noy (focal point, MPS)"
    assert review.describe({**person, "role": "unknown role"}) == "Noy (unknown role, MPS)"
