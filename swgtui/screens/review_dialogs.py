"""Dialogs of the review: who you are, a status step, a comment or note, the open comments, the
review log."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Input, Label, OptionList, Select, Static, TextArea
from textual.widgets._select import SelectOverlay
from textual.widgets.option_list import Option

from swgtui.model import review
from swgtui.model.review import Person
from swgtui.screens.dialogs import FOCUS_KEYS, ChoiceDialog
from swgtui.widgets.key_bar import KeyBar

STEP_LABELS = {"ready": "Ready for review", "approve": "Approve", "request-changes": "Request changes"}
ON_BEHALF_STEPS = {"approve": "Approve", "request-changes": "Request changes"}  # recorded for someone else


def counted(count: int, word: str, plural: str = "") -> str:
    """ "1 reply", "3 replies": the count and its word, singular or plural."""
    return f"{count} {word if count == 1 else plural or word + 's'}"


class IdentityDialog(ModalScreen[Person | None]):
    """Asked once: the name, organisation and role that comments and approvals carry."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="identity.cancel"), *FOCUS_KEYS]

    def __init__(self, current: Person | None = None) -> None:
        super().__init__()
        self.current = current or {"name": "", "organisation": "", "role": "focal point"}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text("Who are you?", style="bold"))
            yield Static(Text("Your changes, comments, status steps and sign-offs carry your name.", style="dim"))
            yield Label("Name")
            yield Input(self.current["name"], placeholder="e.g. Phoutsavath Sounthala", id="name")
            yield Label("Organisation")
            yield Input(self.current["organisation"], placeholder="e.g. Ministry of Public Security", id="org")
            yield Label("Role")
            yield Select([(r, r) for r in review.ROLES], value=self.current["role"], allow_blank=False, id="role")
            yield Static("", id="problem", classes="problem")
            with Horizontal(classes="buttons"):
                yield Button("Save", variant="primary", id="ok")
                yield Button("Cancel", id="cancel")

    def on_input_submitted(self) -> None:
        self._finish()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self._finish() if event.button.id == "ok" else self.dismiss(None)

    def _finish(self) -> None:
        name = self.query_one("#name", Input).value.strip()
        if not name:
            self.query_one("#problem", Static).update("Please type your name.")
            return
        organisation = self.query_one("#org", Input).value.strip()
        self.dismiss({"name": name, "organisation": organisation, "role": str(self.query_one("#role", Select).value)})

    def action_cancel(self) -> None:
        self.dismiss(None)


