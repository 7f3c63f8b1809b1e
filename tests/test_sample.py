"""The bundled sample carries the reference Annex 2 over in full, word for word."""

import re
from collections import Counter
from pathlib import Path

import pytest

from swgtui.model import report as rp
from swgtui.model.template import load_template

from .conftest import SAMPLE_PARTNERS

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "idswg-2020-2021-annex2.txt"


def words(text: str) -> Counter:
    text = re.sub(r"<[^>]+>", " ", text)
    text = text.replace("\\$", "$").replace("(", " ").replace(")", " ").replace("*", " ")
    return Counter(w for w in text.split() if w not in {"-", "•", "--"})


def sample_words(report) -> Counter:
    template = load_template("annex2")
    parts = [template.title, template.overview_heading.format(period=report["period"]), *template.columns]
    parts += [s.title.format(period=report["period"]) for s in template.sections]
    parts += [f.label for f in template.header_fields] + [c.heading for c in template.contact_lists]
    parts += [c.label for c in template.contact_lists]
    parts += [f"{f.label}:" for f in template.row_kinds["vdcap"].fields]  # as written in the document
    header = report["header"]
    parts += list(header["fields"].values())
    for people in header["contacts"].values():
        parts += [f"{p['organisation']} {p['name']} {p['email']}" for p in people]
    for row in rp.rows(report):
        parts += [row["title"], row["tag"], *row["fields"].values()]
        kind = template.row_kinds[row["kind"]]
        parts += [f.label for f in kind.fields if f.label_in_document and row["fields"].get(f.id)]
        parts += [f"{i['name']} {i['text']}" for i in row["items"]]
    return words("\n".join(parts))


@pytest.mark.skipif(not REFERENCE.exists(), reason="the reference report is not beside this checkout")
def test_every_word_of_the_reference_table_is_in_the_sample(sample):
    lines = REFERENCE.read_text(encoding="utf-8").split("\n")
    table = "\n".join(line for line in lines[9:] if not line.startswith("Sector outputs and activities\t"))
    missing = words(table) - sample_words(sample)
    # The template's own wording replaces one typo in a principle's name ("South- South").
    assert missing == Counter({"South-": 1, "South": 1}), missing


def test_the_sample_has_every_row_partner_and_principle(sample):
    view = {row["id"]: row for row in rp.rows(sample)}
    assert len([r for r in view.values() if r["kind"] == "action"]) == 11
    assert [r["tag"] for r in view.values() if r["kind"] == "action"].count("Call For Action") == 3
    assert [i["name"] for i in view["partners"]["items"]] == SAMPLE_PARTNERS
    assert all(view["c1-vdcap"]["fields"].values())
    assert rp.report_completeness(load_template("annex2"), sample) > 0.9
    assert len(sample["header"]["contacts"]["focal_partners"]) == 3
