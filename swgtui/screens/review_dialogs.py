"""Dialogs of the review: who you are, a status step, a comment or note, the open comments, the
review log."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Input, Label, OptionList, Select, Static, TextArea
from textual.widgets._select import SelectOverlay
from textual.widgets.option_list import Option

from swgtui.i18n import N_, _, ngettext
from swgtui.model import review
from swgtui.model.review import Person
from swgtui.screens.dialogs import FOCUS_KEYS, ChoiceDialog
from swgtui.widgets.key_bar import KeyBar
from swgtui.widgets.line_input import LineInput

SELECT_AROUND = 8  # cells of a Select's width beside its value: border, padding, the arrow

# The labels of the status steps (translated where shown)
STEP_LABELS = {"ready": N_("Ready for review"), "approve": N_("Approve"), "request-changes": N_("Request changes")}
ON_BEHALF_STEPS = {"approve": N_("Approve"), "request-changes": N_("Request changes")}  # recorded for someone else
ON_BEHALF_KEYS = {  # what enter does once a reviewer's name is typed, in the key bar
    "approve": N_("Approve on their behalf"),
    "request-changes": N_("Request changes on their behalf"),
}
# Each role as a person reads it (what is stored is the role as the model names it)
# Each action of the review record (swgtui.model.review.review_log) as a person reads it
ACTION_NAMES = {
    "ready": N_("ready"),
    "approve": N_("approve"),
    "request-changes": N_("request-changes"),
    "resolve": N_("resolve"),
    "reopen": N_("reopen"),
    "sign-off": N_("sign-off"),
    "accept": N_("accept"),
    "reject": N_("reject"),
    "comment": N_("comment"),
    "reply": N_("reply"),
    "approval voided": N_("approval voided"),
    "sign-off voided": N_("sign-off voided"),
}


def role_name(role: str) -> str:
    """A role (as stored) in the interface's language."""
    return _(review.ROLE_LABELS[role]) if role in review.ROLE_LABELS else role


def role_choices(roles: tuple[str, ...]) -> list[tuple[str, str]]:
    """The roles for a Select: each shown in the interface's language, chosen as stored."""
    return [(role_name(role), role) for role in roles]


