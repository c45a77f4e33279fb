"""The HTML pages, read as a browser gets them: escaped, under a policy, working without
script."""

from __future__ import annotations

import html
import re
from urllib.parse import urlencode

from searcher.web.app import POLICY


def test_every_response_carries_the_policy(client):
    for path in ("/", "/?q=trump", "/api/stats", "/static/style.css", "/article/nope"):
        answer = client.get(path)
        assert answer.headers["content-security-policy"] == POLICY, path
    assert "script-src 'self'" in POLICY and "unsafe-inline" not in POLICY


def test_no_page_holds_inline_script(client):
    for path in ("/", "/?q=zebrafish", "/article/xss-1?q=zebrafish", "/trend?q=zebrafish"):
        scripts = re.findall(r"<script[^>]*>", client.get(path).text)
        assert scripts == ['<script src="/static/histogram.js" defer>'], path


def test_a_hostile_article_shows_as_text(client):
    page = client.get("/article/xss-1", params={"q": "zebrafish"}).text
    assert "<script>alert" not in page and "<img src=x" not in page and "<svg onload" not in page
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;&lt;img src=x" in page
    assert 'href="javascript:' not in page
    assert "javascript:alert(&#39;url&#39;)" in page  # the URL is shown, as text
    assert "<mark>Zebrafish</mark>" in page


def test_hostile_hits_show_as_text(client):
    page = client.get("/", params={"q": "zebrafish"}).text
    assert "<script>alert" not in page and 'href="javascript:' not in page
    assert "Evil &lt;i&gt;Outlet&lt;/i&gt;" in page


def test_a_bad_query_shows_the_caret_under_the_box(client):
    answer = client.get("/", params={"q": "trump AND (korea"})
    assert answer.status_code == 400
    assert '<pre class="caret" dir="ltr">trump AND (korea\n          ^</pre>' in answer.text
    assert "this &#39;(&#39; is never closed" in answer.text


def test_facet_links_add_a_filter_and_keep_the_query(client):
    page = client.get("/", params={"q": "merkel", "from": "2017-02"}).text
    link = re.search(r'href="/\?([^"]*)" data-count="(\d+)">dw\.com<', page)
    assert link is not None
    narrowed = client.get("/?" + html.unescape(link.group(1))).text
    assert f'id="total">{int(link.group(2)):,} article' in narrowed
    assert html.unescape(link.group(1)) == "q=merkel&from=2017-02&source=dw.com"


def test_the_language_facet_links_narrow_to_its_language(client):
    page = client.get("/", params={"q": "غزة OR merkel"}).text
    link = re.search(r'href="/\?([^"]*)" data-count="(\d+)">ar<', page)
    assert link is not None
    assert html.unescape(link.group(1)) == urlencode({"q": "غزة OR merkel", "lang": "ar"})
    narrowed = client.get("/?" + html.unescape(link.group(1))).text
    assert f'id="total">{int(link.group(2)):,} article' in narrowed
    assert '<option value="ar" selected>ar</option>' in narrowed


def test_histogram_bars_narrow_the_dates(client):
    page = client.get("/", params={"q": "trump"}).text
    bars = re.findall(r'href="/\?([^"]*)" class="bar"[^>]*data-count="(\d+)"', page)
    query, count = max(bars, key=lambda bar: int(bar[1]))
    narrowed = client.get("/?" + html.unescape(query)).text
    assert f'id="total">{int(count):,} article' in narrowed


def test_right_to_left_fields_say_dir_auto(client):
    page = client.get("/article/ar-1").text
    assert re.search(r'<h1 dir="auto" id="title">مساعدات', page)
    assert '<div class="body" dir="auto" id="body">' in page


def test_the_article_page_lists_similar_articles(client):
    page = client.get("/article/1658", params={"q": "trump"}).text
    assert page.count('class="hit"') == 5 and "<mark>Trump</mark>" in page


def test_did_you_mean_is_a_link(client):
    page = client.get("/", params={"q": "merkl refugeez"}).text
    link = '<a id="suggestion" href="/?q=merkel+refugees">merkel refugees</a>'
    assert f"Did you mean: {link}" in page


def test_a_trend_page_has_a_chart_numbers_and_a_csv(client):
    page = client.get("/trend", params={"q": ["trump", "merkel"], "by": "month"}).text
    assert page.count("<polyline") == 2 and '<th scope="row">2017-03</th>' in page
    assert 'href="/api/trend?q=trump&amp;q=merkel&amp;by=month&amp;format=csv"' in page


def test_a_kept_answer_is_shown_alike_the_second_time(client):
    first, second = (client.get("/", params={"q": "putin"}).text for _ in range(2))
    assert first == second and 'class="bar"' in second


def test_a_trend_split_by_outlet_has_a_chart_per_outlet(client):
    page = client.get("/trend", params={"q": "merkel", "split": "source"}).text
    assert re.search(r'<h2 dir="auto">source: dw\.com</h2>', page)
    assert page.count("<polyline") == page.count("<h2 dir") > 5
