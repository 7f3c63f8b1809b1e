"""The ``swgtui`` command: chooses the interface's language before any message is made, then
runs the command line (whose help texts are made when its modules are imported)."""

from __future__ import annotations

import sys

from swgtui import i18n
from swgtui.settings import saved_language


def lang_option(argv: list[str]) -> str | None:
    """The value of ``--lang`` in the arguments (before a lone ``--``), or None."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def start_language(argv: list[str]) -> None:
    """Set the interface's language as `i18n.choose_language` picks it; its warnings to stderr."""
    option = lang_option(argv)
    if i18n.language_code(option) is None:
        option = None  # the command line refuses it, with its usage
    code, warnings = i18n.choose_language(option, saved_language())
    i18n.set_language(code)
    for warning in warnings:
        print(f"swgtui: {warning}", file=sys.stderr)


def main() -> None:
    start_language(sys.argv[1:])
    from swgtui.cli import main as command_line

    command_line()
