"""The engine against a brute-force scan of the same records (the 2017 news corpus).

The scan reads the CSV with the csv module, independently of searcher's ingest, and
matches words with the index's own analyzer, so any disagreement is the index's or the
query layer's fault. Ingest keeps a record's subtitle as the body's first paragraph, so
the scan does too.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import tracemalloc
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

import pytest

from searcher import Filters, Index
from searcher.analysis.words import news_analyzer
from searcher.query.outlets import MAP_FILE

from tests.conftest import shared_data

CORPUS = "news-articles-2017.csv.gz"


@dataclass(frozen=True)
class Row:
    id: str
    day: date | None
    source: str
    title: list[str]  # analysed tokens, in order
    body: list[str]
    title_words: list[str]  # lower-cased words as written
    body_words: list[str]

    @property
    def terms(self) -> set[str]:
        return set(self.title) | set(self.body)


def _analyse(text: str) -> list[str]:
    return [token.text for token in news_analyzer()(text)]


def _day(text: str) -> date | None:
    match = re.match(r"(\d{4})/(\d{1,2})/(\d{1,2})", text.strip())  # one has spaces before
    return date(*map(int, match.groups())) if match else None


def _source(url: str) -> str:
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


@pytest.fixture(scope="module")
def records() -> list[dict[str, str]]:
    """The CSV's rows as the csv module reads them."""
    path = shared_data() / CORPUS
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        records = list(csv.DictReader(handle))
    assert len(records) == 3824
    return records


@pytest.fixture(scope="module")
def rows(records: list[dict[str, str]]) -> list[Row]:
    return [
        Row(
            id=r["article_id"],
            day=_day(r["publish_date"]),
            source=_source(r["article_source_link"]),
            title=_analyse(r["title"]),
            body=_analyse(f"{r['subtitle']}\n\n{r['text']}"),
            title_words=re.findall(r"\w+", r["title"].lower()),
            body_words=re.findall(r"\w+", f"{r['subtitle']}\n\n{r['text']}".lower()),
        )
        for r in records
        if r["title"].strip() or r["text"].strip()
    ]


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Index:
    idx = Index.create(tmp_path_factory.mktemp("news2017") / "idx")
    report = idx.update([shared_data() / CORPUS])
    assert report.skipped == []
    yield idx
    idx.close()


def _found(engine: Index, text: str, filters: Filters | None = None) -> set[str]:
    results = engine.search(text, filters, page_size=10_000)
    assert len(results.hits) == results.total
    return {hit.id for hit in results.hits}


def _contains(tokens: list[str], phrase: list[str]) -> bool:
    n = len(phrase)
    return any(tokens[i : i + n] == phrase for i in range(len(tokens) - n + 1))


def _scan(rows: list[Row], keep: Callable[[Row], bool]) -> set[str]:
    return {row.id for row in rows if keep(row)}


def test_every_record_is_indexed(engine: Index, rows: list[Row]) -> None:
    assert len(engine) == len(rows) == 3823
    assert _found(engine, "*") == {row.id for row in rows}


PHRASES = [
    "white house",
    "prime minister",
    "secretary of state",
    "north korea",
    "human rights",
    "united nations security council",
    "climate change",
    "travel ban",
    "president of the united states",
    "in the",
]


@pytest.mark.parametrize("phrase", PHRASES)
def test_phrases_match_the_scan(engine: Index, rows: list[Row], phrase: str) -> None:
    analysed = _analyse(phrase)
    expected = _scan(rows, lambda r: _contains(r.title, analysed) or _contains(r.body, analysed))
    found = _found(engine, f'"{phrase}"')
    assert found == expected
    as_written = phrase.split()
    exact = _scan(
        rows, lambda r: _contains(r.title_words, as_written) or _contains(r.body_words, as_written)
    )
    assert exact <= found, "every article containing the phrase as written is returned"
    assert len(exact) > 0


#: Words that analysis splits into several terms, typed without quotes.
COMPOUNDS = ["9/11", "U.S.", "al-Assad", "tie-breaking", "G-20", "title:U.S."]


