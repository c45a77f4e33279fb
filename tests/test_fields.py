"""Which kind a record field's value is indexed as, and under which index field."""

from __future__ import annotations

from searcher.fields import SHORT, field_name, index_fields, is_keyword


def test_short_values_and_lists_of_them_are_keywords_long_or_multiline_ones_text() -> None:
    assert is_keyword("NEW YORK, March 3 -")
    assert is_keyword(("crude", "nat-gas"))
    assert is_keyword("x" * SHORT)
    assert not is_keyword("x" * (SHORT + 1))
    assert not is_keyword("one line\nand another")
    assert not is_keyword(("crude", "x" * (SHORT + 1)))


def test_index_fields_put_each_value_under_its_kind() -> None:
    paragraph = "A long note. " * 20
    assert index_fields({"topics": ("crude", "nat-gas"), "notes": paragraph}) == {
        "kw_topics": "crude\nnat-gas",
        "tx_notes": paragraph,
    }
    assert index_fields({"pages": (paragraph, "two")}) == {"tx_pages": f"{paragraph}\n\ntwo"}


def test_field_names_are_lower_case_words_joined_by_underscores() -> None:
    assert field_name("Article Type") == "article_type"
    assert field_name("date_raw") == "date_raw"
    assert field_name("--") == ""
