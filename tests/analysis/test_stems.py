"""Stems: the index's terms for words as written."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from searcher.analysis.stems import cached_tokens, stem
from searcher.analysis.words import tokens


def test_stem_is_the_index_term() -> None:
    assert stem("Banks") == "bank"
    assert stem("Café") == "cafe"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The White House said the White House would answer.", "en"),
        ("Die Flüchtlinge kamen am Montag; die Flüchtlinge blieben.", "de"),
        ("العِرَاق بغـــداد ـــ المساعدات", "ar"),
        ("İstanbul'da ve Ankara'da", "tr"),
        ("联合国宣布向加沙地带 gaza", "zh"),
        ("حكومه\u200cت حکومەت", "ckb"),
        ("", ""),
    ],
)
def test_cached_tokens_are_the_tokens(text: str, language: str) -> None:
    assert cached_tokens(text, language) == list(tokens(text, language))


@given(
    st.text(alphabet="ab ÉéاًلـI'\u0301\u200c加沙-", max_size=40),
    st.sampled_from(["", "en", "ar", "tr"]),
)
def test_cached_tokens_are_the_tokens_of_any_text(text: str, language: str) -> None:
    assert cached_tokens(text, language) == list(tokens(text, language))
