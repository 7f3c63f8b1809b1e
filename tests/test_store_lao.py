"""The store's and the Word import's messages in Lao: a locked store, a damaged file, a full disk,
recovery, an upgrade and a reviewed Word file that is not a report are told in the interface's
language, while what the store writes (its files, the lock file's holder, the history) is the
same whatever the language."""

from __future__ import annotations

import errno
import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from swgtui import i18n
from swgtui.exports.files import export_docx
from swgtui.imports.docx_reader import DocxImportError
from swgtui.imports.reviewed import read_reviewed
from swgtui.model import report as rp
from swgtui.model.template import load_template
from swgtui.store import ReportStore, ReportUnreadableError, StoreError, StoreLockedError
from tests.wordlike import Reviewed

from .conftest import release_0_1_0_store

T = load_template("annex2")
LAO = re.compile("[\u0e80-\u0eff]")
THAI = re.compile("[\u0e00-\u0e7f]")

HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from swgtui.store import ReportStore
    store = ReportStore(Path(sys.argv[1]), holder="swgtui app").open()
    print("ready", flush=True)
    time.sleep(30)
    """
)


def in_lao(message: str) -> str:
    """The message, checked to be told in Lao script (and no Thai letters)."""
    assert LAO.search(message) and not THAI.search(message), message
    return message


def test_a_locked_store_is_refused_in_lao_naming_its_holder_as_it_wrote_itself(store_path):
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(store_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        i18n.set_language("lo")
        with pytest.raises(StoreLockedError) as error:
            ReportStore(store_path, holder="swgtui set").open()
        message = in_lao(str(error.value))
        assert message.startswith(f"ບ່ອນເກັບຂໍ້ມູນກຳລັງຖືກໃຊ້ໂດຍ swgtui app (ໂປຣເຊສ {holder.pid} ")
        assert message.endswith("ກະລຸນາປິດຢູ່ບ່ອນນັ້ນກ່ອນ") and "in use" not in message
    finally:
        holder.kill()
        holder.wait()


def test_the_lock_file_names_its_holder_in_the_same_words_whatever_the_language(store_path):
    holders = {}
    for language in ("en", "lo"):
        i18n.set_language(language)
        with ReportStore(store_path, holder="swgtui app"):
            raw = store_path.with_name("store.json.lock").read_bytes()[1:]  # what another process reads
            holders[language] = {key: value for key, value in json.loads(raw).items() if key != "since"}
    assert holders["lo"] == holders["en"] == {"holder": "swgtui app", "pid": os.getpid(), "host": holders["en"]["host"]}


def test_a_damaged_store_is_said_in_lao_with_how_to_recover_and_left_untouched(store_path, sample):
    with ReportStore(store_path) as store:
        store.add(sample)
    store_path.write_bytes(store_path.read_bytes()[:40])  # truncated, as by a failing disk
    damaged = store_path.read_bytes()
    i18n.set_language("lo")
    with pytest.raises(StoreError) as raised:
        ReportStore(store_path).open()
    message = in_lao(str(raised.value))
    assert f"{store_path} ເສຍຫາຍ ຫຼື ບໍ່ແມ່ນໄຟລ໌ຂອງ swgtui (" in message
    assert f"ບໍ່ມີສຳເນົາສຳຮອງ; 'swgtui recover --db {store_path}'" in message  # the command stays as typed
    assert "is damaged" not in message and store_path.read_bytes() == damaged


def test_a_damaged_report_file_is_said_in_lao_and_its_good_copy_named(store_path, sample):
    with ReportStore(store_path) as store:
        report_id = store.add(sample)
        store.backup_now()
    report_file = store_path.with_name("store.reports") / f"{report_id}.json"
    report_file.write_text('{"report": {"1": {"id": 3}}}', encoding="utf-8")  # JSON, but no report
    i18n.set_language("lo")
    with ReportStore(store_path) as store, pytest.raises(ReportUnreadableError) as raised:
        store.get(report_id)
    message = in_lao(str(raised.value))
    assert message.startswith(f"ບໍ່ສາມາດເປີດບົດລາຍງານ {report_id}: ")
    assert "ສະບັບທີ່ດີຫຼ້າສຸດຂອງໄຟລ໌ນີ້ຢູ່ໃນສຳເນົາສຳຮອງ" in message and "newest" not in message
    lines = ReportStore(store_path).recover()
    assert in_lao(lines[0]).startswith(f"ໄດ້ເກັບ {report_id}.json ທີ່ເສຍຫາຍໄວ້ເປັນ {report_id}.json.damaged-")
    assert in_lao(lines[1]).startswith(f"ໄດ້ກູ້ຄືນບົດລາຍງານ {report_id} ຈາກສຳເນົາສຳຮອງ ")
    with ReportStore(store_path) as store:
        assert store.get(report_id)["sections"] == sample["sections"]


def test_a_full_disk_is_said_in_lao_and_nothing_is_saved(store, monkeypatch):
    report = store.create("annex2", "SWG", "2025/2026")
    path = store.reports_dir / f"{report['id']}.json"
    before = path.read_bytes()

    def full_disk(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    rp.set_field(T, report, "c2", "narrative", "typed text")
    i18n.set_language("lo")
    with pytest.raises(StoreError) as raised:
        store.save(report)
    message = in_lao(str(raised.value))
    assert message.startswith("ບໍ່ສາມາດບັນທຶກປະຫວັດລົງໃນ ")
    assert message.endswith("ບໍ່ມີພື້ນທີ່ເຫຼືອໃນດິສກ໌; ບໍ່ມີຫຍັງຖືກບັນທຶກ") and "No space" not in message
    assert path.read_bytes() == before


def test_an_upgrade_is_told_in_lao_and_writes_the_same_store_as_in_english(tmp_path):
    stores = {}
    for language in ("en", "lo"):
        i18n.set_language(language)
        with ReportStore(release_0_1_0_store(tmp_path / language)) as store:
            stores[language] = store.path
            note = store.upgrade_note
        if language == "lo":
            assert in_lao(note).startswith("ໝາຍເຫດ: store.json ຖືກຂຽນໂດຍ swgtui ລຸ້ນເກົ່າ")
            assert str(store.upgrade_backup) in note
        else:
            assert note.startswith("note: store.json was written by an older swgtui")
    assert stores["lo"].read_bytes() == stores["en"].read_bytes()


def _stored(store_path: Path) -> dict[str, Any]:
    """Every file of the store, read, the history's random ids left out."""
    found: dict[str, Any] = {"store.json": json.loads(store_path.read_text(encoding="utf-8"))}
    for path in sorted(store_path.with_name("store.reports").iterdir()):
        if path.name.endswith(".history.jsonl"):
            lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
            found[path.name] = [
                {k: v for k, v in line.items() if k not in ("id", "parent", "parents")} for line in lines
            ]
        elif path.name.endswith(".json"):
            found[path.name] = json.loads(path.read_text(encoding="utf-8"))
    return found


