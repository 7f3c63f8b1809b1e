"""The shape of a report and of everything in it, as stored in JSON (one shape everywhere:
the store, dump files, review packages, the writers and the app).

These are typed dicts: the data is the JSON a report is saved as, so reading and writing need
no conversion beyond the checks of `swgtui.model.schema`, and a type checker (mypy) knows the
shape at every use. Ids never change once given; ids made by this release are ULIDs
(`swgtui.model.ids`), older ones (`a1`, `k1`) and the template's own row ids are kept.
"""

from __future__ import annotations

from typing import NotRequired, TypedDict


class Person(TypedDict):
    """Who wrote a text or took a review step."""

    name: str
    organisation: str
    role: str  # one of swgtui.model.review.ROLES


class Contact(TypedDict):
    """A focal point in one of the header's contact lists."""

    id: str
    organisation: str
    name: str
    email: str


class Partner(TypedDict):
    """One development partner's narrative in a row of kind "partners" (stored as an item)."""

    id: str
    name: str
    text: str


class Row(TypedDict):
    id: str
    kind: str  # a row kind of the template
    title: str
    tag: str
    no_update: bool
    fields: dict[str, str]  # field id -> text
    items: list[Partner]
    kept: NotRequired[str]  # set by a merge: why a row removed on one side was kept


class Section(TypedDict):
    id: str  # the template's section id
    no_update: bool
    rows: list[Row]


class Header(TypedDict):
    fields: dict[str, str]  # field id -> text
    contacts: dict[str, list[Contact]]  # contact list id -> its people


class Comment(TypedDict):
    """A comment on a part (optionally on one field, quoting a passage of it), or a reply."""

    id: str
    part: str
    field: str
    quote: str
    text: str
    by: Person
    at: str
    reply_to: str | None
    seen: str | None  # the id of the last review event when it was written (None: before any)


class ReviewEvent(TypedDict):
    """One review act. The states people see (a part's status, a thread's, the sign-off's) are
    computed from these events, in list order, never stored (swgtui.model.review)."""

    id: str
    action: str  # one of swgtui.model.review.EVENT_ACTIONS
    at: str
    by: Person
    part: str  # the part acted on ("" for the whole report)
    comment: str  # the comment thread acted on (resolve, reopen), else ""
    fingerprint: str  # what was approved, marked ready or signed off, else ""
    note: str
    voids: str  # for "void": the id of the approval or sign-off it voids, else ""
    seen: str | None  # the id of the last event its author had seen
    after: NotRequired[list[str]]  # the ids of the event heads its author had seen (review_merge)
    package: NotRequired[str]  # the review package that first carried it off its author's laptop
    suggestion: NotRequired[str]  # for "accept" and "reject": the suggestion acted on
    recorded_by: NotRequired[Person]  # who recorded a step taken on behalf of `by` (an approval by e-mail)


class Suggestion(TypedDict):
    """A reviewer's edit of one text (from a reviewed Word file): never applied until accepted.
    Its state (open, accepted, rejected) comes from the review events that name it."""

    id: str
    part: str
    field: str  # a text key: a field id, a partner (item) id, or "title"
    base: str | None  # the revision the reviewer's text started from (None: the field had none)
    before: str  # the text at `base`, as exported
    after: str  # the reviewer's text
    by: Person  # the reviewer
    at: str  # when the reviewer made the change (the tracked change's date, else the file's)
    source: str  # the file it came from, e.g. "Annex2-….docx (export 01J…)"
    tracked: bool  # True: from Word tracked changes; False: an untracked difference


class Review(TypedDict):
    comments: list[Comment]
    events: list[ReviewEvent]
    suggestions: NotRequired[list[Suggestion]]  # absent when none


class Reference(TypedDict):
    """Last period's texts, kept beside a rolled-over report."""

    report: str
    period: str
    parts: dict[str, dict[str, str]]


class Conflict(TypedDict):
    """A value with several head revisions that a merge could not join (settled by setting it)."""

    part: str
    field: str
    heads: list[str]  # the head revisions' ids, sorted


class Report(TypedDict):
    id: str
    template: str
    swg: NotRequired[str]  # the key of its SWG (swgtui.swgs), "" for one outside the list; set on load
    period: str
    created: str
    updated: str
    counters: dict[str, int]  # kept for reports made before ids were ULIDs
    header: Header
    sections: list[Section]
    review: NotRequired[Review]
    reference: NotRequired[Reference]
    conflicts: NotRequired[list[Conflict]]  # sorted by (part, field); absent when none


class Revision(TypedDict):
    """One saved value of one key (swgtui.model.merge_keys); a key's revisions chain by
    `parent`, and `rev` counts them for people (1, 2, 3 …). A revision made from several (a
    merge, a conflict settled) names them all in `parents` (sorted ids; `parent` is the first);
    one with `removed` marks its row, partner or contact removed (its text is "")."""

    id: str
    parent: str | None
    part: str
    field: str  # a field id, an item (partner) id, "title", or a structure key ("@rows", "ITEM.name" …)
    rev: int
    text: str
    by: Person | dict[str, str] | None
    at: str
    parents: NotRequired[list[str]]  # only when there are several
    removed: NotRequired[bool]  # a tombstone
    accepted_by: NotRequired[Person]  # a reviewer's suggestion (`by`) accepted by this person
