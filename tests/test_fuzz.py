"""Schema-driven fuzzing (issue 14): documents generated from the served schema (hypothesis-graphql)
over every query and mutation field, run with an owner's credentials and without any, must never
end in INTERNAL_SERVER_ERROR or an exception: bad input is a typed answer.

Seeded (the same documents on every run) and bounded in time: each of the four runs (queries and
mutations, as owner and anonymous) executes its documents until FUZZ_SECONDS pass (default 12).
FUZZ_EXAMPLES sets how many documents each run generates (default 400).
"""

from __future__ import annotations

import functools
import os
import time
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from hypothesis_graphql import mutations, nodes, queries

from tests.factories import make_actor, make_client, make_level, make_org
from tests.helpers import execute

SEED = 14
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "400"))
SECONDS = float(os.environ.get("FUZZ_SECONDS", "12"))


def _instants() -> st.SearchStrategy[str]:
    offsets = st.integers(-14 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))
    aware = st.builds(
        lambda moment, zone: moment.replace(tzinfo=zone).isoformat(), st.datetimes(), offsets
    )
    naive = st.datetimes().map(datetime.isoformat)
    edges = st.sampled_from(
        ["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00", "2027-01-01", ""]
    )
    return st.one_of(aware, naive, edges, st.text(max_size=30))


SCALARS = {
    "Date": st.one_of(st.dates().map(str), st.text(max_size=12)).map(nodes.String),
    "DateTime": _instants().map(nodes.String),
    "Decimal": st.one_of(
        st.decimals(allow_nan=True, allow_infinity=True).map(str), st.text(max_size=12)
    ).map(nodes.String),
    "JSON": st.one_of(st.text(max_size=40).map(nodes.String), st.integers().map(nodes.Int)),
}


@functools.cache
def _documents(schema_text: str, kind: str) -> list[str]:
    """EXAMPLES documents of `kind`, the same on every run (no test database involved); made
    once per process, since the owner's and the anonymous run send the same ones."""
    make = queries if kind == "query" else mutations
    strategy = make(schema_text, custom_scalars=SCALARS)
    found: list[str] = []

    @seed(SEED)
    @settings(
        max_examples=EXAMPLES,
        database=None,
        phases=[Phase.generate],
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def collect(document: str) -> None:
        found.append(document)

    collect()
    return found


@pytest.fixture(scope="module")
def schema_text() -> str:
    from schema import schema

    return schema.as_str()


@pytest.fixture
async def owner(db):
    org = await make_org(slug="fuzz")
    gold = await make_level(org, "Gold", 100)
    await make_client(org, first_name="Ann", email="ann@example.com", external_id="E-1", level=gold)
    return await make_actor(org)


@pytest.mark.xdist_group("fuzz")  # one process makes each kind's documents once
@pytest.mark.parametrize("kind", ["query", "mutation"])
@pytest.mark.parametrize("caller", ["owner", "anonymous"])
async def test_no_generated_document_is_a_server_error(schema_text, owner, kind, caller):
    documents = _documents(schema_text, kind)
    actor = owner if caller == "owner" else None
    failures: list[str] = []
    deadline = time.monotonic() + SECONDS
    ran = 0
    for document in documents:
        if time.monotonic() > deadline:
            break
        ran += 1
        try:
            result = await execute(document, actor=actor)
        except Exception as exc:  # an exception out of execute is a server error too
            failures.append(f"{type(exc).__name__}: {document}")
            continue
        for error in result.errors or ():
            if (error.extensions or {}).get("code") in (None, "INTERNAL_SERVER_ERROR"):
                failures.append(f"{(error.extensions or {}).get('code')}: {document}")
    print(f"\n{kind} as {caller}: {ran} of {len(documents)} documents in {SECONDS:g} s")
    assert ran >= min(len(documents), 50)
    assert failures == [], "\n".join(failures[:5])
