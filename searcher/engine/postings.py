"""A word's whole posting list in one segment, read a block at a time, for searches that need
every match: its document numbers and weights, and positions only where a phrase asks.

Whoosh reads postings through matchers, a few Python calls per posting, and loads each
block whole, positions included, even to count matches. Blocks written by
:func:`searcher.segments.block_data` let the document numbers and weights be loaded without
the positions; blocks that Whoosh's own writer wrote (merged small segments) are loaded
whole, and words Whoosh stored inside the terms table are read through its matcher.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from io import BytesIO
from itertools import accumulate, chain, compress, islice, repeat
from operator import add, sub
from pickle import load, loads
from typing import Any

from whoosh.reading import IndexReader, TermNotFound

from searcher.engine import compat
from searcher.engine.forms import PLACE_BITS, SETS, Form
from searcher.engine.segments import BLOCK_START

_HEAD_AT = len(BLOCK_START) + 4 + 1  # the marker, the head's size, and a POP
_PROTOCOL_3 = BLOCK_START[:2]
#: A position list (Whoosh's ``Positions.encode``): a 4-byte count, then a pickle.
_COUNT = 4
_PICKLE_HEAD = 2  # PROTO 2


@dataclass(slots=True)
class _Block:
    start: int  # the index of its first posting in the whole list
    data: bytes
    #: Where the pickled values begin in ``data`` (0: ``data`` must be loaded whole).
    values_at: int


@dataclass(slots=True)
class TermPostings:
    """One word's postings in one segment, deleted documents included, in document order:
    lists, or numpy arrays (see ``engine.forms``)."""

    ids: Sequence[int]
    #: Each posting's weight (the word's frequency times the field's boost); None if all 1.
    weights: Sequence[float] | None
    _blocks: list[_Block] = field(default_factory=list, repr=False)
    _values: tuple | None = field(default=None, repr=False)

    def placed(self, wanted: set[int]) -> list[int]:
        """Every position of the word in the ``wanted`` documents, each as
        ``doc << PLACE_BITS | position``: comparable across documents in one set.

        No Python code runs per document or position: the position lists are loaded in one
        pickle, added up across documents at once, and each document's start taken off.
        """
        chosen: list[int] = []
        values: list[bytes] = []
        for docs, keep, block_values in self._wanted(_flags_in_set(wanted)):
            chosen += compress(docs, keep)
            values += compress(block_values, keep)
        if not values:
            return []
        gaps = _position_gaps(values)
        counts = list(map(len, gaps))
        # Running totals over every document's gaps, a 0 first: a document's positions are
        # the totals over its gaps less the total before its first gap.
        totals = list(accumulate(chain.from_iterable(gaps), initial=0))
        before = map(totals.__getitem__, accumulate(counts, initial=0))
        bases = map(sub, map(PLACE_BITS.__rlshift__, chosen), before)
        return list(
            map(add, islice(totals, 1, None), chain.from_iterable(map(repeat, bases, counts)))
        )

    def placed_array(self, wanted: Any) -> Any:
        """``placed`` for a flag per document (a numpy array), as a sorted numpy array."""
        import numpy as np

        chosen: list[Any] = []
        values: list[bytes] = []
        for docs, keep, block_values in self._wanted(_flags_in_array(wanted)):
            chosen.append(np.asarray(docs, np.int64)[keep])
            values += compress(block_values, keep.tolist())
        if not values:
            return np.zeros(0, np.int64)
        gaps = _position_gaps(values)
        counts = np.fromiter(map(len, gaps), np.int64, len(gaps))
        flat = np.fromiter(chain.from_iterable(gaps), np.int64, int(counts.sum()))
        totals = np.cumsum(flat)
        firsts = np.cumsum(counts) - counts  # where each document's gaps begin
        bases = (np.concatenate(chosen) << PLACE_BITS) - (totals[firsts] - flat[firsts])
        return totals + np.repeat(bases, counts)

    def _wanted(self, flags: Callable[[Sequence[int]], Any]):
        """For each block that holds a wanted document: its document numbers, a flag per
        document (``flags``, None for a block of none wanted) and its position values;
        the values of the other blocks are never loaded."""
        if self._values is not None:  # inlined
            blocks = [(self.ids, None)]
        else:
            ends = [block.start for block in self._blocks[1:]] + [len(self.ids)]
            blocks = [
                (self.ids[b.start : end], b) for b, end in zip(self._blocks, ends, strict=True)
            ]
        for docs, block in blocks:
            keep = flags(docs)
            if keep is None:
                continue
            if block is None:
                values = self._values
            elif block.values_at:
                values = loads(_PROTOCOL_3 + block.data[block.values_at : -2] + b".")
            else:
                values = loads(block.data)[2]
            yield docs, keep, values


def _flags_in_set(wanted: set[int]) -> Callable[[Sequence[int]], list[bool] | None]:
    def flags(docs: Sequence[int]) -> list[bool] | None:
        return None if wanted.isdisjoint(docs) else list(map(wanted.__contains__, docs))

    return flags


def _flags_in_array(wanted: Any) -> Callable[[Sequence[int]], Any]:
    def flags(docs: Sequence[int]) -> Any:
        found = wanted[docs]
        return found if found.any() else None

    return flags


def _position_gaps(values: list[bytes]) -> list[list[int]]:
    """The position gaps of each of ``values`` (Whoosh's position lists), in one pickle."""
    skip = _COUNT + _PICKLE_HEAD
    return loads(b"".join((b"\x80\x02(", *(value[skip:-1] for value in values), b"l.")))


def read_postings(
    reader: IndexReader, fieldname: str, key: bytes, form: Form = SETS
) -> TermPostings | None:
    """The postings of ``key`` in ``fieldname`` of one segment's ``reader``, or None, their
    ids and weights in ``form`` (lists, or arrays)."""
    terms = compat.term_table(reader)
    try:
        info = terms.term_info(fieldname, key)
    except TermNotFound:
        return None
    if info.is_inlined():
        ids, weights, values = info.inlined_postings()
        return TermPostings(list(ids), list(weights), _values=tuple(values))
    offset, length = info.extent()
    if isinstance(length, tuple):  # whoosh-reloaded decodes the length as struct's 1-tuple
        (length,) = length
    region = BytesIO(compat.posting_bytes(terms, offset, length))
    region.read(4)  # Whoosh's header magic
    gaps: list[Any] = []
    weights: list[Any] = []
    counts: list[int] = []
    blocks: list[_Block] = []
    start = 0
    while True:
        size = int.from_bytes(region.read(4), "big", signed=True)
        end = region.tell() + abs(size)
        count, _, _, compression, _, _ = load(region)
        data = region.read(end - region.tell())
        if compression:
            data = zlib.decompress(data)
        if data.startswith(BLOCK_START):
            values_at = _HEAD_AT + int.from_bytes(data[_HEAD_AT - 5 : _HEAD_AT - 1], "little")
            block_gaps, block_weights = loads(_PROTOCOL_3 + data[_HEAD_AT:values_at] + b"\x86.")
        else:
            values_at = 0
            block_gaps, block_weights, _ = loads(data)
        blocks.append(_Block(start, data, values_at))
        gaps.append(block_gaps)
        weights.append(block_weights)
        counts.append(count)
        start += count
        if size < 0:
            return TermPostings(form.ids(gaps), form.weights(weights, counts), blocks)


class Postings:
    """The posting lists one search has read, each read once: a search reads a word's
    postings for its matches, and again for their scores."""

    def __init__(self) -> None:
        self._read: dict[tuple[int, str, bytes], TermPostings | None] = {}
        #: The form of this search's posting lists, matches and scores (see ``engine.forms``),
        #: which matching chooses (``take``) before it reads.
        self.form: Form = SETS
        #: What ``docsets`` worked out from them and may need again (a phrase's matches).
        self.memo: dict[tuple[int, Any], Any] = {}
        self._readers: dict[int, IndexReader] = {}  # keeps the ids above from being reused

    def take(self, form: Form) -> None:
        """Read every list from now on in ``form``: only before the first is read."""
        if self._read and form is not self.form:
            raise ValueError("a search's posting lists are all read in one form")
        self.form = form

    def get(self, reader: IndexReader, fieldname: str, key: bytes) -> TermPostings | None:
        """``read_postings``, once per segment, field and word."""
        slot = (id(reader), fieldname, key)
        if slot not in self._read:
            self._readers[id(reader)] = reader
            self._read[slot] = read_postings(reader, fieldname, key, self.form)
        return self._read[slot]
