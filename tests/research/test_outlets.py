"""Outlets by the names people use: the sources map, the names pages give, collections."""

from __future__ import annotations

from pathlib import Path

import pytest

from searcher import Filters, Index, OptionError
from searcher.errors import UnknownSource
from searcher.query.outlets import MAP_FILE, MAP_LOCK, OutletMap
from searcher.research.outlets import Outlet

from tests.conftest import waits_for_lock


def _ids(idx: Index, filters: Filters, text: str = "*") -> set[str]:
    return {hit.id for hit in idx.export(text, filters)}


def test_an_article_naming_no_source_takes_its_hosts_name_from_other_pages_or_the_host(
    outlets: Index,
) -> None:
    """n2 names no source, but wire.example's n1 calls itself Wire One; paper.example's pages
    name none, so their outlet is the host without www."""
    assert outlets.search("*", facets=["source"]).facets["source"] == {
        "Wire One": 2,
        "paper.example": 2,
        "news.other.example": 1,
    }
    assert {hit.id: hit.source for hit in outlets.export("*")} == {
        "n1": "Wire One",
        "n2": "Wire One",
        "n3": "paper.example",
        "n4": "paper.example",
        "n5": "news.other.example",
    }


def test_a_name_given_to_a_host_needs_no_rebuild_and_survives_one(outlets: Index) -> None:
    folder = outlets.path.parent / "outlets"
    outlets.name_host("www.paper.example", "The Paper")
    for idx in (outlets, Index.open(outlets.path)):
        assert idx.search("*", facets=["source"]).facets["source"] == {
            "The Paper": 2,
            "Wire One": 2,
            "news.other.example": 1,
        }
        by_name = _ids(idx, Filters(sources="the paper"))
        assert by_name == _ids(idx, Filters(sources="paper.example")) == {"n3", "n4"}
        assert idx.get("n4").source == "The Paper"
        assert {line.source for line in idx.kwic("rates")} == {"The Paper"}
        assert idx.search("source:'The Paper'").total == 2
    outlets.update([folder], rebuild=True)
    assert outlets.stats().sources["The Paper"] == 2


def test_the_users_name_for_a_host_comes_before_the_name_its_pages_give(outlets: Index) -> None:
    """n1's record names Wire One and keeps it; n2 names nothing and takes the map's name."""
    outlets.name_host("wire.example", "Wire Service")
    assert {
        hit.id: hit.source for hit in outlets.export("aid", Filters(sources="wire.example"))
    } == {
        "n1": "Wire One",
        "n2": "Wire Service",
    }


def test_a_collection_keeps_the_articles_of_its_outlets(outlets: Index) -> None:
    outlets.name_host("paper.example", "The Paper")
    outlets.set_collection("mine", ["the paper", "news.other.example"])
    assert _ids(outlets, Filters(collections="Mine")) == {"n3", "n4", "n5"}
    assert _ids(outlets, Filters(collections="mine"), "aid") == {"n4", "n5"}
    assert _ids(outlets, Filters(sources="Wire One", collections="mine")) == set()
    with pytest.raises(OptionError, match="no collection 'theirs' in this index"):
        outlets.search("*", Filters(collections="theirs"))
    with pytest.raises(UnknownSource, match="no source 'The Gazette'"):
        outlets.set_collection("mine", ["The Gazette"])
    outlets.set_collection("mine", [])
    with pytest.raises(OptionError, match=r"\(collections: none yet\)"):
        outlets.search("*", Filters(collections="mine"))


def test_outlets_list_their_articles_hosts_and_collections(outlets: Index) -> None:
    outlets.name_host("paper.example", "The Paper")
    outlets.set_collection("mine", ["The Paper", "news.other.example"])
    outlets.set_collection("wires", ["wire.example"])
    found = outlets.outlets()
    assert found == [
        Outlet("The Paper", 2, ("paper.example",), ("mine",)),
        Outlet("Wire One", 2, ("wire.example",), ("wires",)),
        Outlet("news.other.example", 1, ("news.other.example",), ("mine",)),
    ]
    assert sum(outlet.articles for outlet in found) == len(outlets)


def test_the_map_reads_back_as_written_and_from_csv(tmp_path: Path) -> None:
    written = OutletMap()
    written.name("https://www.BBC.co.uk/news", 'BBC "News"')
    written.collections["uk ä"] = ["BBC", "rte.ie"]
    written.save(tmp_path)
    assert OutletMap.load(tmp_path) == OutletMap(
        {"bbc.co.uk": 'BBC "News"'}, {"uk ä": ["BBC", "rte.ie"]}
    )
    table = tmp_path / "names.csv"
    table.write_text("Host,Name\nwww.dw.com,DW\n", encoding="utf-8-sig")
    assert OutletMap.read(table).names == {"dw.com": "DW"}


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("[names]\nBBC = 'BBC'\n", "'BBC' in TMP/sources.toml is not a host to name"),
        ("[names\n", "cannot read the sources map TMP/sources.toml: "),
        (
            "[collections]\nuk = 'BBC'\n",
            "cannot read the sources map TMP/sources.toml: [collections] must map names to lists",
        ),
        ("[name]\n", "cannot read the sources map TMP/sources.toml: unknown table [name]"),
    ],
)
def test_a_bad_map_is_refused_with_what_to_fix(tmp_path: Path, text: str, error: str) -> None:
    (tmp_path / MAP_FILE).write_text(text, encoding="utf-8")
    with pytest.raises(OptionError) as raised:
        OutletMap.load(tmp_path)
    assert str(raised.value).replace(str(tmp_path), "TMP").startswith(error)


def test_changes_to_the_sources_map_wait_for_one_another(outlets: Index) -> None:
    waits_for_lock(outlets.path / MAP_LOCK, lambda: outlets.name_host("paper.example", "Paper"))
    assert OutletMap.load(outlets.path).names == {"paper.example": "Paper"}
