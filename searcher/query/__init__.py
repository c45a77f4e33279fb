"""Query strings to Whoosh queries: the parser and its plugins, date syntax, explain."""
