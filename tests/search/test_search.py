"""Searching an index: every query feature, filters, facets, sorting, paging, snippets."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from searcher import Filters, Index, OptionError, QueryError
from searcher.errors import DateError, SearchTimeout, UnknownSource


def ids(index: Index, text: str, filters: Filters | None = None, **options) -> list[str]:
    return [hit.id for hit in index.search(text, filters, page_size=100, **options).hits]


def seed_id(index: Index) -> str:
    return index.search('"Antony Blinken"').hits[0].id


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("aid", {"a1", "a3", "a5", "seed"}),
        ("aid rafah", {"a1", "seed"}),
        ("rafah OR rates", {"a1", "a2", "seed"}),
        ("aid NOT rafah", {"a3", "a5"}),
        ("(rafah OR ceasefire) aid", {"a1", "a3", "seed"}),
        ('"humanitarian aid"', {"a1", "seed"}),
        ('"central bank"', {"a2"}),
        ('"central bank"~3', {"a2", "a4"}),
        ('"secretary of state"', {"seed"}),
        ("title:aid", {"a1", "a5"}),
        ("body:aid NOT title:aid", {"a3", "seed"}),
        ('source:"wire one"', {"a1", "a3", "a5"}),
        ("source:Daily* rates", {"a2"}),
        ("ceasefir*", {"a3"}),
        ("rallies", {"a4"}),
        ("date:2023-11", {"a2", "a3", "seed"}),
        ("aid date:[2023-10-01 TO 2023-11-02]", {"a1"}),
        ("date:>2023-11-03", {"a4"}),
        ("*", {"a1", "a2", "a3", "a4", "a5", "seed"}),
    ],
)
def test_query_features(index: Index, text: str, expected: set[str]) -> None:
    found = set(ids(index, text))
    assert found == {seed_id(index) if e == "seed" else e for e in expected}


def test_stop_words_do_not_join_a_phrase(index: Index) -> None:
    assert "a4" not in ids(index, '"central bank"')


def test_to_includes_the_whole_last_day(index: Index) -> None:
    assert set(ids(index, "aid", Filters(date_to="2023-11-03"))) == {"a1", "a3", seed_id(index)}
    assert ids(index, "aid", Filters(date_to="2023-11-02")) == ["a1"]


def test_from_and_to_accept_months_dates_and_datetimes(index: Index) -> None:
    assert set(ids(index, "*", Filters("2023-11", "2023-11"))) == {
        "a2",
        "a3",
        seed_id(index),
    }
    assert ids(index, "*", Filters(date_from=date(2023, 12, 1))) == ["a4"]
    moment = datetime(2023, 10, 30, 23, 0, tzinfo=UTC)
    assert ids(index, "*", Filters(date_to=moment)) == ["a1"]


def test_a_bad_filter_date_is_a_date_error(index: Index) -> None:
    with pytest.raises(DateError):
        index.search("aid", Filters(date_from="the other day"))


def test_dates_that_run_backwards_are_refused(index: Index) -> None:
    with pytest.raises(DateError, match="from 2023-11-01 to 2023-10-31") as caught:
        index.search("aid", Filters(date_from="2023-11", date_to="2023-10"))
    assert "swap" in caught.value.hint
    assert index.search("aid", Filters(date_from="2023-10-30", date_to="2023-10-30")).total == 1


def test_dates_beyond_the_archive_say_so_beside_the_zero(index: Index) -> None:
    newest, oldest = index.search("*", sort="newest").hits[0], index.search("*", sort="oldest")
    after = index.search("aid", Filters(date_from="2024-01"))
    assert (after.total, after.notes) == (
        0,
        [f"no article is dated from 2024-01-01 on: the newest is from {newest.date:%Y-%m-%d}"],
    )
    before = index.search("aid", Filters(date_to="2022"))
    assert before.notes == [
        f"no article is dated up to 2022-12-31: the oldest is from {oldest.hits[0].date:%Y-%m-%d}"
    ]
    assert index.search("aid", Filters(date_from="2023-11-02")).notes == []
    assert index.search("zzkk", Filters(date_from="2023-10")).notes == []


def test_sources_filter_by_name_in_any_case_or_by_host(index: Index) -> None:
    assert set(ids(index, "aid", Filters(sources=["Wire One"]))) == {"a1", "a3", "a5"}
    assert set(ids(index, "aid", Filters(sources=["Shafaq News", "Daily Ledger"]))) == {
        seed_id(index)
    }
    assert set(ids(index, "aid", Filters(sources=["wire one"]))) == {"a1", "a3", "a5"}
    assert set(ids(index, "aid", Filters(sources=["WWW.Wire.example"]))) == {"a1", "a3", "a5"}


def test_a_source_the_index_does_not_hold_is_refused_with_the_nearest(index: Index) -> None:
    with pytest.raises(UnknownSource) as error:
        index.search("aid", Filters(sources=["Wire One", "wire"]))
    assert str(error.value) == "no source 'wire' in this index"
    assert error.value.hint == (
        "did you mean Wire One, wire.example? "
        "'searcher sources' lists every outlet and host; names ignore case"
    )


def test_one_source_may_be_given_as_a_string(index: Index) -> None:
    assert Filters(sources="Wire One").sources == ("Wire One",)
    assert set(ids(index, "aid", Filters(sources="Wire One"))) == {"a1", "a3", "a5"}


def test_total_counts_every_match_not_the_page(index: Index) -> None:
    results = index.search("*", page_size=2)
    assert (results.total, len(results.hits), results.pages) == (6, 2, 3)


def test_every_article_comes_newest_first_unless_told(index: Index) -> None:
    """Relevance means nothing for ``*``: it sorts newest first by default, as asked
    otherwise, and by relevance when a preference asks for relevance."""
    newest = [h.id for h in index.search("*", sort="newest", page_size=100).hits]
    results = index.search("*", page_size=100)
    assert results.sort == "newest"
    assert [h.id for h in results.hits] == newest
    assert [h.id for h in index.export("*")] == newest
    assert index.search("*", sort="relevance").sort == "relevance"
    assert index.search("*", prefer="recent").sort == "relevance"
    assert index.search("aid").sort == "relevance"


def test_pages_walk_through_all_hits_once(index: Index) -> None:
    pages = [index.search("*", sort="oldest", page=n, page_size=4) for n in (1, 2, 3)]
    assert [[h.id for h in p.hits] for p in pages] == [
        ["a1", "a2", seed_id(index), "a3"],
        ["a4", "a5"],
        [],
    ]


def test_sort_newest_and_oldest_put_undated_last(index: Index) -> None:
    assert ids(index, "aid", sort="newest") == ["a3", seed_id(index), "a1", "a5"]
    assert ids(index, "aid", sort="oldest") == ["a1", seed_id(index), "a3", "a5"]


@pytest.mark.parametrize("limit", [None, 1, 4, 100])
def test_date_sorts_break_ties_by_index_order(tmp_path: Path, limit: int | None) -> None:
    """Equal dates keep the index's order (reversed for newest); undated come last; a page is
    the head of the whole order."""
    days = ["2023-01-01", "2023-01-02", None]
    rows = [{"id": f"n{n}", "title": "x", "body": "aid", "date": days[n % 3]} for n in range(9)]
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps(r) for r in rows), "utf-8")
    idx = Index.create(tmp_path / "idx")
    idx.update([tmp_path / "a.jsonl"])
    size = {"page_size": limit} if limit else {}
    newest = [h.id for h in (idx.search("aid", sort="newest", **size).hits)]
    oldest = [h.id for h in (idx.search("aid", sort="oldest", **size).hits)]
    assert newest == ["n7", "n4", "n1", "n6", "n3", "n0", "n8", "n5", "n2"][: limit or 9]
    assert oldest == ["n0", "n3", "n6", "n1", "n4", "n7", "n2", "n5", "n8"][: limit or 9]


def test_relevance_sort_scores_hits_in_order(index: Index) -> None:
    hits = index.search("aid").hits
    scores = [hit.score for hit in hits]
    assert scores == sorted(scores, reverse=True)
    assert all(score > 0 for score in scores)
    assert all(hit.score is None for hit in index.search("aid", sort="newest").hits)


def test_facets_count_the_whole_result_set(index: Index) -> None:
    results = index.search("*", facets=["source", "year", "month", "week", "day"], page_size=1)
    assert results.facets == {
        "source": {"Wire One": 3, "Daily Ledger": 2, "Shafaq News": 1},
        "year": {"2023": 5, "undated": 1},
        "month": {"2023-10": 1, "2023-11": 3, "2023-12": 1, "undated": 1},
        "week": {"2023-W44": 4, "2023-W50": 1, "undated": 1},
        "day": {
            "2023-10-30": 1,
            "2023-11-02": 1,
            "2023-11-03": 2,
            "2023-12-15": 1,
            "undated": 1,
        },
    }


def test_facets_follow_filters(index: Index) -> None:
    results = index.search("aid", Filters(date_from="2023-11-01"), facets=["source"])
    assert results.facets == {"source": {"Shafaq News": 1, "Wire One": 1}}


def test_unknown_options_are_errors(index: Index) -> None:
    with pytest.raises(OptionError, match="unknown sort 'best'"):
        index.search("aid", sort="best")
    with pytest.raises(OptionError, match="unknown facet 'author'"):
        index.search("aid", facets=["author"])
    with pytest.raises(OptionError, match="start at 1"):
        index.search("aid", page=0)


def test_hits_carry_what_result_lists_show(index: Index) -> None:
    hit = index.search("convoy").hits[0]
    assert (hit.id, hit.title, hit.source, hit.url) == (
        "a1",
        "Aid convoy reaches Rafah",
        "Wire One",
        "https://wire.example/a1",
    )
    assert (hit.date, hit.day_only) == (datetime(2023, 10, 30, tzinfo=UTC), True)
    assert hit.to_dict()["date"] == "2023-10-30"


def test_hit_dates_are_one_sortable_type_and_days_stay_days(index: Index) -> None:
    """Day-only (a1, a4) and timed (a2, a3) articles: one aware type that sorts, days marked
    as such and exported as the day, times as they were written."""
    hits = index.search("*", sort="oldest", page_size=100).hits
    dated = [hit for hit in hits if hit.date]
    assert sorted(hit.date for hit in dated) == [hit.date for hit in dated]
    assert {type(hit.date) for hit in dated} == {datetime}
    assert all(hit.date.utcoffset() is not None for hit in dated)
    records = {"a1", "a2", "a3", "a4"}
    assert [(h.id, h.day_only, h.to_dict()["date"]) for h in dated if h.id in records] == [
        ("a1", True, "2023-10-30"),
        ("a2", False, "2023-11-02T09:30:00+00:00"),
        ("a3", False, "2023-11-03T23:30:00+00:00"),
        ("a4", True, "2023-12-15"),
    ]


def test_snippets_highlight_the_words_as_written(index: Index) -> None:
    hit = index.search("humanitarian aid", Filters(sources=["Wire One"])).hits[0]
    assert hit.snippet == (
        "A convoy carrying humanitarian aid crossed the Rafah gate into Gaza on Monday."
    )
    assert [hit.snippet[s:e] for s, e in hit.highlights] == ["humanitarian", "aid"]


def test_long_bodies_give_fragments_around_the_matches(index: Index) -> None:
    hit = index.search('"humanitarian aid"', Filters(sources=["Shafaq News"])).hits[0]
    assert hit.snippet.startswith("…")
    assert " … " in hit.snippet
    assert len(hit.snippet) < 450
    assert [hit.snippet[s:e] for s, e in hit.highlights] == ["humanitarian aid"] * 2


def test_a_title_only_match_shows_the_lead(index: Index) -> None:
    hit = index.search("title:markets").hits[0]
    assert (
        hit.snippet == "Stocks rallied after the central to the bank statement surprised traders."
    )
    assert hit.highlights == ()


def test_time_zones_move_timed_articles_but_not_days(index: Index) -> None:
    # a3 is 2023-11-03T23:30Z: 4 November in Berlin, still 3 November in New York.
    # a1 is the day 2023-10-30: the same day everywhere.
    assert ids(index, "aid date:2023-11-04", Filters(tz="Europe/Berlin")) == ["a3"]
    assert ids(index, "aid date:2023-11-04") == []
    assert ids(index, "aid", Filters(date_from="2023-11-04", tz="Europe/Berlin")) == ["a3"]
    assert ids(index, "convoy date:2023-10-30", Filters(tz="Asia/Tokyo")) == ["a1"]
    assert ids(index, "convoy date:2023-10-30", Filters(tz="America/Los_Angeles")) == ["a1"]
    berlin = index.search("aid", Filters(tz="Europe/Berlin"), facets=["day"]).facets["day"]
    assert berlin == {"2023-10-30": 1, "2023-11-03": 1, "2023-11-04": 1, "undated": 1}


def test_an_unknown_time_zone_is_an_option_error(index: Index) -> None:
    with pytest.raises(OptionError, match="unknown time zone 'Mars/Base'"):
        index.search("aid", Filters(tz="Mars/Base"))


def test_relative_dates_count_back_from_today(index: Index) -> None:
    today = datetime.now(UTC).date()
    days = (today - date(2023, 11, 2)).days
    assert set(ids(index, "*", Filters(date_from=f"{days}d"))) == {"a2", "a3", "a4", seed_id(index)}
    assert set(ids(index, f"date:[-{days} days TO now]")) == {"a2", "a3", "a4", seed_id(index)}
    assert ids(index, "*", Filters(date_to=f"{days + 1}d")) == ["a1"]


def test_wildcards_that_match_too_many_words_are_refused(index: Index, monkeypatch) -> None:
    monkeypatch.setattr("searcher.search.match.MAX_EXPANSIONS", 2)
    with pytest.raises(QueryError, match="'a\\*' matches more than 2 different words") as caught:
        index.search("gaza a*")
    assert caught.value.position == 5
    assert index.search("convo*").total == 1


def test_searches_stop_at_the_time_limit(index: Index, monkeypatch) -> None:
    monkeypatch.setattr("searcher.search.match.TIME_LIMIT", -1.0)
    with pytest.raises(SearchTimeout, match="took longer than -1 seconds") as caught:
        index.search("aid")
    assert "narrow it" in caught.value.hint


def test_highlights_mark_a_query_in_a_whole_article(index: Index) -> None:
    article = index.get("a1")
    marks = index.highlights('convoy "humanitarian aid"', article)
    assert [article.title[s:e] for s, e in marks["title"]] == ["convoy"]
    assert [article.body[s:e] for s, e in marks["body"]] == ["convoy", "humanitarian aid"]
    start = article.body.index("Rafah")
    assert index.highlights("rafah", article)["body"] == [(start, start + 5)]
