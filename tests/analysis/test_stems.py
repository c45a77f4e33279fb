"""Stems: the index's terms for words as written."""

from __future__ import annotations

from searcher.analysis.stems import stem


def test_stem_is_the_index_term() -> None:
    assert stem("Banks") == "bank"
    assert stem("Café") == "cafe"
