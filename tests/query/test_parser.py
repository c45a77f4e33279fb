"""Query strings: syntax, date clauses, sources, and errors that point at the problem."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import pytest
from whoosh import query

from searcher.errors import QueryError
from searcher.query.dates import date_range, day_start
from searcher.query.parser import QueryBuilder
from searcher.query.sources import Sources
from searcher.query.syntax import MAX_QUERY_LENGTH
from searcher.schema import build_schema


@pytest.fixture(scope="module")
def builder() -> QueryBuilder:
    return QueryBuilder(build_schema(), Sources(["Shafaq News", "BBC", "bbc"], ["bbc.co.uk"]))


def test_words_are_all_required_in_title_or_body(builder: QueryBuilder) -> None:
    parsed = builder.parse("gaza aid")
    assert isinstance(parsed, query.And)
    assert {str(q) for q in parsed.subqueries} == {
        "(title:gaza OR body:gaza)",
        "(title:aid OR body:aid)",
    }


def test_words_are_stemmed_and_stop_words_kept(builder: QueryBuilder) -> None:
    parsed = builder.parse('"secretary of state"')
    assert str(parsed) == '(title:"secretari of state" OR body:"secretari of state")'


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("9/11", '(title:"9 11" OR body:"9 11")'),
        ("U.S.", '(title:"u s" OR body:"u s")'),
        ("title:al-Assad", 'title:"al assad"'),
    ],
)
def test_a_word_analysis_splits_is_a_phrase(builder: QueryBuilder, text: str, parsed: str) -> None:
    assert str(builder.parse(text)) == parsed


def test_proximity_sets_the_slop(builder: QueryBuilder) -> None:
    parsed = builder.parse('"aid gaza"~5')
    assert [q.slop for q in parsed.subqueries] == [5, 5]


def test_field_scoping_and_wildcards(builder: QueryBuilder) -> None:
    assert str(builder.parse("title:ceasefire")) == "title:ceasefir"
    assert str(builder.parse("body:humanit*")) == "body:humanit*"


def test_or_not_and_parentheses(builder: QueryBuilder) -> None:
    parsed = builder.parse("title:gaza (rafah OR egypt) NOT title:sport")
    assert str(parsed) == (
        "(title:gaza AND (title:rafah OR body:rafah OR title:egypt OR body:egypt) "
        "AND NOT title:sport)"
    )


@pytest.mark.parametrize(
    ("text", "same_as"),
    [
        ("gaza -sport", "gaza NOT sport"),
        ('gaza -"premier league"', 'gaza NOT "premier league"'),
        ("gaza -(sport OR football)", "gaza NOT (sport OR football)"),
        ("gaza -title:sport", "gaza NOT title:sport"),
        ("-sport gaza", "NOT sport gaza"),
    ],
)
def test_a_minus_before_a_word_excludes_it(builder: QueryBuilder, text: str, same_as: str) -> None:
    """As in Lucene and web search: read as a word, ``-sport`` found what it meant to keep out."""
    assert builder.parse(text) == builder.parse(same_as)


@pytest.mark.parametrize("text", ["al-Assad", "gaza - sport", "gaza -30", "date:[-30 days TO now]"])
def test_a_minus_inside_a_word_or_before_a_number_is_not_an_operator(
    builder: QueryBuilder, text: str
) -> None:
    parsed = builder.parse(text)
    assert not [q for q in parsed.leaves() if isinstance(q, query.Not)]
    assert not isinstance(parsed, query.AndNot) and "NOT" not in str(parsed)


def test_source_names_match_case_insensitively(builder: QueryBuilder) -> None:
    assert str(builder.parse('source:"shafaq news"')) == "source:Shafaq News"
    assert str(builder.parse("source:BBC")) == "(source:BBC OR source:bbc)"
    assert str(builder.parse("source:www.BBC.co.uk")) == "host:bbc.co.uk"


def test_a_source_the_index_does_not_hold_is_an_error_naming_the_nearest(
    builder: QueryBuilder,
) -> None:
    with pytest.raises(QueryError) as error:
        builder.parse("gaza source:Shafaq")
    assert str(error.value).startswith("no source 'Shafaq' in this index")
    assert error.value.hint.startswith("did you mean Shafaq News?")


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("date:2023-11-03", date(2023, 11, 3), date(2023, 11, 3)),
        ("date:2023-11", date(2023, 11, 1), date(2023, 11, 30)),
        ("date:2023", date(2023, 1, 1), date(2023, 12, 31)),
        ("date:[2023-10-01 TO 2023-11-30]", date(2023, 10, 1), date(2023, 11, 30)),
        ("date:[2023-10 to 2023-11]", date(2023, 10, 1), date(2023, 11, 30)),
        ("date:{2023-10-01 TO 2023-11-30}", date(2023, 10, 2), date(2023, 11, 29)),
        ("date:[2023-10-01 TO]", date(2023, 10, 1), None),
        ("date:[* TO 2023-10]", None, date(2023, 10, 31)),
        ("date:>2023-10-01", date(2023, 10, 2), None),
        ("date:>=2023-10", date(2023, 10, 1), None),
        ("date:<2023-10", None, date(2023, 9, 30)),
        ("date:<=2023-10-05", None, date(2023, 10, 5)),
        ('date:"Nov 3, 2023"', date(2023, 11, 3), date(2023, 11, 3)),
    ],
)
def test_date_clauses_are_whole_calendar_days(
    builder: QueryBuilder, text: str, first: date | None, last: date | None
) -> None:
    assert builder.parse(text) == date_range(first, last)


def test_date_range_covers_the_last_day_to_its_final_second() -> None:
    rng = date_range(date(2023, 11, 3), date(2023, 11, 3))
    assert (rng.start, rng.end) == (day_start(date(2023, 11, 3)), day_start(date(2023, 11, 4)) - 1)


def test_date_clause_combines_with_words(builder: QueryBuilder) -> None:
    parsed = builder.parse("aid date:2023-11 OR rafah")
    assert date_range(date(2023, 11, 1), date(2023, 11, 30)) in parsed.subqueries[1].subqueries


@pytest.mark.parametrize(
    ("text", "message", "position"),
    [
        ('"humanitarian aid', "this quote is never closed", 0),
        ("gaza (aid", "this '(' is never closed", 5),
        ("gaza aid)", "this ')' closes nothing", 8),
        ("gaza AND", "AND needs a word on each side", 5),
        ("OR gaza", "OR needs a word on each side", 0),
        ("gaza NOT", "NOT needs a word after it", 5),
        ("gaza NOT -sport", "NOT needs a word after it", 5),
        ("gaza -NOT sport", "NOT needs a word after it", 5),
        ("gaza (OR aid)", "OR needs a word on each side", 6),
        ("titel:gaza", "unknown field 'titel'", 0),
        ("aid date:2023-13", "'2023-13' is not a date", 9),
        ("date:[2023-10-01 TO 2023-02-30]", "'2023-02-30' is not a date", 20),
        ("date:[2023-10-01 2023-11-01]", "a date range needs the form [FROM TO UNTIL]", 6),
        (
            "date:[2017-03 TO 2017-01]",
            "this date range ends (2017-01-31) before it starts (2017-03-01)",
            6,
        ),
        ("aid title:", "'title:' has nothing after it", 4),
        ("(source: ) aid", "'source:' has nothing after it", 1),
        ("trump^2", "'^' (a boost) is not supported", 5),
        ('"trump"^2', "'^' (a boost) is not supported", 7),
        ("pence~", "'~' needs a phrase", 5),
        ("pence~2 OR aid", "'~' needs a phrase", 5),
        ("   ", "the query is empty", None),
        ("!!! ...", "the query has no words to search for", 0),
    ],
)
def test_errors_point_at_the_problem(
    builder: QueryBuilder, text: str, message: str, position: int | None
) -> None:
    with pytest.raises(QueryError) as caught:
        builder.parse(text)
    assert str(caught.value) == message
    assert caught.value.position == position
    assert caught.value.hint


@pytest.mark.parametrize(
    "text", ['"health care" OR insurance', 'aid AND "rafah gate"', '"a b" OR "c d"', '"x" NOT y']
)
def test_a_phrase_is_a_word_beside_an_operator(builder: QueryBuilder, text: str) -> None:
    builder.parse(text)


def test_error_caret_sits_under_the_problem(builder: QueryBuilder) -> None:
    with pytest.raises(QueryError) as caught:
        builder.parse("gaza aid)")
    assert caught.value.caret() == "gaza aid)\n        ^"


def test_quoted_text_may_hold_operators_and_colons(builder: QueryBuilder) -> None:
    assert str(builder.parse('"says: AND"')) == '(title:"say and" OR body:"say and")'


def test_long_queries_are_refused(builder: QueryBuilder) -> None:
    with pytest.raises(QueryError, match="the limit is 2,000"):
        builder.parse("a " * MAX_QUERY_LENGTH)


def test_a_lone_star_matches_everything(builder: QueryBuilder) -> None:
    assert builder.parse(" * ") == query.Every()


def test_date_clauses_use_the_parser_zone(builder: QueryBuilder) -> None:
    berlin = ZoneInfo("Europe/Berlin")
    parsed = builder.parse("date:2023-11-04", berlin)
    assert parsed == date_range(date(2023, 11, 4), date(2023, 11, 4), berlin)
    assert day_start(date(2023, 11, 4), berlin) == day_start(date(2023, 11, 4)) - 3600
