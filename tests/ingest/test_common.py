"""The language of an article that declares none."""

from __future__ import annotations

import pytest

from searcher.ingest.common import guess_language


@pytest.mark.parametrize(
    ("text", "url", "language"),
    [
        ("وصلت المساعدات الإنسانية إلى غزة", "", "ar"),
        ("حکومەتی هەرێمی کوردستان هاوکاری نارد", "", "ckb"),  # Sorani's own letters
        ("دولت ایران گفت که", "", ""),  # Persian letters: not guessed
        ("Aid reached Gaza", "https://shafaq.com/ckb/politics/1", "ckb"),
        ("Aid reached Gaza", "https://shafaq.com/tr/dunya/2", "tr"),
        ("Aid reached Gaza", "https://example.com/articles/ar", ""),
        ("Aid reached Gaza", "", ""),
    ],
)
def test_guess_language(text: str, url: str, language: str) -> None:
    assert guess_language(text, url) == language
