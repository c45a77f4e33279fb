"""Searching a snapshot: filters, matching, order, facets, collapse, results, the pipeline."""
