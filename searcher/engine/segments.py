"""Whole Whoosh segments written from a batch of documents: the fast path of an update.

Whoosh's writer sends every word through a chain of token generators, pickles every posting
into a pool and sorts the pool on disk at commit; that is most of the time indexing takes. A
batch written here holds the same documents, and Whoosh's own codec writes the same bytes
(``tests/test_segments.py`` compares the two term by term), by a shorter road: titles and
bodies are analysed by :class:`~searcher.schema.WordPositions`, postings are grouped per term
in memory and written once, in order. Batches are written by worker processes side by side;
the updater adds the finished segments to the index in its one commit, so a killed run leaves
only files that the next commit deletes.
"""

from __future__ import annotations

import os
from array import array
from collections.abc import Callable, Iterator, Sequence
from operator import sub
from pickle import dumps
from typing import Any

from whoosh.analysis import IDTokenizer
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3Codec, W3Segment, W3TermInfo
from whoosh.fields import ID, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.filetables import OrderedHashWriter
from whoosh.reading import SegmentReader
from whoosh.system import pack_int, pack_uint, pack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte

from searcher.engine import compat
from searcher.engine.texts import stored_reader

#: One document: field name to value, as ``IndexWriter.add_document`` takes it.
Document = dict[str, Any]
_PICKLE = 2  # the pickle protocol of Whoosh's position lists
#: Postings a block. Whoosh's writer puts 128 in one; its reader takes any number, and a
#: search that reads a whole list pays a head, a pickle and a few calls a block.
_BLOCK = 1024
#: A block's document gaps and weights of this many postings or more are pickled as typed
#: arrays (Whoosh's own writer does so for weights): their bytes as they are, loaded in one
#: copy, where a tuple is a pickle opcode and a Python number each.
_ARRAY_FROM = 16
#: Blocks are stored uncompressed (each block records its own level, so Whoosh reads both):
#: zlib runs at about 40 MB/s here, a third of the time spent writing postings, and again
#: on every block a query reads; the postings take about twice the space.
_LEVEL = 0
#: Words with this many postings or fewer are kept in the terms table (Whoosh's default).
_INLINE = 1
#: A text's terms with their positions, and its length in words: the analysis of every
#: field with positions, which may depend on the document the text is in (its language; see
#: ``analysis.words.WordPositions``).
Words = Callable[[str, Document], tuple[dict[str, list[int]], int]]


def write_segment(
    folder: str | os.PathLike,
    indexname: str,
    schema: Schema,
    words: Words,
    documents: Sequence[Document],
) -> W3Segment:
    """Write ``documents`` as one new segment of the index in ``folder``, numbered from 0;
    ``words`` analyses the fields with positions, as ``schema``'s analyzer would.

    The segment is not part of the index until a commit lists it (see ``Index.update``).
    """
    storage = FileStorage(os.fspath(folder))
    codec = W3Codec()
    segment = codec.new_segment(storage, indexname)
    texts = {
        n for n, field in schema.items() if field.indexed and field.format.supports("positions")
    }
    postings = _write_documents(codec, storage, segment, schema, texts, words, documents)
    _write_postings(storage, segment, schema, texts, postings)
    segment.set_doc_count(len(documents))
    # Not assembled into one compound file: Whoosh opens a compound segment by copying each
    # of its parts into memory (a BytesIO of the map), the whole index for every process
    # that searches it; separate files are read where needed.
    return segment


#: Per field, per term (text for titles and bodies, else bytes): (docnum, weight, encoded
#: value, field length) of each document.
_Postings = dict[str, dict[str | bytes, list[tuple[int, float, bytes, int]]]]


def _write_documents(
    codec: W3Codec,
    storage: FileStorage,
    segment: W3Segment,
    schema: Schema,
    texts: set[str],
    words: Words,
    documents: Sequence[Document],
) -> _Postings:
    """Write the stored fields, lengths and columns, and gather the postings in memory."""
    postings: _Postings = {}
    writer = codec.per_document_writer(storage, segment)
    compat.write_stored_offsets(writer)
    compat.hold_every_column(writer, schema)
    for docnum, document in enumerate(documents):
        writer.start_doc(docnum)
        for name in sorted(document):
            value = document[name]
            if value is None:
                continue
            field = schema[name]
            length = 0
            if field.indexed:
                terms = postings.setdefault(name, {})
                if name in texts:
                    length = _add_text(
                        terms, docnum, words(value, document), field.format.field_boost
                    )
                else:
                    length = _add_values(terms, docnum, field, value)
            writer.add_field(name, field, value if field.stored else None, length)
            if field.column_type:
                writer.add_column_value(name, field.column_type, field.to_column_value(value))
        writer.finish_doc()
    writer.close()
    return postings


