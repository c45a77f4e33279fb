"""The Article model: ids, fingerprints, dates."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from searcher.article import Article, fingerprint, iso_date, make_id


def test_ids_are_stable_and_short() -> None:
    assert make_id("https://x.example/a") == make_id("https://x.example/a")
    assert make_id("https://x.example/a") != make_id("https://x.example/b")
    assert len(make_id("anything")) == 16


def test_fingerprint_ignores_case_and_spacing() -> None:
    assert fingerprint("Title", "Some  text\nhere") == fingerprint("title", "some text here")
    assert fingerprint("Title", "Some text") != fingerprint("Title", "Other text")


def test_article_computes_its_fingerprint_and_keeps_it_in_step() -> None:
    article = Article(id="1", title="T", body="B")
    assert article.fingerprint == fingerprint("T", "B")
    assert article.with_(body="C").fingerprint == fingerprint("T", "C")
    assert article.with_(source="S").fingerprint == article.fingerprint


def test_naive_datetimes_are_utc_and_days_stay_days() -> None:
    naive = Article(id="1", title="", body="", date=datetime(2023, 11, 3, 14, 5))
    assert naive.date.tzinfo is UTC
    day = Article(id="2", title="", body="", date=date(2023, 11, 3))
    assert iso_date(day.date) == "2023-11-03"
    assert day.timestamp == int(datetime(2023, 11, 3, tzinfo=UTC).timestamp())


def test_timestamp_of_a_zoned_time_is_absolute() -> None:
    plus_two = timezone(timedelta(hours=2))
    article = Article(id="1", title="", body="", date=datetime(2023, 11, 3, 1, 0, tzinfo=plus_two))
    assert article.timestamp == int(datetime(2023, 11, 2, 23, 0, tzinfo=UTC).timestamp())
    assert article.to_dict()["date"] == "2023-11-03T01:00:00+02:00"
