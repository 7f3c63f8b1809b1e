"""Ids that two laptops never both make: ULIDs (time-ordered, 26 characters).

Things made before this release keep their ids (`a1`, `k1`, the template's row ids). Where an
older record needs an id it never had (a contact, a review step, a revision), `derived_id`
makes the same one from the same record on every laptop, so that copies of one report agree.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from datetime import UTC, datetime

# Every id swgtui has ever written fits this: template row ids, a1/p3/k1, report ids
# (idswg-2020-2021, 4c01123f), ULIDs. No dot, so an id never looks like a position (A.2).
PLAIN_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # the ULID alphabet: no I, L, O, U


def ulid_text(millis: int, randomness: bytes) -> str:
    """The ULID of a moment (milliseconds since 1970, 48 bits) and 80 bits of `randomness`:
    26 characters of Crockford base32, most significant first, so ids sort by time. (The
    encoding of the ULID specification; python-ulid cost 20-40 ms to import on every command,
    reading its own package metadata.)"""
    number = (millis << 80) | int.from_bytes(randomness[:10], "big")
    return "".join(CROCKFORD[(number >> shift) & 31] for shift in range(125, -1, -5))


def new_id() -> str:
    """A new ULID, as text."""
    return ulid_text(time.time_ns() // 1_000_000, os.urandom(10))


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
    return ulid_text(millis & (2**48 - 1), digest)


def is_plain_id(value: object) -> bool:
    """Whether `value` is an id of the form swgtui writes (PLAIN_ID)."""
    return isinstance(value, str) and PLAIN_ID.fullmatch(value) is not None
