"""Ids: ULIDs made without a library, encoded as the ULID specification says."""

from __future__ import annotations

import re

from swgtui.model.ids import derived_id, is_plain_id, new_id, ulid_text

ULID = re.compile(r"[0-7][0-9A-HJKMNP-TV-Z]{25}")


def test_the_encoding_is_the_specifications_crockford_base32_most_significant_first() -> None:
    assert ulid_text(0, bytes(10)) == "0" * 26
    assert ulid_text(2**48 - 1, b"\xff" * 10) == "7" + "Z" * 25
    # the specification's example time, 1469918176385 ms, is 01ARYZ6S41 in its first ten characters
    assert ulid_text(1469918176385, bytes(10)).startswith("01ARYZ6S41")
    assert ulid_text(0, bytes(9) + b"\x01") == "0" * 25 + "1"
    assert ulid_text(0, bytes(9) + b"\x20") == "0" * 24 + "10"


def test_new_ids_are_ulids_unique_and_ordered_by_time() -> None:
    made = [new_id() for _ in range(2000)]
    assert all(ULID.fullmatch(made_id) and is_plain_id(made_id) for made_id in made)
    assert len(set(made)) == len(made)
    assert [made_id[:10] for made_id in made] == sorted(made_id[:10] for made_id in made)


def test_a_derived_id_is_the_same_for_the_same_record_and_carries_its_time() -> None:
    first = derived_id("2020-01-01T00:00:00+00:00", "a", "b")
    assert first == derived_id("2020-01-01T00:00:00+00:00", "a", "b") == "01DXF6DT00Y16DSVCQ6TK9V9GG"
    assert first != derived_id("2020-01-01T00:00:00+00:00", "a", "c")
    assert first[:10] == ulid_text(1577836800000, bytes(10))[:10]
    assert derived_id("not a date", "x").startswith("0000000000")
    assert ULID.fullmatch(derived_id("9999-12-31T23:59:59+00:00", "far"))
