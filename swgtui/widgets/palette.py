"""The command palette in the user's language, and its search over whole grapheme clusters.

Textual's fuzzy matcher compares code points: a Lao query typed with its marks in another order
than the command's name stores them (a tone mark before a vowel mark, "ໍ" + "າ" for "ຳ", "ຫນ"
for "ໜ") finds nothing, and a query's tone mark could be matched to a mark of another syllable.
Here the query and each name are compared as sequences of grapheme clusters (a consonant with
its vowel and tone marks), each normalised (NFKC, case folded); a query's cluster matches a
name's cluster that starts with it (so "ກິ" typed so far finds "ກິ່ງ"), and a hit is highlighted
by whole clusters.
"""

from __future__ import annotations

import unicodedata
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette, Provider
from textual.content import Content
from textual.fuzzy import Matcher
from textual.system_commands import SystemCommandsProvider
from textual.theme import ThemeProvider
from textual.widgets.option_list import OptionDoesNotExist

from swgtui.i18n import _

if TYPE_CHECKING:
    import regex


@cache
def _patterns() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    """A grapheme cluster, a word's character: `regex` is loaded at the first search, not at start."""
    import regex

    return regex.compile(r"\X"), regex.compile(r"\w")


def _normalised(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


@lru_cache(maxsize=1024)
def clusters(text: str) -> tuple[tuple[int, int, str], ...]:
    """The clusters of `text` (in NFC) once normalised, each with the start and end in the NFC
    text of the cluster it comes from ("ໜ້" normalised is "ຫ" and "ນ້", both where "ໜ້" is)."""
    cluster = _patterns()[0]
    return tuple(
        (found.start(), found.end(), part)
        for found in cluster.finditer(unicodedata.normalize("NFC", text))
        for part in cluster.findall(_normalised(found.group()))
    )


def _query_clusters(query: str) -> tuple[str, ...]:
    return tuple(form for form in _patterns()[0].findall(_normalised(query)) if form.strip() or form == " ")


@lru_cache(maxsize=1024)
def cluster_match(query: str, name: str) -> tuple[float, tuple[int, ...]]:
    """How well `query` matches `name` (0: not at all) and which of the name's clusters (by
    their index in `clusters(name)`) it matched, scored as Textual's matcher scores code points."""
    wanted = _query_clusters(query)
    found = clusters(name)
    if not wanted:
        return 0.0, ()
    forms = [form for _start, _end, form in found]
    firsts = _word_starts(forms)
    for start in range(len(forms) - len(wanted) + 1):  # the query as a whole, contiguous
        if all(forms[start + i].startswith(q) for i, q in enumerate(wanted)):
            positions = tuple(range(start, start + len(wanted)))
            whole = len(wanted) == len(forms) and forms[-1] == wanted[-1]
            return _score(firsts, positions) * (2.0 if whole else 1.5), positions
    best: tuple[float, tuple[int, ...]] = (0.0, ())
    for positions in _spread(forms, wanted):
        score = _score(firsts, positions)
        if score > best[0]:
            best = (score, positions)
    return best


def _spread(forms: list[str], wanted: tuple[str, ...], limit: int = 2000) -> list[tuple[int, ...]]:
    """The ways the query's clusters match clusters of the name in order (at most `limit`)."""
    places = [[i for i, form in enumerate(forms) if form.startswith(q)] for q in wanted]
    if not all(places):
        return []
    ways: list[tuple[int, ...]] = []

    def extend(chosen: tuple[int, ...], depth: int) -> None:
        for place in places[depth]:
            if len(ways) >= limit:
                return
            if not chosen or place > chosen[-1]:
                if depth + 1 == len(places):
                    ways.append((*chosen, place))
                else:
                    extend((*chosen, place), depth + 1)

    extend((), 0)
    return ways


def _score(firsts: frozenset[int], positions: tuple[int, ...]) -> float:
    """As Textual's matcher scores a hit: one for each cluster matched and each that starts a
    word, more the fewer the runs they fall in."""
    runs = 1 + sum(1 for before, after in zip(positions, positions[1:], strict=False) if after != before + 1)
    together = (len(positions) - (runs - 1)) / len(positions)
    return (len(positions) + len(firsts.intersection(positions))) * (1 + together * together)


def _word_starts(forms: list[str]) -> frozenset[int]:
    word = _patterns()[1]
    return frozenset(i for i, form in enumerate(forms) if word.match(form) and (i == 0 or not word.match(forms[i - 1])))


class ClusterMatcher(Matcher):
    """Textual's matcher, comparing whole grapheme clusters (see the module's docstring)."""

    def match(self, candidate: str) -> float:
        return cluster_match(self.query, candidate)[0]

    def highlight(self, candidate: str) -> Content:
        score, positions = cluster_match(self.query, candidate)
        shown = unicodedata.normalize("NFC", candidate)
        content = Content.from_markup(shown)
        if not score:
            return content
        found = clusters(candidate)
        for index in positions:
            start, end, form = found[index]
            if form.strip():
                content = content.stylize(self.match_style, start, end)
        return content


class ClusterMatching(Provider):
    """A provider whose searches compare whole grapheme clusters."""

    def matcher(self, user_input: str, case_sensitive: bool = False) -> Matcher:
        return ClusterMatcher(user_input, match_style=self.match_style, case_sensitive=case_sensitive)


class Commands(ClusterMatching, SystemCommandsProvider):
    """The app's commands (App.get_system_commands), found by cluster."""


class Themes(ClusterMatching, ThemeProvider):
    """The colour themes, found by cluster."""


class Palette(CommandPalette):
    """Textual's command palette with its own words in the user's language: the placeholder is
    given when it is made; "No matches found", which Textual writes in English, is put in the
    user's language a moment after it appears."""

    def _start_no_matches_countdown(self, search_value: str) -> None:
        super()._start_no_matches_countdown(search_value)
        if search_value:  # once Textual has said it, in English
            self.set_timer(self._NO_MATCHES_COUNTDOWN + 0.05, self._say_no_matches)

    def _say_no_matches(self) -> None:
        listed = self.query_one(CommandList)
        try:
            listed.get_option(self._NO_MATCHES)
        except OptionDoesNotExist:  # the search found something meanwhile
            return
        listed.replace_option_prompt(self._NO_MATCHES, Align.center(Text(_("No matches found"), style="not bold")))
