"""Records files read piece by piece: the same articles as a whole read, in bounded memory."""

from __future__ import annotations

import gzip
import json
import tracemalloc
from pathlib import Path

import pytest

from searcher import ingest
from searcher.article import make_id
from searcher.ingest import stream

from tests.conftest import RECORDS

#: JSON lines with what numbering must survive: blank lines, broken lines, records without
#: an id (whose id is their number), escaped line breaks, text beyond ASCII.
LINES = [
    json.dumps(RECORDS[0]),
    "",
    '{"title": "Two", "bo',
    json.dumps({"title": "No id", "body": "Numbered by its place.\r\nSecond line."}),
    "   ",
    json.dumps(
        {"title": "Caf\u00e9 \u2013 d\u00e9j\u00e0", "body": "\u0623\u0639\u0644\u0646\u062a"}
    ),
    "[1, 2]",
    *(json.dumps(dict(record, id=None)) for record in RECORDS[1:]),
]
CSV = (
    "title,text,date\r\n"
    'Quoted,"A field\r\nover two lines, with ""quotes""",2023-11-01\r\n'
    "\r\n"
    "Plain,Text,not a date\r\n"
    "Caf\u00e9,D\u00e9j\u00e0 vu,2023-11-02\r\n"
)


def _read(path: Path, limits: ingest.Limits = ingest.LIMITS) -> ingest.Parsed:
    return ingest.collect(stream.Stream(path, limits.article_bytes), limits)


def _summary(parsed: ingest.Parsed) -> tuple[list[tuple[str, str, str]], list[str]]:
    return [(a.id, a.title, a.body) for a in parsed.articles], parsed.warnings


@pytest.mark.parametrize(
    ("name", "content", "encoding"),
    [
        ("news.jsonl", "\n".join(LINES), "utf-8"),
        ("news.jsonl.gz", "\r\n".join(LINES), "utf-8"),
        ("news.json", "\n".join(LINES), "utf-8"),
        ("news.csv", CSV, "utf-8"),
        ("news.csv.gz", CSV, "cp1252"),
    ],
)
def test_pieces_and_blocks_of_any_size_read_as_the_whole_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, content: str, encoding: str
) -> None:
    data = content.encode(encoding)
    path = tmp_path / name
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    whole = _read(path)
    assert len(whole.articles) >= 3
    monkeypatch.setattr(stream, "PIECE_CHARS", 1)  # a piece per record
    monkeypatch.setattr(stream, "_BLOCK", 3)  # "\r\n", "é" and gzip members cut in two
    pieces = list(stream.Stream(path, ingest.LIMITS.article_bytes))
    assert len(pieces) >= len(whole.articles)
    assert _summary(_read(path)) == _summary(whole)
    assert _summary(ingest.read(path)) == _summary(whole)


def test_numbers_and_warnings_are_those_of_the_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    path.write_text("\n".join(LINES), encoding="utf-8")
    parsed = _read(path)
    untitled = next(a for a in parsed.articles if a.title == "No id")
    assert untitled.id == make_id(f"{path}#3")  # the third non-blank line
    assert untitled.body == "Numbered by its place.\nSecond line."
    assert parsed.warnings == ["line 3: broken JSON, skipped", "line 7: not a JSON object, skipped"]


def test_a_line_too_long_for_one_article_is_skipped_and_the_next_ones_read(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    huge = json.dumps({"title": "Huge", "body": "word " * 400_000})  # 2 MB
    path.write_text("\n".join([LINES[0], huge, LINES[3]]), encoding="utf-8")
    parsed = _read(path, ingest.Limits(article_mb=0.1))  # lines up to 1.6 MB
    assert [a.title for a in parsed.articles] == [RECORDS[0]["title"], "No id"]
    assert parsed.warnings == [
        "line 2: over 1.6 MB of JSON, more than one article may hold (raise --max-article-mb):"
        " skipped"
    ]


def test_a_large_file_is_read_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    line = json.dumps({"title": "Story", "body": "word " * 2_000}) + "\n"
    with path.open("w") as out:
        for _ in range(5_000):  # 50 MB
            out.write(line)
    records = stream.Stream(path, ingest.LIMITS.article_bytes)
    tracemalloc.start()
    try:
        count = sum(len(piece.rows) for piece in records)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == 5_000
    assert records.size == path.stat().st_size
    assert peak < 4 * stream.PIECE_CHARS


def test_a_json_document_is_no_stream(tmp_path: Path) -> None:
    array = tmp_path / "array.jsonl"
    array.write_text(json.dumps(RECORDS, indent=2))
    single = tmp_path / "one.json"
    single.write_text(json.dumps(RECORDS[0]) + "\n")
    for path in (array, single):
        with pytest.raises(stream.Document):
            list(stream.Stream(path, ingest.LIMITS.article_bytes))
    assert len(ingest.read(array).articles) == len(RECORDS)
