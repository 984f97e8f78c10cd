"""The benchmark corpus (bench/corpus.py, bench/search.py, bench/readshapes.py) stays
valid against the schema: a renamed field or argument fails here, not in a benchmark run
on a million clients."""

from __future__ import annotations

import pytest
from graphql import parse, validate

from bench.corpus import CORPUS
from bench.readshapes import CLIENTELA
from bench.search import LIST
from schema import schema

DOCUMENTS = {
    **{f"corpus {name}": doc.clientela for name, doc in CORPUS.items()},
    **{f"shape {name}": text for name, text in CLIENTELA.items()},
    "search list": LIST,
}


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_bench_document_is_valid(name: str) -> None:
    errors = validate(schema._schema, parse(DOCUMENTS[name]))
    assert not errors, [e.message for e in errors]
