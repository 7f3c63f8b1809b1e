"""Review packages in the app: `s` on the report list and `f5` in the editor send the report,
`g` on the report list receives a package; the keys are listed with F1."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from swgtui.model import package as pkg
from swgtui.sample import sample_report
from swgtui.screens.dialogs import TextDialog
from swgtui.screens.report_list import ReportListScreen
from swgtui.store import ReportStore
from swgtui.widgets.keys_panel import key_groups
from swgtui.workspace import Workspace

from .test_app import field_area, go_to, notifications, running_app, settle

CARRIES = "every draft and every internal comment"


def written_package(shown: list[tuple[str, str]]) -> Path:
    [(title, message)] = [(t, m) for t, m in shown if t == "Review package written"]
    path = Path(message.splitlines()[0])
    assert CARRIES in message
    return path


async def test_s_on_the_report_list_sends_the_selected_report(store_path, tmp_path, monkeypatch):
    async with running_app(store_path) as (app, pilot, store, report_id):
        shown = notifications(app, monkeypatch)
        await pilot.press("s")
        await settle(pilot)
        path = written_package(shown)
        assert path.parent == tmp_path / "exports" and path.suffix == ".swgpkg"
        package = pkg.parse_package(path.read_bytes())
        assert package.report["id"] == report_id
        assert pkg.checked_report(package)["sections"] == store.get(report_id)["sections"]


async def test_f5_in_the_editor_sends_what_is_on_screen(store_path, monkeypatch):
    async with running_app(store_path, open_it=True) as (app, pilot, store, report_id):
        shown = notifications(app, monkeypatch)
        screen = await go_to(pilot, "c2")
        field_area(screen, 1).focus()
        await pilot.press("ctrl+a", *"Sent at once")  # not yet saved when f5 is pressed
        await pilot.press("f5")
        await settle(pilot)
        package = pkg.parse_package(written_package(shown).read_bytes())
        [row] = [r for s in package.report["sections"] for r in s["rows"] if r["id"] == "c2"]
        assert "Sent at once" in json.dumps(row["fields"])
        texts = [r["text"] for r in package.history if r["part"] == "c2"]
        assert any("Sent at once" in text for text in texts)


async def test_g_on_the_report_list_receives_a_package(store_path, tmp_path, monkeypatch):
    other = ReportStore(tmp_path / "other" / "store.json", holder="tests")
    with Workspace(other) as reports:
        sent = reports.send(reports.add(sample_report()), out=tmp_path / "for-review.swgpkg")
    async with running_app(store_path, report="Health Sector Working Group") as (app, pilot, store, report_id):
        shown = notifications(app, monkeypatch)
        before = (store.path.read_bytes(), sorted(p.name for p in store.reports_dir.iterdir()))
        await pilot.press("g")  # a file that is not a package: refused, nothing stored
        await pilot.pause()
        assert isinstance(app.screen, TextDialog)
        await pilot.press(*str(tmp_path / "other" / "store.json"), "enter")
        await settle(pilot)
        assert shown[-1][0] == "Not received"
        assert "is not a review package" in shown[-1][1]
        assert (store.path.read_bytes(), sorted(p.name for p in store.reports_dir.iterdir())) == before

        await pilot.press("g")
        await pilot.pause()
        await pilot.press(*str(sent.path), "enter")
        await settle(pilot)
        title, message = shown[-1]
        assert title == "Received"
        assert "idswg-2020-2021 (Illicit Drug Sector Working Group 2020/2021) was not in this store" in message
        assert sorted(s["id"] for s in store.list_reports()) == sorted([report_id, "idswg-2020-2021"])
        screen = app.screen
        assert isinstance(screen, ReportListScreen) and screen.selected_id() == "idswg-2020-2021"

        await pilot.press("ctrl+p")  # the palette takes the receive back
        await pilot.pause()
        await pilot.press(*"last receive back")
        for _ in range(40):  # the hits arrive from the providers a moment later
            await pilot.pause(0.05)
            if app.screen.query("CommandList") and app.screen.query_one("CommandList").option_count:
                break
        await pilot.press("enter")
        await settle(pilot)
        title, message = shown[-1]
        assert title == "Receive taken back"
        named = "idswg-2020-2021 (Illicit Drug Sector Working Group 2020/2021)"
        assert message.endswith(f"report {named}, which it added, is removed")
        assert [s["id"] for s in store.list_reports()] == [report_id]


async def test_f1_lists_the_send_and_receive_keys(store_path):
    async with running_app(store_path, open_it=False) as (app, pilot, _, _):
        await pilot.press("f1")
        await pilot.pause()
        keys = {key: what for key, what, _ in key_groups(app.screen)[0][1]}
        assert keys["s"] == "Send for review: write a review package"
        assert keys["g"].startswith("Receive a review package")
        await pilot.press("f1", "enter")
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()
        keys = {key: what for key, what, _ in key_groups(app.screen)[0][1]}
        assert keys["f5"] == "Send for review: write a review package of the report"


async def test_every_failure_to_receive_is_said_in_one_line(store_path, tmp_path, monkeypatch):
    surrogate = tmp_path / "surrogate.swgpkg"
    other = ReportStore(tmp_path / "other" / "store.json", holder="tests")
    with Workspace(other) as reports:
        sent = reports.send(reports.add(sample_report()), out=tmp_path / "for-review.swgpkg")
    text = gzip.decompress(sent.path.read_bytes()).decode().replace('"sent_at"', '"x":"\\ud800","sent_at"', 1)
    surrogate.write_bytes(gzip.compress(text.encode()))
    async with running_app(store_path) as (app, pilot, store, report_id):
        shown = notifications(app, monkeypatch)
        await pilot.press("g")
        await pilot.pause()
        await pilot.press(*str(surrogate), "enter")
        await settle(pilot)
        assert shown[-1][0] == "Not received"
        assert "not valid Unicode (a lone surrogate)" in shown[-1][1]

        def broken(*args: object, **kwargs: object) -> None:
            raise RuntimeError("something nobody foresaw\nsecond line")

        monkeypatch.setattr(Workspace, "receive", broken)
        await pilot.press("g")
        await pilot.pause()
        await pilot.press(*str(sent.path), "enter")
        await settle(pilot)
        assert shown[-1] == (
            "Not received",
            f"{sent.path} could not be received: RuntimeError: something nobody foresaw",
        )
        assert [s["id"] for s in store.list_reports()] == [report_id]
