"""Standing queries: named searches saved beside the index, run again after each update.

They live in ``watches.json`` in the index folder, outside Whoosh's files, so a rebuild (which
replaces only those) keeps them. Each watch remembers the stamp of the latest update it has
reported on (``seen``: see ``update.updater``): run with ``since_last``, it gives only the
articles first indexed after that update, and ``mark`` moves the stamp on once they have been
shown. A watch added to an index starts from the index's latest update.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Any

from searcher.documents import moment_of
from searcher.engine.storage import file_lock
from searcher.errors import OptionError
from searcher.search.filters import NO_FILTERS, Filters
from searcher.search.results import Hit

#: The file of an index folder that holds its watches.
WATCH_FILE = "watches.json"
#: Held while the watches are read, changed and written back: a cron job marking its runs
#: while a user adds a watch would otherwise lose one of the two changes.
WATCH_LOCK = ".watches.lock"
_NAME = re.compile(r"[\w.-]{1,64}")


@dataclass(frozen=True, slots=True)
class Watch:
    """A saved query: its name, text and filters, and the last update it reported on."""

    name: str
    query: str
    filters: Filters = NO_FILTERS
    seen: int | None = None

    def new_filters(self) -> Filters:
        """Its filters, narrowed to articles first indexed after the update it last saw."""
        if self.seen is None:
            return self.filters
        return dataclasses.replace(self.filters, indexed_since=moment_of(self.seen + 1))

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "query": self.query,
            "filters": _filters_dict(self.filters),
            "seen": self.seen,
        }

    @classmethod
    def from_dict(cls, found: dict[str, Any]) -> Watch:
        return cls(found["name"], found["query"], Filters(**found["filters"]), found["seen"])


@dataclass(frozen=True, slots=True)
class WatchRun:
    """What running a watch found, and the update it has now seen."""

    watch: Watch
    hits: list[Hit]
    updated: int | None


def _filters_dict(filters: Filters) -> dict[str, Any]:
    """The filters that differ from the defaults, as JSON values (relative dates stay text,
    so ``7d`` still means the last seven days at every run)."""
    found = {}
    for spec in dataclasses.fields(Filters):
        value = getattr(filters, spec.name)
        if value == spec.default:
            continue
        if isinstance(value, date | datetime):
            value = value.isoformat()
        elif isinstance(value, tzinfo):
            value = str(value)
        elif isinstance(value, tuple):
            value = list(value)
        found[spec.name] = value
    return found


class Watches:
    """The watches of one index folder, read and written whole."""

    def __init__(self, folder: Path) -> None:
        self.file = Path(folder) / WATCH_FILE
        self._lock = Path(folder) / WATCH_LOCK

    def __iter__(self) -> Iterator[Watch]:
        return iter(self._load().values())

    def _load(self) -> dict[str, Watch]:
        try:
            text = self.file.read_text("utf-8")
        except FileNotFoundError:
            return {}
        try:
            return {w["name"]: Watch.from_dict(w) for w in json.loads(text)["watches"]}
        except (ValueError, KeyError, TypeError) as exc:
            raise OptionError(
                f"cannot read the watches in {self.file}: {exc}",
                hint=f"mend the file or delete it (its watches are lost): {self.file}",
            ) from exc

    def _save(self, watches: dict[str, Watch]) -> None:
        """Write every watch, whole or not at all (a cron job may read them meanwhile)."""
        document = {"watches": [w.to_dict() for w in watches.values()]}
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=self.file.parent, prefix=".watches-", delete=False
        ) as out:
            json.dump(document, out, ensure_ascii=False, indent=2)
        os.replace(out.name, self.file)

    def add(self, watch: Watch) -> None:
        """Save a new watch; a name already taken, or not a plain word, is an OptionError."""
        if not _NAME.fullmatch(watch.name):
            raise OptionError(
                f"'{watch.name}' cannot name a watch",
                hint="use letters, digits, '.', '-' or '_' (up to 64)",
            )
        with file_lock(self._lock):
            watches = self._load()
            if watch.name in watches:
                raise OptionError(
                    f"there is a watch named '{watch.name}' already",
                    hint=f"remove it first: searcher watch remove {watch.name}",
                )
            watches[watch.name] = watch
            self._save(watches)

    def remove(self, name: str) -> None:
        with file_lock(self._lock):
            watches = self._load()
            self.get(name, watches)
            del watches[name]
            self._save(watches)

    def get(self, name: str, watches: dict[str, Watch] | None = None) -> Watch:
        watches = self._load() if watches is None else watches
        if name not in watches:
            known = ", ".join(watches) or "none yet"
            raise OptionError(
                f"no watch named '{name}'", hint=f"'searcher watch list' shows them ({known})"
            )
        return watches[name]

    def selected(self, names: Sequence[str] = ()) -> list[Watch]:
        """The watches named (all of them when none is), in the order saved."""
        watches = self._load()
        return [self.get(name, watches) for name in names] if names else list(watches.values())

    def mark(self, runs: Sequence[WatchRun]) -> None:
        """Record that these runs' articles have been shown: the next ``since_last`` run of
        each watch starts after the update it saw."""
        with file_lock(self._lock):
            watches = self._load()
            for run in runs:
                if (saved := watches.get(run.watch.name)) is not None:
                    watches[saved.name] = dataclasses.replace(saved, seen=run.updated)
            self._save(watches)
