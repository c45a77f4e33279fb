"""The web tests' archive: the real 2017 news corpus plus hostile and right-to-left articles,
indexed as users index (two runs of ``searcher index``, the second adding a file), once."""

from __future__ import annotations

import contextlib
import json
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from searcher import Index

from tests.conftest import shared_data

CORPUS = "news-articles-2017.csv.gz"
XSS = "<script>alert('title')</script><img src=x onerror=alert(1)>"
#: An article whose every field tries to run script, and one in Arabic.
HOSTILE = [
    {
        "id": "xss-1",
        "title": f"Zebrafish {XSS}",
        "body": "Zebrafish attack: <script>alert('body')</script> <b onmouseover=alert(2)>bold"
        "</b> \"><svg onload=alert(3)> and a broken <a href='javascript:alert(4)'>link",
        "url": "javascript:alert('url')",
        "date": "2017-02-10",
        "source": "Evil <i>Outlet</i>",
    },
]
ARABIC = [
    {
        "id": "ar-1",
        "title": "مساعدات إنسانية تصل إلى غزة",
        "body": "وصلت قافلة مساعدات إنسانية إلى غزة صباح اليوم عبر معبر رفح.",
        "url": "https://example.org/ar/1",
        "date": "2017-02-11",
        "source": "Arabic Wire",
    },
]


def _write(path: Path, records: list[dict]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")


@pytest.fixture(scope="session")
def archive_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The index folder: the corpus and the hostile articles, then the Arabic one on top."""
    folder = tmp_path_factory.mktemp("web")
    corpus = shared_data() / CORPUS
    _write(folder / "hostile.jsonl", HOSTILE)
    with Index.open(folder / "idx", create=True) as idx:
        idx.update([corpus, folder / "hostile.jsonl"])
    _write(folder / "arabic.jsonl", ARABIC)
    with Index.open(folder / "idx") as idx:
        report = idx.update([folder / "arabic.jsonl"])
        assert report.added == [str(folder / "arabic.jsonl")]
    return folder / "idx"


@pytest.fixture(scope="module")
def client(archive_path: Path) -> Iterator:
    """A Starlette test client of the app on the archive."""
    from starlette.testclient import TestClient

    from searcher.web.app import make_app

    with TestClient(make_app(archive_path)) as test_client:
        yield test_client


@contextlib.contextmanager
def served(index: Path, *options: str) -> Iterator[tuple[str, subprocess.Popen]]:
    """``searcher serve`` on ``index`` and a free loopback port, as a user starts it: its URL
    once it answers, and its process, stopped by its pid afterwards."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "searcher", "serve", "--index", str(index), *options]
    process = subprocess.Popen([*command, "--port", str(port)], stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(400):
            try:
                urllib.request.urlopen(f"{url}/api/stats", timeout=1).close()
                break
            except OSError:
                assert process.poll() is None, process.stderr.read().decode()
                time.sleep(0.05)
        yield url, process
    finally:
        process.terminate()
        process.wait(10)
        process.stderr.close()
