"""The app's screens on a report session: the sign-off screen needs no editor, and the app's
modules import each other in one direction only."""

import ast
import subprocess
import sys
from pathlib import Path

from textual.app import App
from textual.widgets import TextArea

import swgtui
from swgtui.app import make_app
from swgtui.identity import save_identity
from swgtui.model import report as rp
from swgtui.model import review
from swgtui.sample import sample_report
from swgtui.screens.editor import EditorScreen
from swgtui.screens.review_dialogs import NoteDialog
from swgtui.screens.signoff import SignOffScreen
from swgtui.session import ReportSession
from swgtui.store import ReportStore
from swgtui.workspace import Workspace

from .conftest import complete_sample
from .test_app import SIZE, settle

PACKAGE = Path(swgtui.__file__).parent


def test_the_sign_off_screen_does_not_import_the_editor():
    code = "import sys\nimport swgtui.screens.signoff\nprint('swgtui.screens.editor' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def imports_of(path: Path) -> set[str]:
    """The swgtui modules a module imports, anywhere in it (also for type checking only)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("swgtui.")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("swgtui"):
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}  # `from pkg import module`
    return found


def test_the_app_screens_and_widgets_import_each_other_in_one_direction_only():
    modules = {
        ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts): path
        for path in [PACKAGE / "app.py", *PACKAGE.glob("screens/*.py"), *PACKAGE.glob("widgets/*.py")]
    }
    graph = {name: imports_of(path) & set(modules) for name, path in modules.items()}

    def cycle_from(start: str, path: list[str]) -> list[str] | None:
        for imported in sorted(graph[start]):
            if imported in path:
                return [*path[path.index(imported) :], imported]
            found = cycle_from(imported, [*path, imported])
            if found:
                return found
        return None

    assert "swgtui.screens.signoff" in graph and "swgtui.screens.editor" in graph
    cycles = [cycle for name in sorted(graph) if (cycle := cycle_from(name, [name]))]
    assert cycles == []


class SignOffApp(App[None]):
    """Only the sign-off screen, on a session: no editor anywhere."""

    def __init__(self, session: ReportSession) -> None:
        super().__init__()
        self.session = session
        self.done: list[str] = []  # the parts changed, as the screen reports them
        self.opened: list[str | None] = []  # what the screen returned

    def on_mount(self) -> None:
        screen = SignOffScreen(self.session, self.done.append, "the sample · 2020/2021")
        self.push_screen(screen, self.opened.append)


async def test_the_sign_off_screen_works_from_a_session(store_path):
    with ReportStore(store_path) as store:
        report_id = store.add(complete_sample(sample_report()))
    save_identity("Ms Vanh", "Ministry of Health", "focal point")
    with Workspace(ReportStore(store_path)) as workspace:
        session = workspace.open(report_id)
        app = SignOffApp(session)
        async with app.run_test(size=SIZE) as pilot:
            assert isinstance(app.screen, SignOffScreen)
            await pilot.press("r")  # the first part, the header block: ready for review
            await settle(pilot)
            assert app.done == [rp.HEADER_ID]
            assert "ready for review" in str(app.screen.query_one("DataTable").get_row_at(0)[1]).lower()
            save_identity("Matthew Lord", "Embassy of Australia", "co-chair")
            await pilot.press("down", "x")  # the next part: changes requested, with a note
            await pilot.pause()
            assert isinstance(app.screen, NoteDialog)
            await pilot.press(*"Add the 2021 figures", "ctrl+s")
            await settle(pilot)
            await pilot.press("s")  # the sign-off is refused with the reasons: nothing changes
            await settle(pilot)
            await pilot.press("enter")  # open the part: the screen returns it
            await settle(pilot)
            assert app.opened == ["a1"]
        session.save()
    with ReportStore(store_path) as reopened:
        report = reopened.get(report_id)
    assert review.part_status(report, rp.HEADER_ID) == review.READY
    assert review.changes_request(report, "a1")["detail"] == "Add the 2021 figures"
    assert review.signoff_state(report)[0] != "valid"


async def test_a_read_only_session_offers_no_review_step_on_the_sign_off_screen(store_path):
    with ReportStore(store_path) as store:
        report_id = store.add(complete_sample(sample_report()))
    save_identity("Ms Vanh", "Ministry of Health", "focal point")
    with Workspace(ReportStore(store_path, writable=False)) as workspace:
        session = workspace.open(report_id)
        assert session.read_only
        app = SignOffApp(session)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("r", "x", "s")
            await settle(pilot)
            assert isinstance(app.screen, SignOffScreen) and app.done == []
    assert review.part_status(session.report, rp.HEADER_ID) == review.DRAFT


async def test_the_editor_is_read_only_when_its_session_is(store_path):
    """Read-only is the session's: a session opened read-only on a writable store makes the
    editor refuse every change and save nothing."""
    with ReportStore(store_path) as store:
        report_id = store.add(sample_report())
    before = (store_path.parent / "store.reports" / f"{report_id}.json").read_bytes()
    with Workspace(ReportStore(store_path)) as workspace:
        app = make_app(workspace.store)
        async with app.run_test(size=SIZE) as pilot:
            await app.push_screen(EditorScreen(workspace.open(report_id, read_only=True)))
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, EditorScreen)
            areas = list(screen.form.query("TextArea").results(TextArea))
            assert areas and all(area.read_only for area in areas)
            assert "nothing here is saved" in str(screen.query_one("#save-state").render())
            await pilot.press("ctrl+n", "f3", "ctrl+r")  # add a contact, a row, a status step: not offered
            await settle(pilot)
            assert app.screen is screen
            await pilot.press("ctrl+q")
    assert (store_path.parent / "store.reports" / f"{report_id}.json").read_bytes() == before
