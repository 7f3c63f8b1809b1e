"""Each typed message of the form's links and of the review panel, pressed in the app and read
back from the store."""

import pytest
from textual.message import Message
from textual.message_pump import MessagePump
from textual.widgets import Input

from swgtui.identity import save_identity
from swgtui.model import report as rp
from swgtui.model import review
from swgtui.screens.dialogs import ConfirmDialog, ContactDialog, TextDialog
from swgtui.screens.review_dialogs import NoteDialog
from swgtui.store import ReportStore
from swgtui.widgets.contact_list import ContactList
from swgtui.widgets.links import LinkLine
from swgtui.widgets.review_panel import ReviewPanel

from .conftest import SAMPLE_PARTNERS
from .test_app import click_link, go_to, sample_editor, settle


@pytest.fixture
def messages(monkeypatch) -> list[Message]:
    """The typed messages that the form's links and the review panel post from now on (each
    once, not at each step of its bubbling)."""
    posted: list[Message] = []
    post = MessagePump.post_message

    def record(pump: MessagePump, message: Message) -> bool:
        typed = LinkLine.Request | ReviewPanel.PartStep | ReviewPanel.ThreadStep
        if isinstance(message, typed) and message not in posted:
            posted.append(message)
        return post(pump, message)

    monkeypatch.setattr(MessagePump, "post_message", record)
    return posted


def last(messages: list[Message]) -> type[Message]:
    return type(messages[-1])


def saved(store_path, report_id: str) -> rp.Report:
    """The report as the store has it now (the app keeps the store open: read its file)."""
    with ReportStore(store_path, writable=False) as store:
        return store.get(report_id)


async def wait_for_the_save(pilot) -> None:
    await pilot.pause(0.6)
    await settle(pilot)


def partner_names(report: rp.Report) -> list[str]:
    return [item["name"] for item in rp.find_row(report, "partners")[1]["items"]]


def partner_line(screen, name: str):
    return next(line for line in screen.form.query(".item") if str(line.render()).startswith(f"{name} "))


async def test_the_partner_links_add_rename_move_and_remove_a_partner(store_path, messages):
    async with sample_editor(store_path) as (app, pilot, report_id):
        screen = await go_to(pilot, "partners")
        await click_link(pilot, screen.form.query_one("LinkLine.field-label"), "[+ Add development partner]")
        assert isinstance(app.screen, TextDialog)  # LinkLine.AddPartner
        assert last(messages) is LinkLine.AddPartner
        await pilot.press(*"Korea", "enter")
        await wait_for_the_save(pilot)
        assert partner_names(saved(store_path, report_id)) == [*SAMPLE_PARTNERS, "Korea"]

        await click_link(pilot, partner_line(screen, "Japan"), "[rename]")  # LinkLine.RenamePartner
        assert last(messages) is LinkLine.RenamePartner
        assert isinstance(app.screen, TextDialog)
        app.screen.query_one("#value", Input).value = ""
        await pilot.press(*"Government of Japan", "enter")
        await wait_for_the_save(pilot)
        assert partner_names(saved(store_path, report_id))[1] == "Government of Japan"

        await click_link(pilot, partner_line(screen, "The United States"), "[↓]")  # LinkLine.MovePartner
        assert last(messages) is LinkLine.MovePartner
        await wait_for_the_save(pilot)
        assert partner_names(saved(store_path, report_id))[:2] == ["Government of Japan", "The United States"]

        await click_link(pilot, partner_line(screen, "Korea"), "[remove]")  # LinkLine.RemovePartner
        assert last(messages) is LinkLine.RemovePartner
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await wait_for_the_save(pilot)
        assert "Korea" not in partner_names(saved(store_path, report_id))


async def test_the_tag_and_period_links_change_the_tag_and_the_period(store_path, messages):
    async with sample_editor(store_path) as (app, pilot, report_id):
        screen = await go_to(pilot, "a1")
        before = rp.find_row(saved(store_path, report_id), "a1")[1]["tag"]
        await click_link(pilot, screen.form.query_one(".part-title"), "[change tag]")  # LinkLine.ChangeTag
        assert last(messages) is LinkLine.ChangeTag
        await wait_for_the_save(pilot)
        after = rp.find_row(saved(store_path, report_id), "a1")[1]["tag"]
        assert after and after != before

        screen = await go_to(pilot, rp.HEADER_ID)
        await click_link(pilot, screen.form.query_one(".part-title"), "[change period]")  # LinkLine.ChangePeriod
        assert last(messages) is LinkLine.ChangePeriod
        assert isinstance(app.screen, TextDialog)
        app.screen.query_one("#value", Input).value = ""
        await pilot.press(*"2021/2022", "enter")
        await wait_for_the_save(pilot)
        assert saved(store_path, report_id)["period"] == "2021/2022"


