"""What changed in a report's texts since a moment: for each text, the pieces kept since then,
and those inserted and deleted after it, each by whom and when (for `export --changes-since`).

The moment is a date or date-time, or, per part, that part's last approval (by one reviewer,
or by anyone). A text's history is walked from its text at that moment (the latest revision
in the ancestry of the text shown with `at` not later, "" before the first) through each later
revision of that ancestry, each diffed word by word (textdiff) with the revision it was made
from; a merge of texts changed on two laptops is diffed with its first parent, and what it
took from the others is credited to whoever wrote (or deleted) it there, not to the merge.
Texts are cut into tokens that keep their Markdown-lite meaning (a word with its bold and
italic, one paragraph end per line with its style: body, bullet or numbered item), so the
pieces can be written back as formatted paragraphs. A piece inserted and deleted again after
the moment vanishes; a piece of the old text deleted stays, marked deleted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from graphlib import TopologicalSorter

from swgtui.i18n import N_, _, ngettext
from swgtui.model import report as rp
from swgtui.model import review
from swgtui.model.merge_graph import ancestors, heads, parents_of
from swgtui.model.merge_keys import TAG, FieldKey, is_text_key, text_values
from swgtui.model.textdiff import DELETE, EQUAL, INSERT, sequence_diff, tokens
from swgtui.model.types import Report, Revision, Row
from swgtui.richtext import parse_blocks
from swgtui.text import clean_text

APPROVAL = "approval"
BODY, BULLET, NUMBER = "body", "bullet", "number"
# Words of the Word document (the author of a change no revision names: `anonymous`), kept in
# English here: marked for the catalogue, for the export to give them in the document's language.
BEFORE_HISTORY = N_("before the history")  # a text no revision names an author for, written before the history
NO_AUTHOR = N_("no author recorded")  # a later text without an author (a copy edited outside swgtui)
_BEGINNING = datetime.min.replace(tzinfo=UTC)
# translate where it is shown: _(FOR_NEEDS_APPROVAL)
FOR_NEEDS_APPROVAL = N_("--for NAME goes with --changes-since approval (that person's last approval of each part)")


@dataclass(frozen=True)
class Token:
    """A word (or space, or punctuation) with its formatting, or the end of a paragraph."""

    text: str
    bold: bool = False
    italic: bool = False
    paragraph: str = ""  # on a paragraph's end: BODY, BULLET or NUMBER
    number: int = field(default=0, compare=False)  # a numbered item's own number (not compared)


@dataclass(frozen=True)
class Piece:
    op: str  # EQUAL (there then and now), INSERT or DELETE (since then)
    tokens: tuple[Token, ...]
    by: str = ""  # who inserted or deleted it
    at: str = ""  # when, in UTC: "2026-11-27T10:00:00Z"


@dataclass
class FieldChanges:
    part: str
    field: str
    pieces: list[Piece]

    @property
    def changed(self) -> bool:
        return any(piece.op != EQUAL for piece in self.pieces)

    def tokens(self, op: str) -> list[Token]:
        """The text then (op DELETE: every change rejected) or now (INSERT: every change accepted)."""
        return [token for piece in self.pieces if piece.op in (EQUAL, op) for token in piece.tokens]


@dataclass(frozen=True)
class Since:
    """When to show the changes from: a moment, or each part's last approval (by `for_name`)."""

    moment: datetime | None  # None: each part's last approval
    for_name: str = ""
    given: str = ""  # as the user wrote it

    @property
    def label(self) -> str:
        if self.moment is not None:
            return _("since {date}").format(date=self.given)
        if self.for_name:
            return _("since the last approval by {name}").format(name=self.for_name)
        return _("since the last approval")


