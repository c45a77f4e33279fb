"""How a query is understood, as ``searcher search --explain`` shows it."""

from __future__ import annotations

from searcher import Filters, Index


def test_explain_shows_how_a_query_is_understood(index: Index) -> None:
    parsed = index.explain(
        '"humanitarian aid" NOT sport gaz* date:2023-11',
        Filters("2023-10", sources=["X"], collections="uk", fields={"topics": "crude"}),
    )
    assert parsed == {
        "query": '"humanitarian aid" NOT sport gaz* date:2023-11',
        "parsed": parsed["parsed"],
        "phrases": ['title:"humanitarian aid"', 'body:"humanitarian aid"'],
        "wildcards": ["title:gaz*", "body:gaz*"],
        "dates": ["2023-11-01 to 2023-11-30"],
        "excluded": ["title:sport", "body:sport"],
        "filters": {
            "from": "2023-10-01",
            "to": None,
            "sources": ["X"],
            "collections": ["uk"],
            "fields": ["topics=crude"],
            "time zone": "UTC",
        },
    }
    assert "NOT (title:sport OR body:sport)" in parsed["parsed"]
