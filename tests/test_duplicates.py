"""Near-duplicates: sketches, similarity, groups, collapse, similar articles, their commands."""

from __future__ import annotations

import hashlib
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from searcher import ArticleNotFound, Filters, Index, OptionError, ingest
from searcher.analysis.sketch import groups, similarity, sketch
from searcher.cli import cli

from conftest import shared_data

WIRE = (
    "The United Nations said on Tuesday that a convoy of forty trucks carrying food, water and "
    "medicine had crossed into the besieged city after days of negotiations between the warring "
    "sides, and that a second convoy would follow later in the week if the ceasefire held."
)
#: One wire story as three outlets ran it: as sent, with a line added, with two words edited.
COPIES = [
    {
        "id": "w1",
        "title": "UN convoy reaches besieged city",
        "body": WIRE,
        "date": "2023-11-07T08:00:00Z",
        "source": "Wire One",
    },
    {
        "id": "w2",
        "title": "Convoy of forty trucks enters city",
        "body": WIRE + " Aid groups welcomed the news.",
        "date": "2023-11-07T10:00:00Z",
        "source": "Daily Ledger",
    },
    {
        "id": "w3",
        "title": "UN convoy reaches besieged city",
        "body": WIRE.replace("forty", "40").replace("Tuesday", "Monday"),
        "date": "2023-11-08",
        "source": "Evening Post",
    },
]


def sketch_of(record: dict) -> bytes:
    return sketch(record["title"], record["body"])


# -- sketches and similarity ------------------------------------------------------------------


def test_a_sketch_is_128_bytes_and_its_format_is_fixed() -> None:
    # Sketches are stored in indexes: a change here needs a SCHEMA_VERSION bump.
    made = sketch_of(COPIES[0])
    assert len(made) == 128
    assert hashlib.blake2b(made, digest_size=8).hexdigest() == "cd9c9ba6132fcf73"


def test_sketches_are_the_same_in_every_process() -> None:
    code = "from searcher.analysis.sketch import sketch; print(sketch('a b', 'c d e f').hex())"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.stdout.strip() == sketch("a b", "c d e f").hex()


def test_similarity_estimates_the_share_of_common_word_4grams() -> None:
    original, added, edited = map(sketch_of, COPIES)
    # Exact Jaccard similarities of the 4-gram sets: 0.772 and 0.714.
    assert similarity(original, added) == 0.796875
    assert similarity(original, edited) == 0.734375
    assert similarity(added, edited) == 0.5625
    assert similarity(original, original) == 1.0
    unrelated = sketch("Central bank holds rates", "The central bank kept rates unchanged.")
    assert similarity(original, unrelated) == 0.0


def test_case_punctuation_and_spacing_do_not_count() -> None:
    shouted = sketch(COPIES[0]["title"].upper(), WIRE.upper().replace(",", " ;"))
    assert similarity(sketch_of(COPIES[0]), shouted) == 1.0


def test_short_and_empty_texts() -> None:
    assert similarity(sketch("Markets rally", ""), sketch("markets  RALLY!", "")) == 1.0
    assert similarity(sketch("Markets rally", ""), sketch("Markets fall", "")) == 0.0
    assert sketch("", " ,. ") == b""
    assert similarity(b"", b"") == 0.0


# -- groups -----------------------------------------------------------------------------------


def test_groups_join_near_copies_through_each_other() -> None:
    sketches = {record["id"]: sketch_of(record) for record in COPIES}
    sketches["x"] = sketch("Central bank holds rates", "The central bank kept rates unchanged.")
    sketches["empty"] = b""
    # w2 and w3 are only 0.56 alike, but both are near-copies of w1.
    assert groups(sketches) == [["w1", "w2", "w3"]]
    assert groups(sketches, threshold=0.75) == [["w1", "w2"]]
    assert groups(sketches, threshold=0.8) == []


def test_many_copies_among_many_articles() -> None:
    # 50 copies of one text among 2,000 texts of 40 random words: one group.
    words = [f"w{n}" for n in range(1000)]
    draw = random.Random(1).choices
    sketches = {f"text{n}": sketch("", " ".join(draw(words, k=40))) for n in range(2000)}
    sketches.update({f"copy{n:02d}": sketch_of(COPIES[0]) for n in range(50)})
    assert groups(sketches) == [[f"copy{n:02d}" for n in range(50)]]


# -- the index --------------------------------------------------------------------------------


