"""Bulk document sets agree with Whoosh's own matchers, deletions and all, in both the forms
a search keeps them in (sets, numpy arrays)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from whoosh import query

from searcher import Index
from searcher.engine import forms
from searcher.engine.columns import ColumnRange, column_values
from searcher.engine.plans import matching_docs
from searcher.engine.postings import Postings

from tests.conftest import RECORDS, segment_sizes

_WORDS = ["aid", "bank", "rafah", "rate", "the", "gaza", "nothing", "central", "talk"]
#: Phrases whose words are next to each other, in some articles only, apart, or repeated.
_PHRASES = [
    ["central", "bank"],
    ["the", "central", "bank"],
    ["rafah", "gate", "into", "gaza"],
    ["bank", "central"],
    ["aid", "aid"],
    ["the", "the"],
    ["central", "absentword"],
]


@pytest.fixture
def segmented(tmp_path: Path) -> Index:
    """An index of several segments (one update per file), some with deleted articles."""
    folder = tmp_path / "news"
    folder.mkdir()
    idx = Index.create(tmp_path / "idx")
    for n in range(4):
        rows = [dict(r, id=f"{r['id']}-{n}") for r in RECORDS]
        (folder / f"{n}.jsonl").write_text("\n".join(json.dumps(r) for r in rows), "utf-8")
        idx.update([folder])
    (folder / "1.jsonl").write_text(json.dumps(dict(RECORDS[0], id="only")), "utf-8")
    idx.update([folder])
    assert len(segment_sizes(idx)) > 2
    return idx


def _queries() -> list[query.Query]:
    terms = [query.Term("body", word) for word in _WORDS] + [query.Term("title", "aid")]
    found: list[query.Query] = [*terms, query.Every(), ColumnRange("ts", None, 1_699_000_000)]
    found += [query.Or(terms[i : i + 3]) for i in range(0, len(terms), 2)]
    found += [query.And([terms[i], terms[i + 1]]) for i in range(len(terms) - 1)]
    found += [query.AndNot(terms[0], terms[1]), query.Not(terms[0])]
    found += [query.And([query.Or(terms[:3]), ColumnRange("ts", 1_698_000_000, None)])]
    found += [query.Phrase("body", ["humanitarian", "aid"]), query.Term("source", "Wire One")]
    found += [query.Phrase("body", words) for words in _PHRASES]
    found += [query.Phrase("title", ["central", "bank"]), query.Phrase("body", ["aid"])]
    found += [query.Term("nofield", "x"), query.Term("body", "absentword")]
    return found


@pytest.mark.parametrize("threshold", [0, 10**12], ids=["arrays", "sets"])
@pytest.mark.parametrize("q", _queries(), ids=str)
def test_sets_agree_with_whoosh(
    segmented: Index, q: query.Query, threshold: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(forms, "DENSE_FROM", threshold)
    searcher = segmented.searcher()
    postings = Postings()
    assert matching_docs(searcher, q, postings) == set(searcher.docs_for_query(q))
    assert postings.form is (forms.ARRAYS if threshold == 0 else forms.SETS)


def test_columns_are_read_whole(segmented: Index) -> None:
    searcher = segmented.searcher()
    sources = column_values(searcher, "source")
    reader = searcher.reader().column_reader("source")
    assert sources == [reader[n] for n in range(searcher.doc_count_all())]
    assert column_values(searcher, "source") is sources  # read once per reader


def test_a_date_range_over_the_whole_index_numbers_as_its_segments(segmented: Index) -> None:
    """Asked of the whole index at once (not segment by segment), a date range still names
    the right documents, though the first segment (the format record's) has no dates."""
    searcher = segmented.searcher()
    for q in (ColumnRange("ts", None, 1_699_000_000), ColumnRange("ts", 1_698_000_000, None)):
        assert set(q.docs(searcher)) == set(searcher.docs_for_query(q))
