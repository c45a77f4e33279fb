"""What ``prefer`` may ask of relevance: newer articles, or the query's words close together."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from searcher.errors import OptionError
from searcher.ranking.model import DEFAULT, NEAR_WEIGHT, Ranking

#: What ``prefer`` may ask for: newer articles, or the query's words close together.
PREFERENCES = ("recent", "close")
#: How fast ``prefer="recent"`` forgets: an article this many days older than the newest
#: one in the index gets half the recency bonus.
HALF_LIFE_DAYS = 30.0


def preference(
    prefer: str | Sequence[str] | None, half_life_days: float | None, sort: str
) -> Ranking:
    """The ranking for ``prefer`` ("recent", "close", both or None) and a half-life in days
    (which implies "recent"); a preference only makes sense when sorting by relevance."""
    wanted = {prefer} if isinstance(prefer, str) else set(prefer or ())
    if not wanted and half_life_days is None:
        return DEFAULT
    if sort != "relevance":
        raise OptionError(
            f"a preference changes relevance scores, so it does not apply to sort '{sort}'",
            hint="use --sort relevance with --prefer",
        )
    unknown = sorted(wanted - set(PREFERENCES))
    if unknown:
        raise OptionError(f"unknown preference '{unknown[0]}'", hint="use recent or close")
    if half_life_days is not None and not half_life_days > 0:
        raise OptionError("the half-life must be a positive number of days", hint="e.g. 30")
    recent = "recent" in wanted or half_life_days is not None
    return replace(
        DEFAULT,
        near_weight=NEAR_WEIGHT if "close" in wanted else 0.0,
        half_life_days=(half_life_days or HALF_LIFE_DAYS) if recent else None,
    )