@dataclass
class Changes:
    """Every text of a report with what changed in it since `since`."""

    since: Since
    fields: dict[FieldKey, FieldChanges]
    never_approved: list[str]  # parts without an approval (approval mode): all their text shows inserted
    notes: list[str]  # what changed but is not shown (rows removed since)
    tags: dict[str, FieldChanges] = field(default_factory=dict)  # row id -> its tag's changes

    def of(self, part: str, field_id: str) -> FieldChanges | None:
        return self.fields.get((part, field_id))

    @property
    def changed(self) -> list[FieldChanges]:
        return [changes for changes in self.fields.values() if changes.changed]

    def summary(self) -> str:
        """e.g. "3 fields changed since the last approval by Mr Lord" (for the user); in approval
        mode with parts never approved, the count is of the approved parts', said first."""
        never = set(self.never_approved)
        fields = sum(changes.changed for changes in self.changed if changes.part not in never)
        tags = sum(tag.changed for row, tag in self.tags.items() if row not in never)
        what = ngettext("{count} field", "{count} fields", fields).format(count=fields)
        if tags:
            what = _("{fields} and {tags}").format(
                fields=what, tags=ngettext("{count} tag", "{count} tags", tags).format(count=tags)
            )
        line = _("{what} changed {since}").format(what=what, since=self.since.label)
        if never:
            whom = _(" by {name}").format(name=self.since.for_name) if self.since.for_name else ""
            approved, parts = len({part for part, _unused in self.fields} - never), len(never)
            line += ngettext(", in the {count} part approved", ", in the {count} parts approved", approved).format(
                count=approved
            )
            line += ngettext(
                "; the {count} part never approved{whom} show all their text as new",
                "; the {count} parts never approved{whom} show all their text as new",
                parts,
            ).format(count=parts, whom=whom)
        return line


def parse_since(value: str, for_name: str = "") -> Since:
    """`approval`, an ISO date (midnight UTC) or an ISO date-time (without a zone: UTC)."""
    given = value.strip()
    for_name = " ".join(for_name.split())
    if given.casefold() == APPROVAL:
        return Since(None, for_name, given)
    try:
        moment = _utc(datetime.fromisoformat(given))
    except (ValueError, OverflowError):  # (year 1 or 9999 shifted out of range by its zone)
        raise rp.ReportError(
            _(
                "changes since '{value}': give 'approval', an ISO date (2026-11-27) "
                "or a date and time (2026-11-27T10:00, 2026-11-27T10:00+07:00)"
            ).format(value=clean_text(value))
        ) from None
    if for_name:
        raise rp.ReportError(_(FOR_NEEDS_APPROVAL))
    return Since(moment, "", given)


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _moment(at: str) -> datetime:
    try:
        return _utc(datetime.fromisoformat(at))
    except (TypeError, ValueError, OverflowError):
        return _BEGINNING


def word_date(at: str) -> str:
    """A time as Word writes a tracked change's date: "2026-11-27T10:00:00Z"."""
    return _moment(at).strftime("%Y-%m-%dT%H:%M:%SZ")


def approval_times(report: Report, for_name: str = "") -> dict[str, datetime]:
    """Each part's last approval (by `for_name`, compared casefolded, or by anyone), just before
    its second: times are kept to the second, so a text saved in the same second as the approval
    shows as changed since (a change shown twice is read; one hidden is not)."""
    wanted = for_name.casefold()
    found: dict[str, datetime] = {}
    for event in report.get("review", {}).get("events", []):
        if event["action"] != "approve" or (wanted and event["by"]["name"].casefold() != wanted):
            continue
        at = _moment(event["at"]) - timedelta(microseconds=1)
        if at > found.get(event["part"], _BEGINNING):
            found[event["part"]] = at
    return found


def check_approvals(report: Report, since: Since) -> None:
    """Refuse (ReportError) changes since approval when no part was approved (by `for_name`),
    naming who did approve parts, or suggesting a date."""
    if since.moment is not None:
        return
    approvers: dict[str, str] = {}
    for event in report.get("review", {}).get("events", []):
        if event["action"] == "approve":
            approvers[event["by"]["name"].casefold()] = review.describe(event["by"])
    if not approvers:
        week_ago = (_moment(rp.now_iso()) - timedelta(days=7)).date().isoformat()
        raise rp.ReportError(
            _("no part of this report was approved yet: give a DATE instead (--changes-since {date})").format(
                date=week_ago
            )
        )
    if since.for_name and since.for_name.casefold() not in approvers:
        raise rp.ReportError(
            _("nobody named '{name}' approved a part of this report; approvals are by: {approvers}").format(
                name=clean_text(since.for_name), approvers=", ".join(clean_text(who) for who in approvers.values())
            )
        )


