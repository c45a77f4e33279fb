"""The one mapping between an Article and the index's stored fields, and the index's records."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime

from whoosh.reading import SegmentReader

from searcher.analysis.sketch import sketch
from searcher.article import Article, iso_date
from searcher.engine.segments import Document
from searcher.schema import ARTICLE, DAY, FILE, META, SCHEMA_VERSION, TIME
from searcher.update.plan import FileState


def article_document(article: Article) -> Document:
    """The Whoosh document for an article."""
    document: Document = {
        "kind": ARTICLE,
        "id": article.id,
        "title": article.title,
        "body": article.body,
        "source": article.source,
        "url": article.url,
        "authors": ",".join(article.authors),
        "language": article.language,
        "path": article.path,
        "fingerprint": article.fingerprint,
        "sketch": sketch(article.title, article.body),
    }
    if article.date is not None:
        document["ts"] = article.timestamp
        document["precision"] = TIME if isinstance(article.date, datetime) else DAY
        document["date"] = iso_date(article.date)
    return document


def segment_documents(reader: SegmentReader) -> Iterator[Document]:
    """A segment's live documents as they were written: the stored fields, with the kind
    and the columns that are not stored (an article's sketch, and its ``ts`` and precision
    when it has a date)."""
    columns = {
        name: reader.column_reader(name)
        for name in ("ts", "precision", "sketch")
        if reader.has_column(name)
    }
    for docnum in range(reader.doc_count_all()):
        if reader.is_deleted(docnum):
            continue
        document: Document = dict(reader.stored_fields(docnum))
        if "id" in document:
            document["kind"] = ARTICLE
            document["sketch"] = columns["sketch"][docnum]
            if "date" in document:
                document["ts"] = columns["ts"][docnum]
                document["precision"] = columns["precision"][docnum]
        else:
            document["kind"] = FILE if "path" in document else META
        yield document


def format_document() -> Document:
    """The index's one META record: the schema version it was written with."""
    return {"kind": META, "meta": json.dumps({"schema_version": SCHEMA_VERSION})}


def file_document(path: str, state: FileState) -> Document:
    return {"kind": FILE, "path": path, "meta": state.to_json()}
