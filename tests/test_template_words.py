"""A template's words in several languages, its columns (two to six, with widths) and its
orientation, and the problems named with their place."""

from __future__ import annotations

import copy
import json
import os

import pytest

from swgtui.model.template import check_template_file, template_data, template_problems

ANNEX2 = template_data("annex2")


def data_with(change) -> dict:
    data = copy.deepcopy(ANNEX2)
    change(data)
    return data


def problems(change) -> list[str]:
    return template_problems(data_with(change))[1]


def test_words_may_be_written_in_several_languages_and_are_shown_in_one() -> None:
    def lao_title(data):
        data["title"] = {"en": "Report of {swg}", "lo": "ບົດລາຍງານຂອງ {swg}"}
        data["sections"][0]["title"] = {"en": "A. Overview", "lo": "ກ. ພາບລວມ"}

    template, found = template_problems(data_with(lao_title))
    assert found == []
    assert template.title == "Report of {swg}"  # the English, as plain strings load
    assert template.filled("2025/2026", "Health", "lo").title == "ບົດລາຍງານຂອງ Health"
    assert template.filled("2025/2026", "Health", "lo").sections[0].title == "ກ. ພາບລວມ"
    assert template.filled("2025/2026", "Health", "en").title == "Report of Health"


def test_a_word_without_a_translation_is_shown_in_english_and_named_as_missing() -> None:
    def change(data):  # (Annex 2 has Lao for every word: its overview heading is made English-only here)
        data.update(
            title={"en": "Report", "lo": "ບົດລາຍງານ"}, overview_heading="Overview of Sector Performance in {period}"
        )

    template, _ = template_problems(data_with(change))
    lao = template.filled("p", "s", "lo")
    assert lao.overview_heading == "Overview of Sector Performance in p"  # no Lao: English
    missing = template.missing_words("lo")
    assert "Report" not in missing
    assert "Overview of Sector Performance in {period}" in missing
    assert template.missing_words("en") == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(title={"lo": "ບົດລາຍງານ"}), 'title: needs its English words ("en")'),
        (lambda d: d.update(title={"en": "Report", "fr": "Rapport"}), "title.fr: unknown language (known: en, lo)"),
        (lambda d: d.update(title={"en": "Report", "lo": 3}), "title.lo: must be a non-empty string"),
        (lambda d: d.update(columns=[f"c{i}" for i in range(7)]), "columns: must be 2 to 6 columns, found 7"),
        (lambda d: d.update(columns=["only one"]), "columns: must be 2 to 6 columns, found 1"),
        (lambda d: d["columns"][1].update(width=0), "columns[1].width: must be a width in centimetres from 0.5 to 60"),
        (lambda d: d["columns"][1].update(width="wide"), "columns[1].width: must be a width in centimetres"),
        (lambda d: d.update(orientation="sideways"), "orientation: must be portrait or landscape"),
        (lambda d: d.update(schema=True), "schema: must be 1, found True"),
        (lambda d: d.update(sections=[]), "sections: a template needs at least one section"),
        (lambda d: d["sections"][1].update(id=d["sections"][0]["id"]), "sections: id 'A' is used twice"),
        (lambda d: d["sections"][0].update(guidence="typo"), "sections[0]: unknown key 'guidence'"),
        (lambda d: d.update(title="x" * 5001), "title: too long: 5,001 characters (at most 5,000)"),
    ],
)
def test_a_template_that_does_not_fit_is_refused_with_the_place_named(change, message) -> None:
    found = problems(change)
    assert any(message in problem for problem in found), found


def test_two_translations_of_the_same_english_words_are_refused() -> None:
    def twice(data):
        data["title"] = {"en": "Report", "lo": "ບົດລາຍງານ"}
        data["overview_heading"] = {"en": "Report", "lo": "ລາຍງານ"}

    assert problems(twice) == [
        "top level.overview_heading: the same English words have another 'lo' translation at top level.title"
    ]


