"""The coordinator's view of one period: where each of the ten SWGs stands, from the store's list
of reports alone (each line carries its report's standing: swgtui.store, swgtui.model.standing).

One line per SWG of the list (swgtui.swgs), in its order, then one per other SWG that has a
report for the period (by its name). Periods are compared in their normal form
(`report.period_key`), SWGs by their key, never by the free-text name a report shows.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from swgtui import swgs
from swgtui.model import report as rp
from swgtui.model.standing import NOT_STARTED, STATUSES
from swgtui.store import ReportStore, StoreError
from swgtui.store.repository import summary_line
from swgtui.text import clean_line

OTHER = "other:"  # the key of an SWG outside the list: "other:" + its name, case folded
# How far along a report is, to tell which of two reports of one SWG the line shows.
_ADVANCE = {status: n for n, status in enumerate(STATUSES)}
_STANDING: dict[str, type | tuple[type, ...]] = {
    "status": str,
    "complete": (int, float),
    "open_comments": int,
    "open_suggestions": int,
    "conflicts": int,
    "signed_off": str,
    "parts": int,
    "approved": int,
}


@dataclass
class SwgLine:
    swg: str  # the SWG's key (OTHER + name for one outside the list)
    name: str  # the list's English name, else the name its report gives
    reports: list[str] = field(default_factory=list)  # ids of its reports for the period, oldest first
    duplicate: bool = False  # two or more reports of the period: to settle
    status: str = NOT_STARTED
    complete: float = 0.0
    open_comments: int = 0
    open_suggestions: int = 0
    conflicts: int = 0
    signed_off: str = ""  # when its valid sign-off was given (ISO), else ""
    parts: int = 0
    approved: int = 0
    updated: str = ""  # when its report was last saved (ISO), "" without one
    updated_by: str = ""
    received: str = ""  # when a package or reviewed Word file of it was last received (ISO)
    contacts: list[dict[str, str]] = field(default_factory=list)  # its focal points (see period_overview)

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def line_key(line: dict[str, Any]) -> str:
    """The SWG a line of the list of reports belongs to: its key, else OTHER + its name."""
    key = line.get("swg_key")
    if isinstance(key, str) and key:
        return key
    if isinstance(key, str):  # a report outside the list
        return OTHER + clean_line(str(line.get("swg", ""))).casefold()
    return swgs.swg_key(str(line.get("swg", ""))) or OTHER + clean_line(str(line.get("swg", ""))).casefold()


def _standing(store: ReportStore, line: dict[str, Any]) -> dict[str, Any]:
    """The line's standing fields, worked out from its report when the line is older than them."""
    if all(isinstance(line.get(key), kind) and not isinstance(line.get(key), bool) for key, kind in _STANDING.items()):
        return line
    try:
        report = store.get(line["id"])
    except StoreError:
        return {**line, "status": NOT_STARTED}  # damaged: the report list says why
    from swgtui.model.template import load_template

    return {**line, **summary_line(load_template(report["template"]), report)}


def _lines(store: ReportStore) -> list[dict[str, Any]]:
    return [line for line in store.list_reports() if "problem" not in line]


def period_reports(store: ReportStore, period: str) -> dict[str, list[str]]:
    """SWG key -> the ids of its reports for `period` (oldest first)."""
    wanted = rp.period_key(period)
    found: dict[str, list[str]] = {}
    for line in _lines(store):
        if rp.period_key(line["period"]) == wanted:
            found.setdefault(line_key(line), []).append(line["id"])
    return found


def period_overview(store: ReportStore, period: str) -> list[SwgLine]:
    """Where each SWG stands for `period` (see the module's docstring). An SWG without a report
    for the period lists the focal points of its latest report of any period, to be chased."""
    wanted = rp.period_key(period)
    of_period: dict[str, list[dict[str, Any]]] = {}
    latest: dict[str, dict[str, Any]] = {}
    for line in _lines(store):
        key = line_key(line)
        if rp.period_key(line["period"]) == wanted:
            of_period.setdefault(key, []).append(line)
        elif key not in latest or line["period"] > latest[key]["period"]:
            latest[key] = line
    result = []
    for swg in swgs.swg_list():
        result.append(_swg_line(store, swg.key, swg.name, of_period.pop(swg.key, []), latest.get(swg.key)))
    for key, lines in sorted(of_period.items(), key=lambda item: item[1][0]["swg"].casefold()):
        result.append(_swg_line(store, key, lines[0]["swg"], lines, None))
    return result


def _swg_line(
    store: ReportStore, key: str, name: str, lines: list[dict[str, Any]], latest: dict[str, Any] | None
) -> SwgLine:
    line = SwgLine(swg=key, name=name)
    if not lines:
        if latest is not None:
            line.contacts = _contacts(_standing(store, latest))
        return line
    known = [_standing(store, found) for found in lines]
    shown = max(known, key=lambda found: (_ADVANCE.get(found["status"], 0), found.get("updated", "")))
    line.reports = [found["id"] for found in known]
    line.duplicate = len(known) > 1
    for name_ in _STANDING:
        setattr(line, name_, shown[name_])
    line.updated = shown.get("updated", "")
    line.updated_by = str(shown.get("updated_by", ""))
    line.received = max((str(found.get("received", "")) for found in known), default="")
    line.contacts = _contacts(shown)
    return line


def _contacts(line: dict[str, Any]) -> list[dict[str, str]]:
    contacts = line.get("contacts")
    if not isinstance(contacts, list):
        return []
    return [
        {key: clean_line(str(contact.get(key, ""))) for key in ("list", "organisation", "name", "email")}
        for contact in contacts
        if isinstance(contact, dict)
    ]