def _add_text(terms, docnum: int, analysed: tuple[dict, int], boost: float) -> int:
    """Add a text's postings, each value as Whoosh's ``Positions.encode`` makes it: a count,
    then the pickled gaps between positions (a lone position's value is cached)."""
    positions, length = analysed
    stored_length = byte_to_length(length_to_byte(length))
    single = _single
    for term, found in positions.items():
        count = len(found)
        if count == 1:
            value = single.get(found[0]) or _single_value(found[0])
        else:
            gaps = list(map(sub, found, [0, *found]))
            value = pack_uint(count) + dumps(gaps, _PICKLE)
        entry = (docnum, count * boost, value, stored_length)
        docs = terms.get(term)
        if docs is None:
            terms[term] = [entry]
        else:
            docs.append(entry)
    return length


_single: dict[int, bytes] = {}


def _single_value(position: int) -> bytes:
    value = _single[position] = pack_uint(1) + dumps([position], _PICKLE)
    return value


def _add_values(terms, docnum: int, field, value) -> int:
    """Any other field, through Whoosh's own ``Field.index``; an ``ID`` field's one term is
    its whole value (even empty), so that is made here."""
    if type(field) is ID and type(field.analyzer) is IDTokenizer and not field.scorable:
        terms.setdefault(value.encode("utf-8"), []).append(
            (docnum, field.format.field_boost, b"", 0)
        )
        return 0
    indexed = list(field.index(value))
    length = sum(frequency for _, frequency, _, _ in indexed) if field.scorable else 0
    # A scored field's postings carry its length, as Whoosh's writer records it.
    stored_length = byte_to_length(length_to_byte(length)) if length else 0
    for key, _, weight, encoded in indexed:
        terms.setdefault(key, []).append((docnum, weight, encoded, stored_length))
    return length


class _TermWriter:
    """The terms table and postings file of a segment, as ``W3FieldWriter`` writes them, a
    term at a time from its whole postings list (Whoosh's writer takes them one by one)."""

    def __init__(self, storage: FileStorage, segment: W3Segment) -> None:
        self._postings = segment.create_file(storage, W3Codec.POSTS_EXT)
        self._terms = OrderedHashWriter(segment.create_file(storage, W3Codec.TERMS_EXT))
        self._fields: dict[str, int] = {}
        self._terms.extras["fieldmap"] = self._fields
        self._offset = 0

    def field(self, name: str, values_size: int | None) -> None:
        self._prefix = pack_ushort(self._fields.setdefault(name, len(self._fields)))
        self._values_size = values_size

    def term(self, key: bytes, entries: list[tuple[int, float, bytes, int]]) -> None:
        """Write one term; ``entries`` are (docnum, weight, value, length) in docnum order, and
        a field's lengths are all zero (not scored) or none is.

        A word of ``_INLINE`` postings or fewer is kept in its terms-table entry, as Whoosh's
        ``inlinelimit`` means to (its own writer never does): no postings block, which costs
        three pickles and a header, and a third of a small segment's words are in one article
        only. A format without values reads an inlined posting's value as b"" and a block's
        as None, so such words keep their block, as Whoosh's writer gives them.
        """
        inline = len(entries) <= _INLINE and self._values_size != 0
        info = W3TermInfo()
        out = [WHOOSH3_HEADER_MAGIC]
        last = len(entries) - 1
        for start in range(0, len(entries), _BLOCK):
            ids, weights, values, lengths = zip(*entries[start : start + _BLOCK], strict=True)
            floats = array("f", weights)  # what Whoosh keeps, and so sums and stores
            minimum, maximum, heaviest = min(lengths) or None, max(lengths), max(weights)
            stats = (sum(floats), len(ids), ids[0], ids[-1], (minimum, maximum), heaviest)
            compat.add_block_stats(info, *stats)
            if inline:
                info.set_inlined(ids, floats, values)
                break
            data = block_data(
                _mini_ids((ids[0], *map(sub, ids[1:], ids))),
                _mini_weights(floats),
                _mini_values(values, self._values_size),
            )
            head = dumps(
                (
                    len(ids),
                    ids[-1],
                    heaviest,
                    _LEVEL,
                    length_to_byte(minimum),
                    length_to_byte(maximum),
                ),
                2,
            )
            size = len(head) + len(data)
            out += (pack_int(-size if start + _BLOCK > last else size), head, data)
        if inline:
            entry = compat.inlined_entry(info)
        else:
            block = b"".join(out)
            compat.set_extent(info, self._offset, len(block))
            self._postings.write(block)
            self._offset += len(block)
            entry = info.to_bytes()
        self._terms.add(self._prefix + key, entry)

    def close(self) -> None:
        self._terms.close()
        self._postings.close()


