"""Index: create/open, incremental update semantics, locking, get and stats."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from searcher import (
    ArticleNotFound,
    Index,
    IndexLocked,
    IndexNotFound,
    IndexVersionError,
    IngestError,
    SearcherError,
    ingest,
)
from searcher import index as searcher_index
from searcher.schema import META, SCHEMA_VERSION, build_schema
from searcher.search.pipeline import run_search
from searcher.update import updater, workers

from tests.conftest import RECORDS, SEED, whoosh_writer


@pytest.fixture(autouse=True, params=["in-process", "workers"])
def _mode(request, monkeypatch) -> None:
    """Every test here runs twice: updates in this process, and in a pool of two workers."""
    if request.param == "workers":
        monkeypatch.setattr(updater, "POOL_FROM_BYTES", 0)
        monkeypatch.setattr(workers, "default_workers", lambda: 2)


def _age(*paths: Path) -> None:
    """Make files look written a minute ago, so their stat is trusted (not "racy")."""
    past = time.time() - 60
    for path in paths:
        os.utime(path, (past, past))


def _ids(idx: Index, text: str = "*") -> set[str]:
    return {hit.id for hit in idx.search(text, page_size=1000).hits}


def test_open_missing_index_says_how_to_build_one(tmp_path: Path) -> None:
    with pytest.raises(IndexNotFound, match="no searcher index at") as caught:
        Index.open(tmp_path / "nothing")
    assert "searcher index" in caught.value.hint


def test_open_with_create_makes_an_empty_index(tmp_path: Path) -> None:
    with Index.open(tmp_path / "new", create=True) as idx:
        assert len(idx) == 0
    with Index.open(tmp_path / "new") as idx:
        assert idx.stats().articles == 0


def test_create_refuses_an_existing_index(tmp_path: Path) -> None:
    Index.create(tmp_path / "idx").close()
    with pytest.raises(SearcherError, match="already exists"):
        Index.create(tmp_path / "idx")


def test_two_runs_creating_one_index_at_once_both_open_it(tmp_path: Path, monkeypatch) -> None:
    """The other run's index appears between looking for one and creating it."""
    Index.create(tmp_path / "idx").close()
    real, looks = searcher_index.storage.exists, []

    def exists(path: Path) -> bool:
        looks.append(path)
        return len(looks) > 1 and real(path)  # the first look comes before the other run's

    monkeypatch.setattr(searcher_index.storage, "exists", exists)
    with Index.open(tmp_path / "idx", create=True) as idx:
        assert len(idx) == 0
    assert len(looks) > 1


