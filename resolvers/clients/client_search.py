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
which the trigram index of migration 0016 serves: its trigrams are those of the term,
word-start padded for short terms. The stored text starts with a space so a word start is
always " " + the word, on every database.

The statement that pages a search is planned in `client_rows`/`client_queries` through
`build_filter`; `KnownIds.search_rare` (from `known_ids`) tells whether the search is
rare enough to be read from the index first (see `search_condition`).
"""

from __future__ import annotations

import re

from pypika_tortoise.context import SqlContext
from pypika_tortoise.queries import Table
from pypika_tortoise.terms import Criterion, Field
from tortoise.expressions import Q, ResolveContext
from tortoise.query_utils import QueryModifier

from models.search_text import fold

# Shorter terms match at the start of a word only (and a trigram index needs three).
WORD_START_BELOW = 3
# A search with this many matches or fewer is read from the trigram index first.
SEARCH_FIRST_UP_TO = 2000
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


def probe_sql(organization: str, patterns: list[str]) -> str:
    """A row ('search', NULL, n): how many clients of the organization match, counted up to
    SEARCH_FIRST_UP_TO + 1 (`organization` and `patterns` are placeholders)."""
    likes = " AND ".join(f"search_text LIKE {p}" for p in patterns)
    return (
        "SELECT 'search' AS kind, NULL AS key, count(*) AS id FROM (SELECT 1 FROM client"  # noqa: S608
        f" WHERE organization_id = {organization} AND {likes}"
        f" LIMIT {SEARCH_FIRST_UP_TO + 1}) AS probe"
    )


class _SearchCriterion(Criterion):
    """`search_text LIKE $pattern AND …`, one pattern per term, values as parameters; or,
    for a rare search, `id = ANY(ARRAY(SELECT id … LIKE …))`: the array is computed first
    from the trigram index, and the statement's other conditions, order and limit apply to
    those few rows (by primary key). Written plainly, PostgreSQL may instead walk the
    clients in the page's order, testing each, looking for 21 matches that may not exist:
    every client read when nothing matches."""

    def __init__(self, table: Table, terms: tuple[str, ...], organization_id: int | None) -> None:
        super().__init__()
        self.table = table
        self.terms = terms
        self.organization_id = organization_id

    def _likes(self, column: Field, ctx: SqlContext) -> str:
        name = column.get_sql(ctx.copy(with_namespace=True))
        parts = []
        for term in self.terms:
            pattern = column.wrap_constant(like_pattern(term)).get_sql(ctx)
            parts.append(f"{name} LIKE {pattern}")
        return " AND ".join(parts)

    def get_sql(self, ctx: SqlContext) -> str:
        if self.organization_id is None:
            return f"({self._likes(Field('search_text', table=self.table), ctx)})"
        found = Table("client", alias="_s")
        likes = self._likes(Field("search_text", table=found), ctx)
        client_id = Field("id", table=self.table).get_sql(ctx.copy(with_namespace=True))
        return (
            f"{client_id} = ANY(ARRAY(SELECT _s.id FROM client _s"  # noqa: S608
            f" WHERE _s.organization_id = {int(self.organization_id)} AND {likes}))"
        )


class SearchMatch(Q):
    """Clients whose search text holds every term (see the module); `rare_in` is the
    organization when the search is known to be rare (PostgreSQL: read the index first)."""

    def __init__(self, terms: tuple[str, ...], rare_in: int | None = None) -> None:
        super().__init__()
        self.terms = terms
        self.rare_in = rare_in

    def resolve(self, resolve_context: ResolveContext) -> QueryModifier:
        criterion = _SearchCriterion(resolve_context.table, self.terms, self.rare_in)
        return QueryModifier(where_criterion=criterion)
