"""The Whoosh engine implements the seam whole: every member of View and Batch, with the
seam's parameters, so the application can rely on the seam alone."""

from __future__ import annotations

import inspect

import pytest

from searcher.engine.batch import WhooshBatch
from searcher.engine.view import WhooshView
from searcher.seam import Batch, View

from tests.conftest import RECORDS


def _members(protocol: type) -> dict[str, object]:
    names = set(vars(protocol)) | set(getattr(protocol, "__annotations__", {}))
    return {name: vars(protocol).get(name) for name in names if not name.startswith("_")}


@pytest.mark.parametrize(("protocol", "engine"), [(View, WhooshView), (Batch, WhooshBatch)])
def test_the_whoosh_engine_implements_the_seam(protocol: type, engine: type) -> None:
    members = _members(protocol)
    assert members
    for name, member in members.items():
        if callable(member):
            theirs = inspect.signature(member).parameters
            ours = inspect.signature(getattr(engine, name)).parameters
            assert list(ours) == list(theirs), name
        else:  # an attribute: set by the engine's constructor
            source = inspect.getsource(engine.__init__)
            assert f"self.{name} " in source or f"self.{name}:" in source, name


def test_stored_many_reads_each_document_as_stored_does(index) -> None:
    view = index.snapshot().view
    docnums = sorted(view.live_docs(), reverse=True)  # across segments, out of order
    assert len(view.searcher.leaf_searchers()) > 2
    assert list(view.stored_many(docnums)) == [view.stored(n) for n in docnums]


def test_stored_fields_hold_the_body_but_a_read_of_short_fields_leaves_it(index) -> None:
    view = index.snapshot().view
    docnums = sorted(view.live_docs())
    whole = [doc for doc in view.stored_many(docnums) if "id" in doc]
    short = [doc for doc in view.stored_many(docnums, {"id", "title"}) if "id" in doc]
    assert all(doc["body"] for doc in whole)
    assert [{k: v for k, v in doc.items() if k != "body"} for doc in whole] == short
    bodies = {record["id"]: record["body"] for record in RECORDS}
    read = {doc["id"]: doc["body"] for doc in whole if doc["id"] in bodies}
    assert len(read) > 3
    assert read == {name: bodies[name] for name in read}
