"""The form for one part of a report: the header block or a row.

One multi-line field per template field, labelled in its border, with the template's guidance
as placeholder; contact tables; partner narratives with rename, reorder and remove links.
Each edit is made through the report's session at once and announced with `PartForm.Changed`;
the screen saves it. What needs a dialog (editing a contact, renaming or removing a partner) is asked of
the screen with a `LinkLine` message (`LinkLine.RenamePartner` …).

The form is kept light on purpose: every widget costs time each time a row is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Checkbox, TextArea
from textual.widgets.text_area import Selection

from swgtui import i18n
from swgtui.i18n import _
from swgtui.model import report as rp
from swgtui.model.rollover import reference_text
from swgtui.model.template import FieldSpec, Template
from swgtui.model.types import Partner
from swgtui.session import ReportSession
from swgtui.widgets.contact_list import ContactList, contact_widths, header_line
from swgtui.widgets.field_area import FieldArea
from swgtui.widgets.links import EntryLine, LinkLine, link
from swgtui.widgets.review_panel import ReviewPanel
from swgtui.widgets.tick_box import TickBox

NEW = -1  # the contact number that asks for a new contact


@dataclass(frozen=True)
class FocusPlace:
    """Where the focus is in a part's form, so a rebuilt form can put it back: `key` names the
    widget (a field by its id, a partner's line, a contact list), with a field's cursor and
    selection, a list's highlighted line or the review panel's chosen comment, and how far the
    form was scrolled."""

    part_id: str
    key: str
    selection: Selection | None = None
    highlighted: int | None = None
    scroll_y: float = 0


def field_title(label: str, detail: str = "") -> Text:
    return Text(label, style="bold") + Text(f"  {detail}" if detail else "", style="dim")


def spec_title(spec: FieldSpec, in_table: bool = True) -> Text:
    details = [_("column {number}").format(number=spec.column)] if in_table else []
    details += [] if spec.required else [_("optional")]
    return field_title(spec.label, " · ".join(details))


SPACED = ("part-title", "field-label", "item")  # classes of the lines with a blank line above (editor.tcss)


def least_height(widget: Widget) -> int:
    """The fewest lines a form's widget takes with the blank line above it (editor.tcss): a
    field's estimated height (exact), a line's lines of text (more if they wrap), a tick box's
    three, one for others."""
    height = widget.styles.height
    if isinstance(widget, FieldArea):
        lines = int(height.value) if height is not None else 1
        return lines + (0 if widget.has_class("item-text") else 1)
    if isinstance(widget, TickBox):
        return 4
    if isinstance(widget, LinkLine) and isinstance(widget.content, Text):
        return widget.content.plain.count("\n") + 1 + any(widget.has_class(name) for name in SPACED)
    return 1


class PartForm(VerticalScroll):
    """Shows one part. Built whole in `compose`, so the screen lays it out and draws it once.

    `width` is the width the form will have, for the fields' first estimate of their height.
    """

    can_focus = False  # Tab goes straight from the outline to the first field

    class Changed(Message):
        """The report changed; `structural` when the form must be rebuilt (added/removed items),
        `entry_id` the partner to put the focus on in the rebuilt form."""

        def __init__(self, part_id: str, structural: bool = False, entry_id: str = "") -> None:
            super().__init__()
            self.part_id = part_id
            self.structural = structural
            self.entry_id = entry_id

    class TextRefused(Message):
        """A field's text on screen was refused (over its limit: not saved), or is taken again."""

    def __init__(
        self, session: ReportSession | None = None, part_id: str = "", *, width: int = 0, **kwargs: Any
    ) -> None:
        """No session: an empty placeholder."""
        super().__init__(**kwargs)
        self.session = session
        self.template: Template | None = session.template if session else None
        self.report: rp.Report | None = session.report if session else None
        self.part_id = part_id
        self.width = width
        self.read_only = session.read_only if session else True
        self._handlers: dict[str, Callable[[Any], bool]] = {}  # widget id -> applies its value
        self._field_ids: dict[str, str] = {}  # text area id -> the field (or item) id it edits
        self._entered: set[str] = set()  # text areas focused since the part was shown
        self._too_long: dict[str, str] = {}  # field -> why its text on screen is not saved (over its limit)
        self._widget_count = 0
        self._later: list[Widget] = []  # widgets below the first screen, mounted once it is drawn
        self._panel_later = False  # the review panel is still to be mounted (with the widgets above)

    # --- building ----------------------------------------------------------------------------

    def _new_id(self) -> str:
        self._widget_count += 1
        return f"w{self._widget_count}"

    def compose(self) -> ComposeResult:
        """The widgets that fill the first screen; the rest (say, the review panel under long
        fields) are mounted once the form is drawn, or as soon as something needs them."""
        if self.template is None or self.report is None:
            return  # a placeholder: no part is shown
        widgets = self._header_widgets() if self.part_id == rp.HEADER_ID else self._row_widgets()
        room = self.app.size.height - 2  # the form is never taller than the screen (less title and status lines)
        for count, widget in enumerate(widgets):
            if room <= 0:
                self._later = widgets[count:]
                break
            room -= least_height(widget)
        self._panel_later = True  # the review panel, at the form's end, always follows the first frame
        yield from widgets[: len(widgets) - len(self._later)]

    def on_mount(self) -> None:
        if self._later or self._panel_later:
            self.call_after_refresh(self.complete)

    def complete(self) -> None:
        """Mount the widgets held back below the first screen, if they are not yet."""
        later, self._later = self._later, []
        if self._panel_later:
            assert self.report is not None
            self._panel_later = False
            later.append(ReviewPanel(self.report, self.part_id))
        if later:
            self.mount_all(later)

    def _text_area(
        self, text: str, title: Text, guidance: str, handler: Callable[[str], bool], field: str = "", kind: str = ""
    ) -> FieldArea:
        """`kind`: a class besides "field" (given here: a class added later restyles the widget)."""
        area = FieldArea(
            text,
            placeholder=Content(guidance),  # words of a template: shown as written, never read as markup
            soft_wrap=True,
            read_only=self.read_only,
            id=self._new_id(),
            classes=f"field {kind}".strip(),
        )
        area.border_title = title
        area.estimate_height(self.width)
        if field:
            self._field_ids[area.id or ""] = field
        self._handlers[area.id or ""] = handler
        return area

    def _reference(self, field: str) -> list[Widget]:
        """Last period's text for this field, read-only, when the report was rolled over."""
        assert self.report
        period, text = reference_text(self.report, self.part_id, field)
        if not text:
            return []
        shown = Text(_("Last period ({period}):").format(period=period) + " ", style="bold") + Text(
            text, style="italic"
        )
        return [LinkLine(shown, classes="reference")]

    def _header_widgets(self) -> list[Widget]:
        assert self.template and self.report
        report = self.report
        template = self.template.filled(report["period"], rp.swg_name(report), i18n.language())  # as shown
        heading = Text(template.header_title, style="bold") + Text("\n" + _("Period:") + " ", style="bold")
        heading += Text(report["period"])
        if not self.read_only:  # the link would do nothing
            heading += Text("  ") + link("[" + _("change period") + "]", "change_period") + Text("  (F6)", style="dim")
        widgets: list[Widget] = [LinkLine(heading, classes="part-title")]
        for spec in template.header_fields:
            widgets.append(
                self._text_area(
                    report["header"]["fields"].get(spec.id, ""),
                    spec_title(spec, in_table=False),
                    spec.guidance,
                    self._field_setter(rp.HEADER_ID, spec.id),
                    field=spec.id,
                )
            )
        widths = contact_widths(self.width)
        for contacts in template.contact_lists:
            label = contacts.label
            title = label if contacts.heading.rstrip(":") == label else f"{contacts.heading} {label}"
            line = field_title(title, "" if contacts.required else _("optional")) + Text("   ")
            line += link("[+ " + _("add") + "]", f"edit_contact({contacts.id!r}, {NEW})")
            if contacts.guidance:
                line += Text(f"\n{contacts.guidance}", style="dim")
            line += Text("\n\n  ") + header_line(widths)
            widgets.append(LinkLine(line, classes="field-label"))
            widgets.append(ContactList(contacts.id, report["header"]["contacts"].get(contacts.id, []), widths))
        return widgets

    def _row_widgets(self) -> list[Widget]:
        assert self.template and self.report
        report = self.report
        template = self.template.filled(report["period"], rp.swg_name(report), i18n.language())  # as shown
        section, row = rp.find_row(report, self.part_id)
        kind = rp.row_kind(template, row)
        spec = template.section(section["id"])
        fixed = rp.is_fixed_row(template, section, row)
        heading = self.row_heading(row, rp.shown_title(template, report, row)) + Text(
            f"\n{spec.short_title if spec else section['id']} · {kind.label}", style="dim"
        )
        if kind.tags and not fixed:
            heading += Text("\n" + _("Tag:") + " ", style="bold") + Text(row["tag"] or _("none"), style="italic")
            heading += Text("  ")
            heading += link("[" + _("change tag") + "]", "change_tag") + Text("  (F9)", style="dim")
        widgets: list[Widget] = [LinkLine(heading, classes="part-title")]
        no_update = TickBox(
            _("No update this period"), row.get("no_update", False), id=self._new_id(), disabled=self.read_only
        )
        self._handlers[no_update.id or ""] = self._set_no_update
        widgets.append(no_update)
        if not fixed:
            title = self._text_area(
                row["title"],
                field_title(_("Title"), _("column {number}").format(number=1)),
                kind.title_guidance,
                self._title_setter(row["id"]),
                kind="title",
            )
            widgets.append(title)
        for field in kind.fields:
            widgets.append(
                self._text_area(
                    row["fields"].get(field.id, ""),
                    spec_title(field),
                    field.guidance,
                    self._field_setter(row["id"], field.id),
                    field=field.id,
                )
            )
            widgets.extend(self._reference(field.id))
        if kind.has_items:
            line = field_title(_("{item} narratives").format(item=kind.item_label)) + Text("   ")
            adding = _("Add {item}").format(item=kind.item_label.lower())
            line += link(f"[+ {adding}]", "add_partner") + Text("  (ctrl+n)", style="dim")
            widgets.append(LinkLine(line, classes="field-label"))
            for item in row["items"]:
                widgets.extend(self._item_widgets(row["id"], item, kind.item_guidance))
        return widgets

    def _item_widgets(self, row_id: str, item: Partner, guidance: str) -> list[Widget]:
        line = Text(item["name"], style="bold") + Text("   ")
        line += link("[" + _("rename") + "]", f"rename_partner({item['id']!r})") + Text(" ")
        line += link("[↑]", f"move_partner({item['id']!r}, -1)") + Text(" ")
        line += link("[↓]", f"move_partner({item['id']!r}, 1)") + Text(" ")
        line += link("[" + _("remove") + "]", f"remove_partner({item['id']!r})")
        text = self._text_area(
            item["text"],
            Text(""),
            guidance,
            self._field_setter(row_id, item["id"]),
            field=item["id"],
            kind="item-text",
        )
        return [EntryLine(line, item["id"], classes="item"), text, *self._reference(item["id"])]

    def _field_setter(self, part_id: str, field: str) -> Callable[[str], bool]:
        """What applies a text area's text to `field` of the part (or to a partner's narrative)."""
        session = self.session
        assert session
        return lambda text: session.set_field(part_id, field, text)

    def _title_setter(self, row_id: str) -> Callable[[str], bool]:
        session = self.session
        assert session
        return lambda text: session.rename_row(row_id, text)

    @staticmethod
    def row_heading(row: rp.Row, title: str) -> Text:
        """The row's title as shown (`rp.shown_title`) and its tag."""
        heading = Text(title.split("\n")[0] or _("(untitled row)"), style="bold")
        if row.get("tag"):
            heading += Text(f" ({row['tag']})", style="italic")
        return heading

    # --- actions -----------------------------------------------------------------------------

    def add_entry(self) -> None:
        """Add a contact (to the list being edited) in the header, or a partner in its row."""
        assert self.template
        if self.part_id != rp.HEADER_ID:
            self.post_message(LinkLine.AddPartner())
            return
        focused = self.screen.focused
        list_id = focused.list_id if isinstance(focused, ContactList) else self.template.contact_lists[0].id
        self.post_message(LinkLine.EditContact(list_id, NEW))

    def _set_no_update(self, value: bool) -> bool:
        assert self.session
        self.session.set_no_update(self.part_id, value)
        return True

    def check_message_enabled(self, message: Message) -> bool:
        """A read-only form lets no change asked for by a link (or a key) through to the screen."""
        if self.read_only and isinstance(message, LinkLine.Request):
            self.notify(_("The store is open read-only: nothing can be changed here."), markup=False)
            return False
        return super().check_message_enabled(message)

    def on_link_line_move_partner(self, event: LinkLine.MovePartner) -> None:
        """Moving needs no dialog: done here; what needs one goes on to the screen."""
        event.stop()
        assert self.session
        if self.session.move_partner(self.part_id, event.entry_id, event.offset):
            self.post_message(self.Changed(self.part_id, structural=True, entry_id=event.entry_id))

    # --- events ------------------------------------------------------------------------------

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Fields open showing their beginning; the first time one is entered, go on writing at its end."""
        area = event.widget
        if isinstance(area, TextArea) and area.id not in self._entered:
            self._entered.add(area.id or "")
            area.move_cursor(area.document.end)

    def not_saved(self) -> list[str]:
        """Why text on screen in this form is not saved: a field over its limit, to be shortened."""
        return list(self._too_long.values())

    def _apply(self, widget: Widget, value: Any) -> None:
        handler = self._handlers.get(widget.id or "")
        if handler is None:
            return
        try:
            changed = handler(value)
        except rp.TooLongError as error:  # said once; the text stays on screen, to be shortened
            said = widget.id in self._too_long
            self._too_long[widget.id or ""] = str(error)
            if not said:
                why = _("Not saved: {reason}. Shorten it to save it.").format(reason=error)
                self.notify(why, severity="error", markup=False)
                self.post_message(self.TextRefused())
            return
        except rp.ReportError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        if self._too_long.pop(widget.id or "", None) is not None:
            self.post_message(self.TextRefused())  # taken now: the save state says so
        if changed:
            self.post_message(self.Changed(self.part_id))

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self._apply(event.text_area, event.text_area.text)

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        self._apply(event.checkbox, event.value)

    def _first_field(self) -> TextArea | None:
        """The first text field after the title (where a new row's writing starts)."""
        for area in self.query("TextArea.field").results(TextArea):
            if not area.has_class("title"):
                return area
        return None

    def focus_first_field(self) -> None:
        area = self._first_field()
        if area is not None:
            area.focus()

    def type_into_first_field(self, text: str) -> None:
        """Go on writing in the first field (where it was left, else at its end) with `text`."""
        area = self._first_field()
        if area is not None:
            self._type_into(area, text)

    def on_tick_box_typed(self, event: TickBox.Typed) -> None:
        """A key typed on the "no update" box goes into the first field, so nothing typed is lost."""
        event.stop()
        if self.read_only:
            self.notify(_("The store is open read-only: nothing can be typed here."), markup=False)
            return
        self.type_into_first_field(event.character)

    def on_entry_line_typed(self, event: EntryLine.Typed) -> None:
        """A key typed on a partner's line goes into its narrative, so nothing typed is lost."""
        event.stop()
        if self.read_only:
            self.notify(_("The store is open read-only: nothing can be typed here."), markup=False)
            return
        area = self._area_of(event.entry_id)
        if area is not None:
            self._type_into(area, event.character)

    def _type_into(self, area: TextArea, text: str) -> None:
        if area.id not in self._entered:
            self._entered.add(area.id or "")
            area.move_cursor(area.document.end)
        area.focus()
        area.insert(text)

    def _area_of(self, field: str) -> TextArea | None:
        """The text area that edits a field (or a partner's narrative, by the partner's id)."""
        self.complete()
        area_id = next((area_id for area_id, edits in self._field_ids.items() if edits == field), None)
        return self.query_one(f"#{area_id}", TextArea) if area_id else None

    def focus_field(self, field: str) -> None:
        """Put the cursor at the end of a field (a new partner's narrative: ready to type)."""
        area = self._area_of(field)
        if area is not None:
            area.focus()

    def _place_key(self, widget: Widget) -> str:
        if isinstance(widget, TextArea):
            return "field:" + (self._field_ids.get(widget.id or "") or ("title" if widget.has_class("title") else ""))
        if isinstance(widget, EntryLine):
            return f"entry:{widget.entry_id}"
        if isinstance(widget, ContactList):
            return f"contacts:{widget.list_id}"
        return type(widget).__name__  # one of its kind per form: the no-update box, the review panel

    def focus_place(self) -> FocusPlace | None:
        """Where the focus is in this form, if it is in it."""
        focused = self.screen.focused
        if focused is None or self not in focused.ancestors:
            return None
        selection = focused.selection if isinstance(focused, TextArea) else None
        highlighted = focused.highlighted if isinstance(focused, ContactList) else None
        highlighted = focused.chosen if isinstance(focused, ReviewPanel) else highlighted
        return FocusPlace(self.part_id, self._place_key(focused), selection, highlighted, self.scroll_y)

    def restore_focus(self, place: FocusPlace) -> bool:
        """Put the focus back where `place` says (in this form, of the same part); False if that
        widget is gone (say, the partner was removed)."""
        self.complete()
        for widget in self.query("*").results(Widget):
            if not widget.focusable or self._place_key(widget) != place.key:
                continue
            if isinstance(widget, TextArea) and place.selection is not None:
                self._entered.add(widget.id or "")  # the cursor goes where it was, not to the end
                widget.selection = place.selection
            if isinstance(widget, ContactList) and place.highlighted is not None and widget.option_count:
                widget.highlighted = min(place.highlighted, widget.option_count - 1)
            if isinstance(widget, ReviewPanel) and place.highlighted is not None:
                widget.chosen = place.highlighted  # r and x go on acting on the same comment
            widget.focus(scroll_visible=False)
            self.call_after_refresh(self.scroll_to, y=place.scroll_y, animate=False)  # once laid out
            return True
        return False

    def focused_field(self) -> tuple[str, str]:
        """The field being edited (if any) and the passage selected in it, for a comment."""
        focused = self.screen.focused
        if not isinstance(focused, TextArea) or focused.id not in self._handlers:
            return "", ""
        field = self._field_ids.get(focused.id or "", "")
        return field, focused.selected_text.strip() if field else ""

    def focus_contact(self, list_id: str, index: int) -> None:
        """Put the cursor on a contact (after it was edited or added)."""
        self.complete()
        for contacts in self.query(ContactList).results(ContactList):
            if contacts.list_id == list_id:
                contacts.focus()
                if contacts.option_count:
                    contacts.highlighted = min(index, contacts.option_count - 1)

    def focus_entry(self, entry_id: str) -> None:
        """Put the focus on a partner's line (after it was moved or renamed)."""
        self.complete()
        for line in self.query(EntryLine).results(EntryLine):
            if line.entry_id == entry_id:
                line.focus()

    def focus_title(self) -> bool:
        """Focus the row's title field, if it has one."""
        self.complete()
        for area in self.query("TextArea.title"):
            area.focus()
            return True
        return False
