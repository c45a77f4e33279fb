"""A Sphinx/Manticore cluster as a searcher index."""
