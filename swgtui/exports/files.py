"""Where exports go, what they are called, and how they are written without destroying a file.

- Only a regular file is written: a folder, a device, a named pipe or a socket is refused, and
  so is a missing folder other than the export folder itself (which is created).
- A symbolic link is followed: the file it points to is replaced and the link stays a link.
- Every file swgtui writes is recorded with its sha256 (paths.export_record_path()). A file at
  the target that swgtui did not write, or that changed since (edited in Word), is kept beside
  it as "NAME (1).docx", "NAME (2).docx", …; only swgtui's own unchanged file is replaced.
- Exporting a draft renames the report's earlier final files in that folder "…-superseded", so
  no final file sits beside the new draft looking current.
- The file is written under a unique temporary name in its folder and renamed over the target,
  under one lock shared by all exports: two exports to one path both succeed (the last one
  wins) and the record keeps every entry.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NotRequired, TypedDict, TypeGuard

from filelock import FileLock, Timeout

from swgtui import paths
from swgtui.exports import names
from swgtui.exports.words import missing_words_warning
from swgtui.i18n import N_, _
from swgtui.model.types import Report
from swgtui.store.backup import keep_aside
from swgtui.store.storage import (
    DamagedFileError,
    StorageError,
    file_kind,
    read_json,
    write_bytes_atomic,
    write_json_atomic,
)

if TYPE_CHECKING:
    from swgtui.exports.docx_properties import ExportMarks
    from swgtui.exports.view import ReportView
    from swgtui.model.blame import Changes

FORMATS = ("docx", "md")
EXTENSIONS = {"docx": (".docx",), "md": (".md", ".markdown", ".txt"), "swgpkg": (".swgpkg",)}  # what --out may end with
KINDS = {"docx": N_("Word"), "md": N_("Markdown"), "swgpkg": N_("review package")}  # shown translated
LOCK_WAIT_S = 10


class WrittenFile(TypedDict):
    """A file an export wrote, in the record of exported files kept beside it."""

    path: str
    sha256: str
    report: NotRequired[object]  # the report's id; only compared, so not checked when the record is read
    final: NotRequired[object]  # True when it was written as the final (signed-off) version; likewise


class ExportError(Exception):
    """The export was refused or failed; the message says why, in one line."""


@dataclass
class Exported:
    path: Path
    notes: list[str] = field(default_factory=list)  # what happened to earlier files, for the user


def export_report(
    report: Report,
    file_format: str = "docx",
    out: str | Path | None = None,
    marks: ExportMarks | None = None,
    changes: Changes | None = None,
    language: str = "en",
) -> Exported:
    """Write the report as Word (docx) or Markdown (md) in the document's `language` ("en",
    "lo" or "both"), to the export folder unless `out` is given; a Word file carries `marks`
    (what it was made from) when given, and `changes` (what changed since a moment) as tracked
    changes."""
    from swgtui.exports.view import build_view
    from swgtui.model.template import load_template

    path = chosen_path(out, file_format) if out is not None else None
    template = load_template(report["template"])
    view = build_view(report, template, language)  # built once: the name and the file
    if marks is not None:
        marks.language = language
    if path is None:
        tail = names.changes_name(changes.since) if changes is not None else ""
        path = paths.export_dir() / names.file_name(report, file_format, tail, final=view.final, language=language)
    exported = write_export(report, _render(report, view, file_format, marks, changes), path, final=view.final)
    warning = missing_words_warning(template, language)
    exported.notes += [warning] if warning else []
    return exported


def chosen_path(out: str | Path, file_format: str) -> Path:
    """The path a user gave (--out), checked: not empty, printable, and ending as the format's files do."""
    if not str(out).strip():
        raise ExportError(_("the output path is empty: give the file to write"))
    path = Path(_checked_text(str(out))).expanduser()
    _check_extension(path, file_format)
    return path


def _checked_text(out: str) -> str:
    """A path to print back: valid UTF-8 and no control characters (a newline would split it)."""
    try:
        out.encode("utf-8")
    except UnicodeEncodeError:
        raise ExportError(_("the output path is not valid UTF-8 text")) from None
    if any(unicodedata.category(char) == "Cc" for char in out):
        raise ExportError(_("the output path holds control characters (a newline, a tab, an escape)"))
    return out


