"""trafilatura's with/without snippet protocol, as the data README defines it.

Per page, the extracted text and each snippet have their white space normalised; a ``with``
snippet found in the text is a true positive (else a false negative), a ``without`` snippet
found a false positive (else a true negative). The counts are summed over the pages, and
precision, recall, accuracy and F1 come from the sums. A page with no extraction misses every
``with`` snippet.
"""

from __future__ import annotations

import base64
import gzip
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["Snippets", "eval_pages", "normalised", "snippet_counts"]


@dataclass(frozen=True)
class Snippets:
    """Summed with/without snippet counts, trafilatura's protocol (see the data README)."""

    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0

    def __add__(self, other: Snippets) -> Snippets:
        return Snippets(
            self.tp + other.tp, self.fn + other.fn, self.fp + other.fp, self.tn + other.tn
        )

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def accuracy(self) -> float:
        total = self.tp + self.fn + self.fp + self.tn
        return (self.tp + self.tn) / total if total else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def normalised(text: str) -> str:
    """``text`` with every run of white space made one space, as the protocol compares."""
    return " ".join(text.split())


def snippet_counts(text: str, wanted: list[str], unwanted: list[str]) -> Snippets:
    """One page's counts: a ``with`` snippet found in ``text`` is a true positive, a
    ``without`` snippet found a false positive (an empty ``text`` finds nothing)."""
    text = normalised(text)
    found = [normalised(snippet) in text for snippet in wanted]
    leaked = [normalised(snippet) in text for snippet in unwanted]
    return Snippets(sum(found), len(found) - sum(found), sum(leaked), len(leaked) - sum(leaked))


def eval_pages(folder: Path) -> list[tuple[bytes, dict[str, Any]]]:
    """The pages of ``trafilatura-eval-dev`` as served (bytes), with their records; their
    ``url`` is a corpus key, not an address, so the cleaner gets none."""
    with gzip.open(folder / "trafilatura-eval-dev.jsonl.gz", "rt", encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines]
    return [(base64.b64decode(record["html_b64"]), record) for record in records]
