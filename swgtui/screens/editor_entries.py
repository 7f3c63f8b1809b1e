"""The editor's dialogs for the entries of a part, mixed into EditorScreen: the header
block's contacts (add, edit, remove) and a row's partners (add, rename, remove).

The form asks with `LinkLine.Request`; the dialogs run here, and each change goes through the
screen's `_after_row_change` (save, then redraw the outline and the form).
"""

from __future__ import annotations

from swgtui.model import report as rp
from swgtui.screens.dialogs import ConfirmDialog, ContactDialog, TextDialog
from swgtui.widgets.links import LinkLine


class EntryDialogs:
    def on_link_line_request(self, event: LinkLine.Request) -> None:
        """What the form cannot do alone: the tag, and what needs a dialog (contacts, partners)."""
        event.stop()
        if event.kind == "change_tag":
            self.action_change_tag()
        elif event.kind == "change_period":
            self.action_change_period()
        elif event.kind == "edit_contact":
            self.edit_contact(event.target, event.number)
        elif event.kind == "remove_contact":
            self.remove_contact(event.target, event.number)
        elif event.kind == "add_item":
            self.add_item()
        elif event.kind == "rename_item":
            self.rename_item(event.target)
        elif event.kind == "remove_item":
            self.remove_item(event.target)

    def _contact_list(self, list_id: str) -> tuple[str, list[dict[str, str]]]:
        label = next(c.label for c in self.template.contact_lists if c.id == list_id)
        return label, self.report["header"]["contacts"].setdefault(list_id, [])

    def edit_contact(self, list_id: str, index: int) -> None:
        """Edit a contact in a dialog; an index outside the list adds one."""
        label, contacts = self._contact_list(list_id)
        adding = not 0 <= index < len(contacts)
        current = {} if adding else dict(contacts[index])

        def apply(values: dict[str, str] | None) -> None:
            if values is None or (adding and not any(value.strip() for value in values.values())):
                return
            position = index
            if adding:
                position = contacts.index(rp.add_contact(self.template, self.report, list_id, **values))
            else:
                for key, value in values.items():
                    rp.update_contact(self.template, self.report, list_id, contacts[index]["id"], key, value)
            self._focus_after = lambda form: form.focus_contact(list_id, position)
            self._after_row_change(rp.HEADER_ID)

        title = f"{'Add a contact to' if adding else 'Edit a contact of'} {label}"
        self.app.push_screen(ContactDialog(title, current), apply)

    def remove_contact(self, list_id: str, index: int) -> None:
        label, contacts = self._contact_list(list_id)
        if not 0 <= index < len(contacts):
            return
        who = contacts[index].get("name") or contacts[index].get("organisation") or "this contact"

        def remove(confirmed: bool | None) -> None:
            if confirmed:
                rp.remove_contact(self.template, self.report, list_id, contacts[index]["id"])
                self._focus_after = lambda form: form.focus_contact(list_id, max(0, index - 1))
                self._after_row_change(rp.HEADER_ID)

        self.app.push_screen(ConfirmDialog(f"Remove {who} from {label}?", "Remove"), remove)

    def _item(self, item_id: str) -> dict[str, str] | None:
        _, row = rp.find_row(self.report, self.part_id)
        return next((item for item in row["items"] if item["id"] == item_id), None)

    def add_item(self) -> None:
        """Ask for the partner's name first (an empty name is refused), then add it and put the
        cursor in its narrative, ready to type."""
        _, row = rp.find_row(self.report, self.part_id)
        label = rp.row_kind(self.template, row).item_label

        def add(answer: tuple[str, str] | None) -> None:
            if answer:
                item = rp.add_item(self.template, self.report, self.part_id, answer[0])
                self._focus_after = lambda form: form.focus_field(item["id"])
                self._after_row_change(self.part_id)

        self.app.push_screen(TextDialog(f"Add a {label.lower()}", "Name"), add)

    def rename_item(self, item_id: str) -> None:
        item = self._item(item_id)
        if item is None:
            return

        def rename(answer: tuple[str, str] | None) -> None:
            if answer and rp.rename_item(self.template, self.report, self.part_id, item_id, answer[0]):
                self._focus_after = lambda form: form.focus_entry(item_id)
                self._after_row_change(self.part_id)

        self.app.push_screen(TextDialog(f"Rename {item['name']}", "Name", value=item["name"]), rename)

    def remove_item(self, item_id: str) -> None:
        item = self._item(item_id)
        if item is None:
            return

        _, row = rp.find_row(self.report, self.part_id)
        others = [other["id"] for other in row["items"]]
        position = others.index(item_id)
        others.remove(item_id)

        def remove(confirmed: bool | None) -> None:
            if confirmed:
                rp.remove_item(self.template, self.report, self.part_id, item_id)
                if others:  # the focus goes to the partner before (else after) the removed one
                    neighbour = others[max(0, position - 1)]
                    self._focus_after = lambda form: form.focus_entry(neighbour)
                self._after_row_change(self.part_id)

        self.app.push_screen(ConfirmDialog(f"Remove {item['name']} and its narrative?", "Remove"), remove)
