"""`swgtui receive FILE.docx [--into REPORT]` on the command line: the focal point exports, a
co-chair reviews in Word (tests.wordlike), the focal point receives the file and reads the
suggestions; again changes nothing; --undo takes it back; refusals are one line, exit 1."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from lxml import etree

from swgtui.exports.files import export_docx
from tests.test_cli_exchange import NAMED, SAMPLE
from tests.test_receive_docx import ANNA, LORD, MONDAY, SAVED, TUESDAY
from tests.wordlike import Reviewed, W


def reviewed_export(focal, name: str = "reviewed.docx") -> Path:
    path = Path(focal.ok("export", SAMPLE, "--out", str(focal.folder / name)).stdout.strip())
    reviewed = Reviewed(path)
    reviewed.replace("attractive transit point", "obvious transit point", author=LORD, date=MONDAY)
    reviewed.replace("often lax", "lax", author=ANNA, date=TUESDAY)
    reviewed.comment("network of 20 Border Liaison Offices", "Which provinces?", author=ANNA, date=TUESDAY)
    reviewed.saved_by(LORD, SAVED)
    reviewed.save()
    return path


def test_receive_a_reviewed_word_file_then_read_and_accept_its_suggestions(focal):
    path = reviewed_export(focal)
    result = focal.ok("receive", str(path))
    assert result.stdout == f"{SAMPLE}\n"
    assert result.stderr == (
        f"received reviewed.docx into {NAMED}: 2 suggestions (see them: swgtui suggestions {SAMPLE}), 1 comment added\n"
    )
    listed = json.loads(focal.ok("suggestions", SAMPLE, "--json").stdout)
    assert [(s["part"], s["field"], s["author"], s["tracked"], s["outlook"]) for s in listed] == [
        ("a1", "notes", LORD, True, "applies"),
        ("a2", "notes", ANNA, True, "applies"),
    ]
    assert "obvious transit point" in listed[0]["after"] and "attractive transit point" in listed[0]["before"]
    focal.ok("accept", SAMPLE, listed[0]["id"])
    shown = focal.show()
    assert "obvious transit point" in shown["sections"][0]["rows"][0]["fields"]["notes"]
    threads = json.loads(focal.ok("review", SAMPLE, "--json").stdout)["threads"]
    assert [(t["part"], t["field"], t["quote"], t["text"], t["by"]["name"]) for t in threads] == [
        ("a1", "progress", "network of 20 Border Liaison Offices", "Which provinces?", ANNA)
    ]


def test_receiving_again_changes_nothing_and_undo_takes_it_back(focal):
    path = reviewed_export(focal)
    focal.ok("receive", str(path))
    files = focal.store_files()
    again = focal.ok("receive", str(path))
    assert (again.stdout, again.stderr) == (f"{SAMPLE}\n", f"already received: nothing changed in {NAMED}\n")
    assert focal.store_files() == files
    undone = focal.ok("receive", "--undo")
    assert undone.stderr == f"took back the receive of reviewed.docx: report {NAMED} is as it was before\n"
    assert json.loads(focal.ok("suggestions", SAMPLE, "--json").stdout) == []


def test_a_file_without_marks_needs_into(focal, sample):
    bare = export_docx(sample, focal.folder / "bare.docx").path
    reviewed = Reviewed(bare)
    reviewed.replace("often lax", "lax", author=ANNA, date=TUESDAY)
    reviewed.save()
    files = focal.store_files()
    result = focal.run("receive", str(bare))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "Error: bare.docx carries no swgtui marks (not exported by swgtui, or saved without them): "
        "give the report with --into REPORT\n"
    )
    assert focal.store_files() == files
    received = focal.ok("receive", str(bare), "--into", SAMPLE[:6])
    assert received.stdout == f"{SAMPLE}\n"
    assert received.stderr.startswith(f"received bare.docx into {NAMED}: 1 suggestion ")


def test_into_is_refused_with_a_package_and_with_undo(focal):
    package = focal.send()
    files = focal.store_files()
    for args, message in (
        (
            ("receive", str(package), "--into", SAMPLE),
            f"{package.name} is a review package: it names its report itself (--into is for Word files)",
        ),
        (("receive", "--undo", "--into", SAMPLE), "give either a FILE or --undo, not both"),
    ):
        result = focal.run(*args)
        assert (result.exit_code, result.stderr) == (1, f"Error: {message}\n")
    assert focal.store_files() == files


def test_rows_added_and_contacts_edited_in_word_are_said_not_taken(focal):
    path = Path(focal.ok("export", SAMPLE, "--out", str(focal.folder / "rows.docx")).stdout.strip())
    reviewed = Reviewed(path)
    row = reviewed.paragraph("Regional Cooperation (").getparent().getparent()
    added = copy.deepcopy(row)  # a copy of a row, inserted with Track Changes on
    properties = added.find(f"{W}trPr")
    if properties is None:
        properties = etree.SubElement(added, f"{W}trPr")
        added.insert(0, properties)
    etree.SubElement(properties, f"{W}ins", {f"{W}id": "900", f"{W}author": LORD, f"{W}date": MONDAY})
    row.addnext(added)
    reviewed.replace("Phoutsavath Sounthala", "P. Sounthala", author=LORD, date=MONDAY)
    reviewed.replace("often lax", "lax", author=ANNA, date=TUESDAY)
    reviewed.save()
    result = focal.ok("receive", str(path))
    assert result.stderr == (
        f"received rows.docx into {NAMED}: 1 suggestion (see them: swgtui suggestions {SAMPLE}); "
        "1 row(s) added in Word were not taken: add them in swgtui; "
        "contacts changed in Word were not taken: change them in swgtui\n"
    )
    shown = focal.show()
    assert len(shown["sections"][0]["rows"]) == 12
    assert "Phoutsavath Sounthala" in json.dumps(shown["header"])
