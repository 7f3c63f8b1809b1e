"""The review package's format: what is written is read back, and every file that is not a good
package is refused with one line naming what is wrong."""

from __future__ import annotations

import gzip
import io
import json
import tracemalloc
import zipfile
import zlib

import pytest

from swgtui.model import package as pkg
from swgtui.model.dumpfile import dump_report
from swgtui.model.report import ReportError
from swgtui.model.template import template_data
from swgtui.sample import sample_report

FOCAL = {"name": "Noy Focal", "organisation": "Ministry of Health", "role": "focal point"}
HISTORY = [
    {
        "id": "01JQ8X4RZ3AAAAAAAAAAAAAAAA",
        "parent": None,
        "part": "c2",
        "field": "challenges",
        "rev": 1,
        "text": "Funding was late.",
        "by": FOCAL,
        "at": "2026-01-05T10:00:00+00:00",
    }
]


def good_package() -> bytes:
    report = sample_report()
    return pkg.make_package(
        "01JQ8X4RZ3BBBBBBBBBBBBBBBB",
        "2026-01-06T09:30:00+00:00",
        FOCAL,
        report,
        HISTORY,
        "annex2",
        template_data("annex2"),
    )


def unpacked(data: bytes) -> dict:
    return json.loads(gzip.decompress(data))


def repacked(whole: dict, fix_checksum: bool = False) -> bytes:
    if fix_checksum:
        whole["sha256"] = pkg.sha256(whole["content"])
    return gzip.compress(json.dumps(whole).encode("utf-8"))


def refusal(data: bytes) -> str:
    with pytest.raises(ReportError) as raised:
        pkg.parse_package(data, "answer.swgpkg")
    message = str(raised.value)
    assert "\n" not in message
    return message


def test_a_package_reads_back_what_was_written():
    data = good_package()
    assert data[:2] == b"\x1f\x8b"
    whole = unpacked(data)
    assert (whole["format"], whole["version"]) == ("swgtui-review-package", 1)
    assert whole["sha256"] == pkg.sha256(whole["content"])
    assert whole["content"]["suggestions"] == []
    read = pkg.parse_package(data, "answer.swgpkg")
    assert (read.id, read.sent_at, read.sent_by) == ("01JQ8X4RZ3BBBBBBBBBBBBBBBB", "2026-01-06T09:30:00+00:00", FOCAL)
    assert pkg.checked_history(read) == HISTORY
    assert pkg.checked_history(read, HISTORY)[0] is HISTORY[0]  # what the store holds is not checked again
    assert read.template_id == "annex2" and read.template.id == "annex2"
    assert read.template_data == template_data("annex2")
    assert pkg.checked_report(read) == sample_report()


def test_the_same_package_is_the_same_bytes():
    assert good_package() == good_package()  # canonical JSON, no time in the gzip header


def test_a_file_that_is_not_gzip_is_refused():
    assert refusal(b"hello") == "answer.swgpkg is not a review package (not a gzip file)"
    word = io.BytesIO()
    with zipfile.ZipFile(word, "w") as docx:
        docx.writestr("word/document.xml", "<w:document/>")
    assert "is not a review package (it is a zip file" in refusal(word.getvalue())


def test_a_dump_is_refused_naming_load():
    dump = dump_report(sample_report(), []).encode("utf-8")
    expected = "answer.swgpkg is a report dump, not a review package: use swgtui load"
    assert refusal(dump) == expected
    assert refusal(gzip.compress(dump)) == expected


def test_a_truncated_package_is_refused():
    data = good_package()
    assert refusal(data[: len(data) // 2]).startswith("answer.swgpkg is truncated")


def test_a_damaged_package_is_refused():
    data = bytearray(good_package())
    data[len(data) // 2] ^= 0xFF
    assert refusal(bytes(data)).startswith("answer.swgpkg is damaged")
    assert refusal(gzip.compress(b"{not json")).startswith("answer.swgpkg is damaged: its content is not JSON")
    assert refusal(gzip.compress(b"\xff\xfe")).startswith("answer.swgpkg is damaged: its content is not UTF-8")


def test_another_format_or_a_future_version_is_refused():
    whole = unpacked(good_package())
    assert refusal(repacked({**whole, "format": "something"})) == (
        'answer.swgpkg is not a review package (no "format": "swgtui-review-package")'
    )
    assert refusal(repacked({**whole, "version": 2})) == (
        "answer.swgpkg was made by a newer swgtui (version 2); this one reads 1: update swgtui to receive it"
    )
    assert (
        refusal(repacked({**whole, "version": True})) == "answer.swgpkg has package version True; this swgtui reads 1"
    )


def test_a_changed_content_does_not_match_its_checksum():
    whole = unpacked(good_package())
    whole["content"]["history"][0]["text"] = "Funding was on time."
    assert refusal(repacked(whole)) == "answer.swgpkg is damaged: its checksum does not match its content"


def test_a_template_that_does_not_match_its_checksum_is_refused():
    whole = unpacked(good_package())
    whole["content"]["template"]["data"]["title"] = "Another title"
    assert refusal(repacked(whole, fix_checksum=True)) == (
        "answer.swgpkg cannot be received: its template 'annex2' does not match its checksum"
    )


def test_what_the_content_holds_is_checked():
    def with_content(**changes: object) -> str:
        whole = unpacked(good_package())
        whole["content"].update(changes)
        return refusal(repacked(whole, fix_checksum=True))

    assert with_content(package="../x") == "answer.swgpkg cannot be received: package: not an id"
    assert with_content(sent_at="yesterday") == "answer.swgpkg cannot be received: sent_at: expected a date and time"
    assert "sent_by.role" in with_content(sent_by={**FOCAL, "role": "king"})
    assert with_content(history={}) == "answer.swgpkg cannot be received: history: expected a list of revisions"
    whole = unpacked(good_package())
    whole["content"]["history"].append({"rev": 0})
    read = pkg.parse_package(repacked(whole, fix_checksum=True), "answer.swgpkg")
    for local in ([], HISTORY):
        with pytest.raises(ReportError) as raised:
            pkg.checked_history(read, local)
        assert str(raised.value) == (
            "answer.swgpkg cannot be received: history revision 2: rev must be a whole number from 1 to 1000000000"
        )
    assert with_content(report=[]) == "answer.swgpkg cannot be received: report: expected an object"


def test_a_package_that_unpacks_too_large_is_refused_while_unpacking(monkeypatch):
    monkeypatch.setattr(pkg, "MAX_UNPACKED", 5_000_000)
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # gzip
    zeros = bytes(1 << 20)
    bomb = b"".join(packer.compress(zeros) for _ in range(100)) + packer.flush()  # 100 MB of zeros
    assert len(bomb) < 200_000
    tracemalloc.start()
    try:
        message = refusal(bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert message == "answer.swgpkg unpacks to more than 5 MB: not a review package swgtui made"
    assert peak < 20_000_000  # refused at the cap, never unpacked whole
