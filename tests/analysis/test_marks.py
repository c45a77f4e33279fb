"""The generated table of combining marks is the running Python's Unicode."""

from __future__ import annotations

import unicodedata

import pytest

from searcher.analysis.marks import RANGES


def _codes(ranges: list[str]) -> set[int]:
    codes: set[int] = set()
    for bounds in ranges:
        low, _, high = bounds.partition("-")
        codes.update(range(int(low, 16), int(high or low, 16) + 1))
    return codes


def test_every_mark_of_the_basic_plane_is_listed() -> None:
    marks = {c for c in range(0x10000) if unicodedata.category(chr(c))[0] == "M"}
    listed = _codes(RANGES.split())
    assert listed <= marks  # a mark stays a mark in later versions of Unicode
    if unicodedata.unidata_version != "14.0.0":
        pytest.skip(f"generated from Unicode 14.0.0, this Python has {unicodedata.unidata_version}")
    assert listed == marks
