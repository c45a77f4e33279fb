"""Articles like a given one."""

from __future__ import annotations

import pytest

from searcher import ArticleNotFound, Index


def test_similar_articles(copies: Index) -> None:
    like = copies.similar("w1", limit=2)
    assert [hit.id for hit in like.hits] == ["w2", "w3"]
    assert (like.query, like.total, like.page_size) == ("w1", 2, 2)
    assert like.hits[0].score > like.hits[1].score > 0
    assert "w1" not in [hit.id for hit in copies.similar("w1", limit=100).hits]
    with pytest.raises(ArticleNotFound):
        copies.similar("nope")
