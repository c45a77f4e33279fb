"""``searcher serve``: its help, a missing extra, and searches that never load the web."""

from __future__ import annotations

import subprocess
import sys

import pytest

from searcher import Index


def test_searching_never_imports_the_web_stack(index: Index) -> None:
    script = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from searcher.cli import cli\n"
        f"result = CliRunner().invoke(cli, ['search', 'aid', '--index', {str(index.path)!r}])\n"
        "assert result.exit_code == 0, result.output\n"
        "print(sorted({'starlette', 'jinja2', 'uvicorn', 'searcher.web'} & set(sys.modules)))\n"
    )
    shown = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert shown.stdout == "[]\n", shown.stderr


def test_without_the_extra_serve_says_how_to_install_it(
    run, index: Index, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "uvicorn", None)  # as if not installed
    result = run("serve", "--index", str(index.path), exit_code=1)
    assert result.output == (
        "Error: serve needs uvicorn, which is not installed\n  hint: pip install 'searcher[web]'\n"
    )


def test_a_missing_index_fails_before_serving(run, tmp_path) -> None:
    result = run("serve", "--index", str(tmp_path / "none"), exit_code=1)
    assert result.output.startswith(f"Error: no searcher index at {tmp_path / 'none'}\n")
