"""Merging lists of ids (a section's rows, a row's partners, a contact list) changed on several
copies, without ever conflicting.

- What any copy removed (in the base, missing from one of the heads) is gone: removals win.
- What a copy added is kept; ids added at the same place come in the order of their ids.
- An id a copy moved follows it there (an id moved by several copies follows the head with
  the lowest id); the others keep the base's order.

Each id that moved or was added is placed after its nearest predecessor in the head that put
it there (an id that did not move, or one that head placed too); ids placed after the same
one come before the base's next id, in id order. The result depends only on the base and the
set of heads, never on which copy merges.
"""

from __future__ import annotations

from collections import defaultdict
from difflib import SequenceMatcher


def merge_ids(base: list[str], heads: list[list[str]]) -> list[str]:
    """The merge of several versions (`heads`, in the order of their revision ids) of the list
    `base`."""
    removed = {i for i in base if any(i not in set(head) for head in heads)}
    survivors = {i for head in heads for i in head} - removed
    stayed_base = [i for i in base if i in survivors]
    placed: dict[str, int] = {}  # id -> index of the head that placed it (moved or added it)
    for n, head in enumerate(heads):
        order = [i for i in head if i in survivors]
        kept = set(stayed_base) & set(order)
        in_base = [i for i in stayed_base if i in kept]
        in_head = [i for i in order if i in kept]
        unmoved: set[str] = set()
        for a, _, size in SequenceMatcher(None, in_base, in_head, autojunk=False).get_matching_blocks():
            unmoved.update(in_base[a : a + size])
        for i in order:
            if i not in unmoved:
                placed.setdefault(i, n)
    children: dict[str | None, list[str]] = defaultdict(list)
    for i, n in placed.items():
        order = [x for x in heads[n] if x in survivors]
        before = order[: order.index(i)]
        anchor = next((x for x in reversed(before) if placed.get(x, n) == n), None)
        children[anchor].append(i)
    following: dict[str | None, str] = {}
    previous: str | None = None
    for i in stayed_base:
        if i not in placed:
            following[previous] = i
            previous = i
    merged: list[str] = []
    stack: list[str | None] = [None]
    while stack:
        node = stack.pop()
        if node is not None:
            merged.append(node)
        if node in following:
            stack.append(following[node])
        stack.extend(sorted(children.get(node, []), reverse=True))
    return merged


def put_back(merged: list[str], item: str, had_it: list[str]) -> list[str]:
    """`merged` with `item` put back at its place in a version of the list that had it: after
    its nearest predecessor there that `merged` holds (else first)."""
    before = had_it[: had_it.index(item)] if item in had_it else []
    anchor = next((x for x in reversed(before) if x in merged), None)
    at = merged.index(anchor) + 1 if anchor is not None else 0
    return merged[:at] + [item] + merged[at:]