def field_tokens(part: str, field_id: str, text: str) -> list[Token]:
    """A text's tokens as the Word export shows it: a header field (or a row's tag) as one
    plain line, a row's title as paragraphs (no numbered items), any other text as
    Markdown-lite paragraphs."""
    if part == rp.HEADER_ID or field_id == TAG:
        return [Token(word) for word in tokens(clean_text(" ".join(text.split("\n"))))]
    found: list[Token] = []
    for block in parse_blocks(text, numbered=field_id != "title"):
        for run in block.runs:
            found += [Token(word, run.bold, run.italic) for word in tokens(run.text)]
        style = BULLET if block.bullet else NUMBER if block.number else BODY
        found.append(Token("\n", paragraph=style, number=block.number))
    return found


@dataclass
class _Entry:
    token: Token
    op: str
    by: str = ""
    at: str = ""
    made: str = ""  # the revision that inserted or deleted it
    origin: int = -1  # its place in the text then (a token kept or deleted), else -1


_Change = tuple[str, str, str]  # who, when (Word's form), the revision


def _author(revision: Revision, swg: str) -> str:
    """Who wrote it; a revision without an author is the report's (its SWG's): written before
    the history (the sample's or an imported text), or in a copy edited outside swgtui."""
    person = revision.get("by")
    name = person.get("name", "") if isinstance(person, dict) else ""
    return clean_text(name).strip()[:255] or anonymous(swg, BEFORE_HISTORY if not parents_of(revision) else NO_AUTHOR)


def anonymous(swg: str, why: str) -> str:
    """e.g. "Illicit Drug Sector Working Group (before the history)": Word's author of a change
    no revision names a person for."""
    return f"{' '.join(clean_text(swg).split())[:200] or 'the report'} ({why})"


def _step(entries: list[_Entry], new: list[Token], change: _Change) -> list[_Entry]:
    """The entries after one change of the shown text (the entries not deleted) to `new`."""
    by, at, made = change
    result: list[_Entry] = []
    position = 0

    def passing_deleted() -> None:
        nonlocal position
        while position < len(entries) and entries[position].op == DELETE:
            result.append(entries[position])
            position += 1

    def next_shown() -> _Entry:
        nonlocal position
        passing_deleted()
        position += 1
        return entries[position - 1]

    shown = [entry.token for entry in entries if entry.op != DELETE]
    index = 0  # in `new`
    for op, items in _readable(sequence_diff(shown, new)):
        if op == EQUAL:
            for _unused in items:
                result.append(replace(next_shown(), token=new[index]))  # a numbered item's new number
                index += 1
        elif op == DELETE:
            for _unused in items:
                entry = next_shown()
                if entry.op == EQUAL:  # inserted since, then deleted: it vanishes
                    result.append(_Entry(entry.token, DELETE, by, at, made, entry.origin))
        else:
            passing_deleted()
            result += [_Entry(token, INSERT, by, at, made) for token in items]
            index += len(items)
    return result + entries[position:]


def _readable(pieces: list[tuple[str, list[Token]]]) -> list[tuple[str, list[Token]]]:
    """The diff with a lone space between two changes taken into them, so that a phrase
    rewritten reads as the old phrase deleted and the new one inserted, not word by word."""
    result: list[tuple[str, list[Token]]] = []
    deleted: list[Token] = []
    inserted: list[Token] = []

    def flush() -> None:
        result.extend((op, list(items)) for op, items in ((DELETE, deleted), (INSERT, inserted)) if items)
        deleted.clear()
        inserted.clear()

    for index, (op, items) in enumerate(pieces):
        if op == DELETE:
            deleted.extend(items)
        elif op == INSERT:
            inserted.extend(items)
        elif (deleted or inserted) and index < len(pieces) - 1 and [t.text for t in items] == [" "]:
            deleted.extend(items)
            inserted.extend(items)
        else:
            flush()
            result.append((op, items))
    flush()
    return result


