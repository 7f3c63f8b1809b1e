"""Review packages in and out of the store: send a report to its reviewers, receive their answer.

- `send` brings the report's history up to date (every value gets a revision), marks the review
  events that leave this laptop for the first time with the package's id, and writes the
  package (to the export folder unless told where).
- `read_package` reads and checks a package file, before the store is touched.
- `receive_package` merges it into the report of the same id (swgtui.model.merge), or adds the
  report when the store does not hold it (saying so when it was deleted here). It keeps a
  backup of the report's files first, and writes nothing when the package changes nothing
  (received already). The template a package carries is added to the user's templates folder
  when this laptop does not have it.
- `undo_receive` takes the last receive back, unless the report changed since.
"""

from __future__ import annotations

import contextlib
import json
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, cast

from swgtui import paths
from swgtui.exports import names
from swgtui.exports.files import ExportError, chosen_path, write_export
from swgtui.i18n import N_, _, ngettext
from swgtui.model import report as rp
from swgtui.model import review
from swgtui.model.ids import is_plain_id, new_id
from swgtui.model.merge import merge_report, synthetic_revisions
from swgtui.model.merge_graph import heads
from swgtui.model.package import (
    SUFFIX,
    Package,
    canonical,
    checked_history,
    checked_report,
    make_package,
    parse_package,
    sha256,
)
from swgtui.model.report import ReportError
from swgtui.model.schema import MAX_HEADS, report_to_json
from swgtui.model.standing import latest_act
from swgtui.model.template import TemplateError, load_template, template_data, user_template_path
from swgtui.model.types import Person, Report, Revision
from swgtui.store.backup import backup_note, report_backups, update_note
from swgtui.store.repository import ReportStore, StoreError
from swgtui.store.storage import StorageError, read_regular, write_bytes_atomic

CARRIES_EVERYTHING = N_(
    "the package carries every draft and every internal comment of the report (its whole history "
    "and review record): send it only to the report's reviewers"
)


@dataclass
class Sent:
    path: Path
    package_id: str
    marked: list[str]  # the review events this package is the first to carry
    notes: list[str] = field(default_factory=list)  # what happened to an earlier file there

    def said(self) -> str:
        """What the app tells the sender: where the package is, and what it carries."""
        carries = _(CARRIES_EVERYTHING)
        return "\n".join([str(self.path), *self.notes, carries[:1].upper() + carries[1:] + "."])


@dataclass
class Received:
    report_id: str
    added: bool  # the store did not hold the report: the package added it
    changed: bool  # False: received already, nothing written
    summary: str  # one line for the user


# --- sending ---------------------------------------------------------------------------------------


def send(store: ReportStore, report_id: str, out: str | Path | None = None, by: Person | None = None) -> Sent:
    """Write a review package of the report; `by` is who sends it."""
    path = None if out is None else chosen_path(out, "swgpkg")
    if path is not None and not path.parent.is_dir():  # refused before the report is marked as sent
        raise ExportError(
            _("cannot write {file}: the folder {folder} does not exist").format(file=path, folder=path.parent)
        )
    report = store.get(report_id)
    package_id = new_id()
    marked = []
    for event in report.get("review", {}).get("events", []):
        if not event.get("package"):
            event["package"] = package_id
            marked.append(event["id"])
    # every value gets a revision (the texts by the sender, values never saved one as a merge
    # would make them), so the reviewers' copies merge against the same revisions
    store.save(report, touch=False, author=cast(dict[str, str] | None, by), complete_history=True)
    history = store.full_history(report["id"])
    missing = synthetic_revisions(report, history)
    if missing:
        store.save(report, touch=False, revisions=missing)
    sent_at = rp.now_iso()
    payload = make_package(
        package_id,
        sent_at,
        by,
        report,
        history + missing,
        report["template"],
        template_data(report["template"]),
    )
    if path is None:
        path = paths.export_dir() / _default_name(report, sent_at, by)
    exported = write_export(report, payload, path, document=False)
    return Sent(exported.path, package_id, marked, exported.notes)


def _default_name(report: Report, sent_at: str, by: Person | None) -> str:
    """e.g. …-idswg-2020-2021-review-2026-01-06-093005-Noy-Focal.swgpkg: each person's package
    of a report, and each send of the day, gets its own name."""
    stamp = sent_at[:19].replace("T", "-").replace(":", "")  # 2026-01-06-093005
    who = names.name_part(by["name"], 30) if by and by.get("name") else ""
    return f"{names.report_stem(report)}-review-{stamp}{'-' + who if who else ''}{SUFFIX}"


# --- receiving -------------------------------------------------------------------------------------


def read_package(path: Path) -> Package:
    """The package in the file, checked (ReportError in one line if it is not one)."""
    try:
        read = read_regular(path)
    except StorageError as error:
        raise ReportError(str(error).removesuffix("; it was left untouched")) from None
    if read is None:
        raise ReportError(_("no file {file}").format(file=path))
    return parse_package(read[0], str(path))