class IdentityDialog(ModalScreen[Person | None]):
    """Asked once: the name, organisation and role that comments and approvals carry."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), id="identity.cancel"), *FOCUS_KEYS]

    def __init__(self, current: Person | None = None) -> None:
        super().__init__()
        self.current = current or {"name": "", "organisation": "", "role": "focal point"}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(_("Who are you?"), style="bold"))
            yield Static(Text(_("Your changes, comments, status steps and sign-offs carry your name."), style="dim"))
            yield Label(_("Name"))
            yield LineInput(self.current["name"], placeholder=_("e.g. Phoutsavath Sounthala"), id="name")
            yield Label(_("Organisation"))
            yield LineInput(self.current["organisation"], placeholder=_("e.g. Ministry of Public Security"), id="org")
            yield Label(_("Role"))
            roles = role_choices(review.ROLES)
            yield Select(roles, value=self.current["role"], allow_blank=False, id="role")
            yield Static("", id="problem", classes="problem")
            with Horizontal(classes="buttons"):
                yield Button(_("Save"), variant="primary", id="ok")
                yield Button(_("Cancel"), id="cancel")

    def on_input_submitted(self) -> None:
        self._finish()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self._finish() if event.button.id == "ok" else self.dismiss(None)

    def _finish(self) -> None:
        name = self.query_one("#name", Input).value.strip()
        if not name:
            self.query_one("#problem", Static).update(_("Please type your name."))
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
        *[Binding("enter", f"take_for({step!r})", label, priority=True) for step, label in ON_BEHALF_KEYS.items()],
    ]
    DEFAULT_CSS = """
    StatusDialog .dialog OptionList { height: auto; max-height: 5; margin-bottom: 1; }
    StatusDialog #behalf { height: auto; }
    StatusDialog #behalf-name { width: 1fr; }
    StatusDialog #behalf-org { width: 1fr; }
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
        super().__init__(
            _("Status of {part} (as {role})").format(part=part, role=role_name(role)), list(self.own_steps.items())
        )
        self.part, self.role, self.status = part, role, status
        self.behalf_first = behalf_first or not self.own_steps
        self.on_behalf: Person | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.title_text, style="bold"), classes="question", id="title")
            yield Static("", id="nothing")
            yield OptionList(*[Option(Text(_(label)), id=key) for key, label in self.choices], id="steps")
            yield Label(_("On behalf of a reviewer who answered by e-mail (else leave empty):"))
            with Horizontal(id="behalf"):
                yield LineInput(placeholder=_("Their name"), id="behalf-name")
                yield LineInput(placeholder=_("Organisation"), id="behalf-org")
                roles = role_choices(review.REVIEWER_ROLES)
                role = Select(roles, value="co-chair", allow_blank=False, id="behalf-role")
                role.styles.width = max(
                    16, max(cell_len(name) for name, _role in roles) + SELECT_AROUND
                )  # no role wraps
                yield role
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
            listed.add_options([Option(Text(_(label)), id=key) for key, label in steps.items()])
            listed.highlighted = 0 if steps else None
        listed.display = bool(steps)
        if person:
            title = _("Status of {part} on behalf of {name}").format(part=self.part, name=person["name"])
        else:
            title = _("Status of {part} (as {role})").format(part=self.part, role=role_name(self.role))
        self.query_one("#title", Static).update(Text(title, style="bold"))
        nothing = self.query_one("#nothing", Static)
        nothing.display = not steps
        if not steps:
            if person:
                said = _("Nothing to take for {name} now: the part is {status}.").format(
                    name=person["name"], status=self.status
                )
            else:
                said = _("Nothing to take as {role} now: the part is {status}.").format(
                    role=role_name(self.role), status=self.status
                )
            nothing.update(Text(said))
        self._hint()

    def _highlighted(self) -> str | None:
        listed = self.query_one("#steps", OptionList)
        if listed.highlighted is None or not listed.option_count:
            return None
        return listed.get_option_at_index(listed.highlighted).id

    def _hint(self) -> None:
        step, person = self._highlighted(), self._person()
        if step is None:
            hint = _("Type the name of a reviewer who answered by e-mail to record their step.")
        elif person:
            hint = _("Enter: {step} on behalf of {name}").format(step=_(STEP_LABELS[step]).lower(), name=person["name"])
        else:
            hint = _("Enter: {step} (as {role}) · or type the name of a reviewer below").format(
                step=_(STEP_LABELS[step]).lower(), role=role_name(self.role)
            )
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
                said = _("Please type the organisation of {name}.").format(name=person["name"])
                self.query_one("#problem", Static).update(Text(said))
                self.query_one("#behalf-org", Input).focus()
                return
            self.on_behalf = person
        self.dismiss(step)


