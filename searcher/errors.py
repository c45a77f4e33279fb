"""Typed errors: the library raises these; the CLI turns them into one-line messages.

Each error carries a ``hint`` that tells the user what to do next, so every
front end (CLI, scripts, notebooks) can show the same advice.
"""

from __future__ import annotations


class SearcherError(Exception):
    """Base class of every error searcher raises on purpose."""

    hint: str = ""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        if hint is not None:
            self.hint = hint


class IndexNotFound(SearcherError):
    """There is no searcher index at the given path."""

    hint = "build one with: searcher index PATH... --index DIR"


class IndexLocked(SearcherError):
    """Another process is writing to the index and did not finish in time."""

    hint = "wait for the other 'searcher index' run to finish, then try again"


class IndexExists(SearcherError):
    """An index is already where a new one was to be made."""

    hint = "open it with Index.open, or update it with 'searcher index'"


class IndexUnreadable(SearcherError):
    """The index cannot be read as it is; ``--rebuild`` replaces it."""

    hint = "rebuild it with: searcher index PATH... --rebuild"


class IndexDamaged(IndexUnreadable):
    """Part of the index cannot be read: a file is missing, cut short or corrupt."""

    hint = (
        "see what is wrong with 'searcher check'; rebuild it with: searcher index PATH... --rebuild"
    )


class IndexVersionError(IndexUnreadable):
    """The index was built with a different schema than this searcher uses."""


class IndexWriteError(SearcherError):
    """The system refused a write to the index (permissions, a full disk); it is unchanged."""

    hint = "check the folder's permissions and free disk space, then run it again"


class ArticleNotFound(SearcherError):
    """No article has the requested id."""

    hint = "find ids with: searcher search QUERY"


class NothingIndexed(SearcherError):
    """``forget`` was given a path the index holds no file of."""

    hint = "give the path as it was indexed; 'searcher stats' shows how many files it holds"


class IngestError(SearcherError):
    """A file could not be turned into articles; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class DateError(SearcherError, ValueError):
    """A date string could not be understood."""

    hint = "use a date like 2023-11-03, 2023-11 or 2023"


class QueryError(SearcherError):
    """A query string could not be parsed; ``position`` points at the problem."""

    def __init__(
        self, message: str, query: str = "", position: int | None = None, hint: str | None = None
    ) -> None:
        super().__init__(message, hint)
        self.query = query
        self.position = position

    def caret(self) -> str:
        """The query with a caret under the problem, for terminal output."""
        if self.position is None or not self.query:
            return ""
        return f"{self.query}\n{' ' * self.position}^"


class SearchTimeout(SearcherError):
    """A search ran past its time limit."""

    hint = "narrow it: fewer or longer wildcards, a date range, or a source"


class UnknownSource(SearcherError, ValueError):
    """A source the index holds no article of: a search of it could only find nothing."""

    hint = "'searcher sources' lists every outlet and host; names ignore case"


class OptionError(SearcherError, ValueError):
    """An option has a value searcher does not know (a sort, a facet, a page)."""


class ExtraMissing(SearcherError):
    """A feature needs an optional package that is not installed (charts need matplotlib)."""


class ClusterError(SearcherError):
    """A cluster cannot be reached, started or written to as asked."""

    hint = "check that the cluster runs ('searcher cluster start DIR') and its address"


class ClusterUnsupported(SearcherError, ValueError):
    """A search or command asks for something a cluster index cannot do (yet)."""

    hint = "run it on a Whoosh index folder, or leave the option out on the cluster"
