import json
from pathlib import Path

import pytest

from swgtui.model.template import TemplateError, available_templates, load_template, load_template_file

ANNEX2_COLUMNS = (
    "Sector outputs and activities",
    "Update on the Progress/note on situation and relevant information to highlight sector performance",
    "Challenges, opportunities and way forwards",
)


def test_annex2_has_the_exact_template_structure():
    template = load_template("annex2")
    assert template.title == "Annex 2 – Template for SWG reporting"
    assert template.columns == ANNEX2_COLUMNS
    assert template.overview_heading.format(period="2020/2021") == "Overview of Sector Performance in 2020/2021"
    assert [s.id for s in template.sections] == ["A", "B", "C"]
    a, b, c = template.sections
    assert a.title.format(period="2020/2021") == (
        "A. Actions/activities relating to the RTIM key recommendations and those highlighted in "
        "SWG Call for Action 2020/2021"
    )
    assert b.title == "B. Communication and outreach activities with the sector and across Sector Working Groups"
    assert c.title == "C. Cross-sectoral thematic areas applied to all SWGs"
    assert template.row_kinds["action"].tags == ("SWG/RTIM recommendation", "Call For Action")
    assert a.rows_editable and b.rows_editable and not c.rows_editable
    assert [r.title for r in a.rows] == ["Support from other development partners"]
    assert [r.title.split(" (")[0] for r in c.rows] == [
        "1. Partnership for Effective Development Cooperation",
        "VDCAP principles",
        "2. Innovation and technology",
        "3. Promoting gender equality and women's empowerment and accelerating the adoption and "
        "implementation of the National Youth Policy",
        "4. Other emerging issues such as impact of COVID-19 and response",
    ]
    assert [f.label for f in template.row_kinds["vdcap"].fields] == [
        "Ownership",
        "Alignment",
        "Harmonisation & Simplification",
        "Inclusive Partnership for Development Results",
        "Domestic Resource Mobilization",
        "South-South Cooperation, Triangular Cooperation, and Knowledge Sharing",
        "Business as a Partner in Development",
    ]
    action_labels = [f.label for f in template.row_kinds["action"].fields]
    assert action_labels[:2] == ["Notes on the situation:", "Update on progress:"]


def _annex2_data() -> dict:
    source = Path(__file__).parents[1] / "swgtui" / "data" / "templates" / "annex2.json"
    return json.loads(source.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.pop("columns"), "columns: must be 2 to 6 columns, found 0"),
        (lambda d: d.update(schema=99), "schema: must be 1, found 99"),
        (lambda d: d["sections"][0].update(new_row_kind="nope"), "sections[0].new_row_kind: 'nope' is not one of"),
        (lambda d: d["sections"][2]["rows"][0].update(kind="ghost"), "sections[2].rows[0].kind: 'ghost'"),
        (lambda d: d["row_kinds"]["action"]["fields"][0].update(column=7), "column: must be a column from 2 to 3"),
        (lambda d: d["sections"][2]["rows"][1].update(id="c1"), "id 'c1' is used twice"),
        (lambda d: d["header"]["fields"][0].pop("label"), "header.fields[0].label: must be a non-empty string"),
    ],
)
def test_a_broken_template_is_refused_with_a_message_naming_the_place(tmp_path, change, message):
    data = _annex2_data()
    change(data)
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(TemplateError) as error:
        load_template_file(path)
    assert message in str(error.value)
    assert str(error.value).startswith("template broken.json:")


def test_a_file_that_is_not_json_is_refused(tmp_path):
    path = tmp_path / "x.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(TemplateError, match="template x.json: not valid JSON"):
        load_template_file(path)


def test_a_template_added_as_a_file_is_offered_and_a_broken_one_reported(tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    data = _annex2_data()
    data["id"], data["title"] = "annex1", "Annex 1 – older template"
    (folder / "annex1.json").write_text(json.dumps(data), encoding="utf-8")
    (folder / "bad.json").write_text("[]", encoding="utf-8")
    found, problems = available_templates()
    assert {t.id for t in found} == {"annex1", "annex2"}
    assert problems == ["template bad.json: top level: must be an object"]
    with pytest.raises(TemplateError, match="unknown template 'nope'"):
        load_template("nope")
