"""Searcher's terms as the cluster's words: the same terms, in the same positions."""

from __future__ import annotations

from searcher.analysis.words import news_analyzer
from searcher.cluster.terms import TermText, encoded

TEXT = "Müller's U.S. rallies: 9/11 — Москва, naïve_words and 東京 again; rallies!"


def test_a_text_is_the_analyzer_s_terms_encoded_one_a_position() -> None:
    tokens = [(token.text, token.pos) for token in news_analyzer()(TEXT, positions=True)]
    words = TermText()(TEXT).split(" ")
    assert words == [encoded(text) for text, _ in tokens]
    assert [pos for _, pos in tokens] == list(range(len(words)))
    assert words[:4] == ["muller", "s", "u", "s"]
    assert all(set(word) <= set("0123456789abcdefghijklmnopqrstuvwxyz_") for word in words)