async def test_the_contact_link_and_keys_add_edit_and_remove_a_contact(store_path, messages):
    async with sample_editor(store_path) as (app, pilot, report_id):
        screen = await go_to(pilot, rp.HEADER_ID)
        first_add = screen.form.query("LinkLine.field-label").first()  # the first list: government
        await click_link(pilot, first_add, "[+ add]")  # LinkLine.EditContact, past the list's end
        assert last(messages) is LinkLine.EditContact
        assert isinstance(app.screen, ContactDialog)
        app.screen.query_one("#name", Input).value = "Ms Keo"
        app.screen.query_one("#email", Input).value = "keo@mof.gov.la"
        await pilot.press("enter")
        await wait_for_the_save(pilot)
        contacts = saved(store_path, report_id)["header"]["contacts"]["focal_government"]
        assert [(c["name"], c["email"]) for c in contacts][-1] == ("Ms Keo", "keo@mof.gov.la")

        listed = screen.form.query(ContactList).first()
        listed.focus()
        listed.highlighted = 0
        await pilot.press("enter")  # LinkLine.EditContact on the first contact
        assert last(messages) is LinkLine.EditContact
        assert isinstance(app.screen, ContactDialog)
        app.screen.query_one("#name", Input).value = "Mr Somphone K."
        await pilot.press("enter")
        await wait_for_the_save(pilot)
        contacts = saved(store_path, report_id)["header"]["contacts"]["focal_government"]
        assert [c["name"] for c in contacts] == ["Mr Somphone K.", "Ms Keo"]

        listed = screen.form.query(ContactList).first()
        listed.focus()
        listed.highlighted = 1
        await pilot.press("delete")  # LinkLine.RemoveContact
        assert last(messages) is LinkLine.RemoveContact
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await wait_for_the_save(pilot)
        contacts = saved(store_path, report_id)["header"]["contacts"]["focal_government"]
        assert [c["name"] for c in contacts] == ["Mr Somphone K."]


async def press_review_link(pilot, label: str) -> None:
    await click_link(pilot, pilot.app.screen.form.query_one(ReviewPanel), f"[{label}]")


async def write_note(pilot, text: str) -> None:
    assert isinstance(pilot.app.screen, NoteDialog)
    await pilot.press(*text, "ctrl+s")
    await wait_for_the_save(pilot)


async def test_the_review_links_mark_ready_approve_request_changes_comment_reply_resolve_reopen(store_path, messages):
    save_identity("Ms Vanh", "Ministry of Health", "focal point")
    async with sample_editor(store_path) as (app, pilot, report_id):
        await go_to(pilot, "c2")
        await press_review_link(pilot, "Ready for review")  # ReviewPanel.Ready
        assert last(messages) is ReviewPanel.Ready
        await wait_for_the_save(pilot)
        assert review.part_status(saved(store_path, report_id), "c2") == review.READY

        save_identity("Matthew Lord", "Embassy of Australia", "co-chair")
        pilot.app.screen.form.query_one(ReviewPanel).refresh_status()  # as "Who am I" does: a co-chair's links

        await press_review_link(pilot, "Approve")  # ReviewPanel.Approve
        assert last(messages) is ReviewPanel.Approve
        await wait_for_the_save(pilot)
        assert review.part_status(saved(store_path, report_id), "c2") == review.APPROVED

        await press_review_link(pilot, "Request changes")  # ReviewPanel.RequestChanges
        assert last(messages) is ReviewPanel.RequestChanges
        await write_note(pilot, "Add the 2021 figures")
        report = saved(store_path, report_id)
        assert review.part_status(report, "c2") == review.CHANGES
        assert review.changes_request(report, "c2")["detail"] == "Add the 2021 figures"

        await press_review_link(pilot, "Comment")  # ReviewPanel.Comment
        assert last(messages) is ReviewPanel.Comment
        await write_note(pilot, "Which provinces?")
        (thread,) = review.threads(saved(store_path, report_id), "c2")
        assert (thread["text"], thread["resolved"]) == ("Which provinces?", None)

        await press_review_link(pilot, "Reply")  # ReviewPanel.Reply
        assert last(messages) is ReviewPanel.Reply
        await write_note(pilot, "All of them")
        (thread,) = review.threads(saved(store_path, report_id), "c2")
        assert [reply["text"] for reply in thread["replies"]] == ["All of them"]

        await press_review_link(pilot, "Resolve")  # ReviewPanel.Resolve
        assert last(messages) is ReviewPanel.Resolve
        await wait_for_the_save(pilot)
        (thread,) = review.threads(saved(store_path, report_id), "c2")
        assert thread["resolved"]["by"]["name"] == "Matthew Lord"

        await press_review_link(pilot, "Reopen")  # ReviewPanel.Reopen
        assert last(messages) is ReviewPanel.Reopen
        await wait_for_the_save(pilot)
        (thread,) = review.threads(saved(store_path, report_id), "c2")
        assert not thread["resolved"]
