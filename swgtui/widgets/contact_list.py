"""One contact list of the header block: organisation, name, and e-mail with its check.

Enter (or a click) edits the contact under the cursor, delete removes it, ctrl+n adds one.
The list only asks (`LinkLine.EditContact`, `LinkLine.RemoveContact`); the editor screen opens
the dialog and applies it.
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from swgtui.i18n import N_, _
from swgtui.model import report as rp
from swgtui.model.types import Contact
from swgtui.widgets.columns import columns_line
from swgtui.widgets.links import LinkLine

COLUMNS = (N_("Organisation"), N_("Name"), N_("E-mail"))  # translated where shown
WIDTHS = [17, 18, 24]  # fits the form at 120 columns (longer text ends in …)
AROUND = 13  # cells of a form's width around the columns: paddings, scrollbars, border, gaps


def contact_widths(form_width: int) -> list[int]:
    """The columns' widths in a form this wide: WIDTHS, or as much of them as fits (e.g. 80×24)."""
    if form_width - AROUND >= sum(WIDTHS):
        return WIDTHS
    cells = form_width - AROUND - 3  # narrower: a cell or two to spare, so a contact never wraps
    organisation, name = (max(6, cells * width // sum(WIDTHS)) for width in WIDTHS[:2])
    return [organisation, name, max(8, cells - organisation - name)]


def email_state(email: str) -> tuple[str, str, str]:
    """The check of an e-mail: its mark, its word and its colour."""
    if not email.strip():
        return "–", _("no e-mail"), "yellow"
    if rp.email_is_valid(email):
        return "✓", _("valid"), "green"
    return "✗", _("invalid"), "red"


def email_check(email: str) -> Text:
    mark, word, colour = email_state(email)
    return Text(word if mark == "–" else f"{mark} {word}", style=colour)


def email_cell(email: str) -> Text:
    """The e-mail behind a one-character check: ✓ valid, ✗ invalid, – none."""
    mark, _word, colour = email_state(email)
    return Text(mark, style=colour) if mark == "–" else Text(f"{mark} ", style=colour) + Text(email)


def contact_line(contact: Contact, widths: list[int] = WIDTHS) -> Text:
    cells = (contact.get("organisation", ""), contact.get("name", ""), email_cell(contact.get("email", "")))
    return columns_line(cells, widths)


def header_line(widths: list[int] = WIDTHS) -> Text:
    return columns_line(tuple(_(column) for column in COLUMNS), widths, style="bold dim")


class ContactList(OptionList):
    BINDINGS = [
        Binding("delete", "remove", N_("Remove"), tooltip=N_("Remove this contact (asks first)")),
    ]

    def __init__(self, list_id: str, contacts: list[Contact], widths: list[int] = WIDTHS) -> None:
        super().__init__(*[Option(contact_line(contact, widths)) for contact in contacts], classes="contacts")
        self.list_id = list_id

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(LinkLine.EditContact(self.list_id, event.option_index))

    def action_remove(self) -> None:
        if self.highlighted is not None:
            self.post_message(LinkLine.RemoveContact(self.list_id, self.highlighted))
