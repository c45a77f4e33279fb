"""Match spans, snippets and leads: words as written, phrases as one unit."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.filedb.filestore import RamStorage

from searcher.analysis.stems import stem
from searcher.engine.view import WhooshView
from searcher.query.parser import QueryBuilder
from searcher.schema import build_schema
from searcher.search.highlight import Pattern, find_spans, lead, patterns, snippet

TEXT = "Central Banks raised rates. The central bank of Chile said banking was calm."


@pytest.fixture(scope="module")
def view():
    ix = RamStorage().create_index(build_schema())
    writer = ix.writer()
    writer.add_document(kind="article", id="1", body=TEXT)
    writer.commit()
    found = WhooshView(ix.searcher())
    yield found
    found.close()


def marked(text: str, query: str, view) -> list[str]:
    pats = patterns(QueryBuilder(build_schema()).parse(query), view, "body")
    return [text[s:e] for s, e in find_spans(text, pats)]


def test_words_are_marked_as_written(view) -> None:
    assert marked(TEXT, "bank", view) == ["Banks", "bank", "banking"]


def test_a_phrase_is_one_span_and_only_where_it_occurs(view) -> None:
    assert marked(TEXT, '"central bank"', view) == ["Central Banks", "central bank"]
    assert marked(TEXT, '"bank central"', view) == []


def test_proximity_phrases_span_the_words_between(view) -> None:
    assert marked(TEXT, '"central chile"~3', view) == ["central bank of Chile"]
    assert marked(TEXT, '"central chile"~2', view) == []


def test_a_split_word_is_marked_only_where_its_parts_are_in_sequence(view) -> None:
    text = "Since 9/11, 9 of the 11 said so."
    assert marked(text, "9/11", view) == ["9/11"]


def test_negated_words_are_not_marked(view) -> None:
    assert marked(TEXT, "rates NOT chile", view) == ["rates"]


def test_wildcards_mark_each_word_they_expand_to(view) -> None:
    assert marked(TEXT, "ra*", view) == ["raised", "rates"]


def test_overlapping_matches_merge() -> None:
    spans = find_spans("new york city", [Pattern(("new", "york")), Pattern(("york", "citi"))])
    assert spans == [(0, 13)]


def test_snippet_windows_collapse_space_and_mark_cuts() -> None:
    text = "Intro words here.\n\n" + "filler " * 60 + "the aid arrived.\n" + "tail " * 80
    spans = find_spans(text, [Pattern(("aid",))])
    shown, marks = snippet(text, spans, width=60)
    assert shown.startswith("…") and shown.endswith(" …")
    assert "\n" not in shown and "  " not in shown
    assert [shown[s:e] for s, e in marks] == ["aid"]


def test_snippet_without_matches_is_the_lead() -> None:
    assert snippet("Short   text.", []) == ("Short text.", ())


def test_lead_cuts_at_a_word() -> None:
    assert lead("one two three four", limit=10) == "one two …"
    assert lead("short", limit=10) == "short"


_SPELLINGS = ["Bank", "banks", "bank_1", "BANKING", "Ünion", "union", "x", "\u2013"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(_SPELLINGS)).map(" ".join).map(lambda text: text.replace(" x ", "x")),
    st.sets(st.sampled_from(["bank", "bank_1", "union", "x"]), min_size=1),
)
def test_words_are_found_where_their_terms_are(text: str, terms: set[str]) -> None:
    """Every word whose term is asked for, whole words only, as the analyzer splits them."""
    expected = [m.span() for m in re.finditer(r"\w+", text) if stem(m.group()) in terms]
    assert find_spans(text, [Pattern((term,)) for term in terms]) == expected


def test_a_snippet_of_text_without_spaces_is_capped() -> None:
    text = "联合国宣布" * 400 + "加沙地带" + "运送援助物资" * 300  # 4,204 characters, no space
    start = text.index("加沙")
    shown, spans = snippet(text, [(start, start + 2)], width=200)
    assert len(shown) < 300
    assert [shown[a:b] for a, b in spans] == ["加沙"]
