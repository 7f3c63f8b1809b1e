"""Clickable links inside a line of text: lighter than a row of buttons, one widget per line."""

from __future__ import annotations

from typing import Any

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static

from swgtui.i18n import N_


def link(label: str, action: str) -> Text:
    """`label`, running `action` on the widget that shows it when clicked."""
    return Text(label, style=Style(bold=True) + Style.on(click=action))


class LinkLine(Static):
    """Text whose links ask for a change (one message per change); the form or the screen does it.

    A link runs one of the actions below, e.g. `link("[rename]", f"rename_partner({id!r})")`."""

    class Request(Message):
        """Any change asked for by a link (a read-only form refuses them all)."""

    class ChangeTag(Request):
        """Give the part's row its next tag."""

    class ChangePeriod(Request):
        """Change the report's reporting period."""

    class EditContact(Request):
        """Edit the contact at `index` of the contact list `list_id` (an index outside it adds one)."""

        def __init__(self, list_id: str, index: int) -> None:
            super().__init__()
            self.list_id = list_id
            self.index = index

    class RemoveContact(Request):
        """Remove the contact at `index` of the contact list `list_id`."""

        def __init__(self, list_id: str, index: int) -> None:
            super().__init__()
            self.list_id = list_id
            self.index = index

    class AddPartner(Request):
        """Add a partner to the part's row (its name is asked first)."""

    class PartnerRequest(Request):
        """A change to one partner of the part's row."""

        def __init__(self, entry_id: str) -> None:
            super().__init__()
            self.entry_id = entry_id

    class RenamePartner(PartnerRequest):
        """Rename the partner."""

    class RemovePartner(PartnerRequest):
        """Remove the partner and its narrative (asks first)."""

    class MovePartner(PartnerRequest):
        """Move the partner `offset` places up (negative) or down."""

        def __init__(self, entry_id: str, offset: int) -> None:
            super().__init__(entry_id)
            self.offset = offset

    def action_change_tag(self) -> None:
        self.post_message(self.ChangeTag())

    def action_change_period(self) -> None:
        self.post_message(self.ChangePeriod())

    def action_edit_contact(self, list_id: str, index: int) -> None:
        self.post_message(self.EditContact(list_id, index))

    def action_add_partner(self) -> None:
        self.post_message(self.AddPartner())

    def action_rename_partner(self, entry_id: str) -> None:
        self.post_message(self.RenamePartner(entry_id))

    def action_move_partner(self, entry_id: str, offset: int) -> None:
        self.post_message(self.MovePartner(entry_id, offset))

    def action_remove_partner(self, entry_id: str) -> None:
        self.post_message(self.RemovePartner(entry_id))


class EntryLine(LinkLine, can_focus=True):
    """A partner's line: its links, and the same by key when the line has the focus (tab to it).

    Its keys are ones a typist does not press by accident; any printable key goes on as `Typed`,
    for the partner's narrative, so nothing typed here is lost."""

    BINDINGS = [
        Binding("f2", "rename", N_("Rename"), tooltip=N_("Rename this partner")),
        Binding("shift+up", "move(-1)", N_("Up"), tooltip=N_("Move this partner up")),
        Binding("shift+down", "move(1)", N_("Down"), tooltip=N_("Move this partner down")),
        Binding("delete", "remove", N_("Remove"), tooltip=N_("Remove this partner and its narrative (asks first)")),
    ]

    class Typed(Message):
        """A printable key pressed on a partner's line, for its narrative to take."""

        def __init__(self, entry_id: str, character: str) -> None:
            super().__init__()
            self.entry_id = entry_id
            self.character = character

    def __init__(self, content: Text, entry_id: str, **kwargs: Any) -> None:
        super().__init__(content, **kwargs)
        self.entry_id = entry_id

    def on_key(self, event: events.Key) -> None:
        if event.is_printable and event.character:
            event.stop()
            event.prevent_default()
            self.post_message(self.Typed(self.entry_id, event.character))

    def action_rename(self) -> None:
        self.action_rename_partner(self.entry_id)

    def action_move(self, offset: int) -> None:
        self.action_move_partner(self.entry_id, offset)

    def action_remove(self) -> None:
        self.action_remove_partner(self.entry_id)
