"""The coordinator's view of one period: where each of the ten SWGs stands, from the store's list
of reports alone (each line carries its report's standing: swgtui.store, swgtui.model.standing).

One line per SWG of the list (swgtui.swgs), in its order, then one per other SWG that has a
report for the period (by its name). Periods are compared in their normal form
(`report.period_key`), SWGs by their key, never by the free-text name a report shows.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from swgtui import swgs
from swgtui.model import report as rp
from swgtui.model.standing import NOT_STARTED, STATUSES
from swgtui.model.template import TemplateError, load_template
from swgtui.store import ReportStore, StoreError
from swgtui.store.repository import summary_line
from swgtui.text import clean_line

OTHER = "other:"  # the key of an SWG outside the list: "other:" + its name, case folded
# How far along a report is, to tell which of two reports of one SWG the line shows.
_ADVANCE = {status: n for n, status in enumerate(STATUSES)}
# What a line shows of where its report stands (of the list's line: schema.LINE_KEYS)
_STANDING = ("status", "complete", "open_comments", "open_suggestions", "conflicts", "signed_off", "parts", "approved")
_WORKED_OUT = (*_STANDING, "swg_key", "contacts")  # what a line that lacks any of is worked out again
_UNKNOWN: dict[str, Any] = {"open_comments": 0, "open_suggestions": 0, "conflicts": 0, "signed_off": "", "parts": 0}
_UNKNOWN |= {"approved": 0, "contacts": []}


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
    key, name = line.get("swg_key"), str(line.get("swg", ""))
    if isinstance(key, str) and swgs.is_key(key):
        return key
    if key == "":  # a report outside the list
        return OTHER + clean_line(name).casefold()
    # none yet (an earlier release's line), or one this release does not list (a later list's)
    return swgs.swg_key(name) or OTHER + clean_line(name).casefold()


def _worked_out(line: dict[str, Any]) -> bool:
    """Whether the line holds its report's standing (a line written before it did does not; a key
    of the wrong type was left out when the line was listed: schema.listed_summary)."""
    return all(key in line for key in _WORKED_OUT)


def _standing(store: ReportStore, line: dict[str, Any], worked: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The line's standing fields, worked out from its report when the line lacks them (what was
    worked out is added to `worked`, by report id, to be written back to the list)."""
    if _worked_out(line):
        return line
    found = _from_report(store, line["id"])
    if found is None:
        return {**_UNKNOWN, **line, "status": NOT_STARTED}  # damaged: the report list says why
    worked[line["id"]] = {key: found[key] for key in _WORKED_OUT}
    return {**line, **found}


def _period_keys() -> Callable[[str], str]:
    """`report.period_key`, each distinct text worked out once (a store holds few periods)."""
    return functools.lru_cache(maxsize=None)(rp.period_key)


def _lines(store: ReportStore, worked: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The lines of the list of reports; one that cannot be read as it is (edited by hand, say)
    is rebuilt from its report (and added to `worked`, to be written back), or left out when
    its report cannot be read either (the report list says why)."""
    lines = []
    for line in store.list_reports():
        if "problem" not in line:
            lines.append(line)
        elif (rebuilt := _from_report(store, line["id"])) is not None:
            lines.append(rebuilt)
            worked[rebuilt["id"]] = rebuilt
    return lines


def _from_report(store: ReportStore, report_id: str) -> dict[str, Any] | None:
    """The line the report itself gives (None when it cannot be read: the report list says why)."""
    try:
        report = store.get(report_id)
        return summary_line(load_template(report["template"]), report)
    except (StoreError, TemplateError, rp.ReportError):
        return None


def period_overview(store: ReportStore, period: str) -> list[SwgLine]:
    """Where each SWG stands for `period` (see the module's docstring). An SWG without a report
    for the period (or whose report names none yet) lists the focal points of its latest report
    of any period that names some, to be chased.

    A line of the list written before lines held their report's standing is worked out from its
    report, and written back when the store is open for writing (so only once)."""
    wanted, period_of = rp.period_key(period), _period_keys()
    of_period: dict[str, list[dict[str, Any]]] = {}
    latest: dict[str, tuple[tuple[bool, str], dict[str, Any]]] = {}
    worked: dict[str, dict[str, Any]] = {}
    for line in _lines(store, worked):
        its_period = period_of(line["period"])
        if its_period == wanted:
            line = _standing(store, line, worked)  # noqa: PLW2901 - its SWG is its report's
            of_period.setdefault(line_key(line), []).append(line)
        elif (key := line_key(line)) not in latest or (bool(line.get("contacts")), its_period) >= latest[key][0]:
            latest[key] = ((bool(line.get("contacts")), its_period), line)  # the latest naming focal points
    result = []
    for swg in swgs.swg_list():
        lines, before = of_period.pop(swg.key, []), latest.get(swg.key)
        result.append(_swg_line(store, worked, SwgLine(swg.key, swg.name), lines, before and before[1]))
    for key, lines in sorted(of_period.items(), key=lambda item: item[1][0]["swg"].casefold()):
        before = latest.get(key)
        result.append(_swg_line(store, worked, SwgLine(key, lines[0]["swg"]), lines, before and before[1]))
    if worked and store.writable:
        with contextlib.suppress(StoreError):  # a shortcut only: worked out again next time
            store.complete_lines(worked)
    return result


def _swg_line(
    store: ReportStore,
    worked: dict[str, dict[str, Any]],
    line: SwgLine,
    lines: list[dict[str, Any]],
    latest: dict[str, Any] | None,
) -> SwgLine:

    def earlier() -> list[dict[str, str]]:
        return _contacts(_standing(store, latest, worked)) if latest is not None else []

    if not lines:
        line.contacts = earlier()
        return line
    known = [_standing(store, found, worked) for found in lines]
    shown = max(known, key=lambda found: (_ADVANCE.get(found["status"], 0), found.get("updated", "")))
    line.reports = [found["id"] for found in known]
    line.duplicate = len(known) > 1
    for key in _STANDING:
        setattr(line, key, shown[key])
    line.updated = shown.get("updated", "")
    line.updated_by = clean_line(str(shown.get("updated_by", "")))  # a line edited by hand says anything
    line.received = clean_line(max((str(found.get("received", "")) for found in known), default=""))
    line.contacts = _contacts(shown) or earlier()  # a report made and not filled in yet: chase as before
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


def earlier_report(summaries: list[dict[str, Any]], swg: str, period: str) -> dict[str, Any] | None:
    """The line of the SWG `swg`'s latest report of a period before `period` (to start the
    period's report from), or None."""
    wanted = rp.period_key(period)
    earlier = [
        line
        for line in summaries
        if "problem" not in line and line_key(line) == swg and rp.period_key(line["period"]) < wanted
    ]
    return max(earlier, key=lambda line: rp.period_key(line["period"]), default=None)
