"""Segment counts (R6.3, issue 5): the tags-only statement counts exactly what the filter
selects, hides merged and deleted clients, stays inside the organization and sees every
committed write."""

from __future__ import annotations

import pytest

from models import Client
from models.enums import ClientStatus, Gender
from resolvers.clients.client_count import count_clients, tag_count_statement
from resolvers.clients.client_filter import ClientFilter, filter_clients
from tests.conftest import IS_POSTGRES
from tests.factories import make_actor, make_client, make_org
from tests.helpers import run

CREATE = """mutation($name: String!, $filter: ClientFilterInput!) { createSegment(input: {name: $name, filter: $filter}) {
  segment { id count members { totalCount } } userErrors { code } } }"""


async def _world():
    org, other = await make_org("gym"), await make_org("other")
    await make_client(org, tags=["Yoga"])
    await make_client(org, tags=["Yoga", "VIP"])
    await make_client(org, tags=["VIP"], status=ClientStatus.INACTIVE)
    await make_client(org, tags=["VIP"], status=ClientStatus.DISABLED)
    await make_client(org, tags=["Pilates"])
    await make_client(org)
    await make_client(org, tags=["Yoga", "VIP"], status=ClientStatus.DELETED)
    await make_client(org, tags=["VIP"], status=ClientStatus.MERGED)
    await make_client(other, tags=["Yoga", "VIP"])
    await make_client(other, tags=["Yoga"], status=ClientStatus.DELETED)
    return org, other


async def _filtered(org_id: int, spec: ClientFilter) -> int:
    return await (await filter_clients(org_id, spec)).count()


async def test_tags_only_count_hides_merged_and_deleted_and_counts_each_client_once(db):
    org, other = await _world()
    cases = {
        ("yoga",): 2,
        ("vip",): 3,
        ("Yoga", "VIP"): 4,
        ("yoga", "vip", "pilates", "nowhere"): 5,
    }
    for tags, expected in cases.items():
        spec = ClientFilter(tags_any=tags)
        assert await tag_count_statement(org.id, spec) is not None
        assert await count_clients(org.id, spec) == expected, tags
        assert await _filtered(org.id, spec) == expected, tags
    assert await count_clients(other.id, ClientFilter(tags_any=("yoga",))) == 1
    assert await count_clients(other.id, ClientFilter(tags_any=("pilates",))) == 0


async def test_other_filters_keep_the_filter_statement(db):
    org, _ = await _world()
    for spec, expected in (
        (ClientFilter(), 6),
        (ClientFilter(tags_any=("vip",), statuses=(ClientStatus.DELETED, ClientStatus.MERGED)), 2),
        (ClientFilter(tags_any=("vip",), statuses=(ClientStatus.ACTIVE,)), 1),
        (ClientFilter(tags_any=("vip",), tags_none=("yoga",)), 2),
        (ClientFilter(tags_any=("vip",), genders=(Gender.FEMALE,)), 0),
        (ClientFilter(tags_any=("nowhere",)), 0),
    ):
        assert await tag_count_statement(org.id, spec) is None
        assert await count_clients(org.id, spec) == expected == await _filtered(org.id, spec)


async def test_a_count_sees_the_writes_committed_before_it(db):
    org, _ = await _world()
    spec = ClientFilter(tags_any=("yoga", "vip"))
    assert await count_clients(org.id, spec) == 4
    await Client.filter(organization_id=org.id, status=ClientStatus.DISABLED).update(
        status=ClientStatus.DELETED
    )
    assert await count_clients(org.id, spec) == 3
    await make_client(org, tags=["VIP"])
    assert await count_clients(org.id, spec) == 4


async def test_segment_count_through_the_api(db):
    org, _ = await _world()
    actor = await make_actor(org)
    for tags, expected in ((["Yoga", "VIP"], 4), (["vip"], 3)):
        data = await run(
            CREATE, {"name": " ".join(tags), "filter": {"tags": {"any": tags}}}, actor=actor
        )
        segment = data["createSegment"]["segment"]
        assert (segment["count"], segment["members"]["totalCount"]) == (expected, expected)


@pytest.mark.skipif(not IS_POSTGRES, reason="PostgreSQL-only indexes (migration 0008)")
async def test_postgres_has_the_partial_covering_indexes(db):
    conn = db.connections.get("default")
    rows = await conn.execute_query_dict(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'client'"
    )
    defs = {row["indexname"]: row["indexdef"] for row in rows}
    for name in ("client_live_city", "client_live_points", "client_live_birthday"):
        assert "WHERE" in defs[name] and "'active'" in defs[name], name
    assert "INCLUDE (id)" in defs["client_live_registered"]
    assert "WHERE (NOT" in defs["client_hidden"]


@pytest.mark.skipif(not IS_POSTGRES, reason="PostgreSQL-only indexes (migration 0019)")
async def test_postgres_has_the_live_level_and_id_indexes(db):
    """A list's bounded count merges a tag's links with the live clients (of a level) in id
    order: both indexes end with the id and hold the live statuses only."""
    conn = db.connections.get("default")
    rows = await conn.execute_query_dict(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'client'"
    )
    defs = {row["indexname"]: row["indexdef"] for row in rows}
    assert "(organization_id, level_id, id)" in defs["client_live_level"]
    assert "(organization_id, id)" in defs["client_live_id"]
    for name in ("client_live_level", "client_live_id"):
        assert "WHERE" in defs[name] and "'disabled'" in defs[name] and "'merged'" not in defs[name]


@pytest.mark.skipif(not IS_POSTGRES, reason="a PostgreSQL connection setting")
async def test_postgres_plans_every_statement_for_its_values(db):
    rows = await db.connections.get("default").execute_query_dict("SHOW plan_cache_mode")
    assert rows == [{"plan_cache_mode": "force_custom_plan"}]


async def test_excluded_tags_are_an_anti_join_with_the_same_members(db):
    """`tags: {none: …}` is NOT EXISTS, never `id NOT IN (links)`: PostgreSQL re-reads a
    NOT IN sub-select for every client once the links outgrow work_mem (a popular tag
    on a million clients took over 30 minutes)."""
    org, other = await _world()
    spec = ClientFilter(tags_none=("yoga",))
    sql = (await filter_clients(org.id, spec)).sql(params_inline=True)
    assert "NOT EXISTS (SELECT 1 FROM client_tag" in sql
    assert " NOT IN " not in sql.upper()
    # Live clients of org without Yoga: VIP (inactive), VIP (disabled), Pilates, untagged.
    assert await _filtered(org.id, spec) == 4
    assert await _filtered(org.id, ClientFilter(tags_none=("yoga", "vip"))) == 2
    assert await _filtered(other.id, spec) == 0
    if IS_POSTGRES:
        plan = await db.connections.get("default").execute_query_dict(f"EXPLAIN {sql}")
        assert any("Anti Join" in row["QUERY PLAN"] for row in plan)
