"""The Sector Working Groups offered when creating a report (any other name is accepted too)."""

from __future__ import annotations

import json
from datetime import date
from importlib import resources


def known_swgs() -> list[str]:
    data = json.loads((resources.files("swgtui") / "data" / "swgs.json").read_text(encoding="utf-8"))
    return [str(name) for name in data["swgs"]]


def suggested_period(today: date | None = None) -> str:
    """The period being reported on: last year/this year (reports are written late in the year)."""
    today = today or date.today()
    return f"{today.year - 1}/{today.year}"
