"""Shared fixtures: every test gets its own store, export and template folders."""

from __future__ import annotations

from pathlib import Path

import pytest

from swgtui.sample import sample_report
from swgtui.store import ReportStore


@pytest.fixture(autouse=True)
def isolated_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every default location at the test's folder, never at the user's own files."""
    monkeypatch.setenv("SWGTUI_DB", str(tmp_path / "store.json"))
    monkeypatch.setenv("SWGTUI_EXPORT_DIR", str(tmp_path / "exports"))
    monkeypatch.setenv("SWGTUI_EXPORT_RECORD", str(tmp_path / "data" / "exports.json"))
    monkeypatch.setenv("SWGTUI_TEMPLATES", str(tmp_path / "templates"))
    monkeypatch.setenv("SWGTUI_CONFIG_DIR", str(tmp_path / "config"))
    return tmp_path


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "store.json"


@pytest.fixture
def store(store_path: Path):
    with ReportStore(store_path, holder="tests") as opened:
        yield opened


@pytest.fixture
def sample():
    return sample_report()


# The development partners of the reference report, in its order (sample, Word export).
SAMPLE_PARTNERS = [
    "The United States",
    "Japan",
    "Luxembourg",
    "Germany",
    "Australia",
    "European Union (EU)",
    "United Kingdom",
    "Canada",
]
