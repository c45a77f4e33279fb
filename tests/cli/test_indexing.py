"""searcher index, stats and check, against exact output."""

from __future__ import annotations

import json
import re
from pathlib import Path

from searcher.update import updater

from tests.conftest import RECORDS


def test_index_prints_a_summary(tmp_path: Path, run) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "news.jsonl").write_text(json.dumps(RECORDS[0]))
    (folder / "empty.txt").write_bytes(b"")
    result = run("index", str(folder))
    assert result.exit_code == 0
    assert result.text.splitlines()[1:] == ["skipped TMP/corpus/empty.txt: empty file"]
    assert result.text.startswith(
        "1 added, 0 updated, 0 removed, 0 unchanged, 1 skipped; 1 article written (1 new, 0 "
        "changed, 0 removed) in "
    )


def test_every_file_of_a_folder_is_indexed_or_skipped_with_its_reason(tmp_path: Path, run) -> None:
    folder = tmp_path / "crawl"
    folder.mkdir()
    (folder / "doc.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    (folder / "feed.xml").write_text('<?xml version="1.0"?><rss><channel></channel></rss>')
    page = "<!DOCTYPE html><html><head><title>{}</title></head><body><p>Text.</p></body></html>"
    (folder / "story").write_text(page.format("A story"))
    (folder / "article.php?id=5").write_text(page.format("An article"))
    (folder / ".DS_Store").write_bytes(bytes(64))  # hidden: not part of the archive
    result = run("index", str(folder))
    assert result.text.startswith(
        "2 added, 0 updated, 0 removed, 0 unchanged, 2 skipped; 2 articles written (2 new, 0 "
        "changed, 0 removed) in "
    )
    assert result.text.splitlines()[1:] == [
        "skipped TMP/crawl/doc.pdf: unsupported type .pdf: a PDF document",
        "skipped TMP/crawl/feed.xml: unsupported type .xml: XML, not an HTML page",
    ]
    titles = [
        hit["title"] for hit in json.loads(run("search", "*", "--format", "json").output)["hits"]
    ]
    assert sorted(titles) == ["A story", "An article"]


def test_strict_exits_3_when_files_were_skipped_and_commits_the_rest(tmp_path: Path, run) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "news.jsonl").write_text(json.dumps(RECORDS[0]))
    assert run("index", str(folder), "--strict").text.startswith("1 added, ")
    (folder / "big.txt").write_text("A title\n\n" + "word " * 300_000)
    result = run("index", str(folder), "--strict", "--max-article-mb", "1", exit_code=3)
    assert result.text.splitlines()[1:] == [
        "skipped TMP/corpus/big.txt: file too large (1.5 MB; the limit is 1.0 MB;"
        " raise --max-article-mb)",
        "--strict: 1 file skipped",
    ]
    assert run("index", str(folder), "--max-article-mb", "1").exit_code == 0
    assert run("index", str(folder), "--strict").text.startswith("1 added, 0 updated, ")


def test_index_with_worker_processes(tmp_path: Path, run, monkeypatch) -> None:
    monkeypatch.setattr(updater, "POOL_FROM_BYTES", 0)  # a pool even for a small corpus
    folder = tmp_path / "corpus"
    folder.mkdir()
    for n, record in enumerate(RECORDS):
        (folder / f"{n}.jsonl").write_text(json.dumps(record))
    result = run("index", str(folder), "--jobs", "2")
    assert result.exit_code == 0
    assert result.text.startswith("5 added, 0 updated, 0 removed, 0 unchanged, 0 skipped; ")
    assert run("search", "*", "--format", "json").output.count('"id"') == len(RECORDS)
    run("index", str(folder), "--jobs", "0", exit_code=2)


def test_index_json_report(indexed: Path, run) -> None:
    (indexed / "news.jsonl").unlink()
    report = json.loads(run("index", str(indexed), "--format", "json").output)
    assert report["removed"] == [str(indexed / "news.jsonl")]
    assert (report["added"], report["updated"], report["unchanged"]) == ([], [], 0)


