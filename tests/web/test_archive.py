"""The shared index: a bound on searches at once, and updates seen without a restart."""

from __future__ import annotations

import json
import threading
from pathlib import Path

from starlette.testclient import TestClient

from searcher import Index
from searcher.web.app import make_app


def test_searches_beyond_the_bound_get_503_with_retry_after(index: Index):
    app = make_app(index.path, max_searches=1)
    started, release = threading.Event(), threading.Event()

    def hold(idx: Index) -> None:
        started.set()
        release.wait(10)

    holder = threading.Thread(target=app.state.archive.run, args=(hold,))
    holder.start()
    try:
        assert started.wait(10)
        with TestClient(app) as client:
            refused = client.get("/api/search", params={"q": "aid"})
            assert (refused.status_code, refused.headers["retry-after"]) == (503, "1")
            release.set()
            holder.join(10)
            assert client.get("/api/search", params={"q": "aid"}).status_code == 200
    finally:
        release.set()
        holder.join(10)


def test_an_update_is_seen_without_a_restart(index: Index, corpus: Path, run):
    with TestClient(make_app(index.path)) as client:
        assert client.get("/api/search", params={"q": "quokka"}).json()["total"] == 0
        record = {
            "id": "new-1",
            "title": "Quokka",
            "body": "A quokka smiles.",
            "date": "2023-11-01",
        }
        (corpus / "more.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
        run("index", str(corpus), "--index", str(index.path))
        found = client.get("/api/search", params={"q": "quokka"}).json()
        assert [hit["id"] for hit in found["hits"]] == ["new-1"]
        assert client.get("/api/article/new-1").json()["title"] == "Quokka"
