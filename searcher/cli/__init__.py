"""The ``searcher`` command: option parsing and output formats around library calls.

Each module registers its commands on the one group in ``app``.
"""

from searcher.cli import analytics, indexing, searching
from searcher.cli import cluster as cluster
from searcher.cli import duplicates as duplicates
from searcher.cli import extract as extract
from searcher.cli import serving as serving
from searcher.cli import sources as sources
from searcher.cli import watching as watching
from searcher.cli.app import cli, main

__all__ = ["analytics", "cli", "indexing", "main", "searching"]
