"""Tokenizing, folding and stemming, and the near-duplicate sketch of a text: the one place
that indexing, queries, highlights, spelling and near-duplicates all call."""
