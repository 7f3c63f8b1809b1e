"""Which report files swgtui last wrote or read and found good, so that the check of every
report file (the report list marks those that cannot be opened) reads only the files changed since.

``store.json.checked`` beside the store maps a report file's name to the identity (inode, size,
modification time) of the version found good. It is never the truth: a file whose identity is
not the one recorded is read and checked again, so a cache that is missing, stale, unreadable or
made up costs only that re-check and never hides a damaged file. A damaged file always has
another identity than the good one swgtui wrote (the store replaces files by renaming), except
after an overwrite in place of the same size whose modification time was then put back, which
this does not catch (opening the report still does).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

from swgtui.store.storage import StorageError, identity, read_json, write_json_atomic

Identity = tuple[int, int, int]


def checked_path(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + ".checked")


def file_identity(path: Path) -> Identity | None:
    """The identity of the file now (None if it cannot be stat'ed: then it is read)."""
    try:
        return identity(os.stat(path))
    except OSError:
        return None


def load_checked(store_path: Path) -> dict[str, Identity]:
    """The identities recorded as good; anything malformed is left out (so it is checked)."""
    try:
        data: Any = read_json(checked_path(store_path))
    except StorageError:
        return {}
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        return {}
    return {
        name: (value[0], value[1], value[2])
        for name, value in files.items()
        if isinstance(value, list) and len(value) == 3 and all(type(v) is int for v in value)
    }


def save_checked(store_path: Path, good: dict[str, Identity]) -> None:
    """Record them (a cache: a failure to write it only means more reading next time)."""
    with contextlib.suppress(StorageError):
        write_json_atomic(checked_path(store_path), {"files": {name: list(ident) for name, ident in good.items()}})
