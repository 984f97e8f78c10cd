"""Points in 64-bit columns with documented maxima (issue 14): a balance past MAX_BALANCE, or a
merge that would make one, is refused as OUT_OF_RANGE, never a 500, and nothing changes."""

from __future__ import annotations

import pytest

from models import Client, PointsEntry
from resolvers.loyalty.ledger import MAX_AMOUNT, MAX_BALANCE
from tests.conftest import IS_POSTGRES
from tests.factories import make_actor, make_client, make_org
from tests.helpers import execute, run

ADD = """mutation($id: ID!, $n: Int!) { addPoints(input: {clientId: $id, amount: $n, reason: "load"}) {
  client { points } userErrors { field code } } }"""
UNIFY = """mutation($input: UnifyClientsInput!) { unifyClients(input: $input) {
  client { points } userErrors { field code } } }"""
PREVIEW = """query($input: UnifyClientsInput!) { clientMergePreview(input: $input) {
  pointsMoved blockers { field code } } }"""


@pytest.fixture
async def staff(db):
    org = await make_org()
    return org, await make_actor(org)


@pytest.mark.parametrize("start", [MAX_BALANCE - 5, 2_147_483_640])
async def test_a_credit_past_the_maximum_balance_is_refused(staff, start):
    org, actor = staff
    client = await make_client(org, points=start)
    data = await run(ADD, {"id": str(client.uuid), "n": 10}, actor=actor)
    assert data["addPoints"] == {
        "client": None,
        "userErrors": [{"field": ["amount"], "code": "OUT_OF_RANGE"}],
    }
    assert (await Client.get(id=client.id)).points == start
    assert await PointsEntry.filter(client_id=client.id).count() == 0


async def test_the_maximum_balance_itself_is_reached(staff):
    org, actor = staff
    client = await make_client(org, points=MAX_BALANCE - MAX_AMOUNT)
    data = await run(ADD, {"id": str(client.uuid), "n": MAX_AMOUNT}, actor=actor)
    assert data["addPoints"] == {"client": {"points": MAX_BALANCE}, "userErrors": []}


async def test_a_merge_past_the_maximum_is_a_blocker_in_the_preview_and_refused(staff):
    org, actor = staff
    survivor = await make_client(org, points=1_100_000_000 // 2 + 1)
    absorbed = await make_client(org, points=1_100_000_000 // 2)
    pair = {"input": {"survivorId": str(survivor.uuid), "absorbedId": str(absorbed.uuid)}}
    preview = (await run(PREVIEW, pair, actor=actor))["clientMergePreview"]
    assert preview["blockers"] == [{"field": None, "code": "OUT_OF_RANGE"}]
    result = (await run(UNIFY, pair, actor=actor))["unifyClients"]
    assert result == {"client": None, "userErrors": [{"field": None, "code": "OUT_OF_RANGE"}]}
    assert (await Client.get(id=absorbed.id)).status == "active"
    assert (await Client.get(id=survivor.id)).points == 1_100_000_000 // 2 + 1


async def test_a_points_column_holds_more_than_32_bits(staff):
    # What the database must hold while the ledger checks: 2.2 billion in a points column.
    org, _actor = staff
    client = await make_client(org)
    await Client.filter(id=client.id).update(points=2_200_000_000)
    assert (await Client.get(id=client.id)).points == 2_200_000_000


@pytest.mark.skipif(not IS_POSTGRES, reason="SQLite integers are 64-bit whatever the type says")
async def test_points_columns_are_bigint_on_postgres(db):
    rows = await db.connections.get("default").execute_query_dict(
        "SELECT table_name, column_name, data_type FROM information_schema.columns "
        "WHERE (table_name, column_name) IN (('client', 'points'), ('points_entry', 'amount'), "
        "('points_entry', 'balance_after'), ('points_entry', 'remaining'), "
        "('purchase', 'points_earned'), ('level', 'threshold'))"
    )
    assert len(rows) == 6
    assert {row["data_type"] for row in rows} == {"bigint"}


async def test_the_graphql_int_limit_is_answered_not_crashed(staff):
    org, actor = staff
    client = await make_client(org)
    result = await execute(ADD, {"id": str(client.uuid), "n": 2**31}, actor=actor)
    assert [e.extensions["code"] for e in result.errors] == ["BAD_USER_INPUT"]