@pytest.fixture
def copies(tmp_path: Path, corpus: Path) -> Index:
    """The shared test corpus plus three copies of one wire story."""
    (corpus / "copies.jsonl").write_text("\n".join(json.dumps(r) for r in COPIES) + "\n")
    idx = Index.create(tmp_path / "idx")
    idx.update([corpus])
    yield idx
    idx.close()


def test_duplicates_lists_groups_earliest_first(copies: Index) -> None:
    found = copies.duplicates()
    assert [group.to_dict() for group in found] == [
        {
            "size": 3,
            "copies": [
                {
                    "id": "w1",
                    "title": "UN convoy reaches besieged city",
                    "date": "2023-11-07T08:00:00+00:00",
                    "source": "Wire One",
                    "url": "",
                    "similarity": 1.0,
                },
                {
                    "id": "w2",
                    "title": "Convoy of forty trucks enters city",
                    "date": "2023-11-07T10:00:00+00:00",
                    "source": "Daily Ledger",
                    "url": "",
                    "similarity": 0.797,
                },
                {
                    "id": "w3",
                    "title": "UN convoy reaches besieged city",
                    "date": "2023-11-08",
                    "source": "Evening Post",
                    "url": "",
                    "similarity": 0.734,
                },
            ],
        }
    ]


def test_duplicates_of_matching_articles_only(copies: Index) -> None:
    def ids(**options) -> list[list[str]]:
        return [[copy.id for copy in group.copies] for group in copies.duplicates(**options)]

    assert ids(text="welcomed OR monday") == [["w2", "w3"]]
    assert ids(filters=Filters(date_from="2023-11-08")) == []
    assert ids(filters=Filters(sources=["Wire One", "Evening Post"])) == [["w1", "w3"]]
    assert ids(min_size=3) == [["w1", "w2", "w3"]]
    assert ids(min_size=4) == []
    assert ids(threshold=0.75) == [["w1", "w2"]]
    with pytest.raises(OptionError):
        copies.duplicates(min_size=1)
    with pytest.raises(OptionError):
        copies.duplicates(threshold=0)


def test_groups_are_worked_out_once_per_index_state(copies: Index, corpus: Path) -> None:
    first = copies.duplicates()
    assert copies.snapshot().memo  # kept for the next call while the index does not change
    more = {**COPIES[0], "id": "w4", "source": "Late Post", "date": "2023-11-09"}
    (corpus / "late.jsonl").write_text(json.dumps(more) + "\n")
    copies.update([corpus])
    assert len(first[0].copies) == 3
    assert [copy.id for copy in copies.duplicates()[0].copies] == ["w1", "w2", "w3", "w4"]


def test_collapse_shows_one_hit_per_group(copies: Index) -> None:
    plain = copies.search("convoy")
    assert (plain.total, plain.collapsed, len(plain.hits)) == (4, None, 4)
    assert {hit.duplicates for hit in plain.hits} == {None}
    folded = copies.search("convoy", collapse=True, facets=["source"], sort="oldest")
    assert [(hit.id, hit.duplicates) for hit in folded.hits] == [("a1", 0), ("w1", 2)]
    assert (folded.total, folded.collapsed, folded.pages) == (4, 2, 1)
    assert sum(folded.facets["source"].values()) == 4  # facets count every match
    assert folded.to_dict()["collapsed"] == 2
    assert folded.hits[1].to_dict()["duplicates"] == 2
    assert "duplicates" not in plain.hits[0].to_dict()


def test_collapse_keeps_the_best_ranked_copy(copies: Index) -> None:
    newest = copies.search("convoy", collapse=True, sort="newest")
    assert [(hit.id, hit.duplicates) for hit in newest.hits] == [("w3", 2), ("a1", 0)]
    edited = copies.search("forty", collapse=True)  # w3 says "40"; w2 has it in its title
    assert [(hit.id, hit.duplicates) for hit in edited.hits] == [("w2", 1)]


def test_collapsed_pages_show_each_hit_once(copies: Index) -> None:
    pages = [copies.search("*", collapse=True, page=n, page_size=2) for n in (1, 2, 3, 4)]
    ids = [hit.id for page in pages for hit in page.hits]
    assert len(ids) == len(set(ids)) == 7  # 9 articles, less 2 near-copies
    assert [(len(page.hits), page.pages) for page in pages] == [(2, 4), (2, 4), (2, 4), (1, 4)]


