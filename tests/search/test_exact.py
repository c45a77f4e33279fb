"""Exact quotes: ``="…"`` and ``Filters(exact=True)`` keep the phrase as written."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from searcher import Filters, Index, QueryError

from tests.conftest import build_index

#: The stemmed phrase "refugee arrives" matches every one of these; as written, q1 and q3.
QUOTES = [
    {
        "id": "q1",
        "title": "Border",
        "body": "Refugee arrivals rose. The refugee arrives at dawn.",
        "date": "2023-01-05",
        "source": "Wire One",
    },
    {
        "id": "q2",
        "title": "Camp",
        "body": "A refugee arrival was recorded.",
        "date": "2023-01-20",
        "source": "Daily Ledger",
    },
    {
        "id": "q3",
        "title": "Night",
        "body": "Reports said: REFUGEE -- ARRIVES, late.",
        "date": "2023-02-02",
        "source": "Daily Ledger",
    },
    {
        "id": "q4",
        "title": "Refugees arrive",
        "body": "More refugees arrive.",
        "date": "2023-02-10",
        "source": "Wire One",
    },
]


@pytest.fixture
def quotes(tmp_path: Path) -> Iterator[Index]:
    folder = tmp_path / "quotes"
    folder.mkdir()
    (folder / "news.jsonl").write_text("".join(json.dumps(r) + "\n" for r in QUOTES))
    idx = build_index(folder, tmp_path / "idx")
    yield idx
    idx.close()


def found(index: Index, text: str, filters: Filters | None = None) -> set[str]:
    return {hit.id for hit in index.search(text, filters, page_size=100).hits}


def test_an_exact_quote_keeps_the_words_as_written(quotes: Index) -> None:
    assert found(quotes, '"refugee arrives"') == {"q1", "q2", "q3", "q4"}
    assert found(quotes, '="refugee arrives"') == {"q1", "q3"}
    assert found(quotes, '"refugee arrives"', Filters(exact=True)) == {"q1", "q3"}
    assert found(quotes, '="refugees"') == {"q4"}
    assert found(quotes, 'title:="refugees arrive"') == {"q4"}
    assert found(quotes, 'body:="refugees arrive"') == {"q4"}
    assert found(quotes, '="refugee arrives" OR ="refugee arrival"') == {"q1", "q2", "q3"}
    assert found(quotes, '"refugee arrives" NOT ="refugee arrives"') == {"q2", "q4"}


def test_counts_facets_and_trends_follow_the_exact_quote(quotes: Index) -> None:
    results = quotes.search('="refugee arrives"', facets=["source", "month"])
    assert results.total == 2
    assert results.facets["source"] == {"Daily Ledger": 1, "Wire One": 1}
    assert results.facets["month"] == {"2023-01": 1, "2023-02": 1}
    trend = quotes.trend(['="refugee arrives"'], by="month")
    assert [row['="refugee arrives"'] for row in trend.rows()] == [1, 1]


def test_highlights_mark_the_exact_span_only(quotes: Index) -> None:
    hits = {hit.id: hit for hit in quotes.search('="refugee arrives"').hits}
    marked = {i: [h.snippet[a:b] for a, b in h.highlights] for i, h in hits.items()}
    assert marked == {"q1": ["refugee arrives"], "q3": ["REFUGEE -- ARRIVES"]}
    lines = list(quotes.kwic('"refugee arrives"', Filters(exact=True)))
    assert sorted(line.match for line in lines) == ["REFUGEE -- ARRIVES", "refugee arrives"]


def test_an_exact_quote_within_some_words_is_refused(quotes: Index) -> None:
    with pytest.raises(QueryError, match="an exact quote cannot also be within") as refused:
        quotes.search('aid ="refugee arrives"~3')
    assert refused.value.position == 4
    assert found(quotes, '"refugee arrivals"~3', Filters(exact=True)) == {"q1", "q2", "q3", "q4"}


def test_explain_lists_exact_quotes(quotes: Index) -> None:
    explained = quotes.explain('="Refugee, arrives"')
    assert explained["exact"] == ['title:="refugee arrives"', 'body:="refugee arrives"']
