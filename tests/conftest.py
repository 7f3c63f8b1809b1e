"""Shared fixtures: every test gets its own store, export and template folders, so tests run in
parallel (pytest-xdist: the README's `-n auto` starts WORKERS_PER_CORE workers per core)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from swgtui.sample import sample_report
from swgtui.store import ReportStore

# Much of a test's time is waiting (Pilot pauses past the editor's save delay, the store's lock,
# subprocesses: LibreOffice, the crash drill), so a core keeps more than one worker busy.
WORKERS_PER_CORE = 2


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """How many workers `-n auto` starts: WORKERS_PER_CORE for each core this process may use."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return WORKERS_PER_CORE * cores


def point_default_locations_at(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SWGTUI_DB", str(folder / "store.json"))
    monkeypatch.setenv("SWGTUI_EXPORT_DIR", str(folder / "exports"))
    monkeypatch.setenv("SWGTUI_EXPORT_RECORD", str(folder / "data" / "exports.json"))
    monkeypatch.setenv("SWGTUI_TEMPLATES", str(folder / "templates"))
    monkeypatch.setenv("SWGTUI_CONFIG_DIR", str(folder / "config"))


@pytest.fixture(autouse=True, scope="session")
def session_folders(tmp_path_factory: pytest.TempPathFactory):
    """What runs before a test's own folders are set (a module's fixture exporting a file) writes
    into a folder of the worker's session, never into the user's files or another worker's."""
    folder = tmp_path_factory.mktemp("session")
    with pytest.MonkeyPatch.context() as monkeypatch:
        point_default_locations_at(folder, monkeypatch)
        yield folder


@pytest.fixture(autouse=True)
def isolated_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every default location at the test's folder, never at the user's own files."""
    point_default_locations_at(tmp_path, monkeypatch)
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

# The sample is a real report: it left "Notes on the situation" empty on these rows, and a part
# is only marked ready, approved or signed off once complete, so tests that sign it off fill them.
SAMPLE_ROWS_WITHOUT_NOTES = ["a8", "a9", "a10", "a11"]


def complete_sample(report: dict) -> dict:
    from swgtui.model import report as rp
    from swgtui.model.template import load_template

    template = load_template(report["template"])
    for row_id in SAMPLE_ROWS_WITHOUT_NOTES:
        rp.set_field(template, report, row_id, "notes", "The situation is as described under progress.")
    assert not any(rp.part_problems(template, report, part) for part in rp.part_ids(report))
    return report


RELEASE_0_1_0 = Path(__file__).parent / "fixtures" / "release-0.1.0"


def release_0_1_0_store(folder: Path) -> Path:
    """A copy, in `folder` (made if needed), of the store release 0.1.0 wrote; its store.json."""
    import shutil

    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(RELEASE_0_1_0 / "store.json", folder / "store.json")
    shutil.copytree(RELEASE_0_1_0 / "store.reports", folder / "store.reports")
    return folder / "store.json"


# Two laptops of the review round trip (tests/test_cli_exchange.py): each its own folders and person.
@pytest.fixture
def focal(tmp_path: Path):
    from tests.test_cli_exchange import Laptop

    laptop = Laptop(tmp_path / "focal", "Noy Focal", "Ministry of Public Security", "focal point")
    laptop.ok("sample")
    return laptop


@pytest.fixture
def cochair(tmp_path: Path):
    from tests.test_cli_exchange import Laptop

    return Laptop(tmp_path / "cochair", "Mr Lord", "Embassy of the United Kingdom", "co-chair")


@pytest.fixture(autouse=True)
def english_interface(monkeypatch: pytest.MonkeyPatch):
    """Every test starts in English, whatever the machine's locale; a test that sets another
    language leaves none behind."""
    from swgtui import i18n

    monkeypatch.delenv("SWGTUI_LANG", raising=False)
    i18n.set_language("en")
    yield
    i18n.set_language("en")
