"""The Sector Working Groups of the Round Table Process, each known by a key.

A report belongs to one of them by its key (report["swg"]), not by its free-text name, which may
be in Lao, abbreviated or edited. `swg_key` finds the key a name stands for; a name that matches
none is an SWG outside the list (key "").
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from importlib import resources

from swgtui.i18n import _

_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_TRAILING_NOTE = re.compile(r"\s*\([^()]*\)\s*$")  # "Health SWG (2025)" reads as "Health SWG"
_GROUP_WORDS = re.compile(r"\b(?:sector working group|sectoral working group|working group|swg)s?\b")
_LAO_GROUP = unicodedata.normalize("NFKC", "ກຸ່ມວຽກຂະແໜງ")  # "sector working group" in Lao, as the names start


@dataclass(frozen=True)
class Swg:
    key: str
    name: str  # the English name, as reports and the overview show it
    lao: str
    aliases: tuple[str, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, self.lao, *self.aliases)


@functools.cache
def swg_list() -> tuple[Swg, ...]:
    data = json.loads((resources.files("swgtui") / "data" / "swgs.json").read_text(encoding="utf-8"))
    found = []
    for entry in data["swgs"]:
        key = str(entry["key"])
        if not _KEY.match(key):
            raise ValueError(_("swgs.json: {key!r} is not a key (lower-case letters, digits, _)").format(key=key))
        aliases = tuple(str(alias) for alias in entry.get("aliases", ()))
        found.append(Swg(key, str(entry["name"]), str(entry.get("lao", "")), aliases))
    return tuple(found)


def known_swgs() -> list[str]:
    """The English names of the SWGs, in the list's order (offered when creating a report)."""
    return [swg.name for swg in swg_list()]


def is_key(key: str) -> bool:
    return any(swg.key == key for swg in swg_list())


def swg_named(key: str) -> Swg | None:
    """The SWG with this key, or None."""
    return next((swg for swg in swg_list() if swg.key == key), None)


def name_core(name: str) -> str:
    """What a name says once case, spacing, punctuation, "&"/"and", Unicode's compatibility forms
    (Lao ໜ and ຫນ) and the words "sector working group"/"SWG" (in Lao too) are set aside:
    "Illicit Drug SWG" and "illicit drug sector working group" read "illicitdrug"; "IDSWG" reads
    "id" (so an alias is needed for it)."""
    text = unicodedata.normalize("NFKC", name).casefold().strip()
    text = _TRAILING_NOTE.sub("", text).replace("&", " and ")
    spaced = "".join(char if unicodedata.category(char)[0] in "LNM" else " " for char in text)
    words = _GROUP_WORDS.sub(" ", spaced).split() or spaced.split()  # a name that is only "SWG" stays
    if len(words) == 1 and words[0].endswith("swg") and len(words[0]) > 3:  # "IDSWG", "HSWG"
        words = [words[0][:-3]]
    joined = "".join(words)  # Lao is written without spaces between words: none counts
    return joined.replace(_LAO_GROUP, "") or joined


@functools.cache
def _cores() -> dict[str, str]:
    cores: dict[str, str] = {}
    for swg in swg_list():
        for name in swg.names:
            core = name_core(name)
            if core:
                cores.setdefault(core, swg.key)
        cores.setdefault(name_core(swg.key.replace("_", " ")), swg.key)
    return cores


def swg_key(name: str) -> str:
    """The key of the SWG `name` stands for (its English or Lao name, an alias, or its key, in
    any case or spacing), or "" when it names none of the list."""
    return _cores().get(name_core(name), "")


def suggested_period(today: date | None = None) -> str:
    """The period being reported on: last year/this year (reports are written late in the year)."""
    today = today or date.today()
    return f"{today.year - 1}/{today.year}"