@pytest.mark.parametrize("word", COMPOUNDS)
def test_split_words_match_as_their_terms_in_sequence(
    engine: Index, rows: list[Row], word: str
) -> None:
    """``9/11`` is the phrase "9 11", not 9 AND 11 anywhere in the field."""
    field, _, text = word.rpartition(":")
    analysed = _analyse(text)
    assert len(analysed) > 1
    fields = [field] if field else ["title", "body"]
    expected = _scan(rows, lambda r: any(_contains(getattr(r, f), analysed) for f in fields))
    assert (
        _found(engine, word) == expected == _found(engine, f'{field}{":" if field else ""}"{text}"')
    )
    assert expected


BOOLEANS: list[tuple[str, Callable[[set[str]], bool]]] = [
    ("trump putin", lambda t: {"trump", "putin"} <= t),
    ("trump OR putin", lambda t: bool({"trump", "putin"} & t)),
    ("trump NOT putin", lambda t: "trump" in t and "putin" not in t),
    ("(syria OR iraq) NOT russia", lambda t: bool({"syria", "iraq"} & t) and "russia" not in t),
    ("elections", lambda t: "elect" in t),
    ("NOT the", lambda t: "the" not in t),
]


@pytest.mark.parametrize(("text", "keep"), BOOLEANS, ids=[b[0] for b in BOOLEANS])
def test_boolean_queries_match_the_scan(
    engine: Index, rows: list[Row], text: str, keep: Callable[[set[str]], bool]
) -> None:
    expected = _scan(rows, lambda r: keep(r.terms))
    assert _found(engine, text) == expected
    assert expected


def test_field_scoped_words_match_the_scan(engine: Index, rows: list[Row]) -> None:
    # Untitled records get a title made from their first sentence: compare the titled ones.
    titled = {row.id for row in rows if row.title}
    expected = _scan(rows, lambda r: "trump" in r.title)
    assert _found(engine, "title:trump") & titled == expected
    assert expected


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("trump date:2017-01", date(2017, 1, 1), date(2017, 1, 31)),
        ("trump date:[2017-02-05 TO 2017-02-20]", date(2017, 2, 5), date(2017, 2, 20)),
        ("korea date:<2017-01-15", date(1, 1, 1), date(2017, 1, 14)),
    ],
)
def test_date_ranges_match_the_scan(
    engine: Index, rows: list[Row], text: str, first: date, last: date
) -> None:
    word = text.split()[0]
    expected = _scan(
        rows, lambda r: word in r.terms and r.day is not None and first <= r.day <= last
    )
    assert _found(engine, text) == expected
    assert expected


def test_date_filters_match_the_scan(engine: Index, rows: list[Row]) -> None:
    expected = _scan(
        rows,
        lambda r: "merkel" in r.terms and r.day and date(2017, 2, 1) <= r.day <= date(2017, 2, 28),
    )
    assert _found(engine, "merkel", Filters("2017-02-01", "2017-02-28")) == expected
    assert expected


def test_source_filters_match_the_scan(engine: Index, rows: list[Row]) -> None:
    names = ["bbc.co.uk", "cnn.com"]
    expected = _scan(rows, lambda r: "trump" in r.terms and r.source in names)
    assert _found(engine, "trump", Filters(sources=names)) == expected
    assert expected