def test_what_the_store_writes_is_the_same_whatever_the_language(tmp_path, sample):
    stored = {}
    for language in ("en", "lo"):
        i18n.set_language(language)
        store_path = tmp_path / language / "store.json"
        with ReportStore(store_path, holder="tests") as store:
            report_id = store.add(sample)
            report = store.get(report_id)
            rp.set_field(T, report, "c2", "narrative", "typed text")
            store.save(report, touch=False, author={"name": "Noy", "organisation": "MoPS", "role": "focal point"})
        stored[language] = _stored(store_path)
    assert stored["lo"] == stored["en"]
    assert {"part": "c2", "field": "narrative", "text": "typed text"}.items() <= stored["en"][
        f"{report_id}.history.jsonl"
    ][-1].items()


def test_a_word_file_that_is_no_report_is_refused_in_lao(tmp_path, sample):
    letter = tmp_path / "letter.docx"
    document = Document()
    document.add_paragraph("Dear colleagues")
    document.add_table(rows=2, cols=3).cell(1, 0).text = "Not a row of any report"
    document.save(str(letter))
    i18n.set_language("lo")
    with pytest.raises(DocxImportError) as raised:
        read_reviewed(letter, sample, T, None)
    assert in_lao(str(raised.value)).startswith("letter.docx ບໍ່ແມ່ນບົດລາຍງານ Annex 2: ")


def test_what_a_reviewed_word_file_leaves_out_is_said_in_lao_and_its_names_kept(tmp_path, sample):
    path = export_docx(sample, tmp_path / "report.docx").path
    reviewed = Reviewed(path)
    reviewed.comment("Review record", "Not needed.", author="Mr Lord")
    reviewed.save()
    english = read_reviewed(path, sample, T, None)
    i18n.set_language("lo")
    lao = read_reviewed(path, sample, T, None)
    assert english.notes == ["a comment by Mr Lord is not on a part of the report: not taken"]
    assert lao.notes == ["ຄຳເຫັນຂອງ Mr Lord ບໍ່ໄດ້ຢູ່ໃນພາກໃດຂອງບົດລາຍງານ: ບໍ່ໄດ້ນຳເຂົ້າ"]
    assert (lao.fields, lao.comments, lao.modified_by) == (english.fields, english.comments, english.modified_by)
