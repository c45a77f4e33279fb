"""A record's own fields (beyond the article's) are kept, as read."""

from __future__ import annotations

import json
from pathlib import Path

from searcher import ingest


def _articles(path: Path, text: str) -> list:
    path.write_text(text, "utf-8")
    return ingest.parse(path, path.read_bytes()).articles


def test_json_lines_keep_every_field_the_article_does_not_take(tmp_path: Path) -> None:
    record = {
        "newid": 7,
        "date_raw": "26-FEB-1987 15:01:01.79",
        "title": "BAHIA COCOA REVIEW",
        "body": "Showers continued.",
        "author": "By Jane Smith",
        "dateline": "SALVADOR, Feb 26 -",
        "topics": ["cocoa"],
        "places": ["el-salvador", "usa"],
        "people": [],
        "orgs": None,
        "oldid": 5544,
        "verified": True,
        "score": 0.5,
    }
    (article,) = _articles(tmp_path / "r.jsonl", json.dumps(record) + "\n")
    assert article.fields == {
        "dateline": "SALVADOR, Feb 26 -",
        "topics": ("cocoa",),
        "places": ("el-salvador", "usa"),
        "oldid": "5544",
        "verified": "true",
        "score": "0.5",
    }
    assert article.authors == ("Jane Smith",)


def test_csv_columns_beyond_the_article_are_fields_by_their_names(tmp_path: Path) -> None:
    text = "title,text,Article Type,Section\nAid arrives,Trucks crossed.,News,\n"
    (article,) = _articles(tmp_path / "r.csv", text)
    assert article.fields == {"article_type": "News"}