def test_facets_agree_with_the_scan_and_sum_to_the_total(engine: Index, rows: list[Row]) -> None:
    results = engine.search("trump", facets=["source", "month", "year", "week", "day"])
    matching = [r for r in rows if "trump" in r.terms]
    by_source: dict[str, int] = {}
    for row in matching:
        by_source[row.source] = by_source.get(row.source, 0) + 1
    assert results.facets["source"] == dict(
        sorted(by_source.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    for name in ("source", "month", "year", "week", "day"):
        assert sum(results.facets[name].values()) == results.total == len(matching)
    january = sum(1 for r in matching if r.day and (r.day.year, r.day.month) == (2017, 1))
    assert results.facets["month"]["2017-01"] == january


def test_paging_through_a_large_result_returns_each_hit_once(engine: Index) -> None:
    total = engine.search("trump").total
    seen: list[str] = []
    for page in range(1, total // 200 + 2):
        seen += [
            hit.id for hit in engine.search("trump", sort="newest", page=page, page_size=200).hits
        ]
    assert len(seen) == len(set(seen)) == total


def test_sort_by_date_is_ordered(engine: Index) -> None:
    hits = engine.search("korea", sort="oldest", page_size=10_000).hits
    days = [hit.date.isoformat()[:10] for hit in hits if hit.date]
    assert days == sorted(days)


def test_trend_months_sum_to_the_hit_count_and_all_to_the_index(engine: Index) -> None:
    result = engine.trend(["trump", '"white house"'], by="month")
    for text in result.queries:
        assert sum(result.matches[text]) == engine.search(text).total
    assert sum(result.totals) == len(engine)
    assert result.periods == sorted(result.periods)


@pytest.fixture
def named(engine: Index) -> Iterator[Index]:
    """The engine with BBC named in its sources map and a collection holding it, taken away
    after the test (the map is the only thing a test of outlets changes)."""
    engine.name_host("bbc.co.uk", "BBC")
    engine.set_collection("uk", ["BBC", "rte.ie"])
    yield engine
    (engine.path / MAP_FILE).unlink()


def test_bbc_by_name_by_host_and_by_collection_are_the_same_articles(
    named: Index, rows: list[Row]
) -> None:
    expected = _scan(rows, lambda r: r.source == "bbc.co.uk")
    assert _found(named, "*", Filters(sources="BBC")) == expected
    assert _found(named, "*", Filters(sources="www.bbc.co.uk")) == expected
    uk = _found(named, "*", Filters(collections="uk"))
    assert uk & _found(named, "*", Filters(sources="bbc")) == expected
    assert uk == expected | _scan(rows, lambda r: r.source == "rte.ie")
    assert len(expected) > 300


def test_sources_lists_the_nine_outlets_and_their_articles(named: Index, rows: list[Row]) -> None:
    by_host: dict[str, int] = {}
    for row in rows:
        by_host[row.source] = by_host.get(row.source, 0) + 1
    found = {outlet.name: (outlet.articles, outlet.hosts) for outlet in named.outlets()}
    assert found == {
        ("BBC" if host == "bbc.co.uk" else host): (n, (host,)) for host, n in by_host.items()
    }
    assert len(found) == 9 and sum(n for n, _ in found.values()) == len(named)


def test_a_trend_split_by_outlet_counts_what_a_scan_counts(named: Index, rows: list[Row]) -> None:
    (word,) = _analyse("refugees")
    result = named.trend("refugees", by="month", split="source")
    scanned: dict[str, dict[str, list[int]]] = {}
    for row in rows:
        outlet = "BBC" if row.source == "bbc.co.uk" else row.source
        period = f"{row.day.year}-{row.day.month:02d}" if row.day else "undated"
        counts = scanned.setdefault(outlet, {}).setdefault(period, [0, 0])
        counts[0] += 1
        counts[1] += word in row.terms
    found = {
        name: {
            period: [part.totals[i], part.matches["refugees"][i]]
            for i, period in enumerate(part.periods)
            if part.totals[i]
        }
        for name, part in result.groups.items()
    }
    assert found == scanned
    assert sum(matched for outlet in scanned.values() for _, matched in outlet.values()) > 100


def test_every_kwic_line_holds_the_query_word(engine: Index) -> None:
    lines = list(engine.kwic("refugees", width=30))
    assert len(lines) >= engine.search("refugees").total
    assert all(_analyse(line.match) == ["refuge"] for line in lines)
    phrase = list(engine.kwic('"prime minister"'))
    assert phrase and all(_analyse(line.match) == ["prime", "minist"] for line in phrase)


def test_full_export_streams_every_hit_once(engine: Index) -> None:
    stream = engine.export("*", sort="oldest")
    ids = [hit.id for hit in stream]
    assert len(ids) == len(set(ids)) == stream.total == len(engine)


def _collapsed(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.slow
def test_csv_export_of_every_hit_holds_each_full_body(
    engine: Index, rows: list[Row], records: list[dict[str, str]], run
) -> None:
    index = str(engine.path)
    out = run(
        "search",
        "refugees",
        "--all",
        "--format",
        "csv",
        "--index",
        index,
        "--fields",
        "id,date,source,title,body",
    )
    exported = list(csv.DictReader(io.StringIO(out.output, newline="")))
    assert len(exported) == len({row["id"] for row in exported})
    assert {row["id"] for row in exported} == _scan(rows, lambda r: "refuge" in r.terms)
    by_id = {r["article_id"]: r for r in records}
    for row in exported:
        record = by_id[row["id"]]
        if record["title"].strip():  # an untitled record takes its first words
            assert row["title"] == record["title"].strip()
        body = _collapsed(row["body"])
        assert _collapsed(record["text"]) in body, "the whole text, not a snippet of it"
        assert _collapsed(record["subtitle"]) in body
        day, has_time = _day(record["publish_date"]), ":" in record["publish_date"]
        assert row["date"][:10] == day.isoformat()
        assert row["date"].endswith("+00:00") if has_time else len(row["date"]) == 10


@pytest.mark.slow
@pytest.mark.parametrize("phrase", ["white house officials", "illegal immigrants"])
def test_exact_quotes_match_a_scan_of_the_raw_text(
    engine: Index, rows: list[Row], phrase: str
) -> None:
    words = phrase.split()
    expected = _scan(
        rows, lambda r: _contains(r.title_words, words) or _contains(r.body_words, words)
    )
    stemmed = _found(engine, f'"{phrase}"')
    assert _found(engine, f'="{phrase}"') == expected
    assert _found(engine, f'"{phrase.upper()}"', Filters(exact=True)) == expected
    assert len(stemmed) > len(expected) > 0, "the stemmed phrase matches more articles"


@pytest.fixture(scope="module")
def reuters(tmp_path_factory: pytest.TempPathFactory) -> Index:
    idx = Index.create(tmp_path_factory.mktemp("reuters") / "idx")
    report = idx.update([shared_data() / "reuters21578.jsonl.gz"])
    assert report.articles_added == 21_577  # newid 12793 has neither title nor text
    yield idx
    idx.close()


@pytest.mark.slow
def test_full_export_of_all_reuters_runs_in_constant_memory(reuters: Index, tmp_path) -> None:
    out = tmp_path / "all.csv"
    for _ in reuters.export("cocoa"):  # warm the caches a first search fills
        pass
    tracemalloc.start()
    try:
        with out.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            stream = reuters.export("*", sort="newest")
            for hit in stream:
                writer.writerow([hit.id, hit.date, hit.title, hit.snippet])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert len(rows) == stream.total == len(reuters) == 21_577
    assert len({row[0] for row in rows}) == 21_577
    # What grows with the hits is a list of document numbers (a few MB); holding 21,577 Hit
    # objects with their snippets would take several times the CSV's size on top.
    assert peak < 16_000_000, f"an export must not hold every hit in memory (peak {peak:,} B)"


@pytest.fixture(scope="module")
def reuters_records() -> dict[str, dict]:
    """Reuters' records by id, read straight from the file (the scan results are held to)."""
    with gzip.open(shared_data() / "reuters21578.jsonl.gz", "rt", encoding="utf-8") as lines:
        return {str(r["newid"]): r for r in map(json.loads, lines)}


@pytest.mark.slow
def test_reuters_topics_facet_search_and_filter_agree_with_a_scan(
    reuters: Index, reuters_records: dict[str, dict]
) -> None:
    oil = {hit.id for hit in reuters.export("oil")}
    counted = reuters.search("oil", facets=["topics"], page_size=1).facets["topics"]
    assert counted == dict(Counter(t for n in oil for t in reuters_records[n]["topics"]))
    indexed = set(reuters_records) & {hit.id for hit in reuters.export("*")}
    crude = {n for n in indexed if "crude" in reuters_records[n]["topics"]}
    assert {hit.id for hit in reuters.export("topics:crude")} == crude
    usa = {n for n in indexed if "usa" in reuters_records[n]["places"]}
    assert {hit.id for hit in reuters.export("*", Filters(fields={"places": "usa"}))} == usa
