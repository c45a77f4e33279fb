"""The Whoosh engine: storage, segments, posting lists, columns, plans, scoring, the view.

Nothing here knows what a news article is: the application hands it a schema, an analysis
of words and a weighting model, and reads and updates it through ``view.WhooshView`` and
``batch.WhooshBatch``, this engine's side of the seam (``searcher.seam``). ``compat`` holds
every use of Whoosh's private members.
"""
