"""Refusing queries that cannot mean what the user typed, before Whoosh guesses."""

from __future__ import annotations

import re

from searcher.errors import QueryError

#: The longest query accepted.
MAX_QUERY_LENGTH = 2000
#: How deep parentheses may nest: Whoosh's parser recurses, and runs out of stack near 900.
MAX_NESTING = 100
OPERATORS = ("AND", "OR", "NOT", "ANDNOT", "ANDMAYBE")
#: A minus sign that means NOT: before a letter, a quote or a group (after a space, a
#: bracket or the start of the query).
MINUS = r"-(?=[^\W\d_]|[\"(])"


def check_syntax(text: str) -> None:
    """Reject what the Whoosh parser would silently misread, pointing at the problem."""
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(
            f"the query is {len(text):,} characters long; the limit is {MAX_QUERY_LENGTH:,}",
            hint="shorten the query, or split it into several searches",
        )
    if not text.strip():
        raise QueryError("the query is empty", hint='search for words, e.g. "humanitarian aid"')
    opened: list[int] = []
    quote: int | None = None
    for pos, char in enumerate(text):
        if char == '"':
            quote = pos if quote is None else None
        elif quote is not None:
            continue
        elif char == "(":
            opened.append(pos)
            if len(opened) > MAX_NESTING:
                raise QueryError(
                    f"the parentheses nest more than {MAX_NESTING} deep",
                    text,
                    pos,
                    hint="remove parentheses that group a single part",
                )
        elif char == ")":
            if not opened:
                raise QueryError("this ')' closes nothing", text, pos, hint="remove it or add '('")
            opened.pop()
    if quote is not None:
        raise QueryError("this quote is never closed", text, quote, hint='close the phrase with "')
    if opened:
        raise QueryError("this '(' is never closed", text, opened[-1], hint="add ')'")
    _check_operators(text)
    _check_marks(text)


def _check_marks(text: str) -> None:
    """``^`` and a ``~`` after a word are Lucene syntax Whoosh would read as words
    (``trump^2`` as "trump" then "2"): say what searcher takes instead."""
    outside_quotes = re.sub(r'"[^"]*"', lambda m: "Q" * (len(m.group()) - 1) + '"', text)
    for mark in re.finditer(r"\^|(?<!\")~", outside_quotes):
        if mark.group() == "^":
            raise QueryError(
                "'^' (a boost) is not supported",
                text,
                mark.start(),
                hint="remove it; words already count by how rare they are",
            )
        raise QueryError(
            "'~' needs a phrase",
            text,
            mark.start(),
            hint='write "aid gaza"~5 for words within 5 positions; a typo shows "did you mean"',
        )


def _check_operators(text: str) -> None:
    # A phrase counts as one word beside an operator (kept as long, for the offsets).
    outside_quotes = re.sub(r'"[^"]*"', lambda m: "Q" * len(m.group()), text)
    found = re.finditer(rf"(?<![^\s(])(?P<minus>{MINUS})|[^\s()]+|[()]", outside_quotes)
    words = [(word, "NOT" if word["minus"] else word.group()) for word in found]
    for i, (word, name) in enumerate(words):
        if name not in OPERATORS:
            continue
        after = words[i + 1][1] if i + 1 < len(words) else ")"
        before = words[i - 1][1] if i else "("
        binary = name != "NOT"
        # NOT NOT would make Whoosh's parser fail with an IndexError
        dangling = after in OPERATORS and (after != "NOT" or not binary)
        if after == ")" or dangling or (binary and before == "("):
            raise QueryError(
                f"{word.group()} needs a word on each side"
                if binary
                else "NOT needs a word after it",
                text,
                word.start(),
                hint=f"write e.g. 'gaza {word.group()} rafah'"
                if binary
                else "write e.g. 'gaza NOT rafah'",
            )
