"""searcher's benchmarks: speed, memory, quality and reliability, measured on the real data.

Each module is a benchmark run from the repository root (where ``bench`` imports), on the
data sets of ``$SEARCHER_TEST_DATA`` or ``../shared/data``. ``core``, ``cleaner`` and
``reliability all`` replace their section of ``bench/RESULTS.md`` (or of ``--out FILE``);
``relevance`` writes its section only with ``--out``:

    python -m bench.core [--corpus reuters|news2017|all] [--scales 1,2,5,10] [--repeat N]
        [--skip-naive] [--skip-update] [--out FILE]   # against naive Whoosh and SQLite FTS5
    python -m bench.reliability [crash|concurrency|hostile|all] [--trials N] [--out FILE]
    python -m bench.cleaner [--repeat N] [--misses N] [--out FILE]   # the HTML cleaner
    python -m bench.relevance [--data DIR] [--variants] [--cost] [--out FILE]   # ranking
    python -m bench.duplicates [--copies N]   # near-duplicates; prints only

``bench.common`` holds what they share: the data folder, ``write_section``, the machine
record and markdown tables. The tests import ``cleaner``, ``relevance`` and ``reliability``
to run their gates and small versions of the trials.
"""
