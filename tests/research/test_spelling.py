"""Did you mean: unknown words corrected from the index's own vocabulary."""

from __future__ import annotations

from searcher import Index


def test_did_you_mean_corrects_unknown_words(index: Index) -> None:
    results = index.search('"humanitarain aid" convoi')
    assert (results.total, results.suggestion) == (0, '"humanitarian aid" convoy')
    assert index.search("aid").suggestion is None
    assert index.search("xqzzyv").suggestion is None
    # A source's name is kept as written, never corrected as words are.
    assert index.search('source:"wire one" convoi').suggestion == 'source:"wire one" convoy'
