"""End to end in headless Chromium (Debian's, driven by Playwright): ``searcher serve`` runs
as a subprocess on a free loopback port, as a user starts it. Screenshots of each page are
kept in a temporary folder (printed at the end of the run)."""

from __future__ import annotations

import json
import os
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.web.conftest import served

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def server(archive_path: Path) -> Iterator[str]:
    """The URL of ``searcher serve`` on the archive, stopped by its pid afterwards."""
    if not Path(CHROMIUM).exists() and os.environ.get("CI") != "true":
        pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install chromium to run these")
    with served(archive_path) as (url, _):
        yield url


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("screenshots")
    yield folder
    print(f"\nscreenshots in {folder}")


class Tab:
    """A browser tab on the server that records every dialog, console error and page error:
    none may happen on any page."""

    def __init__(self, browser, server: str, shots: Path, width: int = 1200) -> None:
        self.page = browser.new_page(viewport={"width": width, "height": 900})
        self.server, self.shots, self.troubles = server, shots, []
        self.page.on("dialog", lambda d: (self.troubles.append(f"dialog {d.message}"), d.dismiss()))
        self.page.on("pageerror", lambda e: self.troubles.append(f"page error {e}"))
        self.page.on(
            "console",
            lambda m: self.troubles.append(f"console {m.text}") if m.type == "error" else None,
        )

    def go(self, path: str) -> None:
        self.page.goto(self.server + path)

    def shot(self, name: str) -> None:
        self.page.screenshot(path=str(self.shots / f"{name}.png"), full_page=True)


@pytest.fixture
def tab(browser, server: str, shots: Path) -> Iterator[Tab]:
    opened = Tab(browser, server, shots)
    yield opened
    assert opened.troubles == []
    opened.page.close()


def _api(server: str, path: str) -> dict:
    with urllib.request.urlopen(server + path) as answer:
        return json.load(answer)


def _total(tab: Tab) -> int:
    return int(tab.page.inner_text("#total").split()[0].replace(",", ""))


def test_a_query_shows_the_total_and_highlighted_snippets(tab: Tab):
    tab.go("/")
    tab.page.fill("#q", "merkel")
    tab.page.press("#q", "Enter")
    tab.page.wait_for_selector("#total")
    tab.shot("search")
    assert _total(tab) == _api(tab.server, "/api/search?q=merkel")["total"]
    marks = tab.page.locator(".snippet mark").all_inner_texts()
    assert len(marks) >= 10 and {m.lower() for m in marks} == {"merkel"}


def test_a_facet_click_narrows_to_its_count(tab: Tab):
    tab.go("/?q=merkel")
    value = tab.page.locator('.facet[data-facet="source"] a').first
    count = int(value.get_attribute("data-count"))
    assert count < _total(tab)
    value.click()
    tab.page.wait_for_url("**source=*")
    tab.shot("facet")
    assert _total(tab) == count


def test_clicking_and_dragging_on_the_histogram_narrow_the_dates(tab: Tab):
    tab.go("/?q=trump")
    bars = tab.page.locator(".bar")
    counts = [int(bar.get_attribute("data-count")) for bar in bars.all()]
    first, last = len(counts) - 4, len(counts) - 2
    start, end = bars.nth(first).bounding_box(), bars.nth(last).bounding_box()
    tab.page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] - 2)
    tab.page.mouse.down()
    tab.page.mouse.move(end["x"] + end["width"] / 2, end["y"] + end["height"] - 2, steps=5)
    tab.page.mouse.up()
    tab.page.wait_for_url("**from=*")
    tab.shot("dragged")
    assert _total(tab) == sum(counts[first : last + 1])
    chosen = tab.page.locator(".bar").first
    count = int(chosen.get_attribute("data-count"))
    chosen.click()
    tab.page.wait_for_function(f"document.getElementById('total').innerText.startsWith('{count}')")
    assert _total(tab) == count


def test_opening_an_article_from_a_search_marks_the_query(tab: Tab):
    tab.go("/?q=merkel")
    title = tab.page.locator(".hit h3 a").first
    title.click()
    tab.page.wait_for_selector("#body")
    tab.shot("article")
    assert tab.page.url.startswith(tab.server + "/article/")
    assert {m.lower() for m in tab.page.locator("#body mark").all_inner_texts()} == {"merkel"}
    assert tab.page.locator(".similar .hit").count() == 5


def test_the_csv_download_is_the_cli_export(tab: Tab, run, archive_path: Path, tmp_path: Path):
    tab.go("/?q=korea")
    with tab.page.expect_download() as download:
        tab.page.click("#export-csv")
    saved = tmp_path / "hits.csv"
    download.value.save_as(saved)
    printed = run("search", "korea", "--all", "--format", "csv", "--index", str(archive_path))
    assert saved.read_text("utf-8") == printed.output


def test_a_bad_query_shows_the_caret(tab: Tab):
    tab.go("/")
    tab.page.fill("#q", "korea AND (missile")
    tab.page.press("#q", "Enter")
    tab.page.wait_for_selector("#error")
    tab.shot("bad-query")
    assert tab.page.inner_text(".caret") == "korea AND (missile\n          ^"
    assert "never closed" in tab.page.inner_text("#error .message")
    # The page comes with status 400, which Chromium logs; nothing else may happen.
    assert tab.troubles == [
        "console Failed to load resource: the server responded with a status of 400 (Bad Request)"
    ]
    tab.troubles.clear()


def test_an_arabic_article_reads_right_to_left(tab: Tab):
    tab.go("/article/ar-1")
    tab.shot("arabic")
    direction = "el => getComputedStyle(el).direction"
    assert tab.page.eval_on_selector("#title", direction) == "rtl"
    assert tab.page.eval_on_selector("#body", direction) == "rtl"
    assert tab.page.eval_on_selector(".metadata dt", direction) == "ltr"


def test_a_hostile_article_never_runs_script(tab: Tab):
    for path in ("/?q=zebrafish", "/article/xss-1?q=zebrafish", "/trend?q=zebrafish"):
        tab.go(path)
        tab.page.hover("body")
        tab.shot(path.strip("/").split("?")[0].replace("/", "-") or "hostile-search")
    tab.go("/article/xss-1")
    assert tab.page.inner_text("#title").startswith("Zebrafish <script>alert('title')</script>")
    assert tab.page.locator("#body script, #body img, #body svg, #body b").count() == 0
    assert tab.page.locator("a[href^='javascript']").count() == 0


def test_a_phone_width_window_needs_no_sideways_scrolling(browser, server: str, shots: Path):
    phone = Tab(browser, server, shots, width=390)
    phone.go("/?q=merkel")
    phone.shot("phone")
    width = phone.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 and phone.troubles == []
    phone.page.close()


def test_the_controls_are_labelled(tab: Tab):
    tab.go("/?q=merkel")
    unlabelled = tab.page.evaluate(
        """() => Array.from(document.querySelectorAll('input:not([type=hidden]), select'))
             .filter(el => !el.labels || el.labels.length === 0).map(el => el.name)"""
    )
    assert unlabelled == []
