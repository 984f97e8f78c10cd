"""Search (R6.4): what a receptionist types, matched against `client.search_text`.

The text is split into terms at spaces; a client matches when every term is found in its
search text (models/search_text.py), so "rossi mario" and "mario rossi" find the same
people, and a name, an email and a phone can be mixed. Terms are folded like the stored
text: "PÉREZ" finds "Perez", "jose" finds "José".

- A term of three characters or more matches anywhere ("ross" finds "Rossi", "oss" too).
- A shorter term matches the start of a word ("ro" finds "Rossi" and "Roberto", not
  "Pietro"): anywhere, two letters would match nearly everyone.
- A text made only of digits and phone punctuation (spaces, "+", "-", ".", "/", brackets)
  is one run of digits ("333 123", "+39333", "(02) 1234"): it finds the phones holding that
  run. A leading international "00" counts as "+".

On PostgreSQL each term is `search_text LIKE '%term%'` (or `'% te%'` for a short one),
which the trigram index of migration 0009 serves: its trigrams are those of the term,
word-start padded for short terms. The stored text starts with a space so a word start is
always " " + the word, on every database.

The statement that pages a search is planned in `client_rows`/`client_queries` through
`build_filter`; `KnownIds.search_rare` (from `known_ids`) tells whether the search is
rare enough to be read from the index first (see `search_condition`).
"""

from __future__ import annotations

import re

from pypika_tortoise.context import SqlContext
from pypika_tortoise.terms import Criterion, Field
from tortoise.expressions import Q, ResolveContext
from tortoise.query_utils import QueryModifier

from models.search_text import fold

# Shorter terms match at the start of a word only (and a trigram index needs three).
WORD_START_BELOW = 3
MAX_TERMS = 8
_PHONE_LIKE = re.compile(r"\+?[\d\s().\-/]+")
_NOT_DIGIT = re.compile(r"\D")


def search_terms(text: str | None) -> tuple[str, ...]:
    """The folded terms of a search text, longest first (the most selective leads);
    empty when the text holds no letter or digit (no search at all)."""
    if not text or not text.strip():
        return ()
    stripped = text.strip()
    if _PHONE_LIKE.fullmatch(stripped):
        digits = _NOT_DIGIT.sub("", stripped)
        if stripped.startswith("00"):
            digits = digits[2:]
        if len(digits) >= WORD_START_BELOW:
            return (digits,)
    terms = {term for term in (fold(word) for word in stripped.split()) if term}
    return tuple(sorted(terms, key=lambda t: (-len(t), t)))[:MAX_TERMS]


def like_pattern(term: str) -> str:
    """The LIKE pattern of one folded term (letters, digits, spaces: nothing to escape)."""
    return f"%{term}%" if len(term) >= WORD_START_BELOW else f"% {term}%"


class _SearchCriterion(Criterion):
    """`search_text LIKE $pattern AND …`, one pattern per term, values as parameters."""

    def __init__(self, column: Field, terms: tuple[str, ...]) -> None:
        super().__init__()
        self.column = column
        self.terms = terms

    def get_sql(self, ctx: SqlContext) -> str:
        column = self.column.get_sql(ctx.copy(with_namespace=True))
        parts = []
        for term in self.terms:
            pattern = self.column.wrap_constant(like_pattern(term)).get_sql(ctx)
            parts.append(f"{column} LIKE {pattern}")
        return "(" + " AND ".join(parts) + ")"


class SearchMatch(Q):
    """Clients whose search text holds every term (see the module)."""

    def __init__(self, terms: tuple[str, ...]) -> None:
        super().__init__()
        self.terms = terms

    def resolve(self, resolve_context: ResolveContext) -> QueryModifier:
        column = Field("search_text", table=resolve_context.table)
        return QueryModifier(where_criterion=_SearchCriterion(column, self.terms))