def test_two_to_six_columns_with_their_widths_and_orientation_are_read() -> None:
    def two_columns(data):
        data["columns"] = [{"title": "Activity", "width": 5}, "Progress"]
        data["orientation"] = "portrait"
        for kind in data["row_kinds"].values():
            for spec in kind["fields"]:
                spec["column"] = 2

    template, found = template_problems(data_with(two_columns))
    assert found == []
    assert template.columns == ("Activity", "Progress")
    assert template.column_widths == (5.0, None)
    assert template.orientation == "portrait"

    six, found = template_problems(data_with(lambda d: d.update(columns=[f"c{i}" for i in range(6)])))
    assert found == [] and len(six.columns) == 6  # columns 4 to 6: no field writes to them, allowed


def test_a_field_must_write_to_a_column_of_the_template(tmp_path) -> None:
    found = problems(lambda d: d["row_kinds"]["action"]["fields"][0].update(column=4))
    assert found == ["row_kinds.action.fields[0].column: must be a column from 2 to 3 (column 1 holds the row titles)"]


def test_a_file_with_a_byte_order_mark_is_read_and_a_folder_or_a_huge_file_is_refused(tmp_path) -> None:
    data = data_with(lambda d: d.update(id="bom"))
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(data).encode())
    template, found = check_template_file(path)
    assert found == [] and template is not None

    folder = tmp_path / "folder.json"
    folder.mkdir()
    assert check_template_file(folder)[1] == ["a folder, not a template file"]

    huge = tmp_path / "huge.json"
    huge.write_bytes(b" " * 2_000_001)
    assert check_template_file(huge)[1] == ["larger than 2 MB: not a template"]


def test_a_template_without_a_header_title_gets_swgtuis_own_words_in_each_language() -> None:
    template, found = template_problems(data_with(lambda d: d["header"].pop("title")))
    assert found == []
    assert template.header_title == "Header block"
    lao = template.filled("p", "s", "lo").header_title
    assert lao != "Header block" and any("\u0e80" <= c <= "\u0eff" for c in lao)
    assert "Header block" not in template.missing_words("lo")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: (
                d["sections"][0]["rows"][0].update(id="A.1")
                if d["sections"][0]["rows"]
                else d["sections"][2]["rows"][0].update(id="A.1")
            ),
            "'A.1' is not an id",
        ),
        (lambda d: d["sections"][0].update(id="a b/../c"), "sections[0].id: 'a b/../c' is not an id"),
        (lambda d: d["sections"][2]["rows"][0].update(items=[None]), "items[0]: must be a non-empty string"),
        (lambda d: d["sections"][2]["rows"][0].update(items=["p" * 501]), "items[0]: too long: 501 characters"),
        (lambda d: d["header"]["fields"].pop(0), "header.fields: needs a field with the id 'swg_name'"),
        (
            lambda d: d["row_kinds"].update({"\x1b[31mK\x1b]0;PWN\x07": {"label": "{x}", "fields": []}}),
            "row_kinds.K.label: unknown placeholder",
        ),
    ],
)
def test_what_a_report_could_not_store_is_refused_in_the_template(change, message) -> None:
    found = problems(change)
    assert any(message in problem for problem in found), found
    assert not any("\x1b" in problem or "\x07" in problem for problem in found)  # nothing reaches a terminal raw


def test_a_named_pipe_is_refused_without_waiting_on_it(tmp_path) -> None:
    pipe = tmp_path / "pipe.json"
    os.mkfifo(pipe)
    assert check_template_file(pipe)[1] == ["not a regular file"]


def test_a_report_whose_template_is_missing_blames_the_template_not_the_report(store) -> None:
    from swgtui import paths
    from swgtui.store import StoreError

    data = data_with(lambda d: d.update(id="gone"))
    folder = paths.templates_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "gone.json").write_text(json.dumps(data), encoding="utf-8")
    report_id = store.create("gone", "Health Sector Working Group", "2025/2026")["id"]
    (folder / "gone.json").unlink()
    store.close()
    store.open()
    with pytest.raises(StoreError) as error:
        store.get(report_id)
    said = str(error.value)
    assert "unknown template 'gone'" in said and "the report is kept as it is" in said
    assert "damaged" not in said and str(folder) in said
