"""The relevance model (BM25F per field) and the preferences that blend age or proximity in."""
