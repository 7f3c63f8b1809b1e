"""One contact list of the header block as a table: organisation, name, e-mail and its check.

Enter (or a click) edits the contact under the cursor, delete removes it, ctrl+n adds one.
The table only asks (`LinkLine.Request`); the editor screen opens the dialog and applies it.
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable

from swgtui import report as rp
from swgtui.widgets.links import LinkLine


def email_check(email: str) -> Text:
    if not email.strip():
        return Text("no e-mail", style="yellow")
    if rp.email_is_valid(email):
        return Text("✓ valid", style="green")
    return Text("✗ invalid", style="red")


def email_cell(email: str) -> Text:
    """The e-mail behind a one-character check: ✓ valid, ✗ invalid, – none."""
    if not email.strip():
        return Text("–", style="yellow")
    if rp.email_is_valid(email):
        return Text("✓ ", style="green") + Text(email)
    return Text("✗ ", style="bold red") + Text(email)


COLUMNS = (("Organisation", 16), ("Name", 18), ("E-mail", 26))  # fits the form at 120 columns


class ContactTable(DataTable[Text]):
    BINDINGS = [
        Binding("delete", "remove", "Remove", tooltip="Remove this contact (asks first)"),
    ]

    def __init__(self, list_id: str, contacts: list[dict[str, str]]) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, classes="contacts", name=list_id)
        self.list_id = list_id
        self.contacts = contacts

    def on_mount(self) -> None:
        for label, width in COLUMNS:
            self.add_column(label, width=width)
        for contact in self.contacts:
            organisation, name = contact.get("organisation", ""), contact.get("name", "")
            self.add_row(Text(organisation), Text(name), email_cell(contact.get("email", "")))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.post_message(LinkLine.Request("edit_contact", self.list_id, event.cursor_row))

    def action_remove(self) -> None:
        if self.contacts:
            self.post_message(LinkLine.Request("remove_contact", self.list_id, self.cursor_row))
