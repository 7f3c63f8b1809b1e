"""Ids that two laptops never both make: ULIDs (time-ordered, 26 characters).

Things made before this release keep their ids (`a1`, `k1`, the template's row ids). Where an
older record needs an id it never had (a contact, a review step, a revision), `derived_id`
makes the same one from the same record on every laptop, so that copies of one report agree.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ulid import ULID

# Every id swgtui has ever written fits this: template row ids, a1/p3/k1, report ids
# (idswg-2020-2021, 4c01123f), ULIDs. No dot, so an id never looks like a position (A.2).
PLAIN_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


def _ulid() -> type[ULID]:
    """python-ulid, imported when the first id is made: it costs some 40 ms that the app's
    start (the list of reports) does not need."""
    from ulid import ULID

    return ULID


def new_id() -> str:
    """A new ULID, as text."""
    return str(_ulid()())


def derived_id(at: str, *parts: object) -> str:
    """A ULID for an older record: its time from `at` (ISO 8601, or the epoch when missing or
    unreadable) and the rest from a hash of `parts`; the same record gives the same id."""
    try:
        moment = datetime.fromisoformat(at)
    except (TypeError, ValueError):
        moment = datetime(1970, 1, 1, tzinfo=UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    millis = max(0, int(moment.timestamp() * 1000))
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).digest()
    return str(_ulid().from_bytes(millis.to_bytes(6, "big") + digest[:10]))


def is_plain_id(value: object) -> bool:
    """Whether `value` is an id of the form swgtui writes (PLAIN_ID)."""
    return isinstance(value, str) and PLAIN_ID.fullmatch(value) is not None
