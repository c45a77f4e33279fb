"""The bulk word analysis gives the terms and positions of the schema's analyzer."""

from __future__ import annotations

from collections import defaultdict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from searcher import ingest
from searcher.analysis.words import WordPositions, news_analyzer

from tests.conftest import shared_data

_ANALYZER = news_analyzer()


def _reference(text: str) -> tuple[dict[str, list[int]], int]:
    positions: dict[str, list[int]] = defaultdict(list)
    count = 0
    for token in _ANALYZER(text, positions=True):
        positions[token.text].append(token.pos)
        count += 1
    return dict(positions), count


def test_stems_fold_accents_and_keep_stop_words() -> None:
    assert WordPositions()("The added Évening ran, running runs the") == (
        {"the": [0, 6], "add": [1], "evening": [2], "ran": [3], "run": [4, 5]},
        7,
    )


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_any_text_analyses_as_the_analyzer_does(text: str) -> None:
    assert WordPositions()(text) == _reference(text)


@pytest.mark.parametrize("name", ["news-articles-2017.csv.gz", "reuters21578.jsonl.gz"])
def test_real_articles_analyse_as_the_analyzer_does(name: str) -> None:
    path = shared_data() / name
    words = WordPositions()
    for article in ingest.parse(path, path.read_bytes()).articles[::20]:
        for text in (article.title, article.body):
            assert words(text) == _reference(text)