def test_similar_articles(copies: Index) -> None:
    like = copies.similar("w1", limit=2)
    assert [hit.id for hit in like.hits] == ["w2", "w3"]
    assert (like.query, like.total, like.page_size) == ("w1", 2, 2)
    assert like.hits[0].score > like.hits[1].score > 0
    assert "w1" not in [hit.id for hit in copies.similar("w1", limit=100).hits]
    with pytest.raises(ArticleNotFound):
        copies.similar("nope")


# -- the commands -----------------------------------------------------------------------------


def run(idx: Index, *args: str) -> str:
    result = CliRunner().invoke(cli, [*args, "--index", str(idx.path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_duplicates_command(copies: Index) -> None:
    assert run(copies, "duplicates") == (
        "1 group of near-copies, 3 articles\n"
        "\n"
        "1. UN convoy reaches besieged city\n"
        "   2023-11-07  1.00  w1  Wire One · UN convoy reaches besieged city\n"
        "   2023-11-07  0.80  w2  Daily Ledger · Convoy of forty trucks enters city\n"
        "   2023-11-08  0.73  w3  Evening Post · UN convoy reaches besieged city\n"
    )
    assert run(copies, "duplicates", "forty", "--format", "csv") == (
        "group,id,title,date,source,url,similarity\n"
        "1,w1,UN convoy reaches besieged city,2023-11-07T08:00:00+00:00,Wire One,,1.0\n"
        "1,w2,Convoy of forty trucks enters city,2023-11-07T10:00:00+00:00,Daily Ledger,,0.797\n"
    )
    document = json.loads(run(copies, "duplicates", "--threshold", "0.9", "--format", "json"))
    assert document == {"threshold": 0.9, "groups": []}
    assert run(copies, "duplicates", "--min-size", "4") == "0 groups of near-copies, 0 articles\n"


def test_similar_command(copies: Index) -> None:
    assert run(copies, "similar", "w2", "--limit", "1") == (
        "1 article like w2: Convoy of forty trucks enters city\n"
        "\n"
        "1. UN convoy reaches besieged city\n"
        "   2023-11-07 · Wire One · w1\n"
        f"   {WIRE}\n"
    )
    lines = run(copies, "similar", "w1", "--format", "jsonl").splitlines()
    assert [json.loads(line)["id"] for line in lines][:2] == ["w2", "w3"]


def test_search_collapse_option(copies: Index) -> None:
    page = ("--sort", "oldest", "--limit", "1", "--page", "2")
    assert run(copies, "search", "convoy", "--collapse", *page) == (
        "4 articles match convoy, 2 near-copies collapsed (showing 2-2)\n"
        "\n"
        "2. UN convoy reaches besieged city\n"
        "   2023-11-07 · Wire One · w1 · +2 near-copies\n"
        f"   {WIRE}\n"
    )
    rows = run(copies, "search", "convoy", "--collapse", "--sort", "oldest", "--format", "csv")
    rows = rows.splitlines()
    assert rows[0] == "id,title,date,source,url,score,snippet,duplicates"
    assert [(row[:2], row[-1]) for row in rows[1:]] == [("a1", "0"), ("w1", "2")]
    both = CliRunner().invoke(cli, ["search", "convoy", "--collapse", "--all"])
    assert both.exit_code == 2
    assert "--collapse works on pages of hits; leave out --all" in both.output


# -- the real 2017 news corpus ----------------------------------------------------------------


def test_near_copies_in_the_2017_news_corpus() -> None:
    path = shared_data() / "news-articles-2017.csv.gz"
    articles = ingest.parse(path, path.read_bytes()).articles
    found = groups({article.id: sketch(article.title, article.body) for article in articles})
    # Hand-checked (bench/RESULTS.md): two re-posts, a speech transcript, wire copies.
    assert 5 <= len(found) <= 10
    assert ["3093", "3098"] in found  # the same HuffPost obituary under two URLs
    assert ["1659", "1727"] in found  # Trump's speech to Congress, CNN and Al Jazeera


def test_duplicates_of_the_2017_corpus_indexed_as_users_do(tmp_path: Path) -> None:
    """Indexed with the default workers, the format record is a segment of its own, without
    the sketch and date columns: the groups are still those of the articles' sketches."""
    path = shared_data() / "news-articles-2017.csv.gz"
    articles = ingest.parse(path, path.read_bytes()).articles
    expected = groups({article.id: sketch(article.title, article.body) for article in articles})
    with Index.open(tmp_path / "idx", create=True) as idx:
        idx.update([path])
        assert len(idx.searcher().leaf_searchers()) > 1
        found = [sorted(copy.id for copy in group.copies) for group in idx.duplicates()]
    assert sorted(found) == sorted(expected)
