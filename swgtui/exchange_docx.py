"""A reviewed Word file back into the report it came from: the reviewer's edits become
suggestions, their Word comments comment threads (swgtui.exchange receives review packages).

- The report is the one the file's swgtui marks name, or the one given with `--into` (both,
  differing, is refused while the marked report is in this store). Without marks, or with
  `--into` where the marks' texts are not in this store's history, each field is compared with
  the report's current text.
- Each field whose text (spaces aside) differs from the text it was exported with becomes one
  suggestion (swgtui.model.suggestions), by the latest reviewer who tracked a change in it
  after the export, else by whoever last saved the file. swgtui's own tracked changes (those of
  an export with changes since, dated at or before it) are not the reviewer's. The title of a
  row the template fixes is the template's: an edit of it is noted, not suggested.
- A Word comment swgtui exported, or one received before, is recognised (same author, same
  first paragraph) and not added again; others become threads or replies; one marked done in
  Word resolves its thread.
- The file is read before anything is written; the report's files are backed up first (so
  `receive --undo` takes it back); a file that brings nothing new writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from swgtui.exchange import Received, _named, _written, note_received
from swgtui.i18n import N_, _, ngettext
from swgtui.model import conflicts, review, suggestions
from swgtui.model import report as rp
from swgtui.model.merge_graph import heads
from swgtui.model.merge_keys import FieldKey, text_values
from swgtui.model.report import ReportError
from swgtui.model.template import Template, load_template
from swgtui.model.types import Comment, Person, Report, Revision
from swgtui.store.backup import backup_note, report_backups
from swgtui.store.repository import ReportStore
from swgtui.text import clean_line, clean_text

if TYPE_CHECKING:
    from swgtui.exports.docx_properties import ExportMarks
    from swgtui.imports.reviewed import FieldText, ReviewedFile, WordComment

APP_KEY = "f12"  # the editor's key for the suggestions view (swgtui.screens.editor)
UNMARKED = N_(
    "the file carries no swgtui marks: its texts were compared with the report's current texts, "
    "so an edit you made since you sent it shows as the reviewer's suggestion to undo it"
)


@dataclass
class _Taken:
    """What a reviewed file brought that the report did not have."""

    suggestions: int = 0
    comments: int = 0
    replies: int = 0
    resolved: int = 0
    notes: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.suggestions or self.comments or self.replies or self.resolved)


def receive_docx(
    store: ReportStore, path: Path, into: str | None, person: Person | None, in_app: bool = False
) -> Received:
    """Take a reviewed Word file into its report (see the module's docstring); `person` is who
    receives it. Refused in one line, nothing stored, if the file or the report does not fit."""
    from swgtui.imports.reviewed import read_file_marks, read_reviewed  # python-docx only when needed

    given = load_template(store.get(into)["template"]) if into is not None else None
    marks = read_file_marks(path, given)  # a file without the table is refused first
    report_id, marks, lenient = _which_report(store, path, marks, into)
    report = store.get(report_id)
    history = store.full_history(report_id)
    if marks is not None and not lenient:
        _check_bases(path, marks, history, report)
    template = load_template(report["template"])
    try:
        reviewed = read_reviewed(path, report, template, marks, _sent_titles(marks, history))
    except ReportError as error:  # said of the file, named
        raise ReportError(str(error) if path.name in str(error) else f"{path.name}: {error}") from None
    if marks is None:
        _check_same_report(reviewed, report)
    taken = _Taken(notes=list(reviewed.notes))
    _suggest(template, report, history, reviewed, marks, taken)
    _comment(template, report, reviewed, taken)
    if marks is None and taken.suggestions:
        taken.notes.append(_(UNMARKED))
    notes = "".join(f"; {note}" for note in taken.notes)
    if not taken:
        if _received_before(store, report_id, path, marks):
            said = _("already received: nothing changed in {report}").format(report=_named(report))
        else:
            said = _("nothing new in {file}: no edits and no comments not already in the report {report}")
            said = said.format(file=path.name, report=_named(report))
        return Received(report_id, False, False, said + notes)
    note = {"action": "receive", "report": report_id, "file": path.name, "added": False}
    if marks is not None:
        note["export"] = marks.export_id
    if person is not None:
        note["by"] = person["name"]
    backup = store.back_up_report(report_id, note)
    _written(store, backup, report_id, lambda: store.save(report, revisions=[]))
    note_received(store, report_id)
    return Received(report_id, False, True, _summary(path, report, taken, in_app) + notes)


# --- which report, from which texts ------------------------------------------------------------


class NoMarksError(ReportError):
    """The Word file names no report (it carries no swgtui marks) and none was given."""


def _which_report(
    store: ReportStore, path: Path, marks: ExportMarks | None, into: str | None
) -> tuple[str, ExportMarks | None, bool]:
    """The report's id, the marks to read the file by, and whether a text whose exported
    revision this store lacks is compared with its current text rather than refused (--into)."""
    if marks is None:
        if into is None:
            said = _(
                "{file} carries no swgtui marks (not exported by swgtui, or saved without them): "
                "give the report with --into REPORT"
            )
            raise NoMarksError(said.format(file=path.name))
        return into, None, True
    known = {summary["id"] for summary in store.list_reports()}
    if into is not None and into not in known:
        store.get(into)  # refused, naming the reports there are
    if into is None:
        if marks.report_id not in known:
            said = _(
                "{file} was exported from report {id}, which is not in this store: receive "
                "its review package first, or point it at a report with --into REPORT"
            )
            raise ReportError(said.format(file=path.name, id=marks.report_id))
        return marks.report_id, marks, False
    if into == marks.report_id:
        return into, marks, True
    if marks.report_id in known:
        said = _("{file} was exported from report {id}, not from {into}: leave out --into to receive it into {id}")
        raise ReportError(said.format(file=path.name, id=marks.report_id, into=into))
    return into, None, True  # another report's marks: its rows and texts are not this one's


def _received_before(store: ReportStore, report_id: str, path: Path, marks: ExportMarks | None) -> bool:
    """Whether this file (its name, and its export when it has marks) was received into the report."""
    for backup in report_backups(store.path):
        note = backup_note(backup)
        if (note.get("action"), note.get("report"), note.get("file")) == ("receive", report_id, path.name) and (
            marks is None or note.get("export") == marks.export_id
        ):
            return True
    return False


def _check_same_report(reviewed: ReviewedFile, report: Report) -> None:
    """A file without marks names its SWG and period in its header: they must be the report's."""
    swg = next((f.original for f in reviewed.fields if (f.part, f.field) == (rp.HEADER_ID, "swg_name")), "")
    same_swg = not _squashed(swg) or _squashed(swg).casefold() == _squashed(rp.swg_name(report)).casefold()
    same_period = not reviewed.period.strip() or _period(reviewed.period) == _period(report["period"])
    if not (same_swg and same_period):
        file_is = " ".join(filter(None, (_squashed(swg), _squashed(reviewed.period))))
        said = _("{file} is the report of {swg}, not of {report}: give the report it came from with --into REPORT")
        raise ReportError(said.format(file=reviewed.name, swg=file_is, report=_named(report)))


def _period(text: str) -> str:
    try:
        return rp.check_period(text)
    except ReportError:
        return _squashed(text).casefold()


def _check_bases(path: Path, marks: ExportMarks, history: list[Revision], report: Report) -> None:
    known = {revision["id"] for revision in history}
    if any(base not in known for base in marks.bases.values()):
        said = _(
            "{file} does not match any export of report {id} in this store (exported on another "
            "laptop?): use --into REPORT to compare it with the report's current texts"
        )
        raise ReportError(said.format(file=path.name, id=report["id"]))


def _sent_titles(marks: ExportMarks | None, history: list[Revision]) -> dict[str, str]:
    """Each row's title as exported: the text of the marks' base of (row, "title")."""
    if marks is None:
        return {}
    texts = {revision["id"]: revision["text"] for revision in history}
    return {part: texts[base] for (part, key), base in marks.bases.items() if key == "title" and base in texts}


def _start(
    key: FieldKey,
    marks: ExportMarks | None,
    by_id: dict[str, Revision],
    by_key: dict[FieldKey, list[Revision]],
    current: str,
) -> tuple[str | None, str]:
    """The revision the reviewer's text started from and its text: the one exported (marks), else
    the field's current head."""
    base = marks.bases.get(key) if marks is not None else None
    if base is not None and base in by_id:
        return base, by_id[base]["text"]
    shown = [head for head in heads(by_key.get(key, [])) if not head.get("removed") and head["text"] == current]
    return (shown[0]["id"], current) if shown else (None, current)


# --- suggestions -------------------------------------------------------------------------------


def _squashed(text: str) -> str:
    return " ".join(text.split())


def _suggest(
    template: Template,
    report: Report,
    history: list[Revision],
    reviewed: ReviewedFile,
    marks: ExportMarks | None,
    taken: _Taken,
) -> None:
    by_id = {revision["id"]: revision for revision in history}
    by_key: dict[FieldKey, list[Revision]] = {}
    for revision in history:
        by_key.setdefault((revision["part"], revision["field"]), []).append(revision)
    current = text_values(report)
    source = reviewed.name + (f" (export {marks.export_id})" if marks is not None else "")
    gone = 0
    for found in reviewed.fields:
        key = (found.part, found.field)
        if key not in current:
            gone += 1
            continue
        after = clean_text(found.accepted)
        base, before = _start(key, marks, by_id, by_key, current[key])
        if _squashed(after) in (_squashed(before), _squashed(current[key])):
            continue  # not changed, or the report reads so already
        refused = _refused(template, report, key, after)
        if refused:
            taken.notes.append(refused)
            continue
        change = _reviewer_change(found, marks)
        who = (change[0] if change else "") or reviewed.modified_by
        at = _iso(change[1] if change else None) or _iso(reviewed.modified_at) or rp.now_iso()
        added = suggestions.add(
            report, found.part, found.field, base, before, after, _reviewer(who), at, source, change is not None
        )
        taken.suggestions += added is not None
    if gone:
        said = ngettext(
            "{count} edited text of rows or partners removed since not taken",
            "{count} edited texts of rows or partners removed since not taken",
            gone,
        )
        taken.notes.append(said.format(count=gone))


def _refused(template: Template, report: Report, key: FieldKey, text: str) -> str:
    """Why a text could never be accepted into its field, as a note ("" when it could)."""
    try:
        suggestions.check_text(key, text)
    except ReportError as error:
        part, field = key
        if not clean_line(text) and field in ("title", "swg_name"):
            if field == "title":
                return _("the title of {part} was emptied in Word: not taken").format(
                    part=rp.part_name(template, report, part)
                )
            return _("the SWG name was emptied in Word: not taken")
        name = rp.quoted(conflicts.field_name(template, report, part, field))
        said = _("{field} of {part}: {error}: not taken")
        return said.format(field=name, part=rp.part_name(template, report, part), error=error)
    part, field = key
    if field == "title" and part != rp.HEADER_ID and rp.is_fixed_row(template, *rp.find_row(report, part)):
        said = _("the title of {part} is the template's and cannot be changed in Word: not taken")
        return said.format(part=rp.part_name(template, report, part))
    return ""


def _reviewer_change(found: FieldText, marks: ExportMarks | None) -> tuple[str, str | None] | None:
    """The latest tracked change in the field made by the reviewer (author, date); None when
    it has none (an untracked edit). In an export with changes since, the changes dated at or
    before the export are swgtui's own: the reviewer's are those dated after it (the latest
    change is then theirs, and so is the last author, the authors going by date)."""
    if not (found.authors or found.change_dates):
        return None
    if marks is not None and marks.changes_since:
        exported = _moment(marks.exported_at)
        later = [moment for moment in map(_moment, found.change_dates) if moment is not None]
        if exported is not None and not any(moment > exported for moment in later):
            return None
    return (found.authors[-1] if found.authors else ""), found.changed_at


def _moment(iso: str | None) -> datetime | None:
    if not iso:
        return None
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _iso(iso: str | None) -> str:
    moment = _moment(iso)
    return moment.astimezone(UTC).isoformat(timespec="seconds") if moment is not None else ""


def _reviewer(name: str) -> Person:
    return {"name": clean_line(name) or "Word reviewer", "organisation": "", "role": "reviewer"}


# --- comments ----------------------------------------------------------------------------------


def _comment(template: Template, report: Report, reviewed: ReviewedFile, taken: _Taken) -> None:
    """Word comments to threads and replies; done ones resolve their thread."""
    known: dict[str, str] = {}  # Word comment id -> the stored comment it is
    stored = _Stored(report)
    for word in reviewed.comments:
        text = clean_text(word.text).strip()
        if not text:
            continue
        parent = known.get(word.parent or "")
        existing = stored.existing(word, text, parent, _place(template, report, word))
        if existing is not None:
            known[word.word_id] = existing["id"]
        else:
            added = _add(template, report, word, text, parent, reviewed.modified_at)
            stored.add(added)
            known[word.word_id] = added["id"]
            if parent:
                taken.replies += 1
            else:
                taken.comments += 1
        if word.done and not stored.resolved(known[word.word_id]):
            review.resolve_comment(report, known[word.word_id], _reviewer(reviewed.modified_by))
            stored.resolve(known[word.word_id])
            taken.resolved += 1


def _first_paragraph(text: str) -> str:
    return _squashed(text.split("\n", 1)[0])


class _Stored:
    """The report's comments found by who wrote them, where and what they say, and which
    threads are resolved: worked out once per file, and kept up as its comments are taken (a
    file of thousands of comments is looked up in it thousands of times)."""

    def __init__(self, report: Report) -> None:
        comments = review.review_data(report)["comments"]
        self.by_id = {comment["id"]: comment for comment in comments}
        self.roots: dict[str, str] = {}  # comment id -> the comment its chain of replies starts at
        self.found: dict[tuple[str, tuple[str, ...], str], tuple[int, Comment]] = {}  # the first of each
        self.threads: dict[str, str] = {}  # comment id -> its thread, as review.threads groups them
        self.closed = {thread["id"] for thread in review.threads(report) if thread["resolved"] is not None}
        for comment in comments:
            self.add(comment)

    def root(self, comment: Comment) -> str:
        chain = [comment["id"]]
        while comment.get("reply_to") and comment["reply_to"] in self.by_id and len(chain) <= len(self.by_id):
            if comment["id"] in self.roots:
                chain.append(self.roots[comment["id"]])
                break
            comment = self.by_id[str(comment["reply_to"])]
            chain.append(comment["id"])
        for comment_id in chain:
            self.roots[comment_id] = chain[-1]
        return chain[-1]

    def add(self, comment: Comment) -> None:
        self.by_id[comment["id"]] = comment
        reply_to = comment.get("reply_to")
        where = ("reply", self.root(comment)) if reply_to else ("part", comment["part"], comment["field"])
        author = comment["by"]["name"].casefold()
        for said in (_squashed(comment["text"]), _first_paragraph(comment["text"])):
            self.found.setdefault((author, where, said), (len(self.found), comment))
        if not reply_to:
            self.threads[comment["id"]] = comment["id"]
        elif reply_to in self.threads:
            self.threads[comment["id"]] = self.threads[reply_to]

    def existing(self, word: WordComment, text: str, parent: str | None, place: tuple[str, str]) -> Comment | None:
        """The stored comment this Word comment is (exported by swgtui, or received before): one
        by the same author with the same text, on the same part and field, or for a reply, in
        the same thread (the first such in the report's order)."""
        author = clean_line(word.author).casefold() or "word reviewer"
        mine = {_first_paragraph(text), _squashed(text), _squashed(_quoted(word.quote, text))}
        where = ("reply", self.root(self.by_id[parent])) if parent in self.by_id else ("part", *place)
        hits = [hit for said in mine if (hit := self.found.get((author, where, said))) is not None]
        return min(hits, key=lambda hit: hit[0])[1] if hits else None

    def resolved(self, comment_id: str) -> bool:
        return self.threads.get(comment_id) in self.closed

    def resolve(self, comment_id: str) -> None:
        self.closed.add(self.threads.get(comment_id, comment_id))


def _place(template: Template, report: Report, word: WordComment) -> tuple[str, str]:
    """The part and field a Word comment (not a reply) goes on."""
    part = word.part if word.part in rp.part_ids(report) else rp.HEADER_ID
    field_id = word.field if part == word.part and word.field in rp.field_ids(template, report, part) else ""
    return part, field_id


def _quoted(quote: str, text: str) -> str:
    """A comment's text carrying the passage it was anchored on (when the field no longer has it)."""
    quote = " ".join(clean_text(quote).split())
    return f"On “{quote}”: {text}" if quote else text


def _add(
    template: Template, report: Report, word: WordComment, text: str, parent: str | None, modified_at: str | None
) -> Comment:
    person = _reviewer(word.author)
    if parent:
        added = review.add_comment(template, report, "", text, person, reply_to=parent)
    else:
        part, field_id = _place(template, report, word)
        quote = clean_text(word.quote).strip()
        body = rp.get_field(template, report, part, field_id) if field_id else ""
        if quote and quote in body:
            added = review.add_comment(template, report, part, text, person, field_id, quote)
        elif body and _squashed(body) in _squashed(quote):  # on the whole field (and its label)
            added = review.add_comment(template, report, part, text, person, field_id)
        else:
            added = review.add_comment(template, report, part, _quoted(quote, text), person, field_id)
    added["at"] = _iso(word.at) or _iso(modified_at) or added["at"]
    return added


# --- what the user is told ---------------------------------------------------------------------


def _summary(path: Path, report: Report, taken: _Taken, in_app: bool) -> str:
    counts = [
        (taken.suggestions, ngettext("{count} suggestion", "{count} suggestions", taken.suggestions)),
        (taken.comments, ngettext("{count} comment added", "{count} comments added", taken.comments)),
        (taken.replies, ngettext("{count} reply", "{count} replies", taken.replies)),
        (taken.resolved, ngettext("{count} thread resolved", "{count} threads resolved", taken.resolved)),
    ]
    said = [words.format(count=n) for n, words in counts if n]
    if taken.suggestions:
        see = _("{key} in the report").format(key=APP_KEY) if in_app else f"swgtui suggestions {report['id']}"
        said[0] += " " + _("(see them: {command})").format(command=see)
    return _("received {file} into {report}: {changes}").format(
        file=path.name, report=_named(report), changes=", ".join(said)
    )
