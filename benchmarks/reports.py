"""The reports the Word benchmarks time: the sample grown to N rows, and the sample with long
fields. Texts are the sample's own (bullets, numbered items, bold and italic), repeated."""

from __future__ import annotations

import copy
import itertools

from swgtui.model.types import Report


def _texts(report: Report) -> list[str]:
    """Every non-empty narrative of the sample, to reuse as row texts."""
    texts = []
    for section in report["sections"]:
        for row in section["rows"]:
            texts += [text for text in row["fields"].values() if text.strip()]
            texts += [item["text"] for item in row["items"] if item["text"].strip()]
    return texts


def report_with_rows(rows: int) -> Report:
    """The sample with section A's actions grown (or cut) so the report has `rows` rows in
    all, each a copy of one of the sample's actions with a new id (the partners row kept)."""
    from swgtui.model.ids import new_id
    from swgtui.sample import sample_report

    report = sample_report()
    sections = report["sections"]
    actions = [row for row in sections[0]["rows"] if row["kind"] == "action"]
    kept = [row for row in sections[0]["rows"] if row["kind"] != "action"]
    others = sum(len(section["rows"]) for section in sections[1:]) + len(kept)
    grown = []
    for number, row in zip(range(max(rows - others, 1)), itertools.cycle(actions), strict=False):
        copied = copy.deepcopy(row)
        copied["id"] = new_id()
        copied["title"] = f"{number + 1}. {copied['title']}"
        grown.append(copied)
    sections[0]["rows"] = grown[:8] + kept + grown[8:]
    return report


def report_with_long_fields(fields: int = 20, size: int = 50_000) -> Report:
    """The sample whose first `fields` texts (progress and challenges, row by row) are each
    `size` characters of the sample's narratives, as paragraphs, bullets and numbered items."""
    from swgtui.sample import sample_report

    report = sample_report()
    pool = _texts(report)
    source = "\n".join(itertools.islice(itertools.cycle(pool), 400))
    long_text = (source * (size // len(source) + 1))[:size].rsplit("\n", 1)[0]
    done = 0
    for section in report["sections"]:
        for row in section["rows"]:
            for field in ("progress", "challenges"):
                if done < fields and field in row["fields"]:
                    row["fields"][field] = long_text
                    done += 1
    return report
