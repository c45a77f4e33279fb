"""What an update did: files added, replaced, removed, skipped and why; articles added,
changed and removed, by id."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


def duplicate_id(article_id: str) -> str:
    """The warning for an article whose id an earlier one of the same run took: the first
    is kept, on a Whoosh index and on a cluster alike."""
    return f"duplicate id '{article_id}': kept the first article"


@dataclass(slots=True)
class UpdateReport:
    """What an update changed; paths are absolute file paths."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    #: ``(path, reason)`` for each file that yielded no article; its old articles stay.
    skipped: list[tuple[str, str]] = field(default_factory=list)
    #: ``(path, message)`` for problems inside files that were still indexed.
    warnings: list[tuple[str, str]] = field(default_factory=list)
    #: Articles written (new, changed, or all of them on a rebuild).
    articles_added: int = 0
    #: Ids of the articles the index did not hold, those it holds a new version of, and those
    #: it no longer holds.
    ids_added: list[str] = field(default_factory=list)
    ids_changed: list[str] = field(default_factory=list)
    ids_removed: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "updated": self.updated,
            "removed": self.removed,
            "unchanged": len(self.unchanged),
            "skipped": [{"path": p, "reason": r} for p, r in self.skipped],
            "warnings": [{"path": p, "message": m} for p, m in self.warnings],
            "articles_added": self.articles_added,
            "articles": {
                "added": self.ids_added,
                "changed": self.ids_changed,
                "removed": self.ids_removed,
            },
            "seconds": round(self.seconds, 3),
        }
