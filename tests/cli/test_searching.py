"""searcher search and show, against exact output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from searcher import Index

from tests.conftest import RECORDS, WIRE, build_index


def test_search_table(indexed: Path, run) -> None:
    result = run("search", "aid", "--facet", "source", "--facet", "month", "--limit", "2")
    assert result.exit_code == 0
    assert result.text == (
        "3 articles match aid (showing 1-2)\n"
        "\n"
        "1. Undated note on aid\n"
        "   undated · Wire One · a5\n"
        "   https://wire.example/a5\n"
        "   An archive note about aid deliveries, with no date.\n"
        "\n"
        "2. Aid convoy reaches Rafah\n"
        "   2023-10-30 · Wire One · a1\n"
        "   https://wire.example/a1\n"
        "   A convoy carrying humanitarian aid crossed the Rafah gate into Gaza on Monday.\n"
        "\n"
        "source:\n"
        "        3  Wire One\n"
        "\n"
        "month:\n"
        "        1  2023-10\n"
        "        1  2023-11\n"
        "        1  undated\n"
    )


def test_source_takes_a_name_in_any_case_or_a_host(indexed: Path, run) -> None:
    by_name = run("search", "aid", "--source", "WIRE ONE", "--format", "jsonl").text
    by_host = run("search", "aid", "--source", "wire.example", "--format", "jsonl").text
    assert by_name == by_host
    assert len(by_name.splitlines()) == 3


def test_an_unknown_source_is_refused_naming_the_nearest(indexed: Path, run) -> None:
    assert run("search", "aid", "--source", "Wire", exit_code=1).text == (
        "Error: no source 'Wire' in this index\n"
        "  hint: did you mean Wire One, wire.example? 'searcher sources' lists every outlet and "
        "host; names ignore case\n"
    )


def test_dates_beyond_the_archive_are_noted(indexed: Path, run) -> None:
    assert run("search", "aid", "--since", "2024-01").text == (
        "0 articles match aid\nNote: no article is dated from 2024-01-01 on: the newest is from "
        f"{max(r['date'] for r in RECORDS if r.get('date'))[:10]}\n"
    )


def test_every_article_is_listed_newest_first(indexed: Path, run) -> None:
    every = run("search", "*", "--format", "jsonl").text
    assert every == run("search", "*", "--sort", "newest", "--format", "jsonl").text
    assert every != run("search", "*", "--sort", "oldest", "--format", "jsonl").text


def test_search_json(indexed: Path, run) -> None:
    result = run("search", '"central bank"', "--format", "json", "--facet", "day")
    document = json.loads(result.output)
    hit = document["hits"][0]
    assert hit.pop("score") > 0
    assert document == {
        "query": '"central bank"',
        "total": 1,
        "page": 1,
        "page_size": 10,
        "sort": "relevance",
        "hits": [
            {
                "id": "a2",
                "title": "Central bank holds rates",
                "date": "2023-11-02T09:30:00+00:00",
                "source": "Daily Ledger",
                "url": "https://ledger.example/a2",
                "snippet": "The central bank kept interest rates unchanged, citing inflation.",
                "highlights": [[4, 16]],
            }
        ],
        "facets": {"day": {"2023-11-02": 1}},
        "suggestion": None,
        "notes": [],
    }


def test_search_jsonl_and_csv(indexed: Path, run) -> None:
    lines = run("search", "aid", "--sort", "oldest", "--format", "jsonl").output.splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["a1", "a3", "a5"]
    assert json.loads(lines[0])["score"] is None
    assert run("search", "rates", "--sort", "newest", "--format", "csv").output == (
        "id,title,date,source,url,score,snippet\n"
        "a2,Central bank holds rates,2023-11-02T09:30:00+00:00,Daily Ledger,"
        "https://ledger.example/a2,,"
        '"The central bank kept interest rates unchanged, citing inflation."\n'
    )


def test_search_filters(indexed: Path, run) -> None:
    result = run("search", "aid", "--to", "2023-11-02", "--source", "Wire One", "--format", "jsonl")
    assert [json.loads(line)["id"] for line in result.output.splitlines()] == ["a1"]
    result = run("search", "aid", "--from", "2023-11", "--format", "jsonl")
    assert [json.loads(line)["id"] for line in result.output.splitlines()] == ["a3"]


def test_search_pages(indexed: Path, run) -> None:
    second = run("search", "aid", "--sort", "oldest", "--limit", "2", "--page", "2")
    assert second.text.splitlines()[:3] == [
        "3 articles match aid (showing 3-3)",
        "",
        "3. Undated note on aid",
    ]
    assert run("search", "aid", "--limit", "2", "--page", "9").text == (
        "3 articles match aid (page 9 is past the last page, 2)\n"
    )


def test_search_large_limit(indexed: Path, run) -> None:
    lines = run("search", "*", "--limit", "100000", "--format", "jsonl").output.splitlines()
    assert len(lines) == len(RECORDS)


def test_no_match(indexed: Path, run) -> None:
    result = run("search", "nothingatall")
    assert (result.exit_code, result.text) == (0, "0 articles match nothingatall\n")


def test_show(indexed: Path, records_index: Index, run) -> None:
    indexed_at = records_index.get("a2").indexed.isoformat(sep=" ")
    assert run("show", "a2").text == (
        "Central bank holds rates\n"
        "2023-11-02T09:30:00+00:00 · Daily Ledger · https://ledger.example/a2\n"
        f"indexed {indexed_at} · changed {indexed_at}\n"
        "\n"
        "The central bank kept interest rates unchanged, citing inflation.\n"
    )
    article = json.loads(run("show", "a2", "--format", "json").output)
    assert article["path"] == str(indexed / "news.jsonl")
    assert article["body"] == RECORDS[1]["body"]
    assert article["indexed"] == article["changed"] == records_index.get("a2").indexed.isoformat()


def test_search_suggests_a_corrected_query(indexed: Path, run) -> None:
    assert run("search", "convoi").text == ("0 articles match convoi\nDid you mean: convoy\n")


def test_search_explain(indexed: Path, run) -> None:
    assert run("search", "aid NOT title:rafah date:>2023-11", "--explain", "--to", "2024").text == (
        "query     aid NOT title:rafah date:>2023-11\n"
        "parsed    ((title:aid OR body:aid) AND NOT title:rafah AND ts:[1701388800 TO ])\n"
        "words     title:aid, body:aid\n"
        "dates     2023-12-01 to …\n"
        "excluded  title:rafah\n"
        "filters   to 2024-12-31; time zone UTC\n"
    )


def test_search_all_streams_every_hit(indexed: Path, run) -> None:
    assert run("search", "aid", "--all", "--sort", "oldest", "--format", "csv").text == (
        "id,title,date,source,url,score,snippet\n"
        "a1,Aid convoy reaches Rafah,2023-10-30,Wire One,https://wire.example/a1,,"
        "A convoy carrying humanitarian aid crossed the Rafah gate into Gaza on Monday.\n"
        "a3,Ceasefire talks resume,2023-11-03T23:30:00+00:00,Wire One,https://wire.example/a3,,"
        '"Diplomats said ceasefire talks would resume, and aid groups asked for access."\n'
        "a5,Undated note on aid,,Wire One,https://wire.example/a5,,"
        '"An archive note about aid deliveries, with no date."\n'
    )
    lines = run("search", "*", "--all", "--format", "jsonl").text.splitlines()
    assert sorted(json.loads(line)["id"] for line in lines) == ["a1", "a2", "a3", "a4", "a5"]
    table = run("search", "rates", "--all").text.splitlines()
    assert table[:3] == ["1 article matches rates", "", "1. Central bank holds rates"]


def test_search_collapse_option(copies: Index, run) -> None:
    page = ("--sort", "oldest", "--limit", "1", "--page", "2")
    assert run("search", "convoy", "--collapse", *page).output == (
        "4 articles match convoy, 2 near-copies collapsed (showing 2-2)\n"
        "\n"
        "2. UN convoy reaches besieged city\n"
        "   2023-11-07 · Wire One · w1 · +2 near-copies\n"
        f"   {WIRE}\n"
    )
    rows = run("search", "convoy", "--collapse", "--sort", "oldest", "--format", "csv").output
    rows = rows.splitlines()
    assert rows[0] == "id,title,date,source,url,score,snippet,duplicates"
    assert [(row[:2], row[-1]) for row in rows[1:]] == [("a1", "0"), ("w1", "2")]
    both = run("search", "convoy", "--collapse", "--all", exit_code=2)
    assert "--collapse works on pages of hits; leave out --all" in both.output


def test_cli_prefer_recent(small: Index, run) -> None:
    result = run(
        "search", "ceasefire", "--prefer", "recent", "--half-life", "7", "--format", "json"
    )
    assert result.exit_code == 0, result.output
    ids = [hit["id"] for hit in json.loads(result.output)["hits"]]
    assert ids == ["newest", "month", "old", "undated"]
    refused = run("search", "ceasefire", "--prefer", "recent", "--sort", "newest", exit_code=1)
    assert "does not apply to sort 'newest'" in refused.output


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            ("--facet", "source"),
            "--all streams hits and has no place for facet counts; leave out --all to see them "
            "(with --limit 1 for the counts alone)",
        ),
        (("--page", "2"), "--all lists every hit, with no pages; leave out --page"),
        (("--limit", "5"), "--all lists every hit, with no pages; leave out --limit"),
    ],
)
def test_all_refuses_what_it_would_ignore(
    indexed: Path, run, options: tuple[str, ...], message: str
) -> None:
    refused = run("search", "aid", "--all", *options, exit_code=2)
    assert refused.output.splitlines()[-1] == f"Error: {message}"


def test_all_lists_every_hit_under_the_default_page_options(indexed: Path, run) -> None:
    rows = run("search", "aid", "--all", "--format", "csv").output.splitlines()
    assert sorted(row.split(",")[0] for row in rows[1:]) == ["a1", "a3", "a5"]


def test_search_help_shows_the_query_syntax_and_which_options_repeat(run) -> None:
    """A pip user has no README: the help is where the syntax is."""
    assert run("search", "--help").output.splitlines() == [
        "Usage: cli search [OPTIONS] QUERY",
        "",
        "  Search the index for QUERY; every word is required unless OR says otherwise.",
        "",
        "  Query syntax (words match in any case and form: rallies finds rally):",
        "    gaza aid                       both words, in the title or the body",
        "    gaza OR rafah, gaza NOT sport  boolean logic, in capitals; ( ) to group",
        "    gaza -sport                    the same as gaza NOT sport",
        '    "secretary of state"           the phrase; "aid gaza"~5: within 5 words',
        '    ="refugees arrive"             the phrase exactly as written, in any case',
        "                                   (--exact: every phrase)",
        '    title:gaza, body:aid           a word in one field; source:"Shafaq News" too',
        "    topics:crude, places:usa       a record's own field ('searcher stats' lists them)",
        "    authors:slaughter              a part of an author's name",
        "    language:ar                    articles in Arabic, the words analysed as Arabic",
        "    humanit*                       a wildcard: words beginning humanit",
        "    date:2023-11                   a day, a month or a year; date:>2023-10-07,",
        "                                   date:[2023-10-01 TO 2023-11-30], date:yesterday",
        "    *                              every article, newest first",
        "",
        "  Examples:",
        "    searcher search '\"humanitarian aid\"'",
        "    searcher search 'title:gaza (rafah OR \"kerem shalom\")' --to 2023-11-03",
        "    searcher search 'ceasefire date:2023-11' --facet source --facet day --format json",
        "    searcher search oil --facet topics --filter places=usa",
        "    searcher search 'oil' --all --format csv > oil.csv",
        "    searcher search refugees --all --format csv --fields id,date,title,body --excel",
        "    searcher search 'trump' --collapse",
        "    searcher search 'ceasefire talks' --prefer recent --half-life 7",
        "    searcher search 'المساعدات الانسانية' --lang ar --facet language",
        "",
        "Options:",
        "  --index DIR|URL                 Index folder, or a cluster:",
        "                                  sphinx://HOST:PORT/INDEX (manticore:// too).",
        "                                  [default: ($SEARCHER_INDEX or ./indexdir)]",
        "  --from, --since DATE            First day: 2023-10-01, 2023-10, 7d (7 days",
        "                                  ago).",
        "  --to DATE                       Last day, inclusive: 2023-11-03.",
        "  --tz TEXT                       Time zone of calendar days.  [default: UTC]",
        "  --source NAME                   Only from NAME, an outlet's name or host in",
        "                                  any case (BBC, bbc.co.uk); repeat for several.",
        "  --collection NAME               Only from the outlets of collection NAME (see",
        "                                  searcher sources).",
        "  --filter FIELD=VALUE            Only articles whose FIELD holds VALUE, as",
        '                                  FIELD:"VALUE" finds them (places=usa,',
        "                                  authors=slaughter); repeat for several (one",
        "                                  field: any value; several: all).",
        "  --lang CODE                     Only articles in this language (ar, ckb, tr,",
        "                                  de…), the query's words analysed in it alone;",
        "                                  repeatable.",
        "  --indexed-since WHEN            Only articles first indexed since WHEN: 2h,",
        "                                  30min, 7d, 2023-11-03T08:00.",
        "  --new-since-last-update         Only articles the latest 'searcher index' run",
        "                                  took in.",
        '  --exact                         Every "phrase" as written (any case, white',
        '                                  space and punctuation), not its stems; ="…"',
        "                                  makes one phrase exact.",
        "  --facet NAME                    Count the matches by this: source, year,",
        "                                  month, week, day, language, authors or a",
        "                                  keyword field ('searcher stats' lists them);",
        "                                  repeat for several.",
        "  --sort [relevance|newest|oldest]",
        "                                  Order of the hits.  [default: (relevance;",
        "                                  newest for '*')]",
        "  --prefer [recent|close]         Rank newer articles, or the words close",
        "                                  together, higher (relevance only); repeat for",
        "                                  both.",
        "  --half-life DAYS                Days for the recency bonus to halve (default",
        "                                  30); implies recent.  [x>0]",
        "  --limit INTEGER RANGE           [default: 10; x>=1]",
        "  --page INTEGER RANGE            [default: 1; x>=1]",
        "  --collapse                      One hit per group of near-copies.",
        "  --all                           Every hit, streamed (no paging, no facets).",
        "  --explain                       Show how the query is understood; do not",
        "                                  search.",
        "  --fields NAME,…                 Columns of an --all export in csv, jsonl or",
        "                                  json: any stored field (id, date, source,",
        "                                  title, body, url, authors, …), host, score,",
        "                                  snippet, highlights.",
        "  --excel, --bom                  Start the CSV with a byte-order mark, so Excel",
        "                                  reads non-Latin text as UTF-8.",
        "  --allow-partial                 On a cluster: exit 0 even when a shard did not",
        "                                  answer (the warning stays).",
        "  --format [table|json|jsonl|csv]",
        "                                  Output format.  [default: table]",
        "  -h, --help                      Show this message and exit.",
    ]


@pytest.mark.parametrize("command", ["search", "kwic", "trend", "duplicates"])
def test_source_help_says_it_ignores_case_and_repeats(run, command: str) -> None:
    shown = " ".join(run(command, "--help").output.split())
    assert (
        "--source NAME Only from NAME, an outlet's name or host in any case (BBC, bbc.co.uk); "
        "repeat for several. --collection NAME Only from the outlets of collection NAME" in shown
    )


@pytest.fixture
def wire(tmp_path: Path, run) -> Path:
    """A records file with fields of its own, indexed at tmp_path/idx."""
    records = [
        {"id": "w1", "title": "Crude rises", "body": "Oil rose.", "topics": ["crude", "nat-gas"]},
        {"id": "w2", "title": "Crude falls", "body": "Oil fell.", "topics": ["crude"]},
        {"id": "w3", "title": "Cocoa", "body": "Oil palms.", "places": ["usa"], "author": "Jo Ray"},
    ]
    folder = tmp_path / "wire"
    folder.mkdir()
    (folder / "wire.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    run("index", str(folder))
    return folder


def test_search_counts_a_keyword_field_and_filters_on_one(wire: Path, run) -> None:
    lines = run("search", "oil", "--facet", "topics", "--limit", "1").output.splitlines()
    assert lines[-3:] == ["topics:", "        2  crude", "        1  nat-gas"]
    only = run("search", "oil", "--filter", "places=usa", "--format", "jsonl").output.splitlines()
    assert [json.loads(line)["id"] for line in only] == ["w3"]


def test_a_filter_without_its_value_is_refused(wire: Path, run) -> None:
    refused = run("search", "oil", "--filter", "places", exit_code=2)
    assert refused.output.splitlines()[-1] == (
        "Error: Invalid value for '--filter': 'places' is not FIELD=VALUE (e.g. places=usa)"
    )


def test_show_and_json_hits_carry_the_records_fields(wire: Path, run) -> None:
    assert "topics: crude, nat-gas" in run("show", "w1").output.splitlines()
    shown = json.loads(run("show", "w1", "--format", "json").output)
    assert shown["fields"] == {"topics": ["crude", "nat-gas"]}
    hits = run("search", "palms", "--all", "--format", "json").output
    assert json.loads(hits)["hits"][0]["fields"] == {"places": ["usa"]}


def test_exact_keeps_every_phrase_as_written(indexed: Path, run) -> None:
    stemmed = run("search", '"aid group"', "--format", "jsonl").output.splitlines()
    assert [json.loads(line)["id"] for line in stemmed] == ["a3"]
    assert run("search", '"aid group"', "--exact").output == '0 articles match "aid group"\n'
    exact = run("search", '"Aid, groups"', "--exact", "--format", "jsonl").output.splitlines()
    assert [json.loads(line)["id"] for line in exact] == ["a3"]
    assert run("trend", '="aid group"', "--by", "year", "--format", "csv").output == (
        'period,total,"=""aid group""","=""aid group"" share"\n2023,4,0,0.0\nundated,1,0,0.0\n'
    )