class StatusDialog(ChoiceDialog):
    """The status steps the acting person may take on a part now; or, with a name typed under
    "On behalf of", the approval or request for changes of a reviewer who sent it by e-mail
    (kept in `on_behalf` when the dialog closes). Enter, in the list or in the name and
    organisation, takes the highlighted step; the hint line and the key bar say which. Returns
    the step chosen.

    `offer(None)` gives the steps the acting person may take now, `offer(person)` those that may
    be recorded for `person` (key: label); `behalf_first` puts the cursor in the name."""

    BINDINGS = [
        *ChoiceDialog.BINDINGS,
        *FOCUS_KEYS,
        # one binding per step: the key bar names the step enter takes (check_action shows one)
        *[Binding("enter", f"take({step!r})", label, priority=True) for step, label in STEP_LABELS.items()],
        *[
            Binding("enter", f"take_for({step!r})", f"{label} on their behalf", priority=True)
            for step, label in ON_BEHALF_STEPS.items()
        ],
    ]
    DEFAULT_CSS = """
    StatusDialog .dialog OptionList { height: auto; max-height: 5; margin-bottom: 1; }
    StatusDialog #behalf { height: auto; }
    StatusDialog #behalf-name { width: 1fr; }
    StatusDialog #behalf-org { width: 1fr; }
    StatusDialog #behalf-role { width: 16; }
    StatusDialog #nothing { margin-bottom: 1; }
    """

    def __init__(
        self,
        part: str,
        role: str,
        offer: Callable[[Person | None], dict[str, str]],
        status: str,
        behalf_first: bool = False,
    ) -> None:
        self.offer = offer
        self.own_steps = offer(None)
        super().__init__(f"Status of {part} (as {role})", list(self.own_steps.items()))
        self.part, self.role, self.status = part, role, status
        self.behalf_first = behalf_first or not self.own_steps
        self.on_behalf: Person | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.title_text, style="bold"), classes="question", id="title")
            yield Static("", id="nothing")
            yield OptionList(*[Option(Text(label), id=key) for key, label in self.choices], id="steps")
            yield Label("On behalf of a reviewer who answered by e-mail (else leave empty):")
            with Horizontal(id="behalf"):
                yield Input(placeholder="Their name", id="behalf-name")
                yield Input(placeholder="Organisation", id="behalf-org")
                roles = [(role, role) for role in review.REVIEWER_ROLES]
                yield Select(roles, value="co-chair", allow_blank=False, id="behalf-role")
            yield Static("", id="hint")
            yield Static("", id="problem", classes="problem")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#behalf-name" if self.behalf_first else "#steps").focus()
        self._offer()

    def _typed(self, widget_id: str) -> str:
        return self.query_one(widget_id, Input).value.strip()

    def _person(self) -> Person | None:
        """Who the step is recorded for, as typed (None: the acting person)."""
        name = self._typed("#behalf-name")
        if not name:
            return None
        role = str(self.query_one("#behalf-role", Select).value)
        return {"name": name, "organisation": self._typed("#behalf-org"), "role": role}

    def _offer(self) -> None:
        """The steps possible now, for the acting person or the one typed under "On behalf of"."""
        person = self._person()
        steps = self.offer(person) if person else self.own_steps
        listed = self.query_one("#steps", OptionList)
        if [listed.get_option_at_index(i).id for i in range(listed.option_count)] != list(steps):
            listed.clear_options()
            listed.add_options([Option(Text(label), id=key) for key, label in steps.items()])
            listed.highlighted = 0 if steps else None
        listed.display = bool(steps)
        title = f"Status of {self.part} " + (f"on behalf of {person['name']}" if person else f"(as {self.role})")
        self.query_one("#title", Static).update(Text(title, style="bold"))
        nothing = self.query_one("#nothing", Static)
        nothing.display = not steps
        if not steps:
            whose = f"for {person['name']}" if person else f"as {self.role}"
            nothing.update(Text(f"Nothing to take {whose} now: the part is {self.status}."))
        self._hint()

    def _highlighted(self) -> str | None:
        listed = self.query_one("#steps", OptionList)
        if listed.highlighted is None or not listed.option_count:
            return None
        return listed.get_option_at_index(listed.highlighted).id

    def _hint(self) -> None:
        step, person = self._highlighted(), self._person()
        if step is None:
            hint = "Type the name of a reviewer who answered by e-mail to record their step."
        elif person:
            hint = f"Enter: {STEP_LABELS[step].lower()} on behalf of {person['name']}"
        else:
            hint = f"Enter: {STEP_LABELS[step].lower()} (as {self.role}) · or type the name of a reviewer below"
        self.query_one("#hint", Static).update(Text(hint, style="dim"))
        self.refresh_bindings()

    def on_input_changed(self) -> None:
        """A name under "On behalf of" offers the steps recorded for someone else."""
        self._offer()

    def on_select_changed(self) -> None:
        self._offer()

    def on_option_list_option_highlighted(self) -> None:
        self._hint()

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Enter takes the highlighted step (on someone's behalf once a name is typed); in the
        role's choice, enter opens it."""
        if action not in ("take", "take_for"):
            return True
        if not self.is_mounted or isinstance(self.focused, (Select, SelectOverlay)):
            return False
        return parameters[0] == self._highlighted() and (action == "take_for") == bool(self._person())

    def action_take(self, step: str) -> None:
        self._take(step)

    def action_take_for(self, step: str) -> None:
        self._take(step)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.prevent_default()  # not ChoiceDialog's handler too: it would close the dialog at once
        self._take(event.option.id or "")

    def _take(self, step: str) -> None:
        person = self._person()
        if person is not None:
            if not person["organisation"]:
                self.query_one("#problem", Static).update(Text(f"Please type the organisation of {person['name']}."))
                self.query_one("#behalf-org", Input).focus()
                return
            self.on_behalf = person
        self.dismiss(step)


class NoteDialog(ModalScreen[str | None]):
    """A multi-line text: a comment, a reply, or the note that goes with a review step."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="note.cancel"),
        Binding("ctrl+s", "save", "Save", id="note.save", priority=True),
    ]

    def __init__(self, title: str, context: str = "", required: bool = True, done: str = "Save") -> None:
        """`done` labels the button that finishes (ctrl+s does the same), e.g. "Sign off"."""
        super().__init__()
        self.title_text = title
        self.context = context
        self.required = required
        self.done = done

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.title_text, style="bold"))
            if self.context:
                yield Static(Text(self.context, style="italic dim"))
            yield TextArea(id="text", soft_wrap=True, classes="note")
            hint = "ctrl+s saves" if self.done == "Save" else f"ctrl+s: {self.done}"
            yield Static(Text(f"{hint}, escape cancels", style="dim"))
            yield Static("", id="problem", classes="problem")
            with Horizontal(classes="buttons"):
                yield Button(self.done, variant="primary", id="ok")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_save() if event.button.id == "ok" else self.dismiss(None)

    def action_save(self) -> None:
        text = self.query_one(TextArea).text.strip()
        if self.required and not text:
            self.query_one("#problem", Static).update("Please write something first.")
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)


class CommentsDialog(ModalScreen[str | None]):
    """Every open comment thread of the report; choosing one returns its part id.

    `titles` names each part, and each thread's "field_label" its field, as the form does."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "cancel", "Close", id="comments.close")]

    def __init__(self, threads: list[dict[str, Any]], titles: dict[str, str]) -> None:
        super().__init__()
        self.threads = threads
        self.titles = titles

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(Text(f"Open comments ({len(self.threads)})", style="bold"))
            if not self.threads:
                yield Static("No open comments.")
            options = []
            for thread in self.threads:
                prompt = Text(self.titles.get(thread["part"], "a removed row")[:60], style="bold")
                field = thread.get("field_label") or thread["field"]
                prompt += Text(f"  {field}" if field else "", style="dim")
                prompt += Text(f"\n{thread['by']['name']}, {review.local_time(thread['at'])}: ", style="dim")
                prompt += Text(thread["text"][:200])
                if thread["replies"]:
                    prompt += Text(f"  ({counted(len(thread['replies']), 'reply', 'replies')})", style="dim")
                options.append(Option(prompt, id=thread["id"]))
            yield OptionList(*options, id="threads")
            yield Static(Text("enter opens the row, escape closes", style="dim"))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        thread = next(t for t in self.threads if t["id"] == event.option.id)
        self.dismiss(thread["part"])

    def action_cancel(self) -> None:
        self.dismiss(None)


class ReviewLogDialog(ModalScreen[None]):
    """The review record: every status change, comment and sign-off, who and when."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("escape", "close", "Close", id="log.close"),
        Binding("ctrl+q", "app.quit", "Quit", id="log.quit", show=False),  # a modal screen hides the app's keys
    ]
    WIDTHS = {"When": 16, "Who": 22, "Action": 10, "Part": 26}  # Detail: the rest; long text wraps
    SHOWN = 500  # newest entries listed: each wrapped row is measured, and thousands took seconds

    def __init__(self, entries: list[dict[str, Any]], titles: dict[str, str]) -> None:
        super().__init__()
        self.entries = entries
        self.titles = titles  # part id -> title (a removed row keeps its id)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            count = len(self.entries)
            shown = f"the newest {self.SHOWN:,} of {count:,} entries" if count > self.SHOWN else f"{count:,} entries"
            yield Static(Text(f"Review record ({shown})", style="bold"))
            yield DataTable(cursor_type="row", id="log")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.focus()
        self.call_after_refresh(self._fill)  # once the table has its size: the detail gets the rest

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        for label, width in self.WIDTHS.items():
            table.add_column(label, width=width)
        rest = table.size.width - table.scrollbar_size_vertical - sum(self.WIDTHS.values())
        table.add_column("Detail", width=max(20, rest - 2 * table.cell_padding * (len(self.WIDTHS) + 1)))
        for entry in reversed(self.entries[-self.SHOWN :]):
            table.add_row(
                Text(review.local_time(entry["at"])),
                Text(review.describe(entry["by"]) + review.recorded(entry, "\n")),
                Text(entry["action"]),
                Text(self.titles.get(entry["part"], "a removed row" if entry["part"] else "")),
                Text(entry["detail"][:160].replace("\n", " ")),
                height=None,  # as many lines as the longest cell needs
            )

    def action_close(self) -> None:
        self.dismiss(None)
