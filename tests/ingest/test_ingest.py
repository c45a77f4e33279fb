"""Ingest: every file form the indexer reads, the folder walk, and the real data sets."""

from __future__ import annotations

import gzip
import json
import zlib
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from searcher import ingest
from searcher.article import Article, make_id
from searcher.errors import IngestError

from tests.conftest import SEED, shared_data

ARABIC = "أعلنت الحكومة اليوم عن خطة جديدة لدعم المزارعين في المناطق الريفية"


def write(folder: Path, name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
    """A file under ``folder``, gzipped when ``name`` ends in .gz."""
    data = content.encode(encoding) if isinstance(content, str) else content
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    return path


def only(path: Path) -> Article:
    """The one article of the file at ``path``, which must read without warnings."""
    parsed = ingest.read(path)
    assert parsed.warnings == []
    assert len(parsed.articles) == 1
    return parsed.articles[0]


def reason(path: Path) -> str:
    with pytest.raises(IngestError) as caught:
        ingest.read(path)
    return caught.value.reason


# -- plain text -----------------------------------------------------------------------------


def test_seed_file() -> None:
    article = only(SEED)
    assert article.source == "Shafaq News"
    assert article.date == date(2023, 11, 3)
    assert article.body.startswith("Secretary of State Antony Blinken arrived in Israel Friday")
    # The first sentence is 202 characters long: cut at a word, marked as cut.
    assert article.title == (
        "Secretary of State Antony Blinken arrived in Israel Friday to press the Israeli"
        " government on its ongoing offensive in\u2026"
    )
    assert article.id == make_id(str(SEED))
    assert article.path == str(SEED)
    assert article.url == ""


def test_seed_form_with_a_short_first_sentence(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", " date 2023-11-05 Wire One / Talks resume. Aid waits.\n")
    article = only(path)
    assert (article.title, article.source, article.date) == (
        "Talks resume.",
        "Wire One",
        date(2023, 11, 5),
    )
    assert article.body == "Talks resume. Aid waits."


def test_seed_form_with_an_impossible_date_is_undated(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", "date 2023-02-30 Wire One / Talks resume.")
    parsed = ingest.read(path)
    assert parsed.articles[0].date is None
    assert parsed.warnings == ["unparseable date '2023-02-30'; indexed undated"]


def test_text_with_a_title_line(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "aid.txt",
        "Aid convoy reaches Rafah\n\nA convoy crossed the gate on Monday.\n\nMore followed.\n",
    )
    article = only(path)
    assert article.title == "Aid convoy reaches Rafah"
    assert article.body == "A convoy crossed the gate on Monday.\n\nMore followed."
    assert article.source == ""
    assert article.date is None
    assert article.id == make_id(str(path))


def test_text_with_a_date_line_and_a_markdown_heading(tmp_path: Path) -> None:
    path = write(tmp_path, "aid.md", "3 November 2023\n# Aid convoy reaches Rafah\nThe convoy...")
    article = only(path)
    assert (article.title, article.date, article.body) == (
        "Aid convoy reaches Rafah",
        date(2023, 11, 3),
        "The convoy...",
    )


def test_hard_wrapped_text_is_not_taken_for_a_title(tmp_path: Path) -> None:
    text = (
        "Showers continued throughout the week in\nthe Bahia cocoa zone, alleviating the"
        " drought. Mr. Smith said so.\n"
    )
    article = only(write(tmp_path, "cocoa.txt", text))
    assert article.title == (
        "Showers continued throughout the week in the Bahia cocoa zone, alleviating the drought."
    )
    assert article.body == text.strip()


def test_first_sentence_skips_abbreviations(tmp_path: Path) -> None:
    text = "U.S. officials met Mr. Smith in Gaza. He said more aid was coming."
    assert only(write(tmp_path, "a.txt", text)).title == "U.S. officials met Mr. Smith in Gaza."


def test_text_with_headers(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "h.txt",
        "Title: Central bank holds rates\nDate: 2023-11-02T09:30:00Z\nSource: Daily Ledger\n"
        "URL: https://ledger.example/a2\nAuthor: Ann Lee and Bo Chen\nLanguage: en-GB\n\n"
        "The central bank kept rates unchanged.\n",
    )
    article = only(path)
    assert article.title == "Central bank holds rates"
    assert article.date == datetime(2023, 11, 2, 9, 30, tzinfo=UTC)
    assert article.source == "Daily Ledger"
    assert article.url == "https://ledger.example/a2"
    assert article.authors == ("Ann Lee", "Bo Chen")
    assert article.language == "en"
    assert article.body == "The central bank kept rates unchanged."
    assert article.id == make_id("https://ledger.example/a2")


def test_text_header_with_a_bad_date_warns(tmp_path: Path) -> None:
    parsed = ingest.read(write(tmp_path, "h.txt", "Title: T\nDate: last week\n\nBody."))
    assert parsed.articles[0].date is None
    assert parsed.warnings == ["unparseable date 'last week'; indexed undated"]


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("cp1252", "Caf\u00e9 cr\u00e8me\n\nD\u00e9j\u00e0 vu \u2013 \u201cquoted\u201d \u20ac5."),
        ("cp1256", f"{ARABIC}\n\n{ARABIC} {ARABIC}."),
        ("utf-8-sig", "Aid convoy\n\nCaf\u00e9 body."),
        ("utf-16", "Aid convoy\n\nCaf\u00e9 body."),
        ("utf-16-le", "Aid convoy\n\nCaf\u00e9 body, without a BOM."),
        ("utf-16-be", f"{ARABIC}\n\n{ARABIC}, without a BOM."),
        ("utf-32", "Aid convoy\n\nCaf\u00e9 body."),
    ],
)
def test_text_encodings(tmp_path: Path, encoding: str, text: str) -> None:
    article = only(write(tmp_path, "a.txt", text.replace("\n", "\r\n"), encoding))
    title, _, body = text.partition("\n\n")
    assert (article.title, article.body) == (title, body)
    assert article.language == ("ar" if ARABIC in text else "")


def test_text_loses_nul_and_control_characters(tmp_path: Path) -> None:
    text = "Title line\n\n" + "A body with a stray NUL\x00 and a bell\x07 in it. " * 20
    article = only(write(tmp_path, "a.txt", text))
    assert "\x00" not in article.body and "\x07" not in article.body


# -- records ----------------------------------------------------------------------------------

RECORDS = [
    {
        "id": 17,
        "headline": "Aid convoy reaches Rafah",
        "text": "A convoy crossed the gate.",
        "published_at": "2023-10-30",
        "link": "https://www.wire.example/a1",
        "outlet": "Wire One",
        "byline": "By Ann Lee, Bo Chen",
        "lang": "en",
    },
    {
        "article_id": "a2",
        "title": "Central bank holds rates",
        "content": "The bank kept rates unchanged.",
        "date": "2023-11-02T09:30:00Z",
        "url": "https://abcnews.go.com/Business/a2",
        "authors": ["Cy Diaz", {"name": "Di Ng"}],
    },
    {"title": "Only a title"},
    {"body": "No title here. A title is made from the first sentence.", "date": "bad date"},
    {"source": {"id": None, "name": "Daily Ledger"}, "story": "Markets rallied."},
    {"title": "", "body": "  "},
]


def check_records(path: Path, parsed: ingest.Parsed, where: str) -> None:
    """The articles of RECORDS, wherever they were stored."""
    first, second, title_only, untitled, ledger = parsed.articles
    assert (first.id, first.title, first.body, first.date) == (
        "17",
        "Aid convoy reaches Rafah",
        "A convoy crossed the gate.",
        date(2023, 10, 30),
    )
    assert (first.url, first.source, first.authors, first.language) == (
        "https://www.wire.example/a1",
        "Wire One",
        ("Ann Lee", "Bo Chen"),
        "en",
    )
    assert (second.id, second.source, second.authors) == (
        "a2",
        "abcnews.go.com",
        ("Cy Diaz", "Di Ng"),
    )
    assert second.date == datetime(2023, 11, 2, 9, 30, tzinfo=UTC)
    assert (title_only.title, title_only.body, title_only.id) == (
        "Only a title",
        "",
        make_id(f"{path}#3"),
    )
    assert untitled.title == "No title here."
    assert untitled.date is None
    assert (ledger.source, ledger.body) == ("Daily Ledger", "Markets rallied.")
    assert all(article.path == str(path) for article in parsed.articles)
    assert parsed.warnings == [
        f"{where} 4: unparseable date 'bad date'; indexed undated",
        f"{where} 6: no title or text, skipped",
    ]


@pytest.mark.parametrize("name", ["news.jsonl", "news.ndjson", "news.jsonl.gz"])
def test_jsonl(tmp_path: Path, name: str) -> None:
    path = write(tmp_path, name, "\n".join(json.dumps(record) for record in RECORDS) + "\n")
    check_records(path, ingest.read(path), "line")


@pytest.mark.parametrize(
    ("name", "wrap"),
    [
        ("news.json", lambda records: records),
        ("news.json.gz", lambda records: records),
        ("wrapped.json", lambda records: {"status": "ok", "articles": records}),
    ],
)
def test_json_documents(tmp_path: Path, name: str, wrap) -> None:
    path = write(tmp_path, name, json.dumps(wrap(RECORDS), indent=2))
    check_records(path, ingest.read(path), "record")


def test_json_single_object_is_one_article(tmp_path: Path) -> None:
    path = write(tmp_path, "one.json", json.dumps({"title": "T", "body": "B\r\nC\u0000"}))
    article = only(path)
    assert (article.id, article.body) == (make_id(str(path)), "B\nC")


def test_jsonl_broken_line_is_skipped(tmp_path: Path) -> None:
    lines = ['{"title": "One", "body": "First."}', '{"title": "Two", "bo', "", "[1, 2]", "{}"]
    lines.append('{"title": "Three", "body": "Third."}')
    path = write(tmp_path, "news.jsonl", "\n".join(lines))
    parsed = ingest.read(path)
    assert [article.title for article in parsed.articles] == ["One", "Three"]
    assert parsed.articles[1].id == make_id(f"{path}#5")  # blank lines do not count
    assert parsed.warnings == [
        "line 2: broken JSON, skipped",
        "line 4: not a JSON object, skipped",
        "line 5: no title or text, skipped",
    ]


CSV = (
    "article_id,publish_date,article_source_link,title,subtitle,text\n"
    '1,2017/2/7 13:05,http://abcnews.go.com/Politics/story?id=1,DeVos confirmed,,"Line one.\n'
    'Line ""two"", quoted."\n'
    "2,          2016/12/30 7:11,http://www.bbc.co.uk/news/x,Changing the subject,"
    "A standfirst.,The body.\n"
    "3,2017/3/2,http://www.aljazeera.com/y,,,\n"
    "4,,http://tass.com/z,Only title,,\n"
)


@pytest.mark.parametrize("name", ["news.csv", "news.csv.gz"])
def test_csv(tmp_path: Path, name: str) -> None:
    parsed = ingest.read(write(tmp_path, name, CSV))
    first, second, title_only = parsed.articles
    assert (first.id, first.title, first.body, first.source) == (
        "1",
        "DeVos confirmed",
        'Line one.\nLine "two", quoted.',
        "abcnews.go.com",
    )
    assert first.date == datetime(2017, 2, 7, 13, 5, tzinfo=UTC)
    assert (second.date, second.source, second.body) == (
        datetime(2016, 12, 30, 7, 11, tzinfo=UTC),
        "bbc.co.uk",
        "A standfirst.\n\nThe body.",
    )
    assert (title_only.id, title_only.date, title_only.body) == ("4", None, "")
    assert parsed.warnings == ["record 3: no title or text, skipped"]


def test_tsv_and_semicolon_csv(tmp_path: Path) -> None:
    tsv = write(
        tmp_path, "a.tsv", "Headline\tBody\tURL\nTabbed, title\tText; here\thttp://t.example/1\n"
    )
    semicolons = write(tmp_path, "b.csv", "Title;Content\nSemi, colon;Text\n")
    assert (only(tsv).title, only(tsv).body, only(tsv).source) == (
        "Tabbed, title",
        "Text; here",
        "t.example",
    )
    assert (only(semicolons).title, only(semicolons).body) == ("Semi, colon", "Text")


def test_csv_in_cp1252(tmp_path: Path) -> None:
    path = write(
        tmp_path, "a.csv", "title,text\nCaf\u00e9,D\u00e9j\u00e0 vu \u2013 again\n", "cp1252"
    )
    assert (only(path).title, only(path).body) == ("Caf\u00e9", "D\u00e9j\u00e0 vu \u2013 again")


def test_csv_without_title_or_text_column(tmp_path: Path) -> None:
    path = write(tmp_path, "a.csv", "name,price\nbread,2\n")
    assert reason(path) == "no title or text column in the CSV header"


def test_records_file_without_usable_records(tmp_path: Path) -> None:
    assert reason(write(tmp_path, "a.jsonl", "{broken\n{also broken\n")) == (
        "broken JSON at line 1: Expecting property name enclosed in double quotes"
    )
    assert reason(write(tmp_path, "b.jsonl", '{"x": 1}\n')) == (
        "no usable record (line 1: no title or text, skipped)"
    )
    assert reason(write(tmp_path, "c.json", "[]")) == "no records found"


# -- every form gzipped, and files that hold no article ---------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("a.txt.gz", "Aid convoy\n\nBody text."),
        ("a.html.gz", "<html><head><title>Aid convoy</title></head><body><p>Body text.</p>"),
        ("a.jsonl.gz", '{"title": "Aid convoy", "body": "Body text."}\n'),
        ("a.csv.gz", "title,body\nAid convoy,Body text.\n"),
        ("a.json.gz", '[{"title": "Aid convoy", "body": "Body text."}]'),
    ],
)
def test_gzipped_forms(tmp_path: Path, name: str, content: str) -> None:
    article = only(write(tmp_path, name, content))
    assert (article.title, article.body) == ("Aid convoy", "Body text.")


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b" \n\t\r\n ", "empty file"),
        ("bom.txt", b"\xef\xbb\xbf\n", "empty file"),
        ("empty.txt.gz", gzip.compress(b""), "empty file"),
        ("binary.txt", bytes(range(256)) * 8, "binary data, not text"),
        ("image.html", b"\x89PNG\r\n\x1a\n" + bytes(range(32)) * 40, "binary data, not text"),
        ("bad.txt.gz", b"this is not gzip data", "not valid gzip data"),
        (
            "truncated.txt.gz",
            gzip.compress(b"A title\n\nA body.\n" * 50)[:-12],
            "not valid gzip data",
        ),
        ("cut.jsonl.gz", gzip.compress(b'{"title": "x"}\n')[:12], "not valid gzip data"),
    ],
)
def test_files_without_articles(tmp_path: Path, name: str, content: bytes, expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert reason(path) == expected


def test_a_records_file_whose_gzip_data_is_cut_short_keeps_the_records_before_the_cut(
    tmp_path: Path,
) -> None:
    lines = [json.dumps({"title": f"Story {n}", "body": f"Text {n}."}) for n in range(2000)]
    data = gzip.compress("\n".join(lines).encode())
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    whole_lines = zlib.decompressobj(wbits=31).decompress(data[: len(data) // 2]).count(b"\n")
    parsed = ingest.read(path)
    assert [article.title for article in parsed.articles] == [
        f"Story {n}" for n in range(whole_lines)
    ]
    assert parsed.warnings == [
        f"after line {whole_lines}: not valid gzip data; rest of file skipped"
    ]


def test_read_reports_unreadable_files(tmp_path: Path) -> None:
    assert reason(tmp_path) == "cannot read: Is a directory"


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["a.txt", "a.html", "a.jsonl", "a.json", "a.csv", "a.tsv", "a.gz", "a"]),
    st.binary(max_size=300) | st.text(max_size=200).map(str.encode),
)
def test_parse_never_raises_anything_but_ingest_error(name: str, data: bytes) -> None:
    try:
        parsed = ingest.parse(Path("/nowhere") / name, data)
    except IngestError as exc:
        assert exc.reason and "\n" not in exc.reason
    else:
        assert parsed.articles


# -- walk -------------------------------------------------------------------------------------


def test_walk_order_filters_and_index_folders(tmp_path: Path) -> None:
    root = tmp_path / "news"
    for name in [
        "b.txt",
        "a.html",
        "sub/c.jsonl.gz",
        "sub/deeper/d.csv",
        "a.md",
        "notes.pdf",
        "README",
        ".hidden.txt",
        ".git/e.txt",
        "idx/_MAIN_1.toc",
        "idx/f.txt",
    ]:
        write(root, name, "x")
    found = list(ingest.walk([root]))
    names = [str(path.relative_to(root.resolve())) for path in found]
    assert names == [
        "README",
        "a.html",
        "a.md",
        "b.txt",
        "notes.pdf",
        "sub/c.jsonl.gz",
        "sub/deeper/d.csv",
    ]
    assert all(path.is_absolute() and path == path.resolve() for path in found)


PAGE = "<!DOCTYPE html><html><head><title>A saved page</title></head><body><p>Its text.</p>"


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        (
            "doc.pdf",
            b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj",
            "unsupported type .pdf: a PDF document",
        ),
        (
            "feed.xml",
            b'<?xml version="1.0"?><rss><channel>',
            "unsupported type .xml: XML, not an HTML page",
        ),
        (
            "photo.jpg",
            b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(range(32)) * 8,
            "unsupported type .jpg: binary data",
        ),
        (
            "style.css",
            b"body { color: red }",
            "unsupported type .css: plain text; name it .txt to index it",
        ),
        (
            "README",
            b"How to use this folder.",
            "unsupported type (no extension): plain text; name it .txt to index it",
        ),
        (
            "notes.log",
            b"{not json at all",
            "unsupported type .log: plain text; name it .txt to index it",
        ),
    ],
)
def test_files_of_other_types_are_refused_by_what_they_hold(
    tmp_path: Path, name: str, content: bytes, expected: str
) -> None:
    assert reason(write(tmp_path, name, content)) == expected