def _check_extension(path: Path, file_format: str) -> None:
    """A Word file goes to a .docx name, Markdown to .md: never over a store, a script, a photo."""
    try:
        suffixes = {path.suffix.lower(), path.resolve().suffix.lower()}
    except (OSError, RuntimeError, ValueError):
        suffixes = {path.suffix.lower()}
    if not suffixes <= set(EXTENSIONS[file_format]):
        wanted = " or ".join(EXTENSIONS[file_format])
        message = _("cannot write {path}: a {kind} export goes to a file ending in {endings}")
        raise ExportError(message.format(path=path, kind=_(KINDS[file_format]), endings=wanted))


def export_docx(report: Report, out: Path | None = None) -> Exported:
    return export_report(report, "docx", out)


def _render(
    report: Report,
    view: ReportView,
    file_format: str,
    marks: ExportMarks | None = None,
    changes: Changes | None = None,
) -> bytes:
    if file_format == "md":
        from swgtui.exports.markdown_writer import render

        return render(view).encode("utf-8")
    from swgtui.exports.docx_writer import docx_bytes  # python-docx is slow to import

    return docx_bytes(report, marks, changes, view)


def write_export(
    report: Report, payload: bytes, path: Path, document: bool = True, final: bool | None = None
) -> Exported:
    """Write `payload` as the export of `report` at `path`, keeping aside what must not be lost.
    A document (Word, Markdown; not a review package) of a draft renames the report's final
    documents there (see _supersede_finals). `final`: whether the report is final, when known."""
    target = _checked_target(path)
    record = paths.export_record_path()
    try:
        record.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        message = _("cannot keep the record of exports in {folder}: {error}")
        raise ExportError(message.format(folder=record.parent, error=error.strerror)) from None
    try:
        with FileLock(f"{record}.lock", timeout=LOCK_WAIT_S):
            return _write_locked(report, payload, path, target, record, document, final)
    except Timeout:
        message = _("another export held {lock} for {seconds} s; try again")
        raise ExportError(message.format(lock=f"{record}.lock", seconds=LOCK_WAIT_S)) from None
    except OSError as error:
        # Windows refuses to rename a file that another program (Word) has open
        hint = _("; is it open in another program?") if _on_windows() and isinstance(error, PermissionError) else ""
        raise ExportError(
            _("cannot write {path}: {error}").format(path=path, error=error.strerror or error) + hint
        ) from None


def _on_windows() -> bool:
    return os.name == "nt"


def _checked_target(path: Path) -> Path:
    """The file to write (links followed); ExportError unless it is a regular file or missing."""
    if _on_windows() and names.is_reserved(path.name):
        message = _("cannot write {path}: {name} names a device on Windows; choose another name")
        raise ExportError(message.format(path=path, name=path.name))
    try:
        target = path.resolve()
        export_folder = paths.export_dir().resolve()
    except (OSError, RuntimeError, ValueError):
        message = _("cannot write {path}: its links go round in a loop or cannot be read")
        raise ExportError(message.format(path=path)) from None
    folder = target.parent
    if not folder.is_dir():
        if folder.exists() and not folder.is_dir():  # (made meanwhile by another export: a folder)
            raise ExportError(_("cannot write {path}: {folder} is not a folder").format(path=path, folder=folder))
        if folder != export_folder:
            message = _("cannot write {path}: the folder {folder} does not exist")
            raise ExportError(message.format(path=path, folder=path.parent))
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            message = _("cannot create the export folder {folder}: {error}")
            raise ExportError(message.format(folder=folder, error=error.strerror or error)) from None
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return target
    except OSError as error:
        raise ExportError(_("cannot write {path}: {error}").format(path=path, error=error.strerror or error)) from None
    if not stat.S_ISREG(mode):
        message = _("cannot write {path}: it is {kind}, not a file")
        raise ExportError(message.format(path=path, kind=file_kind(mode)))
    return target


