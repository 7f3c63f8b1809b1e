"""The dialog that creates a report: template, SWG (the ten offered, any accepted) and period."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label, OptionList, Select, Static

from swgtui.model import report as rp
from swgtui.model.template import Template
from swgtui.swgs import known_swgs, suggested_period


class NewReportDialog(ModalScreen[dict[str, str] | None]):
    """Returns {"template", "swg", "period"} or None when cancelled. The period is checked, and
    a second report for the same SWG and period is made only when Create is pressed again."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="new.cancel")]

    def __init__(self, templates: list[Template], summaries: list[dict] | None = None) -> None:
        super().__init__()
        self.templates = templates
        self.summaries = summaries or []  # the reports already listed
        self._warned: tuple[str, str] | None = None  # the SWG and period warned of

    def compose(self) -> ComposeResult:
        swgs = known_swgs()
        with Vertical(classes="dialog"):
            yield Static("New report", classes="question")
            yield Label("Template")
            yield Select(
                [(t.title, t.id) for t in self.templates],
                value=self.templates[0].id,
                allow_blank=False,
                id="template",
            )
            yield Label("Sector Working Group (pick one below or type any name)")
            yield Input(placeholder="e.g. Health Sector Working Group", suggester=SuggestFromList(swgs), id="swg")
            yield OptionList(*swgs, id="swg-list")
            yield Label("Period")
            yield Input(suggested_period(), placeholder="e.g. 2025/2026", id="period")
            yield Static("", id="problem", classes="problem")
            with Horizontal(classes="buttons"):
                yield Button("Create", variant="primary", id="create")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#swg", Input).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.query_one("#swg", Input).value = str(event.option.prompt)
        self.query_one("#period", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "swg":
            self.query_one("#period", Input).focus()
        else:
            self._create()

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
            problem.update("Choose or type the Sector Working Group.")
            self.query_one("#swg", Input).focus()
        else:
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
                problem.update(Text(f"A report for {swg} {period} exists already. Press Create again to make another."))
                return
            template = str(self.query_one("#template", Select).value)
            self.dismiss({"template": template, "swg": swg, "period": period})

    def action_cancel(self) -> None:
        self.dismiss(None)
