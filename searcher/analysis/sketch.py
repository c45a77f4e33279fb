"""Near-duplicate sketches: a small sketch of each article's text, and their grouping.

News archives hold the same wire story many times over, lightly edited by each outlet.
Each article gets a 128-byte sketch at index time: a one-permutation MinHash over its
word 4-grams (64 bins, the low 16 bits of each bin's smallest hash, empty bins filled
from their neighbour), so the share of equal bins estimates the Jaccard similarity of two
articles' 4-gram sets. Grouping buckets articles by bands of bins (locality-sensitive
hashing) and compares only articles that share a bucket, never every pair.

Changing how a sketch is made changes every stored sketch: bump ``SCHEMA_VERSION``.
"""

from __future__ import annotations

import re
import struct
import zlib
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Hashable, Mapping
from itertools import chain
from operator import eq
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    pass


#: Articles at least this similar (estimated Jaccard similarity of their word 4-grams)
#: are near-copies. Wire copies edited by different outlets measure 0.6 to 0.8; stories
#: rewritten as news develops, sharing background paragraphs, 0.3 to 0.55.
THRESHOLD = 0.6
K = TypeVar("K", bound=Hashable)
_WORD = re.compile(r"\w+")
_GRAM = 4  # words per shingle
_BINS = 64
_HASH_BITS = 30  # crc32 cut to 30 bits: small ints sort fastest
_BIN_SHIFT = _HASH_BITS - 6  # the top 6 bits choose one of the 64 bins
_VALUE = 0xFFFF
_STEP = 0x9E37  # odd, so each distance offsets a borrowed value differently
_PACK = struct.Struct(f"<{_BINS}H")
#: Candidates share all 4 bins of one of 16 bands: likely for a similarity of 0.7
#: (99 %), rare for 0.3 (12 %) and for unrelated articles.
_BANDS, _ROWS = 16, 4
_BAND_SLICES = [slice(2 * _ROWS * band, 2 * _ROWS * (band + 1)) for band in range(_BANDS)]


def sketch(title: str, body: str) -> bytes:
    """The near-duplicate sketch of an article (``b""`` when it has no words)."""
    words = _WORD.findall(f"{title}\n{body}".lower())
    if not words:
        return b""
    shifted = (words[i:] for i in range(_GRAM))
    grams = zip(*shifted, strict=False) if len(words) >= _GRAM else [words]
    cut = ((1 << _HASH_BITS) - 1).__and__
    # One C call per step and 4-gram, no Python loop: this is most of a sketch's cost.
    hashes = sorted(map(cut, map(zlib.crc32, map(str.encode, map(" ".join, grams)))))
    bins: list[int | None] = []
    for b in range(_BINS):
        i = bisect_left(hashes, b << _BIN_SHIFT)
        found = i < len(hashes) and hashes[i] >> _BIN_SHIFT == b
        bins.append(hashes[i] & _VALUE if found else None)
    return _PACK.pack(*_densify(bins))


def _densify(bins: list[int | None]) -> list[int]:
    """Fill each empty bin from the next filled one (circularly), offset by the distance.

    Two articles then agree on a bin as often as on a filled one, so short texts, which
    leave bins empty, are compared on every bin (Shrivastava and Li's rotation).
    """
    out = list(bins)
    borrowed, distance = 0, 0
    for b in chain(reversed(range(_BINS)), reversed(range(_BINS))):
        if bins[b] is not None:
            borrowed, distance = bins[b], 0
        else:
            distance += 1
            out[b] = (borrowed + distance * _STEP) & _VALUE
    return out


def similarity(a: bytes, b: bytes) -> float:
    """The estimated Jaccard similarity of two articles' word 4-grams, from their sketches."""
    if not a or not b:
        return 0.0
    return sum(map(eq, _PACK.unpack(a), _PACK.unpack(b))) / _BINS


def groups(sketches: Mapping[K, bytes], threshold: float = THRESHOLD) -> list[list[K]]:
    """Groups of near-copies among ``sketches``, sorted, each sorted; singles left out.

    Articles join a group when at least ``threshold`` similar to one of its members (single
    linkage). An article is compared only with the first article that had the same bins
    in one of the bands, so the work grows with the number of articles, not of pairs; one
    band at a time keeps memory small.
    """
    items = [(key, value) for key, value in sketches.items() if value]
    parent: dict[K, K] = {}

    def find(key: K) -> K:
        while (up := parent.get(key, key)) != key:
            parent[key] = parent.get(up, up)
            key = up
        return key

    for band in _BAND_SLICES:
        firsts: dict[bytes, K] = {}
        for key, value in items:
            first = firsts.setdefault(value[band], key)
            if first != key:
                root, other = find(first), find(key)
                if root != other and similarity(sketches[first], value) >= threshold:
                    parent[other] = root
    members: defaultdict[K, list[K]] = defaultdict(list)
    for key in parent:
        members[find(key)].append(key)
    return sorted(sorted([root, *keys]) for root, keys in members.items())
