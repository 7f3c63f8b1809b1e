"""Click's own words (Usage:, Options, Error: ..., No such option ...) in the interface's language.

Click translates its words with the standard library's ``gettext.gettext`` and ``ngettext``,
which each of its modules imports under its own names (``_`` and ``ngettext``) and which read
the default text domain, not ours. `speak_our_language` rebinds those names, in every click
module loaded, to swgtui.i18n's: click's words then come from our catalogue, in the language
set with `i18n.set_language` at the moment they are said (English: the words as click writes
them). Nothing else of click is changed.

The words are listed below with `N_` so that extraction puts them in our catalogue
(tests/test_cli_lao.py checks the list against click's source).
"""

from __future__ import annotations

import gettext
import sys

from swgtui import i18n
from swgtui.i18n import N_, ngettext

_REBOUND = {"_": (gettext.gettext, i18n._), "ngettext": (gettext.ngettext, i18n.ngettext)}


def speak_our_language() -> None:
    """Make every click module loaded say its words through swgtui.i18n."""
    for name, module in list(sys.modules.items()):
        if name != "click" and not name.startswith("click."):
            continue
        for attribute, (theirs, ours) in _REBOUND.items():
            if getattr(module, attribute, None) is theirs:
                setattr(module, attribute, ours)


# Click's words a person can meet: not those for click's programmers, nor those of its modules
# that swgtui never loads (an editor or progress bar, Windows' console, shell completion).
CLICK_WORDS = (
    N_("Usage:"),
    N_("Options"),
    N_("Commands"),
    N_("Positional arguments"),
    N_("Show this message and exit."),
    N_("Show the version and exit."),
    N_("%(prog)s, version %(version)s"),
    N_("Error: {message}"),
    N_("Try '{command} {option}' for help."),
    N_("Aborted!"),
    N_("deprecated"),
    N_("DeprecationWarning: The command {name!r} is deprecated.{extra_message}"),
    N_("DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}"),
    N_("Missing command."),
    N_("No such command {name!r}."),
    N_("No such option {name!r}."),
    N_("Missing argument"),
    N_("Missing option"),
    N_("Missing parameter"),
    N_("Missing {param_type}"),
    N_("Missing parameter: {param_name}"),
    N_("Invalid value: {message}"),
    N_("Invalid value for {param_hint}: {message}"),
    N_("Invalid start character for option ({option})"),
    N_("Argument {name!r} takes {nargs} values."),
    N_("Option {name!r} does not take a value."),
    N_("Value must be an iterable."),
    N_("unknown error"),
    N_("Could not open file {filename!r}: {message}"),
    N_("env var: {var}"),
    N_("default: {default}"),
    N_("(dynamic)"),
    N_("required"),  # said as _(extra["required"]), which extraction cannot see
    N_("Do you want to continue?"),
    N_("Confirm the action without prompting."),
    N_("Repeat for confirmation"),
    N_("Error: The two entered values do not match."),
    N_("Error: invalid input"),
    N_("Press any key to continue..."),
    N_("Unknown color {colour!r}"),
    N_("Unknown standard stream '{name}'"),
    N_("Choice({choices})"),
    N_("Choose from:\n\t{choices}"),
    N_("{value!r} is not a valid {number_type}."),
    N_("{value} is not in the range {range}."),
    N_("{value!r} is not a valid boolean. Recognized values: {states}"),
    N_("{value!r} is not a valid UUID."),
    N_("file"),
    N_("directory"),
    N_("path"),
    N_("{name} {filename!r} does not exist."),
    N_("{name} {filename!r} is a file."),
    N_("{name} {filename!r} is a directory."),
    N_("{name} {filename!r} is not readable."),
    N_("{name} {filename!r} is not writable."),
    N_("{name} {filename!r} is not executable."),
)


def click_plurals(count: int) -> tuple[str, ...]:
    """Click's words that have a plural, as said of `count` things (Lao has one form)."""
    return (
        ngettext("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})", count),
        ngettext("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given.", count),
        ngettext("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)", count),
        ngettext("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments.", count),
        ngettext("{value!r} is not {choice}.", "{value!r} is not one of {choices}.", count),
        ngettext(
            "{value!r} does not match the format {format}.", "{value!r} does not match the formats {formats}.", count
        ),
        ngettext(
            "{len_type} values are required, but {len_value} was given.",
            "{len_type} values are required, but {len_value} were given.",
            count,
        ),
    )
