"""Exports of chosen fields (``search --all --fields``) and CSV for Excel (``--excel``)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.conftest import RECORDS, build_index

#: Records whose text Excel would garble when it read a CSV in the local code page.
WORLD = [
    {
        "id": "ar",
        "title": "قافلة مساعدات تصل",
        "body": "وصلت قافلة المساعدات إلى غزة.",
        "date": "2023-11-01",
    },
    {"id": "ru", "title": "Конвой с помощью", "body": "Конвой пересёк границу, сообщили в ООН."},  # noqa: RUF001
    {"id": "zh", "title": "援助车队抵达", "body": "援助车队周一抵达。", "source": "新华社"},
]


def test_fields_choose_the_columns_of_every_hit(indexed: Path, run) -> None:
    out = run(
        "search",
        "aid",
        "--all",
        "--sort",
        "oldest",
        "--format",
        "csv",
        "--fields",
        "id,date,source,title,body,host",
    )
    assert out.output == (
        "id,date,source,title,body,host\n"
        "a1,2023-10-30,Wire One,Aid convoy reaches Rafah,"
        "A convoy carrying humanitarian aid crossed the Rafah gate into Gaza on Monday.,"
        "wire.example\n"
        "a3,2023-11-03T23:30:00+00:00,Wire One,Ceasefire talks resume,"
        '"Diplomats said ceasefire talks would resume, and aid groups asked for access.",'
        "wire.example\n"
        "a5,,Wire One,Undated note on aid,"
        '"An archive note about aid deliveries, with no date.",wire.example\n'
    )


def test_fields_in_jsonl_and_json_keep_lists_and_scores(indexed: Path, run) -> None:
    rows = run(
        "search",
        "rates",
        "--all",
        "--format",
        "jsonl",
        "--fields",
        "id,authors,score,snippet,highlights",
    ).output.splitlines()
    [row] = map(json.loads, rows)
    assert list(row) == ["id", "authors", "score", "snippet", "highlights"]
    assert (row["id"], row["authors"]) == ("a2", [])
    assert row["score"] > 0
    assert [row["snippet"][a:b] for a, b in row["highlights"]] == ["rates"]
    whole = json.loads(
        run("search", "rates", "--all", "--format", "json", "--fields", "id,date").output
    )
    assert whole == {
        "query": "rates",
        "total": 1,
        "hits": [{"id": "a2", "date": "2023-11-02T09:30:00+00:00"}],
    }


def test_a_list_field_is_joined_in_csv(tmp_path: Path, run) -> None:
    folder = tmp_path / "records"
    folder.mkdir()
    signed = {**RECORDS[0], "authors": ["Ann Lee", "Sam Roe"]}
    lines = [json.dumps(r) for r in (signed, *RECORDS[1:])]
    (folder / "news.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    build_index(folder, tmp_path / "idx").close()
    out = run("search", "convoy", "--all", "--format", "csv", "--fields", "id,authors")
    assert out.output == "id,authors\na1,Ann Lee; Sam Roe\n"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (("--fields", "id,dat", "--all", "--format", "csv"), "unknown field 'dat'"),
        (
            ("--fields", "id", "--format", "csv"),
            "--fields chooses the columns of an export; add --all",
        ),
        (
            ("--fields", "id", "--all"),
            "--fields chooses columns of csv, jsonl or json; add --format csv",
        ),
        (("--excel", "--format", "jsonl"), "--excel makes a CSV for Excel; add --format csv"),
    ],
)
def test_export_options_are_refused_where_they_mean_nothing(
    indexed: Path, run, options: tuple[str, ...], message: str
) -> None:
    refused = run("search", "aid", *options, exit_code=1 if "dat" in options[1] else 2)
    assert message in refused.output


def test_excel_csv_opens_with_its_non_latin_text_intact(tmp_path: Path, run) -> None:
    folder = tmp_path / "world"
    folder.mkdir()
    lines = [json.dumps(r, ensure_ascii=False) for r in (*WORLD, RECORDS[0])]
    (folder / "news.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    build_index(folder, tmp_path / "idx").close()
    out = run(
        "search",
        "*",
        "--all",
        "--format",
        "csv",
        "--fields",
        "id,source,title,body",
        "--excel",
        "--sort",
        "oldest",
    )
    data = out.stdout_bytes
    # Excel takes a CSV for UTF-8 only when it starts with the byte-order mark.
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    held = {r["id"]: (r["source"], r["title"], r["body"]) for r in rows}
    for record in WORLD:
        source, title, body = held[record["id"]]
        assert (title, body) == (record["title"], record["body"])
        assert source == record.get("source", source)
    assert len(rows) == len(WORLD) + 1
    assert (
        run("search", "*", "--all", "--format", "csv", "--bom").stdout_bytes[:3] == b"\xef\xbb\xbf"
    )
    assert not run("search", "*", "--all", "--format", "csv").stdout_bytes.startswith(b"\xef")


def test_excel_csv_holds_no_cell_excel_would_run_as_a_formula(tmp_path: Path, run) -> None:
    """An article's text is data on every surface: in Excel too, never a formula."""
    folder = tmp_path / "tricky"
    folder.mkdir()
    record = {"id": "t1", "title": '=HYPERLINK("http://x.example","open")', "body": "-2+3 said"}
    lines = [json.dumps(r) for r in (record, RECORDS[0])]
    (folder / "news.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "world.jsonl").write_text(json.dumps(RECORDS[1]) + "\n", encoding="utf-8")
    build_index(folder, tmp_path / "idx").close()
    fields = ("search", "said", "--all", "--format", "csv", "--fields", "id,title,body")
    for_excel = list(csv.reader(io.StringIO(run(*fields, "--excel").text.lstrip("\ufeff"))))
    assert for_excel[1] == ["t1", '\'=HYPERLINK("http://x.example","open")', "'-2+3 said"]
    plain = list(csv.reader(io.StringIO(run(*fields).text)))
    assert plain[1] == ["t1", record["title"], record["body"]]
