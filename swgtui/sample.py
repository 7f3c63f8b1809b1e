"""The bundled sample: the Illicit Drug SWG's 2020/2021 Annex 2 report, in full."""

from __future__ import annotations

from importlib import resources

from swgtui.model.dumpfile import parse_report
from swgtui.model.types import Report

SAMPLE_FILE = "sample-idswg-2020-2021.json"


def sample_report() -> Report:
    text = (resources.files("swgtui") / "data" / SAMPLE_FILE).read_text(encoding="utf-8")
    return parse_report(text, SAMPLE_FILE)
