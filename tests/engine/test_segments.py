"""Segments written in bulk hold exactly what Whoosh's own writer writes for the same documents."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.reading import SegmentReader

from searcher import ingest
from searcher.analysis.words import WordPositions
from searcher.article import Article
from searcher.documents import FileState, article_document, file_document, format_document
from searcher.engine import segments
from searcher.engine.segments import write_segment
from searcher.schema import build_schema

from tests.conftest import RECORDS, shared_data

_TERM_STATS = (
    "weight",
    "doc_frequency",
    "min_length",
    "max_length",
    "max_weight",
    "min_id",
    "max_id",
)


def _documents(articles: list[Article]) -> list[dict]:
    documents = [format_document()]
    for n, article in enumerate(articles):
        documents.append(article_document(article))
        if n % 50 == 0:
            documents.append(file_document(f"/news/{n}.jsonl", FileState(n, n, "ab" * 32)))
    return documents


def _both_ways(tmp_path: Path, documents: list[dict]) -> tuple[SegmentReader, SegmentReader]:
    """A reader of Whoosh's segment and one of ours, for the same documents."""
    whoosh_dir, bulk_dir = tmp_path / "whoosh", tmp_path / "bulk"
    whoosh_dir.mkdir()
    bulk_dir.mkdir()
    ix = whoosh_index.create_in(str(whoosh_dir), build_schema())
    with ix.writer() as writer:
        for document in documents:
            writer.add_document(**document)
    whoosh_index.create_in(str(bulk_dir), build_schema())
    words = WordPositions()
    segment = write_segment(
        bulk_dir, "MAIN", build_schema(), lambda text, _: words(text), documents
    )
    return ix.reader(), SegmentReader(FileStorage(str(bulk_dir)), build_schema(), segment)


def _postings(reader, fieldname: str, term: bytes) -> list:
    matcher = reader.postings(fieldname, term)
    if reader.schema[fieldname].format.supports("positions"):
        return list(matcher.items_as("positions"))
    return list(matcher.all_items())


def _assert_same(ours: SegmentReader, theirs: SegmentReader, count: int) -> None:
    try:
        _compare(ours, theirs, count)
    finally:
        ours.close()
        theirs.close()


def _compare(ours: SegmentReader, theirs: SegmentReader, count: int) -> None:
    terms = list(theirs.all_terms())
    assert list(ours.all_terms()) == terms
    for fieldname, term in terms:
        assert _postings(ours, fieldname, term) == _postings(theirs, fieldname, term), term
        mine, reference = ours.term_info(fieldname, term), theirs.term_info(fieldname, term)
        for stat in _TERM_STATS:
            assert getattr(mine, stat)() == getattr(reference, stat)(), (term, stat)
    for docnum in range(count):
        assert ours.stored_fields(docnum) == theirs.stored_fields(docnum)
        for fieldname in ("title", "body"):
            assert ours.doc_field_length(docnum, fieldname) == theirs.doc_field_length(
                docnum, fieldname
            )
    for fieldname in ("title", "body"):
        assert ours.field_length(fieldname) == theirs.field_length(fieldname)
    for column in ("source", "ts", "precision", "sketch", "body"):
        assert list(ours.column_reader(column)) == list(theirs.column_reader(column))


def test_small_articles_are_written_as_whoosh_writes_them(tmp_path: Path) -> None:
    corpus = tmp_path / "news.jsonl"
    corpus.write_text("\n".join(json.dumps(record) for record in RECORDS), "utf-8")
    articles = ingest.parse(corpus, corpus.read_bytes()).articles
    documents = _documents(articles)
    ours, theirs = _both_ways(tmp_path, documents)
    _assert_same(ours, theirs, len(documents))


def test_long_lists_repeated_words_and_odd_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Terms in more than one block (their gaps and weights as arrays, a short last block
    as tuples), words many times in a text, accents, other scripts, and empty fields."""
    monkeypatch.setattr(segments, "_BLOCK", 100)
    rng = random.Random(7)
    words = ["aid", "Aid", "AÏD", "Gaza", "évening", "added", "ран", "新闻", "x_y", "42", "the"]
    articles = [
        Article(
            id=f"n{n}",
            title=" ".join(rng.choices(words, k=rng.randint(0, 6))),
            body=" ".join(rng.choices(words, k=rng.randint(1, 400))) + " — ",
            source=rng.choice(["Wire", "Ledger", ""]),
        )
        for n in range(300)
    ]
    documents = _documents(articles)
    ours, theirs = _both_ways(tmp_path, documents)
    _assert_same(ours, theirs, len(documents))


@pytest.mark.parametrize("name", ["news-articles-2017.csv.gz", "reuters21578.jsonl.gz"])
def test_real_articles_are_written_as_whoosh_writes_them(tmp_path: Path, name: str) -> None:
    path = shared_data() / name
    articles = ingest.parse(path, path.read_bytes()).articles[:250]
    documents = _documents(articles)
    ours, theirs = _both_ways(tmp_path, documents)
    _assert_same(ours, theirs, len(documents))


def test_record_fields_of_both_kinds_are_written_as_whoosh_writes_them(tmp_path: Path) -> None:
    """Keywords (one term a line, as written) and long text in the glob fields."""
    long = "Refugees arrived at the border crossing, officials said. " * 4
    articles = [
        Article(
            id=f"n{n}",
            title="Crude output",
            body="Oil prices rose.",
            fields={
                "topics": ("crude", "Nat-Gas")[: 1 + n % 2],
                "dateline": f"NEW YORK, March {n} -",
                "notes": long if n % 3 == 0 else "short note",
            },
        )
        for n in range(40)
    ]
    documents = _documents(articles)
    ours, theirs = _both_ways(tmp_path, documents)
    assert {"kw_topics", "kw_dateline", "kw_notes", "tx_notes"} <= set(theirs.indexed_field_names())
    _assert_same(ours, theirs, len(documents))


def test_every_body_reads_back_when_the_last_documents_have_none(tmp_path: Path) -> None:
    """Whoosh fills a column's documents after its last value when it finishes, and wrote the
    offsets' narrower array when that fill needed a wider one: every body read shifted. Both
    writers, ours and Whoosh's own, write the column whole."""
    rng = random.Random(3)
    articles = [
        Article(id=f"n{n}", title="t", body="".join(rng.choices("abcdefghij", k=300)))
        for n in range(2)
    ]  # each body about 180 bytes compressed: offsets up to 255 until the fill at the end
    documents = [article_document(a) for a in articles]
    documents.append(file_document("/news/a.jsonl", FileState(1, 1, "ab" * 32)))
    ours, theirs = _both_ways(tmp_path, documents)
    try:
        for reader in (ours, theirs):
            bodies = reader.column_reader("body")
            assert [bodies[n] for n in range(3)] == [a.body for a in articles] + [""]
    finally:
        ours.close()
        theirs.close()
