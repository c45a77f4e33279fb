"""Scores from whole posting lists are Whoosh's own scores, in Whoosh's order, in both the
forms a search keeps them in (dicts for few postings, numpy arrays for many)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from whoosh import collectors

from searcher import Index, ingest
from searcher.article import iso_date
from searcher.engine import forms, segments
from searcher.engine.postings import Postings, read_postings
from searcher.engine.scoring import best
from searcher.ranking.model import DEFAULT, FieldScoring, Ranking
from searcher.ranking.preferences import preference
from searcher.search.match import match
from searcher.update import updater

from tests.conftest import shared_data

#: Words, phrases, AND, OR, NOT, exact quotes, field words and a date range, as users type
#: them.
QUERIES = [
    "trump",
    "white house",
    "president OR senate OR congress",
    '"white house"',
    '"the united states"',
    '"health care" OR insurance',
    "trump -russia",
    "trump NOT (russia OR china)",
    'trump ="White House"',
    "title:trump",
    "title:trump body:border",
    "(police OR fire) AND (city OR town)",
    "election date:2017-01",
    "the",
    "absentword",
]


@pytest.fixture(autouse=True, params=["sets", "arrays"])
def form(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every test in both forms: arrays from the first posting, or sets however many."""
    monkeypatch.setattr(forms, "DENSE_FROM", 0 if request.param == "arrays" else 10**12)
    return request.param


@pytest.fixture(scope="module")
def news(tmp_path_factory: pytest.TempPathFactory) -> Index:
    """600 articles of the 2017 corpus in three files indexed one by one, one file then
    rewritten: several segments, one with deleted articles, long words in several blocks."""
    path = shared_data() / "news-articles-2017.csv.gz"
    articles = ingest.parse(path, path.read_bytes()).articles[:600]
    folder = tmp_path_factory.mktemp("news")
    idx = Index.create(folder / "idx")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(updater, "MERGE_COUNT", 100)  # keep the segments and their deletions
        patch.setattr(segments, "_BLOCK", 64)  # in the forked workers too
        for n in range(3):
            _write(folder / "files" / f"{n}.jsonl", articles[n * 200 : (n + 1) * 200])
            idx.update([folder / "files"])
        _write(folder / "files" / "1.jsonl", articles[200:300])
        idx.update([folder / "files"])
    leaves = [leaf.reader() for leaf, _ in idx.searcher().leaf_searchers()]
    assert len(leaves) > 2
    lists = [read_postings(leaf, "body", b"the") for leaf in leaves]
    assert any(len(found._blocks) > 1 for found in lists if found is not None)
    yield idx
    idx.close()


def _write(path: Path, articles: list) -> None:
    path.parent.mkdir(exist_ok=True)
    rows = [
        {"id": a.id, "title": a.title, "body": a.body, "date": iso_date(a.date), "source": a.source}
        for a in articles
    ]
    path.write_text("\n".join(json.dumps(row) for row in rows), "utf-8")


def _whoosh(idx: Index, text: str, ranking: Ranking, limit: int | None) -> list[tuple]:
    """What Whoosh's matchers score, through the same query and filter."""
    snapshot = idx.snapshot()
    found = match(snapshot, text)
    searcher = snapshot.view.searcher
    collector = searcher.collector(limit=limit)
    allow = collectors.FilterCollector(collector, allow=set(found.docs))
    searcher.search_with_collector(ranking.query(found.query, snapshot.view), allow)
    return [(docnum, score) for score, docnum in allow.results().top_n]


def _ours(idx: Index, text: str, ranking: Ranking, limit: int | None) -> list[tuple]:
    found = match(idx.snapshot(), text)
    return best(idx.searcher(), found.query, found.docs, limit, ranking.weighting(), found.postings)


@pytest.mark.parametrize("text", QUERIES)
@pytest.mark.parametrize("limit", [10, None])
def test_scores_and_order_are_whooshs(news: Index, text: str, limit: int | None) -> None:
    ours, theirs = _ours(news, text, DEFAULT, limit), _whoosh(news, text, DEFAULT, limit)
    assert [doc for doc, _ in ours] == [doc for doc, _ in theirs]
    assert [score for _, score in ours] == pytest.approx([score for _, score in theirs])
    if text != "absentword":
        assert ours


def test_other_field_settings_are_scored_too(news: Index) -> None:
    ranking = Ranking(fields={"title": FieldScoring(weight=2.0, b=0.2, k1=2.0)})
    for text in ("trump", '"white house" OR senate'):
        ours, theirs = _ours(news, text, ranking, 20), _whoosh(news, text, ranking, 20)
        assert ours == [(doc, pytest.approx(score)) for doc, score in theirs]


def test_preferences_and_proximity_are_left_to_whoosh(news: Index) -> None:
    assert DEFAULT.per_word
    assert not preference("recent", None, "relevance").per_word
    assert not preference("close", None, "relevance").per_word
    snapshot = news.snapshot()
    found = match(snapshot, '"white house"~3')
    weighting = DEFAULT.weighting()
    assert best(snapshot.view.searcher, found.query, found.docs, 10, weighting, Postings()) is None


@pytest.mark.parametrize("text", ["trum*", "wh?te", "title:sen*"])
def test_a_wildcard_matches_what_whoosh_matches_and_scores_one_per_field(
    news: Index, text: str
) -> None:
    """As Lucene's constant-score rewrite: its rarest spellings do not rank first."""
    snapshot = news.snapshot()
    found = match(snapshot, text)
    assert found.docs == set(found.query.docs(snapshot.view.searcher)) - snapshot.bookkeeping
    ours = dict(_ours(news, text, DEFAULT, None))
    fields = [text.partition(":")[0]] if ":" in text else ["title", "body"]
    prefix = text.partition(":")[2] if ":" in text else text
    assert ours == {
        doc: float(sum(match(snapshot, f"{f}:{prefix}").docs.__contains__(doc) for f in fields))
        for doc in found.docs
    }
    assert found.docs