def test_a_file_of_another_type_is_refused_as_such_before_it_is_read_whole(tmp_path: Path) -> None:
    clip = write(tmp_path, "clip.mp4", b"\x00\x00\x00\x18ftypmp42" + bytes(300_000))
    with pytest.raises(IngestError) as caught:
        ingest.read_bytes(clip, ingest.Limits(file_mb=0.1))
    assert caught.value.reason == "unsupported type .mp4: binary data"


@pytest.mark.parametrize("name", ["story", "article.php?id=5", "index.asp", "page.gz"])
def test_pages_saved_under_other_names_are_read_as_html(tmp_path: Path, name: str) -> None:
    assert only(write(tmp_path, name, PAGE)).title == "A saved page"


def test_records_under_other_names_are_read_as_json(tmp_path: Path) -> None:
    path = write(tmp_path, "dump.out", '{"title": "One", "body": "First."}\n')
    assert only(path).title == "One"


def test_walk_does_not_follow_folder_links(tmp_path: Path) -> None:
    write(tmp_path, "news/a.txt", "x")
    (tmp_path / "news" / "loop").symlink_to(tmp_path / "news", target_is_directory=True)
    write(tmp_path, "elsewhere/b.txt", "x")
    (tmp_path / "news" / "link.txt").symlink_to(tmp_path / "elsewhere" / "b.txt")
    assert list(ingest.walk([tmp_path / "news"])) == [
        (tmp_path / "news" / "a.txt").resolve(),
        (tmp_path / "elsewhere" / "b.txt").resolve(),
        tmp_path / "news" / "loop",  # listed, for the reader to report, but not entered
    ]


