"""The form for one part of a report: the header block or a row.

One labelled multi-line field per template field, with the template's guidance as placeholder;
contacts (organisation, name, e-mail with a check) and partner narratives with add, remove and
reorder. Each edit is applied to the report at once and announced with `PartForm.Changed`;
the screen saves it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Collapsible, Input, Label, Select, Static, TextArea

from swgtui import report as rp
from swgtui.rollover import reference_text
from swgtui.template import FieldSpec, Template
from swgtui.widgets.review_panel import ReviewPanel


def wrapped_lines(text: str, width: int) -> int:
    """How many lines `text` takes when word-wrapped at `width` cells (as a TextArea wraps it)."""
    total = 0
    for line in text.split("\n"):
        lines, used = 1, 0
        for word in line.split(" "):
            size = cell_len(word)
            if used and used + 1 + size > width:
                lines, used = lines + 1, 0
            used = size if not used else used + 1 + size
            while used > width:  # a word longer than the line is broken
                lines, used = lines + 1, used - width
        total += lines
    return total


class FieldArea(TextArea):
    """A text field as tall as its wrapped text (up to MAX_LINES).

    The height is estimated before the first layout (from the width the last field had), so
    the form is laid out once; it is measured again after each resize or edit.
    """

    MAX_LINES = 20
    GUTTER = 2  # the tall border above and below the text
    text_width = 0  # the wrap width fields had last time (the same for every field of a form)

    def estimate_height(self, form_width: int) -> None:
        width = FieldArea.text_width or max(10, form_width - 9)
        lines = max(1, min(wrapped_lines(self.text, width - 1), self.MAX_LINES))  # room for the cursor
        self.styles.height = lines + self.GUTTER

    def _fit(self) -> None:
        if self.wrap_width > 0 and self.wrapped_document.height < self.MAX_LINES:  # no scrollbar inside
            FieldArea.text_width = self.wrap_width
        lines = max(1, min(self.wrapped_document.height, self.MAX_LINES))
        height = lines + self.styles.gutter.height
        if self.styles.height is None or self.styles.height.value != height:
            self.styles.height = height

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit)

    def on_text_area_changed(self) -> None:
        self.call_after_refresh(self._fit)


class PartForm(VerticalScroll):
    """Shows one part; `show` rebuilds it for another part."""

    can_focus = False  # Tab goes straight from the outline to the first field

    class Changed(Message):
        """The report changed; `structural` when the form must be rebuilt (added/removed items)."""

        def __init__(self, part_id: str, structural: bool = False) -> None:
            super().__init__()
            self.part_id = part_id
            self.structural = structural

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.template: Template | None = None
        self.report: rp.Report | None = None
        self.part_id = ""
        self._field_handlers: dict[str, Callable[[Any], bool]] = {}
        self._field_ids: dict[str, str] = {}  # text area id -> the field (or item) id it edits
        self._entered: set[str] = set()  # text areas focused since the part was shown
        self._widget_count = 0

    # --- building ----------------------------------------------------------------------------

    def _new_id(self) -> str:
        self._widget_count += 1
        return f"w{self._widget_count}"

    def _bind(self, widget: Widget, handler: Callable[[Any], bool]) -> Widget:
        self._field_handlers[widget.id or ""] = handler
        return widget

    async def show(self, template: Template, report: rp.Report, part_id: str) -> None:
        self.template, self.report, self.part_id = template, report, part_id
        self._field_handlers.clear()
        self._field_ids.clear()
        await self.remove_children()
        widgets = self._header_widgets() if part_id == rp.HEADER_ID else self._row_widgets()
        widgets.append(ReviewPanel(report, part_id))
        await self.mount_all(widgets)
        self._entered.clear()
        self.scroll_home(animate=False)

    def _reference(self, field: str) -> list[Widget]:
        """Last period's text for this field, read-only, when the report was rolled over."""
        assert self.report
        period, text = reference_text(self.report, self.part_id, field)
        if not text:
            return []
        body = Static(Text(text, style="italic"), classes="reference-text")
        return [Collapsible(body, title=f"Last period ({period})", collapsed=False, classes="reference")]

    def _text_area(
        self, text: str, guidance: str, handler: Callable[[str], bool], classes: str = "", field: str = ""
    ) -> TextArea:
        area = FieldArea(text, placeholder=guidance, soft_wrap=True, id=self._new_id(), classes=f"field {classes}")
        if field:
            self._field_ids[area.id or ""] = field
        area.show_line_numbers = False
        area.estimate_height(self.size.width)
        return self._bind(area, handler)  # type: ignore[return-value]

    def _field_label(self, spec: FieldSpec, in_table: bool = True) -> Label:
        note = "" if spec.required else "  (optional)"
        column = f"  column {spec.column}" if in_table else ""
        return Label(Text(spec.label, style="bold") + Text(f"{column}{note}", style="dim"), classes="field-label")

    def _header_widgets(self) -> list[Widget]:
        assert self.template and self.report
        template, report = self.template, self.report
        widgets: list[Widget] = [Static(Text(template.header_title, style="bold"), classes="part-title")]
        for spec in template.header_fields:
            widgets.append(self._field_label(spec, in_table=False))
            widgets.append(
                self._text_area(
                    report["header"]["fields"].get(spec.id, ""),
                    spec.guidance,
                    lambda text, f=spec.id: rp.set_field(template, report, rp.HEADER_ID, f, text),
                    field=spec.id,
                )
            )
        for spec in template.contact_lists:
            title = spec.label if spec.heading.rstrip(":") == spec.label else f"{spec.heading} {spec.label}"
            suffix = "" if spec.required else "  (optional)"
            widgets.append(Label(Text(title, style="bold") + Text(suffix, style="dim"), classes="field-label"))
            if spec.guidance:
                widgets.append(Static(Text(spec.guidance, style="dim")))
            for index, contact in enumerate(report["header"]["contacts"].get(spec.id, [])):
                widgets.append(self._contact_row(spec.id, index, contact))
            add = Button(Text(f"+ Add a contact ({spec.label})"), id=self._new_id(), classes="add")
            widgets.append(self._bind(add, lambda _, lid=spec.id: self._add_contact(lid)))
        return widgets

    def _contact_row(self, list_id: str, index: int, contact: dict[str, str]) -> Horizontal:
        assert self.template and self.report
        template, report = self.template, self.report
        inputs: list[Widget] = []
        check = Static(self._email_check(contact.get("email", "")), classes="email-check")
        for key, hint in (("organisation", "Organisation"), ("name", "Name"), ("email", "E-mail")):

            def update(value: str, key: str = key) -> bool:
                changed = rp.update_contact(template, report, list_id, index, key, value)
                if key == "email":
                    check.update(self._email_check(value))
                return changed

            inputs.append(
                self._bind(
                    Input(contact.get(key, ""), placeholder=hint, compact=True, id=self._new_id(), classes=key), update
                )
            )
        remove = Button("✕", id=self._new_id(), classes="remove", compact=True, tooltip="Remove this contact")
        self._bind(remove, lambda _: self._remove_contact(list_id, index))
        return Horizontal(*inputs, check, remove, name=list_id, classes="contact")

    @staticmethod
    def _email_check(email: str) -> Text:
        if not email.strip():
            return Text("no e-mail", style="yellow")
        if rp.email_is_valid(email):
            return Text("✓ valid", style="green")
        return Text("✗ invalid", style="red")

    def _row_widgets(self) -> list[Widget]:
        assert self.template and self.report
        template, report = self.template, self.report
        section, row = rp.find_row(report, self.part_id)
        kind = rp.row_kind(template, row)
        spec = template.section(section["id"])
        fixed = rp.is_fixed_row(template, section, row)
        widgets: list[Widget] = [
            Static(self._row_title(row), classes="part-title"),
            Static(Text(f"{spec.short_title if spec else section['id']} · {kind.label} · id {row['id']}", style="dim")),
        ]
        if kind.tags and not fixed:
            options = [(tag, tag) for tag in kind.tags]
            value = row["tag"] if row["tag"] in kind.tags else Select.BLANK
            tag = Select(options, value=value, prompt="No tag", id=self._new_id(), classes="tag")
            widgets.append(Label(Text("Tag", style="bold"), classes="field-label"))
            widgets.append(self._bind(tag, lambda value: self._retag(value, widgets[0])))
        no_update = Checkbox("No update this period", row.get("no_update", False), id=self._new_id())
        widgets.append(self._bind(no_update, lambda value: self._set_no_update(value)))
        if not fixed:
            widgets.append(Label(Text("Title", style="bold") + Text("  column 1", style="dim"), classes="field-label"))
            widgets.append(
                self._text_area(
                    row["title"],
                    kind.title_guidance,
                    lambda text: rp.rename_row(template, report, row["id"], text),
                    classes="title",
                )
            )
        for field in kind.fields:
            widgets.append(self._field_label(field))
            widgets.append(
                self._text_area(
                    row["fields"].get(field.id, ""),
                    field.guidance,
                    lambda text, f=field.id: rp.set_field(template, report, row["id"], f, text),
                    field=field.id,
                )
            )
            widgets.extend(self._reference(field.id))
        if kind.has_items:
            widgets.append(Label(Text(f"{kind.item_label} narratives", style="bold"), classes="field-label"))
            for item in row["items"]:
                widgets.extend(self._item_widgets(row["id"], item, kind.item_guidance))
            add = Button(Text(f"+ Add {kind.item_label.lower()}"), id=self._new_id(), classes="add")
            widgets.append(self._bind(add, lambda _: self._add_item()))
        return widgets

    def _item_widgets(self, row_id: str, item: dict[str, str], guidance: str) -> list[Widget]:
        assert self.template and self.report
        template, report = self.template, self.report

        def rename(value: str) -> bool:
            if not value.strip():
                return False  # keep the old name until a new one is typed
            return rp.rename_item(template, report, row_id, item["id"], value)

        name = self._bind(
            Input(item["name"], placeholder="Name", compact=True, id=self._new_id(), classes="item-name"), rename
        )
        buttons = []
        for label, tip, action in (
            ("↑", "Move up", lambda _: self._move_item(item["id"], -1)),
            ("↓", "Move down", lambda _: self._move_item(item["id"], 1)),
            ("✕", "Remove", lambda _: self._remove_item(item["id"], item["name"])),
        ):
            buttons.append(
                self._bind(Button(label, id=self._new_id(), classes="small", compact=True, tooltip=tip), action)
            )
        text = self._text_area(
            item["text"],
            guidance,
            lambda value: rp.set_field(template, report, row_id, item["id"], value),
            field=item["id"],
        )
        return [Horizontal(name, *buttons, classes="item"), text, *self._reference(item["id"])]

    # --- actions -----------------------------------------------------------------------------

    def _retag(self, value: Any, title: Widget) -> bool:
        assert self.template and self.report
        tag = "" if value is Select.BLANK else str(value)
        _, row = rp.find_row(self.report, self.part_id)
        if row["tag"] == tag:
            return False
        rp.retag_row(self.template, self.report, self.part_id, tag)
        if isinstance(title, Static):
            title.update(self._row_title(row))
        return True

    @staticmethod
    def _row_title(row: rp.Row) -> Text:
        title = Text(row["title"].split("\n")[0] or "(untitled row)", style="bold")
        if row.get("tag"):
            title += Text(f" ({row['tag']})", style="italic")
        return title

    def add_entry(self) -> None:
        """Add a contact (to the list being edited) in the header, or a partner in its row."""
        assert self.template and self.report
        if self.part_id != rp.HEADER_ID:
            self._add_item()
            return
        focused = self.screen.focused
        list_id = self.template.contact_lists[0].id
        for contact_row in self.query(".contact"):
            if focused is not None and focused in contact_row.query("Input"):
                list_id = str(contact_row.name)
        self._add_contact(list_id)

    def _set_no_update(self, value: bool) -> bool:
        assert self.report
        rp.set_no_update(self.report, self.part_id, value)
        return True

    def _add_contact(self, list_id: str) -> bool:
        assert self.template and self.report
        rp.add_contact(self.template, self.report, list_id)
        self._structural_change()
        return False

    def _remove_contact(self, list_id: str, index: int) -> bool:
        assert self.template and self.report
        rp.remove_contact(self.template, self.report, list_id, index)
        self._structural_change()
        return False

    def _add_item(self) -> bool:
        assert self.template and self.report
        rp.add_item(self.template, self.report, self.part_id, "New partner")
        self._structural_change()
        return False

    def _move_item(self, item_id: str, offset: int) -> bool:
        assert self.template and self.report
        if rp.move_item(self.template, self.report, self.part_id, item_id, offset):
            self._structural_change()
        return False

    def _remove_item(self, item_id: str, name: str) -> bool:
        from swgtui.screens.dialogs import ConfirmDialog

        def remove(confirmed: bool | None) -> None:
            if confirmed and self.template and self.report:
                rp.remove_item(self.template, self.report, self.part_id, item_id)
                self._structural_change()

        self.app.push_screen(ConfirmDialog(f"Remove {name} and its narrative?", "Remove"), remove)
        return False

    def _structural_change(self) -> None:
        self.post_message(self.Changed(self.part_id, structural=True))

    # --- events ------------------------------------------------------------------------------

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Fields open showing their beginning; the first time one is entered, go on writing at its end."""
        area = event.widget
        if isinstance(area, TextArea) and area.id not in self._entered:
            self._entered.add(area.id or "")
            area.move_cursor(area.document.end)

    def _apply(self, widget: Widget, value: Any) -> None:
        handler = self._field_handlers.get(widget.id or "")
        if handler is None:
            return
        try:
            changed = handler(value)
        except rp.ReportError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        if changed:
            self.post_message(self.Changed(self.part_id))

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self._apply(event.text_area, event.text_area.text)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._apply(event.input, event.value)

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self._apply(event.select, event.value)

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        self._apply(event.checkbox, event.value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self._apply(event.button, None)

    def focus_first_field(self) -> None:
        """Focus the first text field after the title (where a new row's writing starts)."""
        for area in self.query("TextArea.field").results(TextArea):
            if not area.has_class("title"):
                area.focus()
                return

    def make_read_only(self) -> None:
        """Show the part without letting anything change (the store is open read-only)."""
        for area in self.query(TextArea).results(TextArea):
            area.read_only = True
        for widget in self.query("Input, Button, Checkbox, Select"):
            widget.disabled = True

    def focused_field(self) -> tuple[str, str]:
        """The field being edited (if any) and the passage selected in it, for a comment."""
        focused = self.screen.focused
        if not isinstance(focused, TextArea) or focused.id not in self._field_handlers:
            return "", ""
        field = self._field_ids.get(focused.id or "", "")
        return field, focused.selected_text.strip() if field else ""

    def focus_title(self) -> bool:
        """Focus the row's title field, if it has one."""
        for area in self.query("TextArea.title"):
            area.focus()
            return True
        return False