def _credit(entries: list[_Entry], other: list[_Entry], made: str) -> list[_Entry]:
    """A merge's entries (`made` by it from its first parent) with what its other parent's
    entries (`other`) held already credited to whoever wrote or deleted it there."""
    result = list(entries)
    shown = [index for index, entry in enumerate(result) if entry.op != DELETE]
    theirs = [entry for entry in other if entry.op != DELETE]
    mine_at = theirs_at = 0
    for op, items in sequence_diff([result[i].token for i in shown], [entry.token for entry in theirs]):
        for _unused in items:
            if op == EQUAL:
                index, source = shown[mine_at], theirs[theirs_at]
                if result[index].made == made and source.op == INSERT:
                    result[index] = replace(source, token=result[index].token)
            mine_at += op != INSERT
            theirs_at += op != DELETE
    deleted = {entry.origin: entry for entry in other if entry.op == DELETE}
    for index, entry in enumerate(result):
        if entry.op == DELETE and entry.made == made and entry.origin in deleted:
            result[index] = replace(deleted[entry.origin], token=entry.token)
    return result


def _pieces(entries: list[_Entry]) -> list[Piece]:
    pieces: list[Piece] = []
    for entry in entries:
        last = pieces[-1] if pieces else None
        if last and (last.op, last.by, last.at) == (entry.op, entry.by, entry.at):
            pieces[-1] = replace(last, tokens=(*last.tokens, entry.token))
        else:
            pieces.append(Piece(entry.op, (entry.token,), entry.by, entry.at))
    return pieces


def field_changes(
    part: str,
    field_id: str,
    revisions: list[Revision],
    shown: str,
    since: datetime | None,
    saved: str = "",
    swg: str = "",
) -> FieldChanges:
    """What changed in one text (`shown` now; `revisions` its history, any order) since `since`
    (None: since before its first revision); a text shown that no revision holds is dated
    `saved` (the report's last save; else now); what no revision names an author for is
    credited to the report's SWG (`swg`, its name)."""
    moment = since or _BEGINNING
    by_id = {revision["id"]: revision for revision in revisions}
    tops = heads(revisions)
    head = next((h for h in tops if h["text"] == shown and not h.get("removed")), None)
    if head is None and tops:
        head = max(tops, key=lambda r: (_moment(r["at"]), r["id"]))
    then, later = head, []
    if head is not None and _moment(head["at"]) > moment:
        line = sorted(
            (by_id[i] for i in ancestors(by_id, [head["id"]]) if i != head["id"]),
            key=lambda r: (_moment(r["at"]), r["id"]),
        )
        earlier = [r for r in line if _moment(r["at"]) <= moment]
        then = earlier[-1] if earlier else None
        later = [r for r in line if _moment(r["at"]) > moment] + [head]
    text = "" if then is None or then.get("removed") else then["text"]
    entries = [_Entry(token, EQUAL, origin=i) for i, token in enumerate(field_tokens(part, field_id, text))]
    entries = _walk(part, field_id, entries, later, swg)
    now = field_tokens(part, field_id, shown)
    if [entry.token for entry in entries if entry.op != DELETE] != now:  # a text not saved as a revision
        entries = _step(
            entries,
            now,
            (anonymous(swg, NO_AUTHOR if revisions else BEFORE_HISTORY), word_date(saved or rp.now_iso()), ""),
        )
    return FieldChanges(part, field_id, _pieces(entries))


