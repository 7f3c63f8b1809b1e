"""A key's revisions as a graph: each follows its parent (or parents, for a merge)."""

from __future__ import annotations

from swgtui.model.types import Revision


def parents_of(revision: Revision) -> list[str]:
    """The ids of the revisions a revision follows (several for a merge or a resolution)."""
    if revision.get("parents"):
        return list(revision["parents"])
    return [revision["parent"]] if revision["parent"] else []


def heads(revisions: list[Revision]) -> list[Revision]:
    """The revisions of one key that no other of them names as a parent, sorted by id."""
    named = {parent for revision in revisions for parent in parents_of(revision)}
    return sorted((r for r in revisions if r["id"] not in named), key=lambda r: r["id"])


def ancestors(by_id: dict[str, Revision], starts: list[str]) -> set[str]:
    """The ids of `starts` and of every revision they follow, as far as `by_id` knows them."""
    found: set[str] = set()
    todo = [s for s in starts if s in by_id]
    while todo:
        current = todo.pop()
        if current not in found:
            found.add(current)
            todo.extend(p for p in parents_of(by_id[current]) if p in by_id)
    return found


def common_base(revisions: list[Revision], head_ids: list[str]) -> Revision | None:
    """The nearest revision that every head follows (the latest by (at, id) when several are
    equally near), or None when they share none."""
    by_id = {r["id"]: r for r in revisions}
    common: set[str] | None = None
    for head in head_ids:
        reach = ancestors(by_id, [head])
        common = reach if common is None else common & reach
    if not common:
        return None
    further = ancestors(by_id, [p for c in common for p in parents_of(by_id[c])])
    nearest = [by_id[c] for c in common - further] or [by_id[c] for c in common]
    return max(nearest, key=lambda r: (r["at"], r["id"]))
