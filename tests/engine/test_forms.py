"""The two forms a search keeps its matches and scores in: sets and dicts for few postings
(numpy never imported), numpy arrays for many, giving the same page."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from searcher import Index
from searcher.engine import forms


def test_a_search_of_few_postings_leaves_numpy_unimported(index: Index, tmp_path: Path) -> None:
    """A cold search of a small archive does not pay numpy's import."""
    index.close()
    script = (
        "import sys\nfrom searcher import Index\n"
        f"hits = Index.open({str(tmp_path / 'idx')!r}).search('aid').total\n"
        "print(hits, 'numpy' in sys.modules)\n"
    )
    shown = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert shown.stdout.split() == ["4", "False"], shown.stderr


def test_the_form_turns_to_arrays_at_the_threshold() -> None:
    assert forms.form_for(forms.DENSE_FROM - 1) is forms.SETS
    assert forms.form_for(forms.DENSE_FROM) is forms.ARRAYS


@pytest.mark.parametrize(
    "text", ["aid", "aid OR rates", "aid NOT convoy", '"central bank"', "title:aid OR ceasefire"]
)
def test_both_forms_give_the_same_page(
    index: Index, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    pages = []
    for threshold in (0, 10**12):
        monkeypatch.setattr(forms, "DENSE_FROM", threshold)
        found = index.search(text, page_size=5)
        pages.append((found.total, [(hit.id, hit.score) for hit in found.hits]))
    assert pages[0] == pages[1]
