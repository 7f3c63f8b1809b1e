"""What the editor's parts (editor_review, editor_entries) use of the editor screen, declared
here so each part is checked on its own; EditorScreen (editor.py) provides it."""

from __future__ import annotations

from collections.abc import Callable

from textual.screen import Screen

from swgtui.model import report as rp
from swgtui.model.template import Template
from swgtui.model.types import Report
from swgtui.session import ReportSession
from swgtui.widgets.part_form import PartForm


class EditorBase(Screen[None]):
    session: ReportSession  # the report open in the editor: every change goes through it
    part_id: str  # the part shown
    focus_after: Callable[[PartForm], object] | None  # where the focus goes once the rebuilt form shows

    @property
    def report(self) -> Report:
        return self.session.report

    @property
    def template(self) -> Template:
        return self.session.template

    def part_title(self, part_id: str) -> str:
        return rp.part_title(self.template, self.report, part_id)

    @property
    def form(self) -> PartForm:
        """The form on screen."""
        raise NotImplementedError

    def go_to_part(self, part_id: str, rebuild_form: bool = False, focus_form: bool = False) -> None:
        """Show a part (its form rebuilt if asked: after a change made elsewhere)."""
        raise NotImplementedError

    def after_change(self, part_id: str, focus_form: bool = False, edited: str = "") -> None:
        """Save soon and show `part_id` anew after a change (of `edited`, a removed row, else of it)."""
        raise NotImplementedError

    def after_review(self, part_id: str = "") -> None:
        """Save soon and redraw after a review step (on `part_id`, else on the part shown)."""
        raise NotImplementedError

    def save_soon(self) -> None:
        """Save the report soon: it changed (in the part shown)."""
        raise NotImplementedError

    def pending_save(self) -> tuple[Report, int] | None:
        """What is not saved yet (a copy and its version), to save now; None if all is saved."""
        raise NotImplementedError

    def action_change_tag(self) -> None:
        """Give the row its next tag (F9)."""
        raise NotImplementedError

    def action_change_period(self) -> None:
        """Change the reporting period in a dialog (F6)."""
        raise NotImplementedError

    def save_copy(self, snapshot: Report, version: int) -> bool:
        """Save a copy taken at `version` (from any thread); False if a newer one is saved."""
        raise NotImplementedError

    def saved(self) -> None:
        """A save went through (on the event loop)."""
        raise NotImplementedError

    def save_failed(self, message: str) -> None:
        """A save failed (on the event loop): say so and retry."""
        raise NotImplementedError
