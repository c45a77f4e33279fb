"""The language of an article that declares none."""

from __future__ import annotations

import pytest

from searcher.ingest.common import guess_language, split_authors


@pytest.mark.parametrize(
    ("text", "url", "language"),
    [
        ("وصلت المساعدات الإنسانية إلى غزة", "", "ar"),
        ("حکومەتی هەرێمی کوردستان هاوکاری نارد", "", "ckb"),  # Sorani's own letters
        ("حكومەتی هەرێمی كوردستان", "", "ckb"),  # ...typed on an Arabic keyboard, short
        ("وزیر امور خارجه ایران امروز با همتای عراقی خود دیدار کرد", "", "fa"),
        ("Die Bundesregierung hat am Montag neue Hilfen beschlossen.", "", "de"),
        ("Irak Başbakanı bugün İstanbul'da Türk mevkidaşıyla görüştü.", "", "tr"),
        ("The prime minister met his counterpart in Istanbul on Monday.", "", "en"),
        ("NY COFFEE 10:30 MAY7 10225 UP 21 JUL7 10420 UP 20 SEP7 10620", "", ""),  # a table
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
