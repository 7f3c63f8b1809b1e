"""The dialog that creates a report: template, SWG (the ten offered, any accepted) and period.

While the SWG is typed the list narrows to the SWGs one of whose names (English, Lao or an
alias) contains it and highlights the first (the one the grey suggestion shows); Enter takes the
highlighted SWG. An SWG of the list is stored by its English name (the Word document's), whatever
name picked it; in a Lao interface the list shows the Lao names, the English ones beside them. A
name that is no SWG is taken only when Enter (or Create) is pressed again after the note saying
so. The fields scroll between the title and the buttons, so a small terminal (80x24) shows the
one in use."""

from __future__ import annotations

import unicodedata

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from swgtui import i18n
from swgtui.i18n import N_, _
from swgtui.model import report as rp
from swgtui.model.template import Template
from swgtui.screens.dialogs import FOCUS_KEYS
from swgtui.swgs import Swg, suggested_period, swg_key, swg_list, swg_named
from swgtui.widgets.line_input import LineInput


def _form(name: str) -> str:
    """`name` as compared with what is typed: compatibility forms (Lao ໜ and ຫນ), case and
    spaces set aside (Lao is written without spaces between words)."""
    return "".join(unicodedata.normalize("NFKC", name).casefold().split())


def _entry(swg: Swg) -> Option:
    """The SWG as the list shows it: its English name; in a Lao interface its Lao name first."""
    if i18n.language() == "en" or not swg.lao:
        return Option(swg.name, id=swg.key)
    return Option(Text.assemble(swg.lao, ("  " + swg.name, "dim")), id=swg.key)


