"""Small modal dialogs that return the user's answer through dismiss()."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from swgtui.i18n import N_, _
from swgtui.model.report import ReportError
from swgtui.widgets.contact_list import email_check
from swgtui.widgets.line_input import LineInput

# Tab and shift+tab as priority keys: the app acts on them as they arrive, so in a burst of keys
# (a fast typist, a terminal sending at once) the keys after a tab go to the next field. Without
# priority the tab first travels through the focused field's queue while the app gives it the
# keys that follow ("Noy Focal", tab, "Ministry of Health" made the name "Noy FocalMinistry …").
FOCUS_KEYS = [
    Binding("tab", "app.focus_next", N_("Next field"), show=False, priority=True),
    Binding("shift+tab", "app.focus_previous", N_("Previous field"), show=False, priority=True),
]


class ConfirmDialog(ModalScreen[bool]):
    """Asks a yes/no question; True only on an explicit yes."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("y", "answer(True)", N_("Yes"), id="confirm.yes"),
        Binding("n,escape", "answer(False)", N_("No"), id="confirm.no"),
    ]

    def __init__(self, question: str, yes_label: str = "", safe: bool = False) -> None:
        """`yes_label`: the yes button's words (else "Yes"); `safe`: yes harms nothing (it opens
        a view), so it is the button enter presses."""
        super().__init__()
        self.question = question
        self.yes_label = yes_label or _("Yes")
        self.safe = safe

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.question), classes="question")
            with Horizontal(classes="buttons"):
                yield Button(self.yes_label, variant="primary" if self.safe else "error", id="yes")
                yield Button(_("Cancel"), id="no")

    def on_mount(self) -> None:
        self.query_one("#yes" if self.safe else "#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class MessageDialog(ModalScreen[None]):
    """A message too long for a notification, shown whole (it scrolls); enter or escape closes."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape,enter", "close", N_("Close"), id="message.close")]

    def __init__(self, title: str, message: str) -> None:
        super().__init__()
        self.title_text = title
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.title_text, style="bold"), classes="question")
            with VerticalScroll(id="message"):
                yield Static(Text(self.message))
            yield Static(Text(_("enter or escape closes"), style="dim"))

    def action_close(self) -> None:
        self.dismiss(None)


def tell(screen: Screen[Any], title: str, message: str, timeout: float = 30) -> None:
    """A long message (a receive's summary, one line per note): a notification when it fits the
    screen whole, its first line first; else a dialog that shows all of it."""
    width = max(10, min(60, screen.app.size.width // 2) - 3)  # the text's room in a notification
    lines = sum(max(1, -(-cell_len(line) // width)) for line in message.split("\n"))
    if lines + 6 <= screen.app.size.height:
        screen.notify(message, title=title, timeout=timeout, markup=False)
    else:
        screen.app.push_screen(MessageDialog(title, message))


class TextDialog(ModalScreen[tuple[str, str] | None]):
    """Asks for one line of text, and optionally a choice (e.g. a row's title and tag)."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), id="text.cancel")]

    def __init__(
        self,
        title: str,
        label: str,
        value: str = "",
        choices: tuple[str, ...] = (),
        choice: str = "",
        check: Callable[[str], object] | None = None,
    ) -> None:
        """`check` refuses a value by raising ReportError; its message is shown in the dialog."""
        super().__init__()
        self.check = check
        self.title_text = title
        self.label = label
        self.value = value
        self.choices = choices
        self.choice = choice

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.title_text, style="bold"))
            yield Label(self.label)
            yield LineInput(self.value, id="value")
            if self.choices:
                yield Label(_("Tag"))
                yield Select(
                    [(c, c) for c in self.choices],
                    value=self.choice if self.choice in self.choices else self.choices[0],
                    allow_blank=False,
                    id="choice",
                )
            yield Static("", id="problem", classes="problem")
            with Horizontal(classes="buttons"):
                yield Button(_("OK"), variant="primary", id="ok")
                yield Button(_("Cancel"), id="cancel")

    def on_input_submitted(self) -> None:
        self._finish()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ok":
            self._finish()
        else:
            self.dismiss(None)

    def _finish(self) -> None:
        value = self.query_one("#value", Input).value.strip()
        if not value:
            self.query_one("#problem", Static).update(_("Please type something first."))
            return
        if self.check is not None:
            try:
                self.check(value)
            except ReportError as error:
                message = str(error)
                self.query_one("#problem", Static).update(Text(message[:1].upper() + message[1:]))
                return
        choice = str(self.query_one("#choice", Select).value) if self.choices else ""
        self.dismiss((value, choice))

    def action_cancel(self) -> None:
        self.dismiss(None)


class ChoiceDialog(ModalScreen[str | None]):
    """Pick one of a few labelled choices; returns the choice's key."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), id="choice.cancel")]

    def __init__(self, title: str, choices: list[tuple[str, str]], current: str | None = None) -> None:
        """`current`: the key of the choice highlighted first (else the first)."""
        super().__init__()
        self.title_text = title
        self.choices = choices
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.title_text, style="bold"), classes="question")
            yield OptionList(*[Option(Text(label), id=key) for key, label in self.choices])

    def on_mount(self) -> None:
        keys = [key for key, _label in self.choices]
        if self.current in keys:
            self.query_one(OptionList).highlighted = keys.index(self.current)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ContactDialog(ModalScreen[dict[str, str] | None]):
    """Edits one contact: organisation, name and e-mail, with the e-mail checked as it is typed."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), id="contact.cancel")]
    FIELDS = (("organisation", N_("Organisation")), ("name", N_("Name")), ("email", N_("E-mail")))

    def __init__(self, title: str, contact: dict[str, str]) -> None:
        super().__init__()
        self.title_text = title
        self.contact = contact

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.title_text, style="bold"), classes="question")
            for key, label in self.FIELDS:
                yield Label(_(label))
                yield LineInput(self.contact.get(key, ""), placeholder=_(label), id=key)
            yield Static(email_check(self.contact.get("email", "")), id="email-check")
            with Horizontal(classes="buttons"):
                yield Button(_("Save"), variant="primary", id="ok")
                yield Button(_("Cancel"), id="cancel")

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "email":
            self.query_one("#email-check", Static).update(email_check(event.value))

    def on_input_submitted(self) -> None:
        self._finish()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self._finish() if event.button.id == "ok" else self.dismiss(None)

    def _finish(self) -> None:
        self.dismiss({key: self.query_one(f"#{key}", Input).value for key, _label in self.FIELDS})

    def action_cancel(self) -> None:
        self.dismiss(None)
