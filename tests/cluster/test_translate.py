"""Query trees in SphinxQL: each part of searcher's syntax as the cluster's match expression
and attribute conditions, or a typed refusal."""

from __future__ import annotations

import pytest

from searcher.analysis.words import term_of
from searcher.cluster.terms import encoded
from searcher.cluster.translate import translate
from searcher.errors import ClusterUnsupported
from searcher.query.parser import QueryBuilder
from searcher.query.sources import Sources
from searcher.schema import build_schema
from searcher.search.filters import Filters

BUILDER = QueryBuilder(build_schema(), Sources(["bbc.co.uk", "BBC News"], ["bbc.co.uk"]))


def _sql(text: str, filters: Filters | None = None) -> tuple[str | None, str, list]:
    filters = filters or Filters()
    found = translate(
        BUILDER.parse(text, filters.zone, filters.exact),
        filters.queries(BUILDER.sources, BUILDER.fields),
    )
    select, where, args = found.clauses()
    return found.match, f"{select}{where}", args


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("trump", "(@(title,body) trump)"),
        ("title:rallies", "(@title ralli)"),
        ('"white house"', '(@(title,body) "white hous")'),
        ("trump NOT putin", "(@(title,body) trump) -(@(title,body) putin)"),
        ("trump OR title:putin", "((@(title,body) trump) | (@title putin))"),
        ("NOT the", "@every article -(@(title,body) the)"),
        ("9/11", '(@(title,body) "9 11")'),
    ],
)
def test_words_phrases_and_negations_become_match_expressions(text: str, match: str) -> None:
    assert _sql(text)[0] == match


def test_every_article_has_no_match_and_dates_are_attribute_bounds() -> None:
    assert _sql("*") == (None, "", [])
    match, where, args = _sql("*", Filters("2017-01-01", "2017-01-31"))
    assert (match, where, args) == (None, " WHERE ts >= %s AND ts <= %s", [1483228800, 1485907199])


def test_a_source_is_an_expression_over_its_names_and_host() -> None:
    _, clauses, args = _sql("aid", Filters(sources=["bbc.co.uk"]))
    assert clauses.startswith(", (source=%s OR host=%s) AS r0 WHERE MATCH(")
    assert clauses.endswith(" AND r0=1")
    assert args == ["bbc.co.uk", "bbc.co.uk"]


def test_terms_outside_a_to_z_are_hex_words_no_plain_term_can_be() -> None:
    assert encoded("moscow") == "moscow"
    assert encoded("москва") == "_" + "москва".encode().hex()
    assert encoded("_x") == "_5f78"
    assert _sql("москва")[0] == f"(@(title,body) {encoded(term_of('москва', 'ru'))})"


@pytest.mark.parametrize(
    ("text", "filters", "refused"),
    [
        ('="aid convoy"', None, "exact quotes"),
        ('"aid convoy"', Filters(exact=True), "exact quotes"),
        ("aid*", None, "wildcards"),
        ('"aid gaza"~3', None, "within a distance"),
        ("aid OR NOT gaza", None, "NOT inside OR"),
        ("authors:smith", None, "the field 'authors'"),
        ("aid", Filters(indexed_since="2h"), "indexed"),
    ],
)
def test_what_the_cluster_cannot_do_is_refused_with_a_hint(
    text: str, filters: Filters | None, refused: str
) -> None:
    with pytest.raises(ClusterUnsupported, match=refused) as caught:
        _sql(text, filters)
    assert caught.value.hint
