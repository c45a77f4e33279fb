"""Marked text and original links as the templates get them."""

from __future__ import annotations

import pytest

from searcher.web.marks import pieces, safe_url


def test_pieces_cut_at_the_highlight_offsets():
    assert pieces("aid to gaza now", [(0, 3), (7, 11)]) == [
        ("aid", True),
        (" to ", False),
        ("gaza", True),
        (" now", False),
    ]
    assert pieces("plain", []) == [("plain", False)]


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://example.org/a", "https://example.org/a"),
        (" HTTP://example.org/b ", "HTTP://example.org/b"),
        ("javascript:alert(1)", None),
        ("JaVaScRiPt:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("//example.org/c", None),
        ("http://[broken", None),
        ("", None),
        (None, None),
    ],
)
def test_only_http_urls_become_links(url, shown):
    assert safe_url(url) == shown
