"""Collapsed results: one hit per group of near-copies."""

from __future__ import annotations

from searcher import Index


def test_collapse_shows_one_hit_per_group(copies: Index) -> None:
    plain = copies.search("convoy")
    assert (plain.total, plain.collapsed, len(plain.hits)) == (4, None, 4)
    assert {hit.duplicates for hit in plain.hits} == {None}
    folded = copies.search("convoy", collapse=True, facets=["source"], sort="oldest")
    assert [(hit.id, hit.duplicates) for hit in folded.hits] == [("a1", 0), ("w1", 2)]
    assert (folded.total, folded.collapsed, folded.pages) == (4, 2, 1)
    assert sum(folded.facets["source"].values()) == 4  # facets count every match
    assert folded.to_dict()["collapsed"] == 2
    assert folded.hits[1].to_dict()["duplicates"] == 2
    assert "duplicates" not in plain.hits[0].to_dict()


def test_collapse_keeps_the_best_ranked_copy(copies: Index) -> None:
    newest = copies.search("convoy", collapse=True, sort="newest")
    assert [(hit.id, hit.duplicates) for hit in newest.hits] == [("w3", 2), ("a1", 0)]
    edited = copies.search("forty", collapse=True)  # w3 says "40"; w2 has it in its title
    assert [(hit.id, hit.duplicates) for hit in edited.hits] == [("w2", 1)]


def test_collapsed_pages_show_each_hit_once(copies: Index) -> None:
    pages = [copies.search("*", collapse=True, page=n, page_size=2) for n in (1, 2, 3, 4)]
    ids = [hit.id for page in pages for hit in page.hits]
    assert len(ids) == len(set(ids)) == 7  # 9 articles, less 2 near-copies
    assert [(len(page.hits), page.pages) for page in pages] == [(2, 4), (2, 4), (2, 4), (1, 4)]