class NoteDialog(ModalScreen[str | None]):
    """A multi-line text: a comment, a reply, or the note that goes with a review step."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel"), id="note.cancel"),
        Binding("ctrl+s", "save", N_("Save"), id="note.save", priority=True),
    ]

    def __init__(self, title: str, context: str = "", required: bool = True, done: str = "") -> None:
        """`done` labels the button that finishes (ctrl+s does the same), e.g. "Sign off"; else "Save"."""
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
            hint = (
                _("ctrl+s: {action}, escape cancels").format(action=self.done)
                if self.done
                else _("ctrl+s saves, escape cancels")
            )
            yield Static(Text(hint, style="dim"))
            yield Static("", id="problem", classes="problem")
            with Horizontal(classes="buttons"):
                yield Button(self.done or _("Save"), variant="primary", id="ok")
                yield Button(_("Cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_save() if event.button.id == "ok" else self.dismiss(None)

    def action_save(self) -> None:
        text = self.query_one(TextArea).text.strip()
        if self.required and not text:
            self.query_one("#problem", Static).update(_("Please write something first."))
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)


class CommentsDialog(ModalScreen[str | None]):
    """Every open comment thread of the report; choosing one returns its part id.

    `titles` names each part, and each thread's "field_label" its field, as the form does."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "cancel", N_("Close"), id="comments.close")]

    def __init__(self, threads: list[dict[str, Any]], titles: dict[str, str]) -> None:
        super().__init__()
        self.threads = threads
        self.titles = titles

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(Text(_("Open comments ({count})").format(count=len(self.threads)), style="bold"))
            if not self.threads:
                yield Static(_("No open comments."))
            options = []
            for thread in self.threads:
                prompt = Text(self.titles.get(thread["part"], _("a removed row"))[:60], style="bold")
                field = thread.get("field_label") or thread["field"]
                prompt += Text(f"  {field}" if field else "", style="dim")
                prompt += Text(f"\n{thread['by']['name']}, {review.local_time(thread['at'])}: ", style="dim")
                prompt += Text(thread["text"][:200])
                if thread["replies"]:
                    count = len(thread["replies"])
                    replies = ngettext("{count} reply", "{count} replies", count).format(count=count)
                    prompt += Text(f"  ({replies})", style="dim")
                options.append(Option(prompt, id=thread["id"]))
            yield OptionList(*options, id="threads")
            yield Static(Text(_("enter opens the row, escape closes"), style="dim"))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        thread = next(t for t in self.threads if t["id"] == event.option.id)
        self.dismiss(thread["part"])

    def action_cancel(self) -> None:
        self.dismiss(None)


class ReviewLogDialog(ModalScreen[None]):
    """The review record: every status change, comment and sign-off, who and when."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("escape", "close", N_("Close"), id="log.close"),
        Binding("ctrl+q", "app.quit", N_("Quit"), id="log.quit", show=False),  # a modal screen hides the app's keys
    ]
    WIDTHS = {N_("When"): 16, N_("Who"): 22, N_("Action"): 10, N_("Part"): 26}  # Detail: the rest; long text wraps
    SHOWN = 500  # newest entries listed: each wrapped row is measured, and thousands took seconds

    def __init__(self, entries: list[dict[str, Any]], titles: dict[str, str]) -> None:
        super().__init__()
        self.entries = entries
        self.titles = titles  # part id -> title (a removed row keeps its id)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            count = len(self.entries)
            if count > self.SHOWN:
                shown = _("the newest {shown} of {count} entries").format(shown=f"{self.SHOWN:,}", count=f"{count:,}")
            else:
                shown = ngettext("{count} entry", "{count} entries", count).format(count=f"{count:,}")
            yield Static(Text(_("Review record ({entries})").format(entries=shown), style="bold"))
            yield DataTable(cursor_type="row", id="log")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.focus()
        self.call_after_refresh(self._fill)  # once the table has its size: the detail gets the rest

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        for label, width in self.WIDTHS.items():
            table.add_column(_(label), width=width)
        rest = table.size.width - table.scrollbar_size_vertical - sum(self.WIDTHS.values())
        table.add_column(_("Detail"), width=max(20, rest - 2 * table.cell_padding * (len(self.WIDTHS) + 1)))
        for entry in reversed(self.entries[-self.SHOWN :]):
            table.add_row(
                Text(review.local_time(entry["at"])),
                Text(review.describe(entry["by"]) + review.recorded(entry, "\n")),
                Text(_(ACTION_NAMES[entry["action"]]) if entry["action"] in ACTION_NAMES else entry["action"]),
                Text(self.titles.get(entry["part"], _("a removed row") if entry["part"] else "")),
                Text(entry["detail"][:160].replace("\n", " ")),
                height=None,  # as many lines as the longest cell needs
            )

    def action_close(self) -> None:
        self.dismiss(None)
