"""The Whoosh-format core: posting lists, columns, segments, plans, scoring, snapshots.

Nothing here knows what a news article is: the application hands it a schema, an analysis
of words and a weighting model, and gets back matches, scores and columns.
"""
