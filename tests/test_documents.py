"""The documents an index stores, and what a segment gives back of them."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.reading import SegmentReader

from searcher import ingest
from searcher.analysis.words import WordPositions
from searcher.documents import (
    UNSTORED_COLUMNS,
    FileState,
    article_document,
    file_document,
    format_document,
    restored,
)
from searcher.engine.segments import live_documents, write_segment
from searcher.schema import build_schema

from tests.conftest import shared_data


@pytest.mark.parametrize("name", ["news-articles-2017.csv.gz", "reuters21578.jsonl.gz"])
def test_a_segment_gives_back_the_documents_it_was_written_from(tmp_path: Path, name: str):
    """What a merge writes again is what was first written: stored fields, kind, and the
    columns that are not stored (dates, precision, sketch)."""
    path = shared_data() / name
    articles = ingest.parse(path, path.read_bytes()).articles[:300]
    documents = [
        format_document(),
        file_document("/n.jsonl", FileState(1, 2, "ab")),
    ]
    documents += [article_document(article) for article in articles]
    whoosh_index.create_in(str(tmp_path), build_schema())
    words = WordPositions()
    analyse = lambda text, document: words(text, document.get("language") or "")  # noqa: E731
    segment = write_segment(tmp_path, "MAIN", build_schema(), analyse, documents)
    reader = SegmentReader(FileStorage(str(tmp_path)), build_schema(), segment)
    try:
        written = [{k: v for k, v in d.items() if v is not None} for d in documents]
        found = live_documents(reader, UNSTORED_COLUMNS)
        assert [restored(stored, columns) for stored, columns in found] == written
    finally:
        reader.close()
