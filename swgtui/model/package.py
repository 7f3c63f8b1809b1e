"""The review package: one file that carries a report to its reviewers and their answer back.

A package is gzip of UTF-8 JSON:

    {"format": "swgtui-review-package", "version": 1, "sha256": …, "content": {
        "package": its id (a ULID), "sent_at", "sent_by": who sent it (or null),
        "report": the report as stored, "history": every revision of its values,
        "template": {"id", "sha256", "data"}: the report's template, so a reviewer without it
                    can open the report, "suggestions": the report's review's suggestions,
                    repeated for readers of the first packages, which held [] here}}

`sha256` is that of the content's canonical JSON (keys sorted, no spaces, UTF-8), and the
template's `sha256` that of its data, so a damaged or hand-edited package is refused. It holds
every draft and every internal comment of the report: it is for the report's reviewers only.

Reading refuses, with one line (ReportError), anything that is not such a package: another
file, a damaged or truncated one, a dump (`swgtui load` reads those), one from a newer swgtui,
one whose checksums do not match, one that unpacks to more than MAX_UNPACKED bytes (checked
while unpacking, so a small file that would unpack to gigabytes is refused early).
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import zlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from swgtui.i18n import _
from swgtui.model import dumpfile
from swgtui.model.ids import is_plain_id
from swgtui.model.merge_graph import parents_of
from swgtui.model.report import ReportError
from swgtui.model.schema import (
    chain_revisions,
    check_history,
    check_person,
    check_revision,
    report_from_json,
    report_to_json,
)
from swgtui.model.template import Template, TemplateError, parse_template
from swgtui.model.types import Person, Report, Revision

FORMAT = "swgtui-review-package"
VERSION = 1  # written and read
SUFFIX = ".swgpkg"
MAX_PACKED = 200_000_000  # bytes of the file; a report's files are at most that much each
MAX_UNPACKED = 200_000_000  # bytes of JSON, as much as the store reads of a report or its history
# items a package's JSON may hold, counted in its bytes before it is parsed: a real large package
# (20,000 revisions of 2 KB of prose) holds about 1.5 million "," and ":" and 100,000 "[" and "{";
# a small file of "[[],[],…]" under the byte cap would take gigabytes of memory to parse
MAX_SEPARATORS = 8_000_000
MAX_OPENINGS = 2_000_000


@dataclass
class Package:
    """A package as read: everything checked but the report, which needs its template known
    first (`checked_report`), and the history, which is checked against what the receiving
    store holds already (`checked_history`)."""

    id: str
    sent_at: str
    sent_by: Person | None
    report: dict[str, Any]  # as in the file; `checked_report` checks it
    history: list[Any]  # as in the file; `checked_history` checks it
    template_id: str
    template_sha256: str
    template_data: dict[str, Any]
    template: Template
    source: str


def canonical(data: Any) -> bytes:
    """The one JSON text of `data` that both sides hash: keys sorted, no spaces, UTF-8."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def sha256(data: Any) -> str:
    return hashlib.sha256(canonical(data)).hexdigest()


def make_package(
    package_id: str,
    sent_at: str,
    sent_by: Person | None,
    report: Report,
    history: list[Revision],
    template_id: str,
    template_data: dict[str, Any],
) -> bytes:
    """The package's bytes (gzip of its JSON)."""
    data = report_to_json(report)
    content = {
        "package": package_id,
        "sent_at": sent_at,
        "sent_by": sent_by,
        "report": data,
        "history": history,
        "template": {"id": template_id, "sha256": sha256(template_data), "data": template_data},
        "suggestions": data.get("review", {}).get("suggestions", []),  # the report's, as format 1 had them
    }
    text = canonical({"format": FORMAT, "version": VERSION, "sha256": sha256(content), "content": content})
    return gzip.compress(text, compresslevel=6, mtime=0)


def parse_package(data: bytes, source: str = "") -> Package:
    """Read a package's bytes, checking everything; ReportError with one line says why not
    (naming the package `source`, else "the package")."""
    source = source or _("the package")
    whole = _whole(_unpacked(data, source), source)
    content = whole["content"]
    try:
        digest = sha256(content)
    except UnicodeEncodeError:
        raise ReportError(
            _("{source} is damaged: it holds text that is not valid Unicode (a lone surrogate)").format(source=source)
        ) from None
    if not isinstance(content, dict) or whole.get("sha256") != digest:
        raise ReportError(_("{source} is damaged: its checksum does not match its content").format(source=source))
    try:
        return _content(content, source)
    except ReportError as error:
        raise _not_received(source, error) from None


