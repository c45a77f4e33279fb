"""The outlet that published a page, and the wire agency apart (``agency``), on small pages
written for each case seen on real ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from searcher.ingest.html import clean

from tests.conftest import build_index
from tests.ingest.test_html import STORY, page


def _page(head: str, url: str = "https://www.sfgate.com/news/article/x.php") -> str:
    return page(f"<article>{STORY}</article>", f'<link rel="canonical" href="{url}">{head}')


def _ld(publisher: str, author: str = "") -> str:
    story = {"@type": "NewsArticle", "publisher": {"@type": "Organization", "name": publisher}}
    if author:
        story["author"] = {"@type": "Person", "name": author}
    return f'<script type="application/ld+json">{json.dumps(story)}</script>'


def _site(name: str) -> str:
    return f'<meta property="og:site_name" content="{name}">'


@pytest.mark.parametrize(
    ("head", "source", "agency"),
    [
        # A Twitter handle is no outlet's name: the host is.
        (_site("@politifact"), "sfgate.com", ""),
        # A list of sections neither.
        (_site("Autoracing | F1 | Indy | MotoGP | StockCar | NASCAR"), "sfgate.com", ""),
        # The publisher's parent company gives way to the site's own name.
        (_ld("Tamedia AG") + _site("Tages-Anzeiger"), "Tages-Anzeiger", ""),
        (_ld("Ediciones EL PAÍS S.L.") + _site("El País"), "El País", ""),
        (
            _ld("Nature Publishing Group UK") + '<meta name="application-name" content="Nature">',
            "Nature",
            "",
        ),
        # The blog platform is not the blog.
        (_ld("Blogger") + _site("Der Postillon"), "Der Postillon", ""),
        # An AP story on sfgate: the outlet is sfgate, the agency AP, however it is named.
        (_ld("Associated Press"), "sfgate.com", "Associated Press"),
        (_ld("SFGATE", author="The Associated Press"), "SFGATE", "Associated Press"),
        (_site("SFGATE") + '<meta name="author" content="AP">', "SFGATE", "Associated Press"),
        (
            _ld("Tamedia AG", author="SDA") + _site("Tages-Anzeiger"),
            "Tages-Anzeiger",
            "Keystone-SDA",
        ),
        # An outlet's own story names no agency.
        (_ld("SFGATE", author="Anna Lee"), "SFGATE", ""),
    ],
)
def test_outlet_and_agency(head: str, source: str, agency: str) -> None:
    found = clean(_page(head))
    assert (found.source, found.agency) == (source, agency)


def test_on_the_agency_own_site_the_agency_is_the_outlet() -> None:
    found = clean(_page(_site("Reuters"), "https://www.reuters.com/world/x/"))
    assert (found.source, found.agency) == ("Reuters", "Reuters")


def test_agency_stories_on_any_site_and_everything_on_one_site(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    pages = {
        "sfgate-ap.html": (_ld("SFGATE", author="Associated Press"), "https://www.sfgate.com/a"),
        "sfgate-own.html": (_ld("SFGATE", author="Anna Lee"), "https://www.sfgate.com/b"),
        "chron-ap.html": (_ld("Houston Chronicle", author="AP"), "https://www.chron.com/c"),
    }
    for name, (head, url) in pages.items():
        (folder / name).write_text(_page(head, url), "utf-8")
    (folder / "wire.jsonl").write_text(json.dumps({"id": "w1", "title": "T", "body": "B"}) + "\n")
    idx = build_index(folder, tmp_path / "idx")
    try:
        ap = idx.search('agency:"Associated Press"', facets=["agency", "source"])
        assert {hit.url for hit in ap.hits} == {
            "https://www.sfgate.com/a",
            "https://www.chron.com/c",
        }
        assert ap.facets["agency"] == {"Associated Press": 2}
        assert ap.facets["source"] == {"SFGATE": 1, "Houston Chronicle": 1}
        sfgate = idx.search('source:"SFGATE"')
        assert {hit.url for hit in sfgate.hits} == {
            "https://www.sfgate.com/a",
            "https://www.sfgate.com/b",
        }
    finally:
        idx.close()
