"""Relevance ranking: the TIME quality gate, and exact orders on small fixtures."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

import pytest

from bench import relevance
from searcher import Index
from searcher.errors import OptionError
from searcher.ranking.model import DEFAULT
from searcher.ranking.preferences import preference
from searcher.search.match import match
from searcher.search.order import ranked

from tests.conftest import note, shared_data

#: Default ranking's figures on TIME (bench.relevance), the judgments numbered as TIME.REL
#: numbers them: the requests as written, then cut to two words; the gate allows 0.01 below each.
PINNED = {
    "whole": {"map": 0.7092, "ndcg10": 0.7708},
    "short": {"map": 0.2318, "ndcg10": 0.2784},
}
TOLERANCE = 0.01
#: TIME.REL's numbers that TIME.ALL's 423 articles leave without an article (data README).
GAP = range(371, 378)


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return relevance


@pytest.fixture(scope="module")
def time_collection(bench: ModuleType):
    return bench.load(shared_data())


@pytest.fixture(scope="module")
def time_index(bench: ModuleType, time_collection, tmp_path_factory: pytest.TempPathFactory):
    idx = bench.build_index(time_collection, tmp_path_factory.mktemp("time"))
    yield idx
    idx.close()


def _judged_numbers() -> list[int]:
    """Every article number in TIME.REL (a line is a request's number, then its articles')."""
    text = (shared_data() / "time-magazine" / "TIME.REL").read_text(encoding="latin-1")
    return [int(n) for line in text.splitlines() for n in line.split()[1:]]


def test_judgments_are_numbered_as_the_425_article_collection(bench, time_collection) -> None:
    """A TIME.REL number up to 370 is a position in TIME.ALL, one from 378 on the position
    plus two: every judgment names an article, none is lost, request 23's 425 is the last."""
    numbers = _judged_numbers()
    assert not [n for n in numbers if n in GAP]
    ids = [record["id"] for record in time_collection.records]
    judged = [doc for relevant in time_collection.relevant for doc in relevant]
    assert set(judged) <= set(ids)
    assert len(judged) == len(numbers)
    assert time_collection.relevant[22] == {ids[-1]} and max(numbers) == 425
    assert [bench.article_id(n) for n in (1, 370, 378, 425)] == ["1", "370", "376", "423"]


@pytest.mark.parametrize("number", [GAP.start, GAP.stop - 1])
def test_a_judgment_in_the_gap_is_refused(bench, number: int) -> None:
    with pytest.raises(ValueError, match="lacks two articles"):
        bench.article_id(number)


def test_a_judgment_past_the_last_article_is_refused(bench, tmp_path: Path) -> None:
    folder = tmp_path / "time-magazine"
    folder.mkdir()
    files = {
        "TIME.ALL": "*TEXT 001 01/04/63 PAGE 001\n\nKENYA joins.\n*STOP\n",
        "TIME.QUE": "*FIND    1\n\nKENYA\n*STOP\n",
        "TIME.STP": "THE\n",
        "TIME.REL": "1 1 379\n",
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="latin-1")
    with pytest.raises(ValueError, match=r"does not hold: \['377'\]"):
        bench.load(tmp_path)


def test_time_ranking_quality_has_not_dropped(bench, time_collection, time_index) -> None:
    figures = bench.evaluate(time_index, time_collection)
    for requests, pinned in PINNED.items():
        got = getattr(figures, requests)
        assert got.map >= pinned["map"] - TOLERANCE, (requests, got)
        assert got.ndcg10 >= pinned["ndcg10"] - TOLERANCE, (requests, got)


def test_search_pages_show_the_benchmarked_order(bench, time_collection, time_index) -> None:
    """What the benchmark measures is what ``Index.search`` shows, and every match is ranked."""
    ranked_ids = bench.rankings(time_index, time_collection)
    snapshot = time_index.snapshot()
    for words, ids in zip(time_collection.requests, ranked_ids, strict=True):
        text = bench.query_text(words)
        assert [hit.id for hit in time_index.search(text, page_size=10).hits] == ids[:10]
        found = match(snapshot, text).docs
        assert set(ids) == {snapshot.view.stored(n)["id"] for n in found}


def test_feedback_reorders_only_the_matches(bench, time_collection, time_index) -> None:
    """The feedback variant's expansion words add score, never matches, nor drop any."""
    snapshot, feedback = time_index.snapshot(), bench.Feedback()
    for words in time_collection.requests[:10]:
        found = match(snapshot, " ".join(words[:2]))  # both words: fewer than all articles
        every = ranked(snapshot, found, "relevance", None, feedback)
        assert {docnum for docnum, _ in every} == found.docs
        assert ranked(snapshot, found, "relevance", 10, feedback) == every[:10]


def test_a_ranking_with_its_own_query_is_scored_by_it(bench, time_collection, time_index):
    """A ranking that builds its own scoring query (feedback, Whoosh's stock BM25F) must not
    be scored as the default from whole posting lists: its figures are its own."""
    default = bench.evaluate(time_index, time_collection).whole
    for variant in (bench.Feedback(), bench.WhooshBM25F(stock=True)):
        assert not variant.per_word
        assert bench.evaluate(time_index, time_collection, variant).whole != default