def _not_received(source: str, error: object) -> ReportError:
    return ReportError(_("{source} cannot be received: {error}").format(source=source, error=error))


def checked_report(package: Package) -> Report:
    """The package's report checked against its template (which must be known by then)."""
    try:
        report = report_from_json(package.report)
    except ReportError as error:
        raise _not_received(package.source, error) from None
    if report["template"] != package.template_id:
        raise _not_received(
            package.source,
            _("its report is on template {template}, but it carries template {carried}").format(
                template=repr(report["template"]), carried=repr(package.template_id)
            ),
        )
    return report


def checked_history(package: Package, local: list[Revision] | None = None) -> list[Revision]:
    """The package's history, checked; a revision whose id is one of `local` (the receiving
    store's history of the report) is that revision, already checked (ids are never reused)."""
    known = {revision["id"]: revision for revision in local or []}
    try:
        if not known or not all(
            isinstance(entry, dict) and isinstance(entry.get("id"), str) for entry in package.history
        ):
            history = check_history(package.history)
        else:
            history = chain_revisions(
                [check_revision(entry, f"history revision {n}") for n, entry in enumerate(package.history, 1)]
            )
        for n, revision in enumerate(history):
            here = known.get(revision["id"])
            if here is not None:
                if _content_of(here) != _content_of(revision):
                    raise ReportError(_("revision {id} differs from the one here").format(id=revision["id"]))
                history[n] = here
        _refuse_cycles(history)
    except ReportError as error:
        raise _not_received(package.source, error) from None
    return history


def _content_of(revision: Revision) -> tuple[object, ...]:
    return revision["part"], revision["field"], revision["text"], parents_of(revision), bool(revision.get("removed"))


def _refuse_cycles(history: list[Revision]) -> None:
    """A revision may not follow itself, through any number of parents (a parent the history
    does not hold is fine: older lines may have been skipped)."""
    parents = {revision["id"]: parents_of(revision) for revision in history}
    done: set[str] = set()
    for start in sorted(parents):
        if start in done:
            continue
        on_path: set[str] = {start}
        stack = [(start, iter(parents[start]))]
        while stack:
            node, rest = stack[-1]
            parent = next((p for p in rest if p in parents and p not in done), None)
            if parent is None:
                done.add(node)
                on_path.discard(node)
                stack.pop()
            elif parent in on_path:
                raise ReportError(_("revision {id} follows itself (its parents form a cycle)").format(id=parent))
            else:
                on_path.add(parent)
                stack.append((parent, iter(parents[parent])))


def _check_items(text: bytes, source: str) -> None:
    """Refuse, before parsing, JSON that holds far more items than a real package could."""
    separators = text.count(b",") + text.count(b":")
    openings = text.count(b"[") + text.count(b"{")
    if separators > MAX_SEPARATORS or openings > MAX_OPENINGS:
        raise ReportError(
            _(
                "{source} holds far more items than a review package could ({count:,}): "
                "not a review package swgtui made"
            ).format(source=source, count=max(separators, openings))
        )


def _unpacked(data: bytes, source: str) -> bytes:
    if len(data) > MAX_PACKED:
        raise ReportError(
            _("{source} is larger than {size} MB: not a review package").format(
                source=source, size=MAX_PACKED // 1_000_000
            )
        )
    if not data.startswith(b"\x1f\x8b"):
        raise ReportError(_not_gzip(data, source))
    unpacked = io.BytesIO()
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as packed:
            while chunk := packed.read(1 << 20):  # a chunk at a time: a bomb is refused at the cap
                unpacked.write(chunk)
                if unpacked.tell() > MAX_UNPACKED:
                    raise ReportError(
                        _("{source} unpacks to more than {size} MB: not a review package swgtui made").format(
                            source=source, size=MAX_UNPACKED // 1_000_000
                        )
                    )
    except EOFError:
        raise ReportError(
            _("{source} is truncated: it ends part way (a download or attachment cut short?)").format(source=source)
        ) from None
    except (OSError, zlib.error) as error:  # gzip.BadGzipFile is an OSError
        raise ReportError(_("{source} is damaged ({error})").format(source=source, error=error)) from None
    text = unpacked.getvalue()
    _check_items(text, source)
    return text


