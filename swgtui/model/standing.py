"""Where a report stands, as the coordinator sees it across the ten SWGs: one status word, how
complete it is, what is open in its review and whether it is signed off.

Worked out from the report alone (one fold of its review), so the store can keep it on the
report's line in its list (swgtui.store) and the overview never opens a report.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, cast

from swgtui.i18n import N_, _
from swgtui.model import report as rp
from swgtui.model import review
from swgtui.model.template import Template
from swgtui.model.types import Report, Revision

NOT_STARTED, DRAFTING, IN_REVIEW = "not_started", "drafting", "in_review"
CHANGES_REQUESTED, APPROVED = "changes_requested", "approved"
SIGNED_OFF, SIGNOFF_STALE = "signed_off", "signoff_stale"
STATUSES = (NOT_STARTED, DRAFTING, IN_REVIEW, CHANGES_REQUESTED, APPROVED, SIGNED_OFF, SIGNOFF_STALE)
# The status as people read it (the key is what the store keeps): translate where it is shown,
# `_(STATUS_LABELS[status])` in the interface, the document's language's gettext in a compendium.
STATUS_LABELS = {
    NOT_STARTED: N_("not started"),
    DRAFTING: N_("drafting"),
    IN_REVIEW: N_("in review"),
    CHANGES_REQUESTED: N_("changes requested"),
    APPROVED: N_("approved"),
    SIGNED_OFF: N_("signed off"),
    SIGNOFF_STALE: N_("sign-off no longer valid"),
}


@dataclass(frozen=True)
class Standing:
    status: str  # one of STATUSES
    complete: float  # 0 … 1, as the report list shows it
    open_comments: int  # open comment threads
    open_suggestions: int  # reviewers' suggestions neither accepted nor rejected
    conflicts: int  # fields left in conflict by a merge
    signed_off: str  # when its valid sign-off was given (ISO), else ""
    parts: int  # parts to approve (the header and every row)
    approved: int  # parts approved (the approval still holding)

    def as_summary(self) -> dict[str, Any]:
        """What the store keeps on the report's line."""
        return asdict(self)


def report_standing(report: Report, template: Template) -> Standing:
    """Where `report` stands (see STATUSES; the module docstring). The report is left as it is.
    Quick for a report no one has taken a review step on (no fingerprint to work out): the
    store works it out at every save."""
    report = cast(Report, {**report})  # the review module adds an empty review to what it reads
    data = review.review_data(report)
    suggestions = data.get("suggestions") or []
    decided = review.decided_suggestions(report) if suggestions else {}
    open_suggestions = sum(1 for suggestion in suggestions if suggestion["id"] not in decided)
    if data["events"]:
        summary, _stale = review.export_review(report)
        statuses = [part["status"] for part in summary["parts"]]
        state, last = summary["signoff"]["state"], summary["signoff"]["last"]
        open_comments = sum(1 for thread in summary["threads"] if not thread["resolved"])
    else:  # every part a draft, nothing resolved, nothing signed
        statuses = [review.DRAFT] * len(rp.part_ids(report))
        state, last = "none", None
        open_comments = review.open_thread_count(report)
    if state == "valid":
        status = SIGNED_OFF
    elif state == "stale":
        status = SIGNOFF_STALE
    elif review.CHANGES in statuses:
        status = CHANGES_REQUESTED
    elif statuses and all(status == review.APPROVED for status in statuses):
        status = APPROVED
    elif data["events"] or data["comments"] or suggestions:
        status = IN_REVIEW
    elif not anything_written(report, template):
        status = NOT_STARTED
    else:
        status = DRAFTING
    return Standing(
        status=status,
        complete=round(rp.report_completeness(template, report), 4),
        open_comments=open_comments,
        open_suggestions=open_suggestions,
        conflicts=len(report.get("conflicts") or []),
        signed_off=last["at"] if state == "valid" and last else "",
        parts=len(statuses),
        approved=statuses.count(review.APPROVED),
    )


def not_final_because(report: Report) -> list[str]:
    """Why the report is not final yet, one line each (empty once it is): what stands between it
    and its sign-off, the parts not approved in one line, and the sign-off missing or void."""
    report = cast(Report, {**report})
    summary, stale = review.export_review(report)
    missing = _missing(summary, len(review.parts_in_conflict(report)))
    state = summary["signoff"]["state"]
    if state == "none":
        missing.append(_("the report is not signed off"))
    elif state == "stale":
        missing.append(_("its sign-off is no longer valid ({reason})").format(reason=stale))
    return missing


def anything_written(report: Report, template: Template) -> bool:
    """Whether anyone wrote in the report beyond what making it put there (its SWG's name, the
    template's rows and partners): a text, a contact, a row added, "no update this period"."""
    header = report["header"]
    if any(text.strip() for key, text in header["fields"].items() if key != "swg_name"):
        return True
    if any(header["contacts"].values()):
        return True
    fixed = {row.id for section in template.sections for row in section.rows}
    for section in report["sections"]:
        if section.get("no_update"):
            return True
        for row in section["rows"]:
            if row["id"] not in fixed or row.get("no_update"):
                return True
            if any(text.strip() for text in row["fields"].values()) or any(
                item["text"].strip() for item in row["items"]
            ):
                return True
    return False


def _missing(summary: dict[str, Any], conflicts: int) -> list[str]:
    """Why the report is not final, one line each, as the sign-off gives them (the first
    `conflicts` lines: the parts in conflict), except that the parts not approved make one line
    (by status) instead of one each."""
    waiting: dict[str, list[str]] = {}
    not_approved = set()
    for part in summary["parts"]:
        if part["status"] != review.APPROVED:
            waiting.setdefault(_(review.STATUS_LABELS[part["status"]]), []).append(rp.quoted(part["title"]))
            not_approved.add(review.not_approved(rp.quoted(part["title"]), part["status"]))
    lines = [line for line in summary["blockers"] if line not in not_approved]
    if waiting:
        count = sum(len(titles) for titles in waiting.values())
        said = "; ".join(f"{status}: {', '.join(titles)}" for status, titles in waiting.items())
        lines.insert(
            conflicts,
            _("{count} of {total} parts not approved ({said})").format(
                count=count, total=len(summary["parts"]), said=said
            ),
        )
    return lines


def latest_act(report: Report, revisions: list[Revision], known: Report | None = None) -> tuple[str, str] | None:
    """When and by whom the last act was among `revisions` and the report's review steps,
    comments and suggestions that `known` (the report as it was before, if any) did not hold:
    (ISO time, name), or None when none names its author."""
    acts: list[tuple[str, Any]] = [(revision["at"], revision["by"]) for revision in revisions]
    before = cast(dict[str, list[Any]], known.get("review") or {}) if known is not None else {}
    data = cast(dict[str, list[Any]], report.get("review") or {})
    for key in ("events", "comments", "suggestions"):
        seen = {item["id"] for item in before.get(key, [])}
        acts += [(item["at"], item["by"]) for item in data.get(key, []) if item["id"] not in seen]
    named = [(str(at), str(by["name"])) for at, by in acts if isinstance(by, dict) and by.get("name")]
    return max(named) if named else None
