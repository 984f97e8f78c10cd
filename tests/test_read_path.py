"""The read path (issues 7 and 16): a page carries what its nodes ask for in one statement
(the compiled path), with the same answers as the reference (graphql-core and the
DataLoaders); authenticated callers are cached within a bound."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
import strawberry

from clientela.settings import Settings
from models import ApiKey, PointsEntry
from schema.execution import ExecutionContext
from tests.factories import make_actor, make_api_key, make_client, make_ledger, make_level, make_org
from tests.helpers import count_statements, http_client, run

NODE_FIELDS = """
  id level { id name threshold } tags { id name }
  pointsHistory(first: 3) {
    pageInfo { hasNextPage endCursor }
    nodes { id amount balanceAfter reason source actorType actorName expiresAt remaining
            idempotencyKey createdAt }
  }
"""
PAGE = f"{{ clients(first: 10, orderBy: NAME_ASC) {{ nodes {{ {NODE_FIELDS} }} }} }}"
ONE = f"query($id: ID!) {{ client(id: $id) {{ {NODE_FIELDS} }} }}"


@pytest.fixture
async def gym(db):
    org = await make_org()
    gold = await make_level(org, "Gold", 1000)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for i in range(12):
        client = await make_client(
            org,
            last_name=f"Rossi{i:02}",
            level=gold if i % 3 else None,
            tags=[f"t{i % 4}", "Zeta", "alpha"][: i % 4],
        )
        await make_ledger(client, i % 6, start)
    return org


async def _compiled(gym, query: str) -> tuple[Any, int]:
    """The answer of the app (the compiled path answers it) and its statements."""
    token = await make_api_key(gym)
    headers = {"Authorization": f"Bearer {token}"}
    async with http_client() as http:
        await http.post("/graphql", json={"query": "{ __typename }"}, headers=headers)
        with count_statements() as counter:
            response = await http.post("/graphql", json={"query": query}, headers=headers)
    return response.json()["data"], counter.count


async def test_a_page_carries_level_tags_and_latest_points_in_one_statement(gym):
    data, statements = await _compiled(gym, PAGE)
    assert statements == 1
    nodes = data["clients"]["nodes"]
    assert len(nodes) == 10
    assert any(n["pointsHistory"]["pageInfo"]["hasNextPage"] for n in nodes)
    assert any(n["level"] is None for n in nodes)
    assert any(len(n["tags"]) == 3 for n in nodes)
    # The reference (graphql-core and the DataLoaders) gives the very same answers.
    actor = await make_actor(gym)
    assert (await run(PAGE, actor=actor))["clients"]["nodes"] == nodes
    for node in nodes:
        assert (await run(ONE, {"id": node["id"]}, actor=actor))["client"] == node


async def test_fragments_and_edges_are_carried_too(gym):
    query = (
        "{ clients(first: 10, orderBy: NAME_ASC) { edges { node { ...F } } } }"
        f" fragment F on Client {{ {NODE_FIELDS} }}"
    )
    data, statements = await _compiled(gym, query)
    assert statements == 1
    expected = (await run(PAGE, actor=await make_actor(gym)))["clients"]["nodes"]
    assert [e["node"] for e in data["clients"]["edges"]] == expected


async def test_two_sizes_of_points_fall_back_to_the_batched_loader(gym):
    actor = await make_actor(gym)
    query = """{ clients(first: 10, orderBy: NAME_ASC) { nodes { id
        two: pointsHistory(first: 2) { nodes { id } } four: pointsHistory(first: 4) { nodes { id } }
    } } }"""
    with count_statements() as counter:
        nodes = (await run(query, actor=actor))["clients"]["nodes"]
    assert counter.count == 3, counter.statements  # the page, then one per size
    for node in nodes:
        four = [e["id"] for e in node["four"]["nodes"]]
        assert [e["id"] for e in node["two"]["nodes"]] == four[:2]
        entries = await PointsEntry.filter(client__uuid=node["id"]).order_by("-created_at")
        assert four == [str(e.uuid) for e in entries[:4]]


async def test_a_page_of_another_organization_carries_nothing_of_this_one(gym):
    other = await make_org()
    await make_client(other, last_name="Verdi")
    nodes = (await run(PAGE, actor=await make_actor(other)))["clients"]["nodes"]
    assert len(nodes) == 1
    assert nodes[0]["tags"] == []
    assert nodes[0]["pointsHistory"]["nodes"] == []
    assert nodes[0]["level"] is None


ME = "{ clients(first: 1) { nodes { id } } }"


async def _me(http, secret):
    return await http.post(
        "/graphql", json={"query": ME}, headers={"Authorization": f"Bearer {secret}"}
    )


async def test_a_cached_key_costs_no_statement_and_a_revocation_elsewhere_shows_within_the_bound(
    db,
):
    org = await make_org()
    secret = await make_api_key(org)
    async with http_client() as http:
        with count_statements() as first:
            assert (await _me(http, secret)).status_code == 200
        with count_statements() as second:
            assert (await _me(http, secret)).status_code == 200
        assert len([s for s in first.statements if "key_hash" in s]) >= 1
        assert not [s for s in second.statements if "key_hash" in s], second.statements
        # Revoked by another process (not through this one's revokeApiKey): this process
        # may keep serving it for at most AUTH_CACHE_SECONDS.
        await ApiKey.filter(organization_id=org.id).update(revoked_at=datetime.now(UTC))
        assert (await _me(http, secret)).status_code == 200
    # Without the cache, the revocation is seen at once.
    async with http_client(Settings(auth_cache_seconds=0)) as http:
        assert (await _me(http, secret)).status_code == 401


async def test_unknown_tokens_are_never_cached(db):
    org = await make_org()
    async with http_client() as http:
        for _ in range(2):
            with count_statements() as counter:
                assert (await _me(http, "ck_unknown")).status_code == 401
            assert counter.count == 1, counter.statements
    assert await ApiKey.filter(organization_id=org.id).count() == 0


@strawberry.type
class Row:
    name: str
    size: int
    note: str | None


@strawberry.type
class Rows:
    @strawberry.field
    def rows(self) -> list[Row | None]:
        good = Row(name="ok", size=3, note=None)
        no_name = Row(name=None, size=1, note="x")  # type: ignore[arg-type]
        bad_size = Row(name="b", size="many", note=None)  # type: ignore[arg-type]
        return [good, no_name, bad_size]


def test_plain_fields_keep_graphql_errors():
    """The direct read of plain fields answers like graphql-core, errors included."""
    schema = strawberry.Schema(query=Rows, execution_context_class=ExecutionContext)
    result = schema.execute_sync("{ rows { name size note } }")
    assert result.data == {"rows": [{"name": "ok", "size": 3, "note": None}, None, None]}
    messages = sorted(e.message for e in result.errors or [])
    assert len(messages) == 2
    assert "Cannot return null for non-nullable field Row.name." in messages
    assert any("Int cannot represent non-integer value: 'many'" in m for m in messages)
    reference = strawberry.Schema(query=Rows).execute_sync("{ rows { name size note } }")
    assert reference.data == result.data
    assert sorted(e.message for e in reference.errors or []) == messages
