"""The hot list query: statements per request do not grow with the page size."""

from __future__ import annotations

import pytest

from tests.factories import (
    make_actor,
    make_client,
    make_level,
    make_note,
    make_org,
    make_session_token,
    make_staff,
)
from tests.helpers import count_statements, http_client, run

PAGE = """
query($first: Int!) {
  clients(first: $first) {
    totalCount
    nodes { id firstName email points level { name threshold } tags { name } }
  }
}
"""

WITH_HISTORY = """
query($first: Int!) {
  clients(first: $first) {
    nodes { id notes(first: 2) { totalCount nodes { body } } activity(first: 3) { nodes { action } } }
  }
}
"""


@pytest.fixture
async def hundred(db):
    org = await make_org()
    levels = [
        await make_level(org, name, t)
        for name, t in (("Bronze", 0), ("Silver", 100), ("Gold", 1000))
    ]
    for i in range(120):
        client = await make_client(
            org, level=levels[i % 3], tags=[f"tag{i % 7}", f"tag{i % 5 + 10}"]
        )
        if i % 2:
            await make_note(client, f"note {i}")
    return org


async def test_a_page_of_100_with_tags_and_level_costs_four_statements(hundred):
    actor = await make_actor(hundred)
    with count_statements() as small:
        data = await run(PAGE, {"first": 10}, actor=actor)
    assert len(data["clients"]["nodes"]) == 10
    with count_statements() as large:
        data = await run(PAGE, {"first": 100}, actor=actor)
    nodes = data["clients"]["nodes"]
    assert len(nodes) == 100
    assert all(len(n["tags"]) == 2 and n["level"] for n in nodes)
    # The reference batches each kind: the page, tags, levels, the count (the compiled
    # path reads the page with its tags and levels in one: tests/test_compiled_fields.py).
    assert large.count == small.count == 4, large.statements


async def test_notes_and_activity_of_a_page_are_batched(hundred):
    actor = await make_actor(hundred)
    with count_statements() as counter:
        data = await run(WITH_HISTORY, {"first": 100}, actor=actor)
    noted = [n for n in data["clients"]["nodes"] if n["notes"]["totalCount"]]
    assert len(noted) == 50
    assert all(len(n["notes"]["nodes"]) == 1 for n in noted)
    # page, latest notes, note counts, latest activity
    assert counter.count == 4, counter.statements


async def test_over_http_authentication_adds_one_statement_then_none(hundred):
    token = await make_session_token(await make_staff(hundred))
    counters = []
    async with http_client() as http:
        for _ in range(2):
            with count_statements() as counter:
                response = await http.post(
                    "/graphql",
                    json={"query": PAGE, "variables": {"first": 100}},
                    headers={"Authorization": f"Bearer {token}"},
                )
            assert response.status_code == 200
            assert len(response.json()["data"]["clients"]["nodes"]) == 100
            counters.append(counter)
    # the token lookup, the page with its count (one statement); then the caller is cached
    # (resolvers/auth_cache.py)
    assert counters[0].count == 2, counters[0].statements
    assert counters[1].count == 1, counters[1].statements


async def test_deep_paging_of_one_clients_notes(db):
    org = await make_org()
    client = await make_client(org)
    for i in range(7):
        await make_note(client, f"n{i}")
    actor = await make_actor(org)
    query = """query($id: ID!, $after: String) { client(id: $id) {
        notes(first: 3, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { body } } } }"""
    bodies, after = [], None
    while True:
        notes = (await run(query, {"id": str(client.uuid), "after": after}, actor=actor))["client"][
            "notes"
        ]
        assert notes["totalCount"] == 7
        bodies += [n["body"] for n in notes["nodes"]]
        if not notes["pageInfo"]["hasNextPage"]:
            break
        after = notes["pageInfo"]["endCursor"]
    assert sorted(bodies) == sorted(f"n{i}" for i in range(7))
    assert len(bodies) == 7


async def test_referrals_of_a_page_are_batched(db):
    org = await make_org()
    referrers = [await make_client(org) for _ in range(30)]
    for i, referrer in enumerate(referrers):
        await make_client(org, referred_by=referrer) if i % 2 else None
    actor = await make_actor(org)
    query = "{ clients(first: 100) { nodes { id referredBy { id } referrals(first: 3) { totalCount nodes { id } } } } }"
    with count_statements() as counter:
        data = await run(query, actor=actor)
    nodes = data["clients"]["nodes"]
    assert sum(n["referrals"]["totalCount"] for n in nodes) == 15
    assert sum(1 for n in nodes if n["referredBy"]) == 15
    # page, referrers by id, latest referrals, referral counts
    assert counter.count == 4, counter.statements