@contextmanager
def checked(package: Package) -> Iterator[tuple[Report, str]]:
    """The package's report, checked against its template, and a note on the template (added
    to the user's templates folder, or different from this laptop's): before the store is
    opened. The template added goes again if the block fails: a refused package stores nothing."""
    installed, template_note = _ensure_template(package)
    try:
        yield checked_report(package), template_note
    except BaseException:
        if installed is not None:
            installed.unlink(missing_ok=True)
        raise


def receive_package(
    store: ReportStore, package: Package, incoming: Report, template_note: str = "", in_app: bool = False
) -> Received:
    """Merge the package into the store, or add its report (see the module's docstring);
    `in_app`: the summary points to the app's key for conflicts rather than the command."""
    received = _receive(store, package, incoming, in_app)
    if template_note:
        received.summary += f"; {template_note}"
    return received


def _ensure_template(package: Package) -> tuple[Path | None, str]:
    """The template the package's report is on: kept in the user's templates folder if this
    laptop does not have it (the file written, to take back if the report is refused)."""
    try:
        load_template(package.template_id)
    except TemplateError as error:
        path = user_template_path(package.template_id)
        if path.exists():
            said = _(
                "{file} cannot be received: its template {template!r} is in your templates folder, "
                "but cannot be read ({error})"
            )
            raise ReportError(said.format(file=package.source, template=package.template_id, error=error)) from None
        text = json.dumps(package.template_data, ensure_ascii=False, indent=2) + "\n"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_bytes_atomic(path, text.encode("utf-8"))
        except (OSError, StorageError) as failed:
            said = _("cannot keep the package's template in {folder}: {error}")
            raise ReportError(said.format(folder=path.parent, error=failed)) from None
        return path, _("its template {template!r} was added to {folder}").format(
            template=package.template_id, folder=path.parent
        )
    if sha256(template_data(package.template_id)) != package.template_sha256:
        said = _("its template {template!r} differs from yours (the report was checked against yours)")
        return None, said.format(template=package.template_id)
    return None, ""


def _receive(store: ReportStore, package: Package, incoming: Report, in_app: bool = False) -> Received:
    report_id = incoming["id"]
    note = {"action": "receive", "report": report_id, "package": package.id, "file": package.source}
    if report_id not in {summary["id"] for summary in store.list_reports()}:
        deleted = store.was_deleted(report_id)
        backup = store.back_up_report(report_id, {**note, "added": True})
        history = checked_history(package)
        _written(store, backup, report_id, lambda: store.add(incoming, history, _name(latest_act(incoming, history))))
        note_received(store, report_id)
        if deleted:
            said = _("report {report} had been deleted here: added again as a new report, {sent}")
        else:
            said = _("report {report} was not in this store: added, {sent}")
        return Received(report_id, True, True, said.format(report=_named(incoming), sent=_from(package)))
    local, local_history = store.get(report_id), store.full_history(report_id)
    incoming_history = checked_history(package, local_history)
    _check_related(package, report_id, local_history, incoming_history)
    _check_heads(package, local_history, incoming_history)
    result = merge_report(local, local_history, incoming, incoming_history, load_template(local["template"]))
    if not result.new_revisions and _comparable(result.report) == _comparable(local):
        note_received(store, report_id)
        said = _("already received: nothing changed in {report}").format(report=_named(local))
        return Received(report_id, False, False, said)
    backup = store.back_up_report(report_id, {**note, "added": False})
    known = {revision["id"] for revision in local_history}
    arrived = [revision for revision in incoming_history if revision["id"] not in known]
    act = latest_act(result.report, arrived, local)  # who acted last in what the package brought,
    by = _name(act) if act is not None and act[0] >= local["updated"] else None  # unless here since
    save = partial(store.save, result.report, touch=False, revisions=result.new_revisions, updated_by=by)
    _written(store, backup, report_id, save)
    note_received(store, report_id)
    suggestions = [len(side.get("review", {}).get("suggestions", [])) for side in (result.report, local)]
    suggested, kept, conflicted = suggestions[0] - suggestions[1], len(result.kept_rows), len(result.conflicts)
    counts = [
        (result.taken, ngettext("{count} field taken", "{count} fields taken", result.taken)),
        (result.merged, ngettext("{count} field merged", "{count} fields merged", result.merged)),
        (result.comments_added, ngettext("{count} comment added", "{count} comments added", result.comments_added)),
        (suggested, ngettext("{count} suggestion added", "{count} suggestions added", suggested)),
        (result.events_added, ngettext("{count} review step added", "{count} review steps added", result.events_added)),
        (kept, ngettext("{count} removed row kept (changed on the other side)", "{count} removed rows kept", kept)),
        (conflicted, ngettext("{count} conflict", "{count} conflicts", conflicted)),
    ]
    said = ", ".join(words.format(count=n) for n, words in counts if n) or _("no text changed")
    if result.conflicts:
        many = len(result.conflicts)
        if in_app:
            hint = ngettext("(f7 in the report shows it)", "(f7 in the report shows them)", many)
        else:
            hint = ngettext("(settle it: swgtui conflicts {id})", "(settle them: swgtui conflicts {id})", many)
        said += " " + hint.format(id=report_id)
    merged = _("merged into {report}, {sent}: {changes}")
    return Received(
        report_id, False, True, merged.format(report=_named(result.report), sent=_from(package), changes=said)
    )


