"""The searcher command's errors: one message with a hint, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest


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
