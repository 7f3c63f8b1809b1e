"""Merging two copies of a report's review record, and what each review act knew.

Each event names in "after" the events its author had seen last (the *heads*: events no
other event names); an event written before copies could be merged names one, in "seen".
An event *knew* every event reachable through these names. Two events of which neither knew
the other were taken apart, on two laptops: they are *concurrent*, and `review.fold` settles
them (request-changes beats approve, reopen beats resolve).

Merging two copies is the union of their comments, events and suggestions by id. The events then take
one canonical order, the same on every laptop holding the same events: each comes after the
events it knew, and otherwise the smaller id first. Comments are ordered by (time, id), a
reply after the comment it answers.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable
from typing import TypeVar

from swgtui.model.types import Comment, Review, ReviewEvent, Suggestion

MAX_AFTER = 64  # the most heads an event names; more would mean some 64 laptops acting at once

Item = TypeVar("Item", Comment, ReviewEvent, Suggestion)


def knew_directly(event: ReviewEvent) -> list[str]:
    """The ids the event names as seen: its "after", or for an older event its "seen"."""
    if "after" in event:
        return event["after"]
    seen = event.get("seen")  # .get: a record made by hand (tests) may leave it out
    return [seen] if seen else []


def heads(events: list[ReviewEvent]) -> list[str]:
    """The ids of the events no other event names as seen, sorted (at most MAX_AFTER: the
    last ones in the list's order)."""
    named = {seen for event in events for seen in knew_directly(event)}
    found = [event["id"] for event in events if event["id"] not in named]
    return sorted(found[-MAX_AFTER:])


Key = Callable[[Item], tuple[str, ...]]


def _ordered(items: Iterable[Item], key: Key[Item], before: Callable[[Item], list[str]]) -> list[Item]:
    """Items by `key`, each after the items it names in `before` (names of items not there
    are left out); the same items give the same order whatever order they came in."""
    by_id = {item["id"]: item for item in items}
    waiting = {item_id: {b for b in before(item) if b in by_id and b != item_id} for item_id, item in by_id.items()}
    followers: dict[str, list[str]] = {}
    for item_id, names in waiting.items():
        for name in names:
            followers.setdefault(name, []).append(item_id)
    ready = [(key(by_id[item_id]), item_id) for item_id, names in waiting.items() if not names]
    heapq.heapify(ready)
    order: list[Item] = []
    while ready:
        _, item_id = heapq.heappop(ready)
        order.append(by_id[item_id])
        for follower in followers.get(item_id, []):
            waiting[follower].discard(item_id)
            if not waiting[follower]:
                heapq.heappush(ready, (key(by_id[follower]), follower))
    if len(order) < len(by_id):  # a cycle, only in a hand-made record: the rest by key
        placed = {item["id"] for item in order}
        order += sorted((item for item in by_id.values() if item["id"] not in placed), key=key)
    return order


def canonical_order(events: Iterable[ReviewEvent]) -> list[ReviewEvent]:
    """The events, each after those it knew, otherwise by id."""
    return _ordered(events, lambda event: (event["id"],), knew_directly)


def comment_order(comments: Iterable[Comment]) -> list[Comment]:
    """The comments by (time, id), a reply after the comment it answers."""
    return _ordered(comments, lambda c: (c["at"], c["id"]), lambda c: [c["reply_to"]] if c["reply_to"] else [])


def _union(local: list[Item], incoming: list[Item]) -> tuple[dict[str, Item], int]:
    merged = {item["id"]: item for item in local}
    added = 0
    for item in incoming:
        if item["id"] not in merged:
            merged[item["id"]] = item
            added += 1
    return merged, added


def merge_review(local: Review, incoming: Review) -> tuple[Review, int, int]:
    """The union of two copies' comments and events by id, and how many comments and events
    `incoming` added. Where one id holds two versions the local one is kept, but for the
    package an event first came in: the smaller of the two given."""
    comments, comments_added = _union(local["comments"], incoming["comments"])
    events, events_added = _union(local["events"], incoming["events"])
    for event in incoming["events"]:
        mine = events[event["id"]]
        packages = sorted(p for p in (mine.get("package"), event.get("package")) if p)
        if packages and mine.get("package") != packages[0]:
            events[event["id"]] = {**mine, "package": packages[0]}
    review: Review = {"comments": comment_order(comments.values()), "events": canonical_order(events.values())}
    suggestions, _ = _union(local.get("suggestions", []), incoming.get("suggestions", []))
    if suggestions:  # they never change: the union by id, by (time, id)
        review["suggestions"] = sorted(suggestions.values(), key=lambda s: (s["at"], s["id"]))
    return review, comments_added, events_added


class Knowledge:
    """Which event knew which of the events `about` asks after (by action), for events in
    canonical order: each event's knowledge is a set of bits, one per such event, made from
    the knowledge of the events it names (`knew`)."""

    def __init__(self, events: list[ReviewEvent], about: tuple[str, ...]) -> None:
        self.bits: dict[str, int] = {}
        self.known: dict[str, int] = {}
        for event in events:
            known = 0
            for seen in knew_directly(event):
                known |= self.known.get(seen, 0) | self.bits.get(seen, 0)
            self.known[event["id"]] = known
            if event["action"] in about:
                self.bits[event["id"]] = 1 << len(self.bits)

    def knew(self, later: ReviewEvent, earlier: ReviewEvent) -> bool:
        """Whether `later`'s author had seen `earlier` (one of the events asked after),
        through the events it names, and those they name …"""
        return bool(self.known.get(later["id"], 0) & self.bits.get(earlier["id"], 0))
