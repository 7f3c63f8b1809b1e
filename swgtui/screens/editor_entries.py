"""The editor's dialogs for the entries of a part, mixed into EditorScreen: the header
block's contacts (add, edit, remove) and a row's partners (add, rename, remove).

The form asks with `LinkLine` messages (`LinkLine.AddPartner` …); the dialogs run here, each
change is made through the session, then the screen's `after_change` saves and redraws.
"""

from __future__ import annotations

from swgtui.i18n import _
from swgtui.model import report as rp
from swgtui.model.types import Contact, Partner
from swgtui.screens.dialogs import ConfirmDialog, ContactDialog, TextDialog
from swgtui.screens.editor_base import EditorBase
from swgtui.widgets.links import LinkLine


class EntryDialogs(EditorBase):
    # what the form cannot do alone: the tag, the period, and what needs a dialog

    def on_link_line_change_tag(self, event: LinkLine.ChangeTag) -> None:
        event.stop()
        self.action_change_tag()

    def on_link_line_change_period(self, event: LinkLine.ChangePeriod) -> None:
        event.stop()
        self.action_change_period()

    def on_link_line_edit_contact(self, event: LinkLine.EditContact) -> None:
        event.stop()
        self.edit_contact(event.list_id, event.index)

    def on_link_line_remove_contact(self, event: LinkLine.RemoveContact) -> None:
        event.stop()
        self.remove_contact(event.list_id, event.index)

    def on_link_line_add_partner(self, event: LinkLine.AddPartner) -> None:
        event.stop()
        self.add_item()

    def on_link_line_rename_partner(self, event: LinkLine.RenamePartner) -> None:
        event.stop()
        self.rename_item(event.entry_id)

    def on_link_line_remove_partner(self, event: LinkLine.RemovePartner) -> None:
        event.stop()
        self.remove_item(event.entry_id)

    def _contact_list(self, list_id: str) -> tuple[str, list[Contact]]:
        label = next(c.label for c in self.template.contact_lists if c.id == list_id)
        return label, self.session.contacts(list_id)

    def edit_contact(self, list_id: str, index: int) -> None:
        """Edit a contact in a dialog; an index outside the list adds one."""
        label, contacts = self._contact_list(list_id)
        adding = not 0 <= index < len(contacts)
        current = {} if adding else {key: str(value) for key, value in contacts[index].items()}

        def apply(values: dict[str, str] | None) -> None:
            if values is None or (adding and not any(value.strip() for value in values.values())):
                return
            position = index
            if adding:
                position = contacts.index(self.session.add_contact(list_id, **values))
            else:
                for key, value in values.items():
                    self.session.update_contact(list_id, position, key, value)
            self.focus_after = lambda form: form.focus_contact(list_id, position)
            self.after_change(rp.HEADER_ID)

        title = (_("Add a contact to {list}") if adding else _("Edit a contact of {list}")).format(list=label)
        self.app.push_screen(ContactDialog(title, current), apply)

    def remove_contact(self, list_id: str, index: int) -> None:
        label, contacts = self._contact_list(list_id)
        if not 0 <= index < len(contacts):
            return
        who = contacts[index].get("name") or contacts[index].get("organisation") or _("this contact")

        def remove(confirmed: bool | None) -> None:
            if confirmed:
                self.session.remove_contact(list_id, index)
                self.focus_after = lambda form: form.focus_contact(list_id, max(0, index - 1))
                self.after_change(rp.HEADER_ID)

        question = _("Remove {who} from {list}?").format(who=who, list=label)
        self.app.push_screen(ConfirmDialog(question, _("Remove")), remove)

    def _item(self, item_id: str) -> Partner | None:
        row = rp.find_row(self.report, self.part_id)[1]
        return next((item for item in row["items"] if item["id"] == item_id), None)

    def add_item(self) -> None:
        """Ask for the partner's name first (an empty name is refused), then add it and put the
        cursor in its narrative, ready to type."""
        row = rp.find_row(self.report, self.part_id)[1]
        label = rp.row_kind(self.template, row).item_label

        def add(answer: tuple[str, str] | None) -> None:
            if answer:
                item = self.session.add_partner(self.part_id, answer[0])
                self.focus_after = lambda form: form.focus_field(item["id"])
                self.after_change(self.part_id)

        self.app.push_screen(TextDialog(_("Add a {item}").format(item=label.lower()), _("Name")), add)

    def rename_item(self, item_id: str) -> None:
        item = self._item(item_id)
        if item is None:
            return

        def rename(answer: tuple[str, str] | None) -> None:
            if answer and self.session.rename_partner(self.part_id, item_id, answer[0]):
                self.focus_after = lambda form: form.focus_entry(item_id)
                self.after_change(self.part_id)

        title = _("Rename {name}").format(name=item["name"])
        self.app.push_screen(TextDialog(title, _("Name"), value=item["name"]), rename)

    def remove_item(self, item_id: str) -> None:
        item = self._item(item_id)
        if item is None:
            return

        row = rp.find_row(self.report, self.part_id)[1]
        others = [other["id"] for other in row["items"]]
        position = others.index(item_id)
        others.remove(item_id)

        def remove(confirmed: bool | None) -> None:
            if confirmed:
                self.session.remove_partner(self.part_id, item_id)
                if others:  # the focus goes to the partner before (else after) the removed one
                    neighbour = others[max(0, position - 1)]
                    self.focus_after = lambda form: form.focus_entry(neighbour)
                self.after_change(self.part_id)

        question = _("Remove {name} and its narrative?").format(name=item["name"])
        self.app.push_screen(ConfirmDialog(question, _("Remove")), remove)
