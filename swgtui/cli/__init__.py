"""The command line: the app, and every report and review action for scripts (with --json)."""

from swgtui.cli import conflicts, coordinator, edit, exchange, reports, review, suggestions  # noqa: F401 - registers the commands
from swgtui.cli.base import main

__all__ = ["main"]
