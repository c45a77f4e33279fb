"""The tests, in folders that mirror searcher's packages; as packages, same-named modules in
different folders do not clash, and ``tests.conftest`` imports as itself."""