def _not_gzip(data: bytes, source: str) -> str:
    """Why a file that is not gzip is not a package: a dump, or something else."""
    head = data.lstrip()[:1]
    if head == b"{" and _format_of(data) == dumpfile.FORMAT:
        return _("{source} is a report dump, not a review package: use swgtui load").format(source=source)
    if data.startswith(b"PK"):
        return _("{source} is not a review package (it is a zip file, such as a Word document)").format(source=source)
    return _("{source} is not a review package (not a gzip file)").format(source=source)


def _format_of(data: bytes) -> object:
    try:
        found = json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError):
        return None
    return found.get("format") if isinstance(found, dict) else None


def _whole(text: bytes, source: str) -> dict[str, Any]:
    """The package's outer object: its format and version checked."""
    try:
        whole = json.loads(text.decode("utf-8"))
    except UnicodeDecodeError:
        raise ReportError(_("{source} is damaged: its content is not UTF-8 text").format(source=source)) from None
    except (ValueError, RecursionError) as error:
        reason = str(error).split("\n")[0][:120] or _("nested too deeply")
        raise ReportError(
            _("{source} is damaged: its content is not JSON ({reason})").format(source=source, reason=reason)
        ) from None
    found = whole.get("format") if isinstance(whole, dict) else None
    if found == dumpfile.FORMAT:
        raise ReportError(_("{source} is a report dump, not a review package: use swgtui load").format(source=source))
    if found != FORMAT or not isinstance(whole, dict):
        raise ReportError(
            _("{source} is not a review package (no {format})").format(source=source, format=f'"format": "{FORMAT}"')
        )
    version = whole.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
        raise ReportError(
            _(
                "{source} was made by a newer swgtui (version {version}); this one reads {readable}: "
                "update swgtui to receive it"
            ).format(source=source, version=version, readable=VERSION)
        )
    if version != VERSION or type(version) is not int:
        raise ReportError(
            _("{source} has package version {version}; this swgtui reads {readable}").format(
                source=source, version=repr(version), readable=VERSION
            )
        )
    if "content" not in whole:
        raise ReportError(_("{source} is damaged: it holds no content").format(source=source))
    return whole


def _content(content: dict[str, Any], source: str) -> Package:
    package_id = content.get("package")
    if not is_plain_id(package_id):
        raise ReportError(_("{place}: not an id").format(place="package"))
    sent_at = content.get("sent_at")
    if not isinstance(sent_at, str) or not _is_date(sent_at):
        raise ReportError(_("{place}: expected a date and time").format(place="sent_at"))
    sent_by = content.get("sent_by")
    report = content.get("report")
    if not isinstance(report, dict):
        raise ReportError(_("{place}: expected an object").format(place="report"))
    if not is_plain_id(report.get("id")):
        raise ReportError(_("{place}: not an id").format(place="report.id"))
    if not isinstance(content.get("suggestions", []), list):
        raise ReportError(_("{place}: expected a list").format(place="suggestions"))
    history = content.get("history", [])
    if not isinstance(history, list):
        raise ReportError(_("{place}: expected a list of revisions").format(place="history"))
    template_id, template_sha, template_data, template = _template(content.get("template"))
    return Package(
        id=str(package_id),
        sent_at=sent_at,
        sent_by=None if sent_by is None else check_person(sent_by, "sent_by"),
        report=report,
        history=history,
        template_id=template_id,
        template_sha256=template_sha,
        template_data=template_data,
        template=template,
        source=source,
    )


def _template(value: Any) -> tuple[str, str, dict[str, Any], Template]:
    """The carried template: its hash checked against its data, then the data checked."""
    if not isinstance(value, dict) or not isinstance(value.get("data"), dict):
        raise ReportError(_("{place}: expected an object with the template's data").format(place="template"))
    template_id, data = value.get("id"), value["data"]
    if not is_plain_id(template_id):
        raise ReportError(_("{place}: not an id").format(place="template.id"))
    if value.get("sha256") != sha256(data):
        raise ReportError(_("its template {template} does not match its checksum").format(template=repr(template_id)))
    try:
        template = parse_template(data, f"{template_id} (in the package)")  # kept as the template's source
    except TemplateError as error:
        raise ReportError(str(error)) from None
    if template.id != template_id:
        raise ReportError(
            _("its template's data is of template {found}, not {template}").format(
                found=repr(template.id), template=repr(template_id)
            )
        )
    return str(template_id), str(value["sha256"]), data, template


def _is_date(text: str) -> bool:
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return True
