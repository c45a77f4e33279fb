"""What an update did: added, replaced, removed, skipped and why."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


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
    articles_added: int = 0
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
            "seconds": round(self.seconds, 3),
        }