def _walk(part: str, field_id: str, root: list[_Entry], later: list[Revision], swg: str) -> list[_Entry]:
    """The entries of the last of `later` (the head): each revision's from its parent's (the
    text then, for the first), a merge's credited to its other parents' authors."""
    if not later:
        return root
    after = {revision["id"]: revision for revision in later}
    parents = {made: [p for p in parents_of(r) if p in after] for made, r in after.items()}
    waiting = Counter(p for made in parents.values() for p in made)  # children still to walk
    states: dict[str, list[_Entry]] = {}
    for made in TopologicalSorter(parents).static_order():
        revision = after[made]
        new = field_tokens(part, field_id, "" if revision.get("removed") else revision["text"])
        sources = [states[p] for p in parents[made]] or [root]
        entries = _step(sources[0], new, (_author(revision, swg), word_date(revision["at"]), made))
        for other in sources[1:]:
            entries = _credit(entries, other, made)
        states[made] = entries
        for parent in parents[made]:
            waiting[parent] -= 1
            if not waiting[parent]:
                del states[parent]  # no other revision starts from it
    return states[later[-1]["id"]]


def report_changes(report: Report, history: list[Revision], since: Since) -> Changes:
    """Every text of the report with what changed in it since `since` (per part for approvals)."""
    by_key: dict[FieldKey, list[Revision]] = {}
    for revision in history:
        by_key.setdefault((revision["part"], revision["field"]), []).append(revision)
    approvals = approval_times(report, since.for_name) if since.moment is None else {}

    def moment_of(part: str) -> datetime | None:
        return since.moment if since.moment is not None else approvals.get(part)

    shown, swg = text_values(report), rp.swg_name(report)
    fields = {
        key: field_changes(*key, by_key.get(key, []), text, moment_of(key[0]), report["updated"], swg)
        for key, text in shown.items()
    }
    never = [] if since.moment is not None else [p for p in rp.part_ids(report) if p not in approvals]
    gone = [key for key in by_key if is_text_key(key[1]) and key not in shown]
    tags = {row["id"]: _tag_changes(row, by_key, moment_of(row["id"]), swg) for row in rp.rows(report)}
    return Changes(since, fields, never, _not_shown(report, by_key, gone, moment_of, since.label), tags)


def _tag_changes(row: Row, by_key: dict[FieldKey, list[Revision]], since: datetime | None, swg: str) -> FieldChanges:
    """A row's tag's changes; shown as it is when its value then is not known (a tag is first
    written to the history when it changes, or when the report is exported or sent)."""
    row_id, tag = row["id"], row["tag"]
    revisions = by_key.get((row_id, TAG), [])
    moment = since or _BEGINNING
    known = any(_moment(r["at"]) <= moment for r in revisions)
    row_then = any(_moment(r["at"]) <= moment for r in by_key.get((row_id, "title"), []))
    if row_then and not known:
        return FieldChanges(row_id, TAG, [Piece(EQUAL, tuple(field_tokens(row_id, TAG, tag)))])
    return field_changes(row_id, TAG, revisions, tag, since, swg=swg)


def _text_then(revisions: list[Revision], moment: datetime | None) -> str:
    """The latest text at or before `moment` ("" when there was none, or it was removed)."""
    earlier = [r for r in revisions if _moment(r["at"]) <= (moment or _BEGINNING)]
    last = max(earlier, key=lambda r: (_moment(r["at"]), r["id"]), default=None)
    return "" if last is None or last.get("removed") else last["text"]


def _not_shown(
    report: Report,
    by_key: dict[FieldKey, list[Revision]],
    gone: list[FieldKey],
    moment_of: Callable[[str], datetime | None],
    label: str,
) -> list[str]:
    """One line for each row, and each partner of a row still there, removed since then."""
    parts = set(rp.part_ids(report))
    notes: list[str] = []
    for part, field_id in gone:
        moment = moment_of(part)
        if not _text_then(by_key[(part, field_id)], moment).strip():
            continue
        if part not in parts:
            if field_id == "title":
                title = " ".join(_text_then(by_key[(part, "title")], moment).split())
                notes.append(
                    _("the row '{title}' was removed {since}: it is not in the file").format(title=title, since=label)
                )
        elif (part, f"{field_id}.name") in by_key:
            name = " ".join(_text_then(by_key[(part, f"{field_id}.name")], moment).split())
            notes.append(
                _("the partner '{name}' was removed {since}: its narrative is not in the file").format(
                    name=name, since=label
                )
            )
    return notes
