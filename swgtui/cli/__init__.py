"""The command line: the app, and every report and review action for scripts (with --json)."""

from swgtui.cli import (  # noqa: F401 - registers the commands
    conflicts,
    coordinator,
    edit,
    exchange,
    overview,
    reports,
    review,
    suggestions,
)
from swgtui.cli.base import main

__all__ = ["main"]
