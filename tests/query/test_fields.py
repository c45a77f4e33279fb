"""Record fields and authors searched by name (``topics:crude``), filtered on
(``Filters(fields=…)``) and counted (``facets=["topics"]``), on an index built as users build
one."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from searcher import Filters, Index
from searcher.errors import OptionError, QueryError
from searcher.search.filters import NO_FILTERS

from tests.conftest import build_index

NOTE = "Refugees arrived at the border crossing overnight, officials said. " * 3
WIRE = [
    {
        "id": "w1",
        "title": "Crude rises",
        "body": "Oil prices rose on supply worries.",
        "topics": ["crude"],
        "places": ["usa", "uk"],
        "author": "Anne-Marie Slaughter",
        "dateline": "NEW YORK, March 3 -",
    },
    {
        "id": "w2",
        "title": "Gas deal",
        "body": "Oil and gas firms agreed a deal.",
        "topics": ["nat-gas", "crude"],
        "places": ["USA"],
        "author": "John Smith",
        "dateline": "LONDON, March 4 -",
    },
    {
        "id": "w3",
        "title": "Cocoa review",
        "body": "Showers continued in the cocoa zone.",
        "topics": ["cocoa"],
        "places": ["brazil"],
        "author": "Jane Slaughterhouse",
        "notes": NOTE,
    },
    {"id": "w4", "title": "Quiet day", "body": "Nothing moved.", "places": ["uk"], "count": 7},
]
MORE = [{"id": "w5", "title": "Crude falls", "body": "Oil fell.", "topics": ["crude"]}]
RECORDS = [*WIRE, *MORE]


@pytest.fixture
def wire(tmp_path: Path) -> Iterator[Index]:
    folder = tmp_path / "wire"
    folder.mkdir()
    for name, records in (("wire.jsonl", WIRE), ("world.jsonl", MORE)):
        (folder / name).write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    idx = build_index(folder, tmp_path / "idx")
    yield idx
    idx.close()


def _ids(idx: Index, text: str, filters: Filters = NO_FILTERS) -> set[str]:
    return {hit.id for hit in idx.export(text, filters)}


def _holding(name: str, value: str) -> set[str]:
    """A scan of the records: those whose field holds the value, in any case."""
    return {r["id"] for r in RECORDS if value.casefold() in [v.casefold() for v in r.get(name, [])]}


@pytest.mark.parametrize("text", ["topics:crude", "topics:CRUDE", 'topics:"crude"'])
def test_a_keyword_field_matches_its_whole_value_in_any_case(wire: Index, text: str) -> None:
    assert _ids(wire, text) == _holding("topics", "crude")


def test_keyword_fields_combine_with_words_and_wildcards(wire: Index) -> None:
    assert _ids(wire, "places:usa") == _holding("places", "usa") == {"w1", "w2"}
    assert _ids(wire, "oil NOT topics:nat-gas") == {"w1", "w5"}
    assert _ids(wire, "topics:c*") == _holding("topics", "crude") | _holding("topics", "cocoa")
    assert _ids(wire, 'dateline:"london, march 4 -"') == {"w2"}


def test_a_long_field_is_text_searched_by_its_words(wire: Index) -> None:
    assert _ids(wire, "notes:refugee") == {"w3"}
    assert _ids(wire, 'notes:"border crossing"') == {"w3"}


def test_authors_match_a_part_of_a_name(wire: Index) -> None:
    assert _ids(wire, "authors:slaughter") == {"w1"}
    assert _ids(wire, 'authors:"anne-marie"') == {"w1"}
    assert _ids(wire, 'authors:"Anne-Marie Slaughter"') == {"w1"}
    assert _ids(wire, "authors:slaughter*") == {"w1", "w3"}


def test_filters_on_fields_narrow_any_of_one_field_all_of_several(wire: Index) -> None:
    assert _ids(wire, "*", Filters(fields={"places": "usa"})) == _holding("places", "usa")
    either = Filters(fields=[("places", "brazil"), ("places", "usa")])
    assert _ids(wire, "*", either) == _holding("places", "brazil") | _holding("places", "usa")
    both = Filters(fields={"places": "uk", "topics": "crude"})
    assert _ids(wire, "*", both) == _holding("places", "uk") & _holding("topics", "crude")
    assert _ids(wire, "*", Filters(fields={"authors": "smith"})) == {"w2"}


def test_keyword_facets_count_every_value_of_the_matches_as_written(wire: Index) -> None:
    found = wire.search("*", facets=["topics", "places", "authors"]).facets
    assert found["topics"] == dict(Counter(t for r in RECORDS for t in r.get("topics", [])))
    assert found["places"] == dict(Counter(p for r in RECORDS for p in r.get("places", [])))
    assert found["authors"] == dict(Counter(r["author"] for r in RECORDS if "author" in r))
    crude = wire.search("topics:crude", facets=["places"]).facets["places"]
    assert crude == dict(
        Counter(p for r in RECORDS if "crude" in r.get("topics", []) for p in r.get("places", []))
    )


def test_an_article_keeps_its_fields(wire: Index) -> None:
    assert wire.get("w2").fields == {
        "topics": ("nat-gas", "crude"),
        "places": ("USA",),
        "dateline": "LONDON, March 4 -",
    }


def test_unknown_fields_and_facets_are_refused_with_the_ones_there_are(wire: Index) -> None:
    with pytest.raises(OptionError, match="no field 'place' to filter on") as refused:
        wire.search("*", Filters(fields={"place": "usa"}))
    assert "places" in refused.value.hint
    with pytest.raises(OptionError, match="unknown facet 'notes'") as refused:
        wire.search("*", facets=["notes"])
    assert "topics" in refused.value.hint and "notes" not in refused.value.hint
    with pytest.raises(QueryError, match="unknown field 'topic'"):
        wire.search("topic:crude")


def test_stats_list_the_fields_with_their_kinds(wire: Index) -> None:
    assert wire.stats().fields == {
        "count": "keyword",
        "dateline": "keyword",
        "notes": "text",
        "places": "keyword",
        "topics": "keyword",
    }