def block_data(ids: tuple[int, ...], weights: Any, values: Any) -> bytes:
    """A postings block as one pickle of ``(ids, weights, values)``, which Whoosh loads whole,
    laid out so that :mod:`searcher.postings` can load the ids and weights alone.

    It starts with the size of the ids' and weights' part (pushed, then popped: Whoosh never
    sees it), and each part is pickled on its own, in protocol 3, which stores ``bytes`` as
    they are (protocol 2 rebuilds every position list through ``codecs.encode``: a block
    took 70 µs to load, now 20; the ids and weights alone take 12).
    """
    head = _pickled(ids) + _pickled(weights)
    size = len(head).to_bytes(4, "little")  # as pickle's BININT reads it
    return b"".join((BLOCK_START, size, b"0", head, _pickled(values), b"\x87."))


#: How a block written by ``block_data`` begins (then the size of its head, 4 bytes).
BLOCK_START = b"\x80\x03J"


def _pickled(value: Any) -> bytes:
    """``value``'s pickle opcodes, without the protocol header and the final STOP."""
    return dumps(value, 3)[2:-1]


def _mini_ids(gaps: tuple[int, ...]) -> tuple[int, ...] | array:
    """A block's first document and the gaps to the next, as Whoosh reads them (any
    sequence): a typed array of the smallest type that holds them, in a long block."""
    if len(gaps) < _ARRAY_FROM:
        return gaps
    largest = max(gaps)
    return array("B" if largest < 1 << 8 else "H" if largest < 1 << 16 else "I", gaps)


def _mini_weights(weights: array) -> float | tuple[float, ...] | array | None:
    """Whoosh's block form of weights: ``None`` when all are 1, one number when all agree."""
    first = weights[0]
    if weights.count(first) == len(weights):
        return None if first == 1.0 else first
    return weights if len(weights) >= _ARRAY_FROM else tuple(weights)


def _mini_values(values: tuple[bytes, ...], size: int | None) -> bytes | tuple[bytes, ...] | None:
    """Whoosh's block form of values: none for a format without, joined when fixed-size."""
    if size == 0:
        return None
    present = values if all(values) else tuple(value for value in values if value)
    return b"".join(present) if size else present


def _write_postings(storage, segment, schema: Schema, texts: set[str], postings: _Postings) -> None:
    writer = _TermWriter(storage, segment)
    for name in sorted(postings):
        writer.field(name, schema[name].format.fixed_value_size())
        terms = postings[name]
        encode = str.encode if name in texts else None
        for term in sorted(terms):  # code point order is UTF-8 byte order
            writer.term(encode(term) if encode else term, terms[term])
    writer.close()


def live_documents(
    reader: SegmentReader, columns: Sequence[str]
) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """A segment's live documents: their stored fields (column texts put back), and their
    values of those of ``columns`` the segment has (what is needed to write them again)."""
    found = {name: reader.column_reader(name) for name in columns if reader.has_column(name)}
    stored = stored_reader(reader)
    for docnum in range(reader.doc_count_all()):
        if not reader.is_deleted(docnum):
            values = {name: column[docnum] for name, column in found.items()}
            yield stored(docnum), values
