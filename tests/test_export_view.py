"""An export's view of the report is built once: the review folded once, each fingerprint computed
once, each text parsed once; the Word and Markdown writers only render it. Word comments are
built for any number of open threads, and two reports can be written into one document."""

import io

from docx import Document

from swgtui.exports import files, view
from swgtui.exports.docx_writer import WordWriter, docx_bytes
from swgtui.model import report as rp
from swgtui.model import review
from swgtui.model.template import load_template
from swgtui.sample import sample_report

from .conftest import complete_sample

T = load_template("annex2")
CHAIR = {"name": "Mr Lord", "organisation": "DFAT", "role": "co-chair"}
REVIEWER = {"name": "Ms Kay", "organisation": "UNODC", "role": "reviewer"}


def signed_off_then_commented():
    report = complete_sample(sample_report())
    for part in rp.part_ids(report):
        review.set_status(report, part, "ready", {**CHAIR, "role": "focal point"})
        review.set_status(report, part, "approve", CHAIR)
    review.sign_off(report, CHAIR)
    review.add_comment(T, report, "a1", "Which border posts?", REVIEWER)
    return report


def counting(monkeypatch, module, name):
    calls = []
    original = getattr(module, name)

    def counted(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_an_export_folds_the_review_once_and_fingerprints_each_part_once(monkeypatch, tmp_path):
    report = signed_off_then_commented()
    parts = rp.part_ids(report)
    for file_format in ("docx", "md"):
        folds = counting(monkeypatch, review, "_state")
        fingerprints = counting(monkeypatch, review, "part_fingerprint")
        signed = counting(monkeypatch, review, "_report_digest")
        parses = counting(monkeypatch, view, "parse_blocks")
        exported = files.export_report(report, file_format)
        assert exported.path.name.endswith(f"-DRAFT.{file_format}")  # the name uses the same view
        assert len(folds) == 1
        assert sorted(args[1] for args in fingerprints) == sorted(parts)
        assert len(signed) == 1
        texts = sum(1 + len(row["fields"]) + len(row["items"]) for row in rp.rows(report))
        assert len(parses) <= texts  # each text at most once (empty fields are not parsed)
        monkeypatch.undo()


def test_the_view_holds_what_the_writers_show():
    report = signed_off_then_commented()
    shown = view.build_view(report, T)
    assert not shown.final
    assert shown.draft_reason == "a comment is open since it was signed off"
    assert [section.id for section in shown.sections] == [section["id"] for section in report["sections"]]
    first = shown.sections[0].rows[0]
    assert first.id == "a1" and [run.text for run in first.title_blocks[0].runs] == ["Enhanced border security"]
    assert [(thread.part, thread.author, thread.initials, thread.text) for thread in shown.threads] == [
        ("a1", "Ms Kay", "MK", "Which border posts?")
    ]
    assert shown.record[0].cells[:3] == ("Header block", "approved", "Mr Lord (co-chair)")
    day = review.local_time(review.signoffs(report)[-1]["at"])[:10]
    assert shown.signoff_lines[-1].endswith(f"no longer valid: a comment is open since it was signed off on {day}")
    review.resolve_comment(report, report["review"]["comments"][0]["id"], CHAIR)
    assert view.build_view(report, T).final and view.build_view(report, T).draft_reason == ""
    report["sections"][1]["no_update"] = True
    changed = view.build_view(report, T)
    assert changed.sections[1].no_update and changed.sections[1].title.startswith("B.")
    assert changed.draft_reason == "changed since it was signed off"


def with_threads(count):
    report = sample_report()
    parts = rp.part_ids(report)
    first = review.add_comment(T, report, parts[1], "Thread 0", REVIEWER, quote="")
    comments = report["review"]["comments"]
    for number in range(1, count):
        comment = {**first, "id": f"{first['id']}{number:05d}", "part": parts[number % len(parts)]}
        comment["text"] = f"Thread {number}\nits second line"
        if number % 10 == 0:
            comment["reply_to"] = comments[-1]["id"]
        comments.append(comment)
    return report


def test_a_thousand_open_threads_are_a_thousand_word_comments_each_on_its_text():
    report = with_threads(1000)
    threads = review.threads(report, open_only=True)
    document = Document(io.BytesIO(docx_bytes(report)))
    comments = list(document.comments)
    assert len(comments) == len(threads) == 901  # every tenth comment is a reply, under the thread before it
    assert [comment.comment_id for comment in comments] == list(range(901))
    assert comments[1].text == "Thread 1\nits second line"
    assert comments[9].paragraphs[-1].text.endswith(": Thread 10\nits second line")  # the reply, its line break kept
    body = document.element.body
    starts = [int(e.get(f"{{{body.nsmap['w']}}}id")) for e in body.iter(f"{{{body.nsmap['w']}}}commentRangeStart")]
    ends = [int(e.get(f"{{{body.nsmap['w']}}}id")) for e in body.iter(f"{{{body.nsmap['w']}}}commentRangeEnd")]
    assert sorted(starts) == sorted(ends) == list(range(901))


def test_two_reports_are_written_into_one_document():
    writer = WordWriter()
    first, second = sample_report(), signed_off_then_commented()
    second["header"]["fields"]["swg_name"] = "Second SWG"
    for report in (first, second):
        writer.write_report(view.build_view(report, T))
    buffer = io.BytesIO()
    writer.document.save(buffer)
    document = Document(buffer)
    assert len(document.tables) == 4  # each report's table and its review record
    assert [p.text for p in document.paragraphs].count(T.title) == 2
    assert len(list(document.comments)) == 1
    assert len(document.tables[0].rows) == len(document.tables[2].rows)


def test_text_that_looks_like_xml_is_written_as_text():
    report = sample_report()
    typed = 'a </w:t></w:r><w:r><w:t>b & "c" <d/> ]]> e\ttab  '
    report["sections"][0]["rows"][0]["fields"]["challenges"] = typed
    report["header"]["fields"]["chairs"] = "<w:p/>&amp;"
    document = Document(io.BytesIO(docx_bytes(report)))
    assert document.tables[0].rows[2].cells[2].paragraphs[0].text == typed.strip()
    assert any(p.text.endswith(": <w:p/>&amp;") for p in document.paragraphs)