@pytest.mark.parametrize("prefer", [None, "recent", "close"])
def test_the_best_ten_are_the_first_ten_of_all(bench, time_collection, time_index, prefer):
    """Whoosh's top-N shortcuts must not drop a match that belongs in the first ten."""
    snapshot, ranking = time_index.snapshot(), preference(prefer, None, "relevance")
    for words in time_collection.requests:
        for text in (bench.query_text(words), " ".join(words[:2])):
            found = match(snapshot, text)
            every = ranked(snapshot, found, "relevance", None, ranking)
            assert ranked(snapshot, found, "relevance", 10, ranking) == every[:10], text


def _ids(idx: Index, text: str, **options) -> list[str]:
    return [hit.id for hit in idx.search(text, page_size=50, **options).hits]


def test_a_rare_word_outranks_a_repeated_common_one(small: Index) -> None:
    assert _ids(small, "market OR tariff")[:2] == ["rare", "common"]


def test_a_title_mention_counts_less_than_a_body_one(small: Index) -> None:
    assert _ids(small, "budget") == ["in-both", "in-body", "in-title"]


def test_prefer_close_ranks_words_side_by_side_first(small: Index) -> None:
    assert _ids(small, "white house") == ["apart", "adjacent"]  # a tie: index order
    assert _ids(small, "white house", prefer="close") == ["adjacent", "apart"]


def test_prefer_recent_blends_age_into_the_score(small: Index) -> None:
    assert _ids(small, "ceasefire") == ["undated", "old", "month", "newest"]  # a tie
    plain = small.search("ceasefire").hits[0].score
    hits = small.search("ceasefire", prefer="recent").hits
    assert [hit.id for hit in hits] == ["newest", "month", "old", "undated"]
    newest, month, old, undated = (hit.score for hit in hits)
    assert newest == pytest.approx(2 * plain)
    assert month == pytest.approx(1.5 * plain)  # 30 days older: one half-life
    assert old == pytest.approx(plain * (1 + 2 ** (-304 / 30)))
    assert undated == pytest.approx(plain)
    week = small.search("ceasefire", half_life_days=7).hits
    assert week[1].score == pytest.approx(plain * (1 + 2 ** (-30 / 7)))


def test_recency_counts_from_the_newest_article_in_any_segment(tmp_path: Path) -> None:
    first, later = tmp_path / "first.jsonl", tmp_path / "later.jsonl"
    first.write_text(json.dumps(note("old", "ceasefire talks", date="2023-10-02")) + "\n")
    later.write_text(json.dumps(note("new", "ceasefire talks", date="2023-11-01")) + "\n")
    with Index.create(tmp_path / "idx") as idx:
        idx.update([first])
        idx.update([first, later])
        assert not idx.searcher().is_atomic()  # the second commit wrote a second segment
        plain = idx.search("ceasefire").hits[0].score
        hits = idx.search("ceasefire", prefer="recent").hits
    assert [(hit.id, hit.score) for hit in hits] == [
        ("new", pytest.approx(2 * plain)),
        ("old", pytest.approx(1.5 * plain)),
    ]


@pytest.mark.parametrize("text", ["market", "market OR tariff", "white house", "ceasefire"])
def test_preferences_never_change_the_matches(small: Index, text: str) -> None:
    plain = small.search(text, page_size=50, facets=["source"])
    for prefer in ("recent", "close", ("recent", "close")):
        found = small.search(text, page_size=50, facets=["source"], prefer=prefer)
        assert (found.total, found.facets) == (plain.total, plain.facets)
        assert sorted(hit.id for hit in found.hits) == sorted(hit.id for hit in plain.hits)


def test_exports_use_the_preference_too(small: Index) -> None:
    ids = [hit.id for hit in small.export("ceasefire", prefer="recent")]
    assert ids == ["newest", "month", "old", "undated"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"prefer": "recent", "sort": "newest"}, "does not apply to sort 'newest'"),
        ({"half_life_days": 7, "sort": "oldest"}, "does not apply to sort 'oldest'"),
        ({"prefer": "popular"}, "unknown preference 'popular'"),
        ({"half_life_days": 0}, "half-life must be a positive"),
    ],
)
def test_bad_preferences_are_refused(small: Index, options: dict, message: str) -> None:
    with pytest.raises(OptionError, match=message):
        small.search("ceasefire", **options)


def test_no_preference_is_the_default_ranking() -> None:
    assert preference(None, None, "newest") is DEFAULT


def test_scores_count_articles_not_the_index_s_own_records(tmp_path: Path) -> None:
    """The same articles score the same as one records file or as a file each: the index's
    record of each file is no article for BM25's counts and average lengths."""
    notes = [note(f"n{i}", " ".join(["aid"] * (i % 3 + 1) + ["word"] * i)) for i in range(12)]
    scores = []
    for name, files in (("one", [notes]), ("each", [[n] for n in notes])):
        folder = tmp_path / name
        folder.mkdir()
        for i, records in enumerate(files):
            lines = "".join(json.dumps(r) + "\n" for r in records)
            (folder / f"{i}.jsonl").write_text(lines, encoding="utf-8")
        with Index.create(tmp_path / f"{name}-idx") as idx:
            idx.update([folder])
            scores.append({h.id: h.score for h in idx.search("aid", page_size=20).hits})
    assert len(scores[0]) == 12
    assert scores[1] == pytest.approx(scores[0])