def test_stats(indexed: Path, run) -> None:
    lines = run("stats").text.splitlines()
    assert lines[0].startswith("index     TMP/idx (")
    assert lines[1:] == [
        "articles  5 from 1 file",
        "dates     2023-10-30 to 2023-12-15",
        "undated   1",
        "sources",
        "        3  Wire One",
        "        2  Daily Ledger",
        "languages",  # of the articles long enough for their language to be told
        "        4  en",
    ]
    stats = json.loads(run("stats", "--format", "json").output)
    assert stats["sources"] == {"Wire One": 3, "Daily Ledger": 2}
    assert stats["languages"] == {"en": 4}


def test_check_reads_the_whole_index(indexed: Path, run) -> None:
    table = run("check").text.splitlines()
    assert table[:2] == [
        "index     TMP/idx: generation 3, 3 segments",
        "articles  5 from 1 file (7 documents, 4 deleted)",
    ]
    assert re.fullmatch(r"checked   in \d+\.\ds: no problems", table[2])
    assert len(table) == 3
    report = json.loads(run("check", "--format", "json").text)
    assert report.pop("seconds") >= 0
    assert report == {
        "path": "TMP/idx",
        "ok": True,
        "generation": 3,
        "segments": 3,
        "documents": 7,
        "deleted": 4,
        "articles": 5,
        "files": 1,
        "problems": [],
        "notes": [],
        "leftovers": [],
    }


def test_a_report_that_cannot_be_written_is_refused_before_the_run(
    tmp_path: Path, corpus: Path, run
) -> None:
    result = run("index", str(corpus), "--report", str(tmp_path / "none" / "r.json"), exit_code=1)
    assert result.text == (
        "Error: cannot write the report: the folder TMP/none does not exist\n"
        "  hint: create it, or give --report a file in a folder that does\n"
    )
    assert not (tmp_path / "idx").exists()


def test_stats_lists_the_records_own_fields(tmp_path: Path, run) -> None:
    folder = tmp_path / "wire"
    folder.mkdir()
    record = {"title": "Crude", "body": "Oil.", "topics": ["crude"], "notes": "A note. " * 30}
    (folder / "wire.jsonl").write_text(json.dumps(record) + "\n")
    run("index", str(folder))
    lines = run("stats").output.splitlines()
    assert lines[-3:] == [
        "fields (besides title, body, source, url, authors, language, id and date)",
        "  notes            text",
        "  topics           keyword",
    ]
    assert json.loads(run("stats", "--format", "json").output)["fields"] == {
        "notes": "text",
        "topics": "keyword",
    }


def test_the_index_report_lists_the_ids_added_changed_and_removed(
    tmp_path: Path, indexed: Path, run
) -> None:
    records = [
        dict(RECORDS[0], title="Aid convoy stopped"),
        *RECORDS[2:],
        dict(RECORDS[1], id="b9"),
    ]
    (indexed / "news.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n")
    result = run("index", str(indexed), "--format", "json", "--report", str(tmp_path / "r.json"))
    expected = {"added": ["b9"], "changed": ["a1"], "removed": ["a2"]}
    assert json.loads(result.output)["articles"] == expected
    assert json.loads((tmp_path / "r.json").read_text())["articles"] == expected
    new = run("search", "*", "--new-since-last-update", "--format", "jsonl").output
    assert [json.loads(line)["id"] for line in new.splitlines()] == ["b9"]
    assert run("search", "*", "--indexed-since", "soon", exit_code=1).text == (
        "Error: 'soon' is not a time since when\n"
        "  hint: write a span back from now (30min, 2h, 7d, 2w), a day or 2023-11-03T08:00\n"
    )


def test_forget_drops_a_folder_that_has_gone(tmp_path: Path, indexed: Path, run) -> None:
    (indexed / "news.jsonl").rename(tmp_path / "news.jsonl")
    assert run("forget", str(indexed)).text.startswith(
        "0 added, 0 updated, 1 removed, 0 unchanged, 0 skipped; 0 articles written (0 new, 0 "
        f"changed, {len(RECORDS)} removed) in "
    )
    assert run("search", "*").text == "0 articles match *\n"
    assert run("forget", str(indexed), exit_code=1).text == (
        "Error: the index holds no file at or under TMP/records\n"
        "  hint: give the path as it was indexed; 'searcher stats' shows how many files it holds\n"
    )
