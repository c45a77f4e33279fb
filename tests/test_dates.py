"""Dates as news archives write them: parse_date, parse_period and to_day."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from searcher.dates import parse_date, parse_period, to_day
from searcher.errors import DateError

PLUS_TWO = timezone(timedelta(hours=2))
NOV_3 = date(2023, 11, 3)
NOV_3_1405_UTC = datetime(2023, 11, 3, 14, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-11-03", NOV_3),
        ("  2023-11-03\n", NOV_3),
        ("20231103", NOV_3),
        ("2023-11-03T14:05:00Z", NOV_3_1405_UTC),
        ("2023-11-03T14:05", NOV_3_1405_UTC),
        ("2023-11-03 14:05:00+02:00", datetime(2023, 11, 3, 14, 5, tzinfo=PLUS_TWO)),
        ("2023-11-03T14:05:00+0200", datetime(2023, 11, 3, 14, 5, tzinfo=PLUS_TWO)),
        ("2023-11-03T14:05:00 UTC", NOV_3_1405_UTC),
        (
            "2023-11-03T14:05:00.123456+00:00",
            datetime(2023, 11, 3, 14, 5, 0, 123456, tzinfo=UTC),
        ),
        ("2023-11-03T14:05:00.123456789Z", datetime(2023, 11, 3, 14, 5, 0, 123456, tzinfo=UTC)),
        ("2017/2/7", date(2017, 2, 7)),
        ("2017/2/7 13:05", datetime(2017, 2, 7, 13, 5, tzinfo=UTC)),
        ("Nov 3, 2023", NOV_3),
        ("Nov. 3, 2023", NOV_3),
        ("November 3, 2023", NOV_3),
        ("3 November 2023", NOV_3),
        ("3 Nov 2023", NOV_3),
        ("3rd of November 2023", NOV_3),
        ("Friday, November 3, 2023", NOV_3),
        ("Fri, 03 Nov 2023 14:05:00 +0000", NOV_3_1405_UTC),
        ("Fri, 03 Nov 2023 14:05:00 GMT", NOV_3_1405_UTC),
        ("Fri, 3 Nov 2023 16:05:00 +0200 (EET)", datetime(2023, 11, 3, 16, 5, tzinfo=PLUS_TWO)),
        ("November 3, 2023 at 2:05 p.m.", NOV_3_1405_UTC),
        (
            "Nov 3, 2023 9:05 AM EST",
            datetime(2023, 11, 3, 9, 5, tzinfo=timezone(-timedelta(hours=5))),
        ),
        ("03-NOV-1987 15:01:01.79", datetime(1987, 11, 3, 15, 1, 1, 790000, tzinfo=UTC)),
        ("26-FEB-1987 15:01:01.79", datetime(1987, 2, 26, 15, 1, 1, 790000, tzinfo=UTC)),
    ],
)
def test_parse_date_forms(text: str, expected: date | datetime) -> None:
    value = parse_date(text)
    assert value == expected
    assert type(value) is type(expected)
    if isinstance(value, datetime):
        assert value.utcoffset() == expected.utcoffset()


def test_parse_date_keeps_the_given_offset() -> None:
    value = parse_date("2023-11-03 14:05:00+02:00")
    assert isinstance(value, datetime)
    assert value.utcoffset() == timedelta(hours=2)


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_parse_date_empty_is_undated(text: str) -> None:
    assert parse_date(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "0000-00-00",
        "9999-99-99",
        "2023-02-30",
        "2023-13-01",
        "0999-01-01",
        "2023-11-03T25:00",
        "2023-11-03T10:00+25:00",
        "1 Nov 2023 13:00 pm",
        "9999-12-31T23:00-05:00",
        "31-MAR-1987 605:12:19.12",
        "yesterday-ish",
        "2023",
        "11/03/2023",
    ],
)
def test_parse_date_rejects_with_the_text_quoted(text: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_date(text)
    assert repr(text) in str(caught.value)


def test_parse_date_error_shortens_long_text() -> None:
    with pytest.raises(DateError) as caught:
        parse_date("x" * 500)
    assert len(str(caught.value)) < 100


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789-/:.TZ +,aAbcdefglmnoprstuvyNOVSJ", max_size=40) | st.text())
def test_parse_date_raises_only_date_error(text: str) -> None:
    try:
        value = parse_date(text)
    except DateError:
        return
    assert value is None or isinstance(value, date)
    if isinstance(value, datetime):
        assert value.tzinfo is not None


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2023", date(2023, 1, 1), date(2023, 12, 31)),
        ("2023-11", date(2023, 11, 1), date(2023, 11, 30)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2023/2", date(2023, 2, 1), date(2023, 2, 28)),
        ("November 2023", date(2023, 11, 1), date(2023, 11, 30)),
        ("2023-11-03", NOV_3, NOV_3),
        ("Nov 3, 2023", NOV_3, NOV_3),
        ("2023-11-03T23:30:00-05:00", date(2023, 11, 4), date(2023, 11, 4)),
    ],
)
def test_parse_period_forms(text: str, first: date, last: date) -> None:
    assert parse_period(text) == (first, last)


def test_parse_period_today_and_yesterday_are_utc_days() -> None:
    today = datetime.now(UTC).date()
    assert parse_period("today") == (today, today)
    assert parse_period(" Yesterday ") == (today - timedelta(days=1), today - timedelta(days=1))


@pytest.mark.parametrize("text", ["", "soon", "2023-13", "0000", "2023-02-30"])
def test_parse_period_errors_hint_at_the_forms(text: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_period(text)
    assert "2023-11" in caught.value.hint
    assert "today" in caught.value.hint


def test_to_day_is_the_utc_day() -> None:
    assert to_day(NOV_3) == NOV_3
    assert to_day(datetime(2023, 11, 4, 1, 0, tzinfo=PLUS_TWO)) == NOV_3
    assert to_day(datetime(2023, 11, 3, 23, 59)) == NOV_3