def note_received(store: ReportStore, report_id: str) -> None:
    """Note on the report's line in the list that a package or reviewed file of it came in now
    (the coordinator's overview shows when; taking the receive back restores what it said)."""
    if store.writable:  # the report is in: a list not updated only misses the date (as a save says)
        with contextlib.suppress(StoreError):
            store.note_received(report_id, rp.now_iso())


def _check_related(package: Package, report_id: str, local: list[Revision], incoming: list[Revision]) -> None:
    """Refuse a package whose report only has this report's id: no revision in common."""
    if local and incoming and not {r["id"] for r in local} & {r["id"] for r in incoming}:
        said = _(
            "{file} shares no history with report {id} here: it is another report with the same id; "
            "nothing was changed (to keep both, make a dump of it and use swgtui load)"
        )
        raise ReportError(said.format(file=package.source, id=report_id))


def _check_heads(package: Package, local: list[Revision], incoming: list[Revision]) -> None:
    """Refuse, before anything is written, a key with more concurrent versions than a revision
    may follow (the store's reader skips a revision with more parents)."""
    by_id = {r["id"]: r for r in [*local, *incoming]}
    by_key: dict[tuple[str, str], list[Revision]] = {}
    for revision in by_id.values():
        by_key.setdefault((revision["part"], revision["field"]), []).append(revision)
    for (part, name), revisions in sorted(by_key.items()):
        count = len(heads(revisions))
        if count > MAX_HEADS:
            said = _(
                "{file} cannot be received: it has {count} versions of {field}; at most {most}; nothing was changed"
            )
            raise ReportError(said.format(file=package.source, count=count, field=f"{part}/{name}", most=MAX_HEADS))


def _written(store: ReportStore, backup: Path, report_id: str, write: Callable[[], object]) -> None:
    """Write the received report; the backup then notes what the report's file became (so an
    undo can tell whether it changed since), or goes if nothing was written."""
    try:
        write()
    except BaseException:
        shutil.rmtree(backup, ignore_errors=True)
        raise
    update_note(backup, after=store.report_file_sha256(report_id))


def _comparable(report: Report) -> bytes:
    """The report as compared to tell whether a merge changed it: what is left out and what is
    false or empty read alike (a section without "no_update" is not marked)."""
    return canonical(_pruned(report_to_json(report)))


def _pruned(data: Any) -> Any:
    if isinstance(data, dict):
        return {key: _pruned(value) for key, value in data.items() if not _blank(value)}
    if isinstance(data, list):
        return [_pruned(item) for item in data]
    return data


def _blank(value: Any) -> bool:
    return value is False or value is None or (isinstance(value, str | list | dict) and not value)


def _name(act: tuple[str, str] | None) -> str | None:
    return act[1] if act is not None else None


def _named(report: Report) -> str:
    return f"{report['id']} ({rp.swg_name(report)} {report['period']})"


def _from(package: Package) -> str:
    by = package.sent_by
    when = review.local_time(package.sent_at)
    if by:
        return _("sent by {person} on {time}").format(person=review.describe(by), time=when)
    return _("sent on {time}").format(time=when)


# --- taking a receive back -------------------------------------------------------------------------


def undo_receive(store: ReportStore) -> str:
    """Take the last receive back: the report as it was before (or gone, if the receive added
    it). Refused if the report changed since; returns what was done, in one line."""
    receives = [b for b in report_backups(store.path) if backup_note(b).get("action") == "receive"]
    if not receives:
        raise ReportError(_("there is no receive to take back"))
    backup = receives[-1]
    note = backup_note(backup)
    report_id = str(note.get("report", ""))
    if not is_plain_id(report_id):
        said = _("the note of the last receive ({file}) names no report; nothing was changed")
        raise ReportError(said.format(file=backup / "note.json"))
    if "after" not in note:
        said = _("the last receive (into report {id}) did not finish; nothing to take back")
        raise ReportError(said.format(id=report_id))
    if store.report_file_sha256(report_id) != note["after"]:
        said = _("report {id} changed since {file} was received; taking the receive back would lose those changes")
        raise ReportError(said.format(id=report_id, file=note.get("file") or _("the package")))
    named = _named(store.get(report_id))
    if note.get("added"):
        store.delete(report_id, remember=False)
        done = _("report {report}, which it added, is removed").format(report=named)
    else:
        store.restore_report(report_id, backup)
        done = _("report {report} is as it was before").format(report=named)
    shutil.rmtree(backup, ignore_errors=True)
    return _("took back the receive of {file}: {done}").format(file=note.get("file") or _("a package"), done=done)
