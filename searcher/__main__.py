"""``python -m searcher``: the same as the ``searcher`` command."""

from searcher.cli import main

main()