class NewReportDialog(ModalScreen[dict[str, str] | None]):
    """Returns {"template", "swg", "period"} or None when cancelled. The period is checked, and
    a second report for the same SWG and period is made only when Create is pressed again."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), id="new.cancel"), *FOCUS_KEYS]

    AROUND_FIELDS = 12  # the dialog's border and padding, title, note and buttons

    def __init__(self, templates: list[Template], summaries: list[dict] | None = None) -> None:
        super().__init__()
        self.templates = templates
        self.summaries = summaries or []  # the reports already listed
        self._warned: tuple[str, str] | None = None  # the SWG and period warned of
        self._swgs = swg_list()
        self._as_typed: str | None = None  # the name that is no SWG, confirmed as typed

    def compose(self) -> ComposeResult:
        swgs = self._swgs
        names = [swg.name for swg in swgs] + [swg.lao for swg in swgs if swg.lao]
        language = i18n.language()
        with Vertical(classes="dialog"):
            yield Static(_("New report"), classes="question")
            with VerticalScroll(id="new-report-fields", can_focus=False):
                yield Label(_("Template"))
                yield Select(
                    [(Text(t.filled("…", "…", language).title), t.id) for t in self.templates],
                    value=self.templates[0].id,
                    allow_blank=False,
                    id="template",
                )
                yield Label(_("Sector Working Group (pick one below or type any name)"))
                yield LineInput(
                    placeholder=_("e.g. Health Sector Working Group"),
                    suggester=SuggestFromList(names, case_sensitive=False),
                    id="swg",
                )
                yield OptionList(*[_entry(swg) for swg in swgs], id="swg-list")
                yield Label(_("Period"))
                yield LineInput(suggested_period(), placeholder=_("e.g. 2025/2026"), id="period")
            yield Static("", id="problem", classes="problem")
            with Horizontal(classes="buttons"):
                yield Button(_("Create"), variant="primary", id="create")
                yield Button(_("Cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#swg", Input).focus()
        self.query_one("#swg-list", OptionList).highlighted = None  # nothing is chosen yet

    def on_resize(self, event: events.Resize) -> None:
        """The fields get what the dialog (at most 90% of the screen) leaves beside its title,
        a note of two lines and the buttons; they scroll in it, following the focus."""
        fields = self.query_one("#new-report-fields", VerticalScroll)
        fields.styles.max_height = max(4, event.size.height * 9 // 10 - self.AROUND_FIELDS)

    def _matches(self, typed: str) -> list[Swg]:
        """The SWGs `typed` names (as `swg_key` reads it) first, then those with a name that
        starts with it (the suggestion's first), then those with a name that contains it."""
        wanted = _form(typed)
        key = swg_key(typed) if wanted else ""

        def rank(swg: Swg) -> int:
            forms = [_form(name) for name in swg.names]
            if swg.key == key:
                return 0
            if any(form.startswith(wanted) for form in forms):
                return 1
            return 2 if any(wanted in form for form in forms) else 3

        ranked = sorted(((rank(swg), index) for index, swg in enumerate(self._swgs)))
        return [self._swgs[index] for place, index in ranked if place < 3]

    def on_input_changed(self, event: Input.Changed) -> None:
        """A note about the SWG or the period no longer applies once either is changed; the list
        shows only while some SWG matches what is typed."""
        self.query_one("#problem", Static).update("")
        if event.input.id != "swg":
            return
        listed = self.query_one("#swg-list", OptionList)
        matches = self._matches(event.value)
        listed.set_options([_entry(swg) for swg in matches])
        listed.highlighted = 0 if matches and event.value.strip() else None
        listed.display = bool(matches)

    def on_key(self, event: events.Key) -> None:
        """Up and down in the SWG field move the list's highlight."""
        listed = self.query_one("#swg-list", OptionList)
        if self.focused is self.query_one("#swg", Input) and event.key in ("up", "down") and listed.option_count:
            event.stop()
            listed.action_cursor_up() if event.key == "up" else listed.action_cursor_down()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self._take(self._name_of(event.option.id))

    def _name_of(self, key: str | None) -> str:
        """The English name of the SWG listed with `key` (the name a report of it stores)."""
        swg = swg_named(key or "")
        assert swg is not None, key
        return swg.name

    def _take(self, swg: str) -> None:
        self.query_one("#swg", Input).value = swg
        self.query_one("#problem", Static).update("")
        self.query_one("#period", Input).focus()

    def _known(self, typed: str) -> str | None:
        """The English name of the SWG `typed` names (its English or Lao name or an alias, in
        any case or spacing), else None."""
        swg = swg_named(swg_key(typed)) if typed.strip() else None
        return swg.name if swg else None

    def _typed_name_ok(self, swg: str, again: str) -> bool:
        """True when `swg` may be used as typed; else says it is no SWG (once: `again`, the note
        saying how to take it anyway) and returns False."""
        if self._as_typed == swg:
            return True
        self._as_typed = swg
        self.query_one("#problem", Static).update(Text(again))
        self.query_one("#swg", Input).focus()
        return False

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "swg":
            self._create()
            return
        typed = event.value.strip()
        listed = self.query_one("#swg-list", OptionList)
        known = self._known(typed)
        if known:
            self._take(known)
        elif typed and listed.highlighted is not None:
            self._take(self._name_of(listed.get_option_at_index(listed.highlighted).id))
        elif not typed or self._typed_name_ok(typed, _("Not one of the SWGs — Enter again to use it as typed.")):
            self.query_one("#problem", Static).update("")  # taken as typed: the note is done
            self.query_one("#period", Input).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "create":
            self._create()
        else:
            self.dismiss(None)

    def _create(self) -> None:
        swg = self.query_one("#swg", Input).value.strip()
        period = self.query_one("#period", Input).value.strip()
        problem = self.query_one("#problem", Static)
        if not swg:
            problem.update(_("Choose or type the Sector Working Group."))
            self.query_one("#swg", Input).focus()
        elif not self._known(swg) and not self._typed_name_ok(
            swg, _("Not one of the SWGs — press Create again to use it as typed.")
        ):
            return
        else:
            swg = self._known(swg) or swg
            try:
                period = rp.check_period(period)
            except rp.ReportError as error:
                message = str(error)
                problem.update(Text(message[:1].upper() + message[1:] + "."))
                self.query_one("#period", Input).focus()
                return
            same = rp.same_reports(self.summaries, swg, period)
            if same and self._warned != (swg, period):
                self._warned = (swg, period)
                exists = _("A report for {swg} {period} exists already. Press Create again to make another.")
                problem.update(Text(exists.format(swg=swg, period=period)))
                return
            template = str(self.query_one("#template", Select).value)
            self.dismiss({"template": template, "swg": swg, "period": period})

    def action_cancel(self) -> None:
        self.dismiss(None)
