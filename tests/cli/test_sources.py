"""searcher sources: outlets listed, hosts named, collections made, maps imported."""

from __future__ import annotations

import json

from searcher import Index


def test_sources_lists_outlets_and_takes_names_and_collections(outlets: Index, run) -> None:
    assert run("sources").text == (
        "3 outlets, 5 articles\n"
        "        2  Wire One            wire.example\n"
        "        2  paper.example       paper.example\n"
        "        1  news.other.example  news.other.example\n"
    )
    assert run("sources", "set", "www.paper.example", "The Paper").text == (
        "www.paper.example is now The Paper\n"
    )
    assert run("sources", "collection", "papers", "the paper", "news.other.example").text == (
        "papers: the paper, news.other.example\n"
    )
    assert run("sources", "--format", "csv").text == (
        "name,articles,hosts,collections\n"
        "The Paper,2,paper.example,papers\n"
        "Wire One,2,wire.example,\n"
        "news.other.example,1,news.other.example,papers\n"
    )
    found = json.loads(run("search", "aid", "--collection", "papers", "--format", "json").text)
    assert {hit["id"]: hit["source"] for hit in found["hits"]} == {
        "n4": "The Paper",
        "n5": "news.other.example",
    }
    assert run("sources", "collection", "papers", "--remove").text == "collection papers removed\n"
    assert run("search", "aid", "--collection", "papers", exit_code=1).text == (
        "Error: no collection 'papers' in this index (collections: none yet)\n"
        "  hint: make it with: searcher sources collection papers OUTLET...\n"
    )


def test_a_sources_map_is_imported_from_csv(outlets: Index, run, tmp_path) -> None:
    table = tmp_path / "names.csv"
    table.write_text("host,name\nnews.other.example,Other News\npaper.example,The Paper\n")
    assert run("sources", "import", str(table)).text == "2 hosts named from TMP/names.csv\n"
    assert run("search", "*", "--source", "other news", "--format", "csv").text.splitlines()[
        1:
    ] == ["n5,Aid four,2023-11-04,Other News,https://news.other.example/n5,,Aid at last."]


def test_what_is_no_host_or_no_outlet_is_refused(outlets: Index, run) -> None:
    assert run("sources", "set", "Paper", "X", exit_code=1).text == (
        "Error: 'Paper' is not a host to name\n"
        "  hint: name a host as its pages give it, e.g. searcher sources set bbc.co.uk BBC\n"
    )
    assert run("sources", "collection", "mine", "Gazette", exit_code=1).text == (
        "Error: no source 'Gazette' in this index\n"
        "  hint: 'searcher sources' lists every outlet and host; names ignore case\n"
    )
    assert (
        "give the collection's outlets, or --remove"
        in run("sources", "collection", "mine", exit_code=2).output
    )
