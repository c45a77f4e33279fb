"""What indexing would store for each file, without an index: the ``extract`` command's data.

When a page looks wrong in search results, the question is whether the cleaner or the search
is at fault; this answers it by running exactly the ingest path the indexer runs.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from searcher.errors import IngestError
from searcher.ingest import Parsed, read, walk

__all__ = ["extract"]


def extract(paths: Iterable[str | os.PathLike[str]]) -> Iterator[tuple[Path, Parsed | IngestError]]:
    """Each file under ``paths`` (as ``index`` walks them) with its articles, or the reason it
    would be skipped. A missing path raises ``IngestError`` before anything is read."""
    for path in walk(paths):
        try:
            yield path, read(path)
        except IngestError as exc:
            yield path, exc
