"""The language of an article that declares none."""

from __future__ import annotations

import pytest

from searcher.ingest.common import guess_language, split_authors


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


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("By Ann Lee and Bob Roe", ("Ann Lee", "Bob Roe")),
        ("بقلم: أحمد علي", ("أحمد علي",)),
        ("كتب محمد حسن و علي كريم", ("محمد حسن", "علي كريم")),
        ("Yazan: Ahmet Yılmaz ve Ayşe Kaya", ("Ahmet Yılmaz", "Ayşe Kaya")),
        ("نووسینی: ئاراس محەمەد", ("ئاراس محەمەد",)),
        ("Haber Merkezi", ("Haber Merkezi",)),
        ("Byron Smith", ("Byron Smith",)),
    ],
)
def test_bylines_in_arabic_turkish_and_sorani(byline: str, names: tuple[str, ...]) -> None:
    assert split_authors(byline) == names