#: Articles in three languages, one of them only told by its letters (Sorani).
_LANGUAGE_RECORDS = [
    {"id": "ar1", "title": "قافلة", "body": "وصلت المساعدات الإنسانية إلى غزة",
     "language": "ar", "source": "Shafaq News", "date": "2023-11-01"},
    {"id": "ckb1", "title": "هاوکاری", "body": "حکومەتی هەرێمی کوردستان هاوکاری نارد",
     "source": "Shafaq News", "date": "2023-11-02"},
    {"id": "en1", "title": "Aid", "body": "Humanitarian aid reached Gaza",
     "language": "en", "source": "Shafaq News", "date": "2023-11-03"},
]  # fmt: skip


def test_lang_facet_language_and_stats_languages(tmp_path: Path, run) -> None:
    folder = tmp_path / "languages"
    folder.mkdir()
    lines = [json.dumps(r, ensure_ascii=False) for r in _LANGUAGE_RECORDS]
    (folder / "news.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    build_index(folder, tmp_path / "idx").close()
    found = json.loads(run("search", "مساعدات", "--facet", "language", "--format", "json").output)
    assert [hit["id"] for hit in found["hits"]] == ["ar1"]
    assert found["facets"]["language"] == {"ar": 1}
    every = json.loads(run("search", "*", "--facet", "language", "--format", "json").output)
    assert every["facets"]["language"] == {"ar": 1, "ckb": 1, "en": 1}
    sorani = json.loads(run("search", "حکومەت", "--lang", "ckb", "--format", "json").output)
    assert [hit["id"] for hit in sorani["hits"]] == ["ckb1"]
    assert run("search", "حکومەت", "--lang", "ar").text == "0 articles match حکومەت\n"
    refused = run("search", "aid", "--lang", "de", exit_code=1)
    assert refused.output == (
        "Error: no article in this index is in de\n"
        "  hint: languages it holds: ar, ckb, en ('searcher stats' lists them)\n"
    )
    lines = run("stats").text.splitlines()
    assert lines[lines.index("languages") + 1 :] == [
        "        1  ar",
        "        1  ckb",
        "        1  en",
    ]


def test_the_table_isolates_right_to_left_text(tmp_path: Path, run) -> None:
    folder = tmp_path / "languages"
    folder.mkdir()
    lines = [json.dumps(r, ensure_ascii=False) for r in _LANGUAGE_RECORDS]
    (folder / "news.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    build_index(folder, tmp_path / "idx").close()
    lines = run("search", "مساعدات").output.splitlines()
    assert lines[2] == "1. \u2068قافلة\u2069"
    assert lines[3] == "   2023-11-01 · Shafaq News · ar1"
    assert lines[4] == "   \u2068وصلت المساعدات الإنسانية إلى غزة\u2069"
    found = json.loads(run("search", "مساعدات", "--format", "json").output)
    assert found["hits"][0]["title"] == "قافلة"