def test_default_path_comes_from_the_environment(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SEARCHER_INDEX", str(tmp_path / "env-index"))
    Index.create().close()
    assert (tmp_path / "env-index").is_dir()


def test_an_index_of_another_format_must_be_rebuilt(tmp_path: Path) -> None:
    idx = Index.create(tmp_path / "idx")
    writer = whoosh_writer(idx)
    writer.delete_by_term("kind", META)
    writer.add_document(kind=META, meta=json.dumps({"schema_version": 0}))
    writer.commit()
    with pytest.raises(IndexVersionError, match="has format 0") as caught:
        Index.open(tmp_path / "idx")
    assert "--rebuild" in caught.value.hint


def test_an_index_of_an_older_schema_is_refused_as_another_format(tmp_path: Path) -> None:
    """An index written before a field existed opens far enough to say it must be rebuilt."""
    schema = build_schema()
    schema.remove("host")
    writer = whoosh_index.create_in(str(tmp_path), schema).writer()
    writer.add_document(kind=META, meta=json.dumps({"schema_version": SCHEMA_VERSION - 1}))
    writer.commit()
    with pytest.raises(IndexVersionError, match=f"has format {SCHEMA_VERSION - 1}"):
        Index.open(tmp_path)


def test_first_update_adds_every_file(index: Index, corpus: Path) -> None:
    assert len(index) == len(RECORDS) + 1
    assert index.get("a1").title == "Aid convoy reaches Rafah"


def test_update_reports_what_changed(tmp_path: Path, corpus: Path) -> None:
    idx = Index.create(tmp_path / "idx")
    first = idx.update([corpus])
    assert sorted(Path(p).name for p in first.added) == [SEED.name, "news.jsonl"]
    assert first.articles_added == len(RECORDS) + 1
    assert (first.updated, first.removed, first.unchanged, first.skipped) == ([], [], [], [])


def test_unchanged_files_are_not_read_again(tmp_path: Path, corpus: Path, monkeypatch) -> None:
    idx = Index.create(tmp_path / "idx")
    _age(*corpus.iterdir())
    idx.update([corpus])
    monkeypatch.setattr(ingest, "read_bytes", lambda path, limits: pytest.fail(f"read {path}"))
    report = idx.update([corpus])
    assert len(report.unchanged) == 2
    assert report.added == report.updated == report.removed == []


def test_a_touched_file_with_the_same_content_is_unchanged(index: Index, corpus: Path) -> None:
    os.utime(corpus / "news.jsonl")
    report = index.update([corpus])
    assert len(report.unchanged) == 2
    assert report.articles_added == 0


def test_a_changed_file_replaces_its_articles(index: Index, corpus: Path) -> None:
    changed = [dict(RECORDS[0], title="Aid convoy turned back"), RECORDS[1]]
    (corpus / "news.jsonl").write_text("\n".join(json.dumps(r) for r in changed), "utf-8")
    report = index.update([corpus])
    assert [Path(p).name for p in report.updated] == ["news.jsonl"]
    assert index.get("a1").title == "Aid convoy turned back"
    assert _ids(index) == {"a1", "a2", index.search('"Secretary of State"').hits[0].id}
    with pytest.raises(ArticleNotFound):
        index.get("a3")


def test_a_file_gone_from_an_indexed_folder_is_removed(index: Index, corpus: Path) -> None:
    (corpus / "news.jsonl").unlink()
    report = index.update([corpus])
    assert [Path(p).name for p in report.removed] == ["news.jsonl"]
    assert len(index) == 1
    assert index.stats().files == 1


def test_files_outside_the_given_paths_are_kept(index: Index, corpus: Path) -> None:
    report = index.update([corpus / SEED.name])
    assert report.removed == []
    assert len(index) == len(RECORDS) + 1


def test_a_new_file_is_added(index: Index, corpus: Path) -> None:
    (corpus / "more.jsonl").write_text(json.dumps({"id": "b1", "title": "New", "body": "x"}))
    report = index.update([corpus])
    assert [Path(p).name for p in report.added] == ["more.jsonl"]
    assert index.get("b1").title == "New"


def test_a_bad_file_is_skipped_and_the_rest_indexed(tmp_path: Path, corpus: Path) -> None:
    (corpus / "empty.txt").write_bytes(b"")
    idx = Index.create(tmp_path / "idx")
    report = idx.update([corpus])
    assert [(Path(p).name, bool(reason)) for p, reason in report.skipped] == [("empty.txt", True)]
    assert len(idx) == len(RECORDS) + 1


def test_a_file_that_turns_bad_keeps_its_old_articles(index: Index, corpus: Path) -> None:
    (corpus / "news.jsonl").write_bytes(b"")
    report = index.update([corpus])
    assert [Path(p).name for p, _ in report.skipped] == ["news.jsonl"]
    assert index.get("a1").title == "Aid convoy reaches Rafah"


def test_rebuild_starts_afresh(index: Index, corpus: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "one.jsonl").write_text(json.dumps({"id": "z9", "title": "Only", "body": "this"}))
    report = index.update([other], rebuild=True)
    assert [Path(p).name for p in report.added] == ["one.jsonl"]
    assert _ids(index) == {"z9"}
    assert Index.open(index.path).stats().files == 1


def test_a_missing_path_changes_nothing(index: Index, corpus: Path) -> None:
    with pytest.raises(IngestError, match="no such file or folder"):
        index.update([corpus, corpus / "nope"])
    assert len(index) == len(RECORDS) + 1


def test_a_second_writer_waits_then_gives_up(index: Index, corpus: Path) -> None:
    writer = whoosh_writer(index)
    try:
        started = time.monotonic()
        with pytest.raises(IndexLocked, match="another process is updating") as caught:
            index.update([corpus], lock_timeout=0.3)
        assert time.monotonic() - started >= 0.3
        assert caught.value.hint
    finally:
        writer.cancel()


def test_duplicate_ids_keep_the_first_article(tmp_path: Path) -> None:
    folder = tmp_path / "dups"
    folder.mkdir()
    rows = [
        {"id": "x", "title": "First", "body": "one"},
        {"id": "x", "title": "Second", "body": "2"},
    ]
    (folder / "d.jsonl").write_text("\n".join(json.dumps(r) for r in rows))
    idx = Index.create(tmp_path / "idx")
    report = idx.update([folder])
    assert idx.get("x").title == "First"
    assert len(idx) == 1
    assert [m for _, m in report.warnings] == ["duplicate id 'x': kept the first article"]


def test_searches_see_each_new_commit(index: Index, corpus: Path) -> None:
    reader = Index.open(index.path)
    assert reader.search("convoy").total == 1
    (corpus / "news.jsonl").unlink()
    index.update([corpus])
    assert reader.search("convoy").total == 0
    reader.close()


def test_get_returns_the_whole_article(index: Index) -> None:
    article = index.get("a2")
    assert article.body == RECORDS[1]["body"]
    assert article.date.isoformat() == "2023-11-02T09:30:00+00:00"
    assert article.source == "Daily Ledger"
    assert article.url == "https://ledger.example/a2"
    assert article.path.endswith("news.jsonl")


def test_get_of_an_unknown_id(index: Index) -> None:
    with pytest.raises(ArticleNotFound, match="no article with id 'nope'"):
        index.get("nope")


def test_stats(index: Index) -> None:
    stats = index.stats()
    assert (stats.articles, stats.files, stats.undated) == (len(RECORDS) + 1, 2, 1)
    assert (str(stats.first_date), str(stats.last_date)) == ("2023-10-30", "2023-12-15")
    assert stats.sources == {"Wire One": 3, "Daily Ledger": 2, "Shafaq News": 1}
    assert stats.size_bytes > 0


def test_a_search_of_an_older_commit_reads_its_replaced_segments(tmp_path: Path, corpus: Path):
    """A search that began before an update keeps answering from its commit, even once the
    update has deleted that commit's segment files."""
    idx = Index.create(tmp_path / "idx")
    idx.update([corpus])
    reader = Index.open(idx.path)
    older = reader.snapshot()
    before = run_search(older, "*", sort="newest", page_size=100)
    old_files = {f.name for f in idx.path.glob("MAIN_*") if f.name != "MAIN_WRITELOCK"}
    idx.update([corpus], rebuild=True)
    assert not old_files & {f.name for f in idx.path.iterdir()}  # all replaced
    after = run_search(older, "*", sort="newest", page_size=100)
    assert [(h.id, h.date, h.snippet) for h in after.hits] == [
        (h.id, h.date, h.snippet) for h in before.hits
    ]
    reader.close()


def test_an_index_and_its_results_say_what_they_are_in_short(index: Index) -> None:
    assert repr(index) == f"<Index {str(index.path)!r}: {len(index)} articles>"
    results = index.search("aid")
    shown = repr(results)
    assert shown == f"<Results 'aid': {results.total} matches, page 1 of {results.pages}>"
    assert results.hits[0].snippet not in shown


def test_the_version_is_the_installed_packages() -> None:
    from importlib.metadata import version

    import searcher

    assert searcher.__version__ == version("searcher")