def _write_locked(
    report: Report, payload: bytes, path: Path, target: Path, record: Path, document: bool, final: bool | None
) -> Exported:
    files, notes = _load_record(record)
    if path.is_symlink():
        notes.append(_("{path} is a link: replaced the file it points to, {target}").format(path=path, target=target))
    final = document and (names.is_final(report) if final is None else final)
    if not final and document:
        notes += _supersede_finals(report, target, files)
    mode = _mode_for(target)
    aside = _keep_aside(target, files)
    try:
        write_bytes_atomic(target, payload)
    except StorageError as error:
        if aside is not None and not os.path.lexists(target):  # nothing written: the file goes back
            os.rename(aside, target)
        raise ExportError(str(error)) from None
    if aside is not None:
        why = _("it changed since swgtui wrote it") if _key(target) in files else _("swgtui did not write it")
        notes.append(
            _("kept the earlier {name} as {aside} ({why})").format(name=target.name, aside=aside.name, why=why)
        )
    os.chmod(target, mode)
    digest = hashlib.sha256(payload).hexdigest()
    files[_key(target)] = {"path": str(target), "sha256": digest, "report": report["id"], "final": final}
    try:
        write_json_atomic(record, {"files": {key: entry for key, entry in files.items() if os.path.lexists(key)}})
    except StorageError as error:
        message = _("could not record what was written ({error}); the next export keeps this file aside")
        notes.append(message.format(error=error))
    return Exported(path, notes)


def _load_record(record: Path) -> tuple[dict[str, WrittenFile], list[str]]:
    try:
        data = read_json(record)
    except StorageError as error:  # kept beside it (a damaged file, not a device), then started anew
        kept = _("it is replaced by a new one")
        if isinstance(error, DamagedFileError):
            try:
                kept = _("it was kept as {copy} and a new one is started").format(copy=keep_aside(record))
            except OSError as copy_error:
                message = _("it could not be kept aside ({error}) and is replaced")
                kept = message.format(error=copy_error.strerror or copy_error)
        reason = str(error).removesuffix("; it was left untouched")
        return {}, [
            _("the record of exported files was unreadable ({reason}); {kept}").format(reason=reason, kept=kept)
        ]
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        return {}, []
    return {key: entry for key, entry in files.items() if _is_written_file(entry)}, []


def _is_written_file(entry: object) -> TypeGuard[WrittenFile]:
    return isinstance(entry, dict) and isinstance(entry.get("sha256"), str) and isinstance(entry.get("path"), str)


def _key(path: Path) -> str:
    return os.path.normcase(str(path))


def _keep_aside(target: Path, files: dict[str, WrittenFile]) -> Path | None:
    """Move the file at `target` to a numbered name unless it is swgtui's own, unchanged; where
    it went."""
    if not target.exists():
        return None
    entry = files.get(_key(target))
    if entry is not None and entry["sha256"] == _sha256(target):
        return None
    aside = _free_name(target)
    os.rename(target, aside)
    return aside


def _supersede_finals(report: Report, target: Path, files: dict[str, WrittenFile]) -> list[str]:
    """Rename the report's final files in the draft's folder "…-superseded": they no longer hold."""
    folder = target.parent
    stem = names.report_stem(report)
    finals = {folder / f"{stem}.{extension}" for extension in FORMATS}
    finals |= {
        Path(entry["path"])
        for entry in files.values()
        if entry.get("report") == report["id"] and entry.get("final") is True and Path(entry["path"]).parent == folder
    }
    notes = []
    for final in sorted(finals):
        if not final.is_file():
            continue
        renamed = _free_name(final, "-superseded")
        os.rename(final, renamed)
        files.pop(_key(final), None)
        message = _("the report is a draft again: renamed its earlier final {name} to {renamed}")
        notes.append(message.format(name=final.name, renamed=renamed.name))
    return notes


def _free_name(path: Path, tag: str = "") -> Path:
    """`NAME{tag}.ext` (when a tag is given), else the first free `NAME{tag} (N).ext`."""
    numbered = (path.with_name(f"{path.stem}{tag} ({number}){path.suffix}") for number in itertools.count(1))
    first = [path.with_name(f"{path.stem}{tag}{path.suffix}")] if tag else []
    return next(candidate for candidate in itertools.chain(first, numbered) if not os.path.lexists(candidate))


def _sha256(path: Path) -> str:
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def _mode_for(target: Path) -> int:
    """The permissions the written file gets: those of the file it replaces, else the usual ones."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        return 0o666 & ~_umask()


def _umask() -> int:
    """The process's umask, read without changing it (os.umask would, for every thread)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    return 0o022
