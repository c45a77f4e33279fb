"""Outlets: the names people give the sources of articles, and collections of them.

Records exported with a URL but no source name get their page's host as source
(``bbc.co.uk``) where people say "BBC". An article's outlet is the source its record or page
names; for one that names none (its source is its host), the name the user's map gives that
host, else the name the index's other articles from that host carry (an HTML page's site
name), else the host itself. The map and the collections (named sets of outlets, as Media
Cloud's) live in the index folder as ``sources.toml``, which rebuilds leave in place, and are
read when the index is opened or the file changes: changing them needs no rebuild.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tomllib
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import query

from searcher.documents import host_of
from searcher.errors import OptionError
from searcher.seam import View

#: The map's file in the index folder.
MAP_FILE = "sources.toml"
#: Held while the map is read, changed and written back (``engine.storage.file_lock``).
MAP_LOCK = ".sources.lock"


def host_key(text: str) -> str | None:
    """``text`` as a host the map is keyed by (lower case, no ``www.``), or None if it is
    not one."""
    text = text.strip()
    if "." not in text or " " in text:
        return None
    return host_of(text if "//" in text else f"//{text}")


@dataclass(slots=True)
class OutletMap:
    """The user's names of hosts, and collections of outlets (names or hosts)."""

    names: dict[str, str] = field(default_factory=dict)
    collections: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path) -> OutletMap:
        """The map kept in ``folder``; empty when there is none."""
        path = folder / MAP_FILE
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return cls()
        return cls.parse(text, path)

    @classmethod
    def parse(cls, text: str, path: Path) -> OutletMap:
        """A map from TOML text: ``[names]`` host = "name", ``[collections]`` name = [...]."""
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise _bad(path, str(exc)) from exc
        for unknown in set(data) - {"names", "collections"}:
            raise _bad(path, f"unknown table [{unknown}] (the map holds [names] and [collections])")
        names, collections = data.get("names", {}), data.get("collections", {})
        if not isinstance(names, dict) or not all(isinstance(v, str) for v in names.values()):
            raise _bad(path, "[names] must map hosts to names")
        if not isinstance(collections, dict) or not all(
            isinstance(v, list) and all(isinstance(m, str) for m in v) for v in collections.values()
        ):
            raise _bad(path, "[collections] must map names to lists of outlets")
        map_ = cls()
        for host, name in names.items():
            map_.name(host, name, path)
        map_.collections = {k: list(dict.fromkeys(v)) for k, v in collections.items()}
        return map_

    @classmethod
    def read(cls, path: Path) -> OutletMap:
        """A map from a file of the user's: TOML as ``sources.toml``, or CSV with the
        columns ``host,name``."""
        try:
            text = path.read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise OptionError(f"cannot read {path}: {exc.strerror or exc}") from exc
        if path.suffix.lower() != ".csv":
            return cls.parse(text, path)
        rows = csv.DictReader(io.StringIO(text))
        if not {"host", "name"} <= {(c or "").strip().lower() for c in rows.fieldnames or ()}:
            raise _bad(path, "a CSV sources map needs the columns host,name")
        map_ = cls()
        for row in rows:
            row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
            map_.name(row["host"], row["name"], path)
        return map_

    def name(self, host: str, name: str, origin: Path | None = None) -> None:
        """Give the outlet on ``host`` the name ``name``."""
        key = host_key(host)
        if key is None or not name.strip():
            where = f" in {origin}" if origin else ""
            raise OptionError(
                f"'{host}'{where} is not a host to name",
                hint="name a host as its pages give it, e.g. searcher sources set bbc.co.uk BBC",
            )
        self.names[key] = name.strip()

    def merge(self, other: OutletMap) -> None:
        self.names.update(other.names)
        self.collections.update(other.collections)

    def save(self, folder: Path) -> None:
        """Write the map to ``folder`` in one rename, so a reader never sees half of it."""
        lines = ["[names]", *(f"{_toml(k)} = {_toml(v)}" for k, v in sorted(self.names.items()))]
        lines += ["", "[collections]"]
        for name, members in sorted(self.collections.items()):
            lines.append(f"{_toml(name)} = [{', '.join(map(_toml, members))}]")
        staged = folder / f".{MAP_FILE}.new"
        staged.write_text("\n".join(lines) + "\n", encoding="utf-8")
        os.replace(staged, folder / MAP_FILE)


def map_stamp(folder: Path) -> tuple[int, int] | None:
    """What tells that the map in ``folder`` changed (None: there is none)."""
    try:
        stat = (folder / MAP_FILE).stat()
    except FileNotFoundError:
        return None
    return stat.st_mtime_ns, stat.st_size


def _toml(text: str) -> str:
    # A JSON string without ASCII escaping is a TOML basic string.
    return json.dumps(text, ensure_ascii=False)


def _bad(path: Path, why: str) -> OptionError:
    return OptionError(
        f"cannot read the sources map {path}: {why}",
        hint=f"fix or remove the file; 'searcher sources set HOST NAME' writes {MAP_FILE}",
    )


def outlet_names(view: View, names: Mapping[str, str]) -> dict[str, str]:
    """For every source the index holds, its outlet's name (see the module's docstring)."""
    hosts = set(view.values("host"))
    found = {}
    for source in view.values("source"):
        if source in hosts:
            found[source] = names.get(source) or _seen_name(view, source) or source
        else:
            found[source] = source
    return found


def _seen_name(view: View, host: str) -> str | None:
    """The name most articles from ``host`` that name their source give it."""
    sources = view.column("source")
    seen = Counter(sources[doc] for doc in view.matches(query.Term("host", host)))
    seen.pop(host, None)
    seen.pop("", None)
    return min(seen, key=lambda name: (-seen[name], name)) if seen else None
