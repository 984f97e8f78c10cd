"""updateClient: partial edits, clearing, level by hand, uniqueness, the activity diff."""

from __future__ import annotations

import asyncio

import pytest

from models import ActivityEntry, Client
from tests.factories import (
    counts,
    make_actor,
    make_client,
    make_level,
    make_org,
    make_session_token,
    make_staff,
)
from tests.helpers import SETTINGS, http_client, run

UPDATE = """
mutation($input: UpdateClientInput!) {
  updateClient(input: $input) {
    client { id firstName lastName email phone city points level { name } levelSetManually }
    userErrors { field code conflictingClientId }
  }
}
"""


async def test_changes_only_the_given_fields_and_logs_old_and_new(db):
    org = await make_org()
    client = await make_client(
        org, first_name="Ann", last_name="Lee", email="ann@example.com", city="Roma"
    )
    actor = await make_actor(org)

    data = await run(
        UPDATE,
        {"input": {"clientId": str(client.uuid), "city": "Milano", "phone": None}},
        actor=actor,
    )

    assert data["updateClient"]["userErrors"] == []
    assert data["updateClient"]["client"]["city"] == "Milano"
    stored = await Client.get(id=client.id)
    assert (stored.first_name, stored.last_name, stored.email, stored.city) == (
        "Ann",
        "Lee",
        "ann@example.com",
        "Milano",
    )
    (entry,) = await ActivityEntry.filter(client_id=client.id, action="client.updated")
    assert entry.changes == {"city": ["Roma", "Milano"]}
    assert entry.actor_id == actor.id


async def test_null_clears_a_field(db):
    org = await make_org()
    client = await make_client(org, email="x@example.com", phone="+393331234567")
    data = await run(
        UPDATE,
        {"input": {"clientId": str(client.uuid), "email": None}},
        actor=await make_actor(org),
    )
    assert data["updateClient"]["client"]["email"] is None
    stored = await Client.get(id=client.id)
    assert (stored.email, stored.email_key) == (None, None)


async def test_an_edit_that_changes_nothing_writes_nothing(db):
    org = await make_org()
    client = await make_client(org, city="Roma")
    data = await run(
        UPDATE,
        {"input": {"clientId": str(client.uuid), "city": " Roma "}},
        actor=await make_actor(org),
    )
    assert data["updateClient"]["userErrors"] == []
    assert await ActivityEntry.filter(client_id=client.id).count() == 0


async def test_setting_a_level_by_hand_is_remembered_and_null_removes_it(db):
    org = await make_org()
    silver = await make_level(org, "Silver", 500)
    client = await make_client(org)
    actor = await make_actor(org)

    data = await run(
        UPDATE, {"input": {"clientId": str(client.uuid), "levelId": str(silver.uuid)}}, actor=actor
    )
    assert data["updateClient"]["client"]["level"] == {"name": "Silver"}
    assert data["updateClient"]["client"]["levelSetManually"] is True

    data = await run(
        UPDATE, {"input": {"clientId": str(client.uuid), "levelId": None}}, actor=actor
    )
    assert data["updateClient"]["client"]["level"] is None
    assert data["updateClient"]["client"]["levelSetManually"] is False
    entries = await ActivityEntry.filter(client_id=client.id).order_by("id")
    assert [e.changes["level"] for e in entries] == [[None, "Silver"], ["Silver", None]]


async def test_email_of_another_client_is_refused_and_nothing_changes(db):
    org = await make_org()
    holder = await make_client(org, email="taken@example.com")
    client = await make_client(org, email="mine@example.com", city="Roma")
    before = await counts()

    data = await run(
        UPDATE,
        {"input": {"clientId": str(client.uuid), "email": "TAKEN@example.com", "city": "Napoli"}},
        actor=await make_actor(org),
    )

    (err,) = data["updateClient"]["userErrors"]
    assert (err["field"], err["code"], err["conflictingClientId"]) == (
        ["email"],
        "EMAIL_IN_USE",
        str(holder.uuid),
    )
    stored = await Client.get(id=client.id)
    assert (stored.email, stored.city) == ("mine@example.com", "Roma")
    assert await counts() == before


@pytest.mark.parametrize(
    ("fields", "field", "code"),
    [
        ({"email": "bad"}, "email", "INVALID_EMAIL"),
        ({"shareCode": None}, "shareCode", "REQUIRED"),
        ({"registeredAt": None}, "registeredAt", "REQUIRED"),
        ({"levelId": "00000000-0000-0000-0000-000000000000"}, "levelId", "NOT_FOUND"),
    ],
)
async def test_bad_input_changes_nothing(db, fields, field, code):
    org = await make_org()
    client = await make_client(org, city="Roma")
    before = await counts()
    data = await run(
        UPDATE,
        {"input": {"clientId": str(client.uuid), "city": "Bari", **fields}},
        actor=await make_actor(org),
    )
    assert [(e["field"], e["code"]) for e in data["updateClient"]["userErrors"]] == [
        ([field], code)
    ]
    assert (await Client.get(id=client.id)).city == "Roma"
    assert await counts() == before


async def test_unknown_client_is_not_found(db):
    org = await make_org()
    data = await run(
        UPDATE,
        {"input": {"clientId": "7b0c3f5e-0000-4000-8000-000000000000", "city": "Bari"}},
        actor=await make_actor(org),
    )
    assert [(e["field"], e["code"]) for e in data["updateClient"]["userErrors"]] == [
        (["clientId"], "NOT_FOUND")
    ]


async def test_tags_and_points_are_not_writable_here(db):
    org = await make_org()
    client = await make_client(org)
    from tests.helpers import execute

    result = await execute(
        "mutation($id: ID!) { updateClient(input: {clientId: $id, points: 5}) { userErrors { code } } }",
        {"id": str(client.uuid)},
        actor=await make_actor(org),
    )
    assert result.errors and result.errors[0].extensions["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert (await Client.get(id=client.id)).points == 0


@pytest.mark.postgres
async def test_a_hundred_and_fifty_concurrent_edits_of_one_client_all_land_and_are_logged(db):
    """The lean path's optimistic pass and its locking fallback under contention: every
    edit is answered (none stalls or fails), the row ends on one of the values sent, and
    each edit that changed something has its activity entry."""
    org = await make_org()
    client = await make_client(org, city="Start")
    token = await make_session_token(await make_staff(org))
    query = "mutation($input: UpdateClientInput!) { updateClient(input: $input) { userErrors { code } } }"
    burst = SETTINGS.replace(key_bucket_size=10_000)
    cities = [f"City {i}" for i in range(150)]
    async with http_client(burst) as http:

        async def one(city: str) -> object:
            response = await http.post(
                "/graphql",
                headers={"Authorization": f"Bearer {token}"},
                json={
                    "query": query,
                    "variables": {"input": {"clientId": str(client.uuid), "city": city}},
                },
            )
            return response.json()["data"]["updateClient"]["userErrors"]

        errors = await asyncio.gather(*(one(city) for city in cities))
    assert all(e == [] for e in errors)
    assert (await Client.get(id=client.id)).city in cities
    logged = await ActivityEntry.filter(client_id=client.id, action="client.updated").count()
    assert logged == 150