async def test_orders_and_gift_lists_of_a_page_are_batched(db):
    from datetime import UTC, datetime
    from decimal import Decimal

    from models import GiftList, Order

    org = await make_org()
    for i in range(40):
        client = await make_client(org)
        for n in range(i % 3):
            await Order.create(
                client=client,
                status="paid",
                total=Decimal(n),
                currency="EUR",
                ordered_at=datetime(2026, 1, 1, tzinfo=UTC),
                items=[{"name": "Mat", "quantity": 1, "unitPrice": "1.00"}],
            )
        if i % 2:
            await GiftList.create(client=client, name=f"list {i}", status="open")
    actor = await make_actor(org)
    query = """{ clients(first: 100) { nodes { id
        orders(first: 1) { totalCount nodes { total items { name } } }
        giftLists(first: 2) { totalCount nodes { name } } } } }"""
    with count_statements() as counter:
        data = await run(query, actor=actor)
    nodes = data["clients"]["nodes"]
    assert sum(n["orders"]["totalCount"] for n in nodes) == sum(i % 3 for i in range(40))
    assert sum(len(n["orders"]["nodes"]) for n in nodes) == sum(1 for i in range(40) if i % 3)
    assert sum(n["giftLists"]["totalCount"] for n in nodes) == 20
    # page, latest orders, order counts, latest gift lists, gift list counts
    assert counter.count == 5, counter.statements


ADD_POINTS = """mutation($id: ID!, $key: String) { addPoints(input: {clientId: $id, amount: 25,
  reason: "visit", idempotencyKey: $key}) { entry { id balanceAfter } client { points }
  userErrors { code } } }"""


async def test_add_points_is_a_read_and_one_write(db):
    """On PostgreSQL the read and the write, one statement of CTEs that checks the client
    is still as read (no transaction block: two round trips); SQLite runs the write's parts
    one by one, in-process. The webhook subscribers come with the read."""
    from tortoise import connections

    from models import ActivityEntry, PointsEntry
    from models.db import is_postgres

    org = await make_org()
    await make_level(org, "Silver", 20)
    client = await make_client(org, points=10)
    actor = await make_actor(org)
    with count_statements() as counter:
        data = await run(ADD_POINTS, {"id": str(client.uuid), "key": "k1"}, actor=actor)
    assert data["addPoints"]["entry"]["balanceAfter"] == 35
    assert data["addPoints"]["client"]["points"] == 35
    postgres = is_postgres(connections.get("default"))
    # SQLite: the entry, the balance and two activity entries (points, level) one by one.
    assert counter.count == (2 if postgres else 5), counter.statements
    assert await PointsEntry.filter(client_id=client.id).count() == 1
    assert await ActivityEntry.filter(client_id=client.id).count() == 2  # points, level
    with count_statements() as retry:
        again = await run(ADD_POINTS, {"id": str(client.uuid), "key": "k1"}, actor=actor)
    assert again["addPoints"]["entry"] == data["addPoints"]["entry"]
    assert retry.count == 1, retry.statements  # the locked read finds the first entry
    assert await PointsEntry.filter(client_id=client.id).count() == 1


ADD_NOTE = """mutation($id: ID!) { addNote(input: {clientId: $id, body: "called back"})
  { note { id body authorType authorName createdAt } userErrors { code } } }"""


async def test_add_note_is_one_write_statement_on_postgresql(db):
    from tortoise import connections

    from models import ActivityEntry, Note
    from models.db import is_postgres

    org = await make_org()
    survivor = await make_client(org)
    absorbed = await make_client(org, status="merged", merged_into=survivor)
    actor = await make_actor(org)
    with count_statements() as counter:
        data = await run(ADD_NOTE, {"id": str(absorbed.uuid)}, actor=actor)
    note = data["addNote"]["note"]
    assert note["body"] == "called back" and data["addNote"]["userErrors"] == []
    postgres = is_postgres(connections.get("default"))
    # The note with its entry (SQLite: the lookup, the note, the entry); a note is no
    # webhook event, so no subscribers are looked up.
    assert counter.count == (1 if postgres else 3), counter.statements
    stored = await Note.get(uuid=note["id"])
    assert stored.client_id == survivor.id  # the absorbed id led to the survivor
    entry = await ActivityEntry.get(client_id=survivor.id)
    assert (entry.action, entry.changes) == ("note.added", {"note": [None, note["id"]]})
    other = await make_client(await make_org())
    refused = await run(ADD_NOTE, {"id": str(other.uuid)}, actor=actor)
    assert refused["addNote"] == {"note": None, "userErrors": [{"code": "NOT_FOUND"}]}
    assert await Note.filter(client_id=other.id).count() == 0
