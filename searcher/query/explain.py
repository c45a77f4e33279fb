"""What a parsed query looks for: words, phrases, wildcards, excluded parts, date ranges."""

from __future__ import annotations

from datetime import UTC, datetime

from whoosh import query

from searcher.engine.columns import ColumnRange
from searcher.engine.verified import Verified
from searcher.schema import TIME


def describe(q: query.Query) -> dict[str, list]:
    """How a parsed query reads: required and excluded words, phrases and exact quotes per
    field, wildcards and date ranges (as days, UTC), for ``--explain``."""
    found: dict[str, list] = {"words": [], "phrases": [], "exact": [], "wildcards": [], "dates": []}
    found["excluded"] = []
    _describe(q, found, negated=False)
    return {key: list(dict.fromkeys(values)) for key, values in found.items() if values}


def _describe(q: query.Query, found: dict[str, list], negated: bool) -> None:
    if isinstance(q, query.Not):
        _describe(q.query, found, not negated)
    elif isinstance(q, query.AndNot):
        _describe(q.a, found, negated)
        _describe(q.b, found, not negated)
    elif isinstance(q, query.And) and query.Term("precision", TIME) in q.subqueries:
        return  # the zone-shifted twin of a day range: the day-only branch shows the days
    elif isinstance(q, ColumnRange) and q.fieldname == "ts":
        days = [
            datetime.fromtimestamp(ts, UTC).date().isoformat() if ts is not None else "…"
            for ts in (q.start, q.end)
        ]
        found["dates"].append(" to ".join(days))
    elif isinstance(q, Verified):
        found["excluded" if negated else "exact"].append(str(q))
    elif isinstance(q, query.Phrase):
        slop = f" (within {q.slop})" if q.slop > 1 else ""
        found["excluded" if negated else "phrases"].append(
            f'{q.fieldname}:"{" ".join(q.words)}"{slop}'
        )
    elif isinstance(q, query.MultiTerm):
        pattern = f"{q.text}*" if isinstance(q, query.Prefix) else q.text
        found["excluded" if negated else "wildcards"].append(f"{q.fieldname}:{pattern}")
    elif isinstance(q, query.Term) and q.fieldname != "precision":
        found["excluded" if negated else "words"].append(f"{q.fieldname}:{q.text}")
    elif not q.is_leaf():
        for child in q.children():
            _describe(child, found, negated)
