"""What researchers ask of a result set beyond a page of hits: trends, concordance,
near-duplicates, similar articles, spelling suggestions, standing queries."""
