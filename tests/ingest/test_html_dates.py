"""Dates written out with the month's name in Arabic, Sorani and Turkish."""

from __future__ import annotations

from datetime import date

import pytest

from searcher.ingest.html.dates import text_date


@pytest.mark.parametrize(
    ("text", "language", "day"),
    [
        ("3 أيار 2023", "ar", date(2023, 5, 3)),  # Iraq and the Levant
        ("نشر في 3 تشرين الثاني 2023", "ar", date(2023, 11, 3)),  # a month of two words
        ("5 نوفمبر 2023", "ar", date(2023, 11, 5)),  # Egypt
        ("١٢ تشرینی دووەم 2023", "ckb", date(2023, 11, 12)),  # Sorani, an Arabic-Indic day
        ("١٥ تشرين الأول ٢٠٢٣", "ar", date(2023, 10, 15)),  # noqa: RUF001 (Arabic-Indic year)
        ("بغداد/ شفق نيوز ١٥/١٠/٢٠٢٣", "ar", date(2023, 10, 15)),  # noqa: RUF001
        ("۱۵ی تشرینی یەکەمی ۲۰۲۳", "ckb", date(2023, 10, 15)),  # Persian digits, izafe
        ("12 Kasım 2023", "tr", date(2023, 11, 12)),
        ("3 ARALIK 2023 Pazar", "tr", date(2023, 12, 3)),
        ("3 November 2023", "en", date(2023, 11, 3)),
        ("4 de marzo de 2023", "es", date(2023, 3, 4)),
    ],
)
def test_month_names_of_more_languages(text: str, language: str, day: date) -> None:
    assert text_date(text, language) == day