def test_walk_files_named_explicitly(tmp_path: Path) -> None:
    pdf = write(tmp_path, "notes.pdf", "x")
    text = write(tmp_path, "a.txt", "x")
    found = list(ingest.walk([str(pdf), text, tmp_path]))
    assert found == [pdf.resolve(), text.resolve()]  # each file once


def test_walk_missing_path_fails_before_yielding(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "x")
    missing = tmp_path / "nope"
    with pytest.raises(IngestError) as caught:
        ingest.walk([tmp_path, missing])
    assert caught.value.reason == f"no such file or folder: {missing}"


# -- the real data sets -----------------------------------------------------------------------


def test_news_articles_2017_csv() -> None:
    path = shared_data() / "news-articles-2017.csv.gz"
    parsed = ingest.read(path)
    # 3,824 rows; row 1827 has neither title nor text (only a URL), so it is skipped.
    assert len(parsed.articles) == 3823
    assert parsed.warnings == ["record 1827: no title or text, skipped"]
    assert len({article.id for article in parsed.articles}) == 3823
    assert {article.source for article in parsed.articles} == {
        "aljazeera.com",
        "tass.com",
        "abcnews.go.com",
        "rte.ie",
        "huffingtonpost.com",
        "dw.com",
        "europe.chinadaily.com.cn",
        "bbc.co.uk",
        "cnn.com",
    }
    assert all(article.date is not None for article in parsed.articles)


@pytest.mark.slow
def test_reuters_jsonl() -> None:
    parsed = ingest.read(shared_data() / "reuters21578.jsonl.gz")
    # 21,578 records: newid 12793 is empty; newid 17192 has a null date and a malformed raw one.
    assert len(parsed.articles) == 21577
    assert parsed.warnings == [
        "line 12793: no title or text, skipped",
        "line 17192: unparseable date '31-MAR-1987 605:12:19.12'; indexed undated",
    ]
    first = parsed.articles[0]
    assert (first.id, first.title, first.date) == (
        "1",
        "BAHIA COCOA REVIEW",
        datetime(1987, 2, 26, 15, 1, 1, tzinfo=UTC),
    )
