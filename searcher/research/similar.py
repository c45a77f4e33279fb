"""Articles like one: its most telling words searched together."""

from __future__ import annotations

from whoosh import query

from searcher.search.highlight import patterns
from searcher.search.pipeline import check_options
from searcher.search.results import Results, make_hit
from searcher.search.snapshot import Snapshot

#: How many of an article's most telling words look for articles like it.
LIKE_TERMS = 12


def more_like(snapshot: Snapshot, docnum: int, limit: int = 10) -> Results:
    """Articles like one: its most telling words (Whoosh's Bo1 model over its title and
    body) searched together, weighted; the article itself and the updater's records left
    out. ``query`` is the article's id and ``total`` the number of hits."""
    check_options((), "relevance", 1, limit)
    searcher = snapshot.searcher
    stored = searcher.stored_fields(docnum)
    text = f"{stored.get('title', '')}\n{stored.get('body', '')}"
    terms = searcher.key_terms_from_text("body", text, numterms=LIKE_TERMS)
    like = query.Or([query.Term("body", word, boost=weight) for word, weight in terms])
    found = searcher.search(like, limit=limit, mask={docnum, *snapshot.bookkeeping})
    marks = patterns(like, searcher.reader(), "body")
    hits = [make_hit(snapshot, hit.docnum, hit.score, marks) for hit in found]
    return Results(query=stored["id"], total=len(hits), hits=hits, page_size=limit)
