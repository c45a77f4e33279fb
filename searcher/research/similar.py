"""Articles like one: its most telling words searched together."""

from __future__ import annotations

from whoosh import query

from searcher.documents import stored_article
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
    view = snapshot.view
    article = stored_article(view.stored(docnum))
    terms = view.key_terms("body", f"{article.title}\n{article.body}", LIKE_TERMS)
    like = query.Or([query.Term("body", word, boost=weight) for word, weight in terms])
    found = view.search(like, limit, {docnum, *snapshot.bookkeeping})
    marks = patterns(like, view, "body")
    hits = [make_hit(snapshot, doc, score, marks) for doc, score in found]
    return Results(query=article.id, total=len(hits), hits=hits, page_size=limit)
