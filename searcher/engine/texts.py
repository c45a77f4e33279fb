"""Long texts kept in a column of their own, out of a document's stored fields.

Whoosh keeps a document's stored fields as one compressed pickle, so reading its id and
title decompresses its whole body too: an export of every hit's ids, dates and titles spent
more than half its time there. A ``ColumnText`` field is analysed as ``TEXT`` is, and its
text is kept compressed in its own column; ``stored_reader`` gives a document's stored
fields with those texts put back, reading only the texts asked for.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Collection
from typing import Any

from whoosh.columns import VarBytesColumn
from whoosh.fields import TEXT, FieldType, Schema
from whoosh.reading import IndexReader

from searcher.engine import compat
from searcher.engine.columns import reader_cached


class TextColumn(VarBytesColumn):
    """The column of a ``ColumnText``: its offsets always written (``compat.with_offsets``)."""

    def writer(self, dbfile: Any) -> Any:
        return compat.with_offsets(super().writer(dbfile))


class ColumnText(TEXT):
    """Analysed text kept in its own compressed column rather than in the stored fields."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(stored=False, sortable=TextColumn(), **kwargs)

    def to_column_value(self, value: str) -> bytes:
        # A document without the text reads b"" (the column's default) as well: "" either way.
        return zlib.compress(value.encode("utf-8"), 3) if value else b""

    def from_column_value(self, value: bytes) -> str:
        return zlib.decompress(value).decode("utf-8") if value else ""


def kept(field: FieldType) -> bool:
    """Whether a document's stored fields give the field back (stored, or a column text)."""
    return field.stored or isinstance(field, ColumnText)


def column_texts(schema: Schema) -> list[str]:
    """The names of the schema's ``ColumnText`` fields."""
    return [name for name, field in schema.items() if isinstance(field, ColumnText)]


def stored_reader(
    reader: IndexReader, texts: Collection[str] | None = None
) -> Callable[[int], dict[str, Any]]:
    """One segment's documents by number: their stored fields with their column texts
    (those of ``texts`` only, when given) put back where the document has one."""
    stored = compat.stored_reader(reader)
    names = [n for n in column_texts(reader.schema) if texts is None or n in texts]
    columns = [(name, reader.column_reader(name)) for name in names]
    if not columns:
        return stored

    def document(docnum: int) -> dict[str, Any]:
        found = stored(docnum)
        for name, column in columns:
            if text := column[docnum]:
                found[name] = text
        return found

    return document


def text_of(reader: IndexReader, fieldname: str, docnum: int) -> str:
    """One field's text of one document, from its column or its stored fields (a column
    reader is made once per reader)."""
    if isinstance(reader.schema[fieldname], ColumnText):
        column = reader_cached(reader, ("text", fieldname), lambda: reader.column_reader(fieldname))
        return column[docnum]
    return reader.stored_fields(docnum).get(fieldname) or ""
