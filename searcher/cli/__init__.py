"""The ``searcher`` command: option parsing and output formats around library calls.

Each module registers its commands on the one group in ``app``, which imports a command's
module when the command is asked for (``app.COMMANDS``).
"""

from searcher.cli.app import cli, main

__all__ = ["cli", "main"]
