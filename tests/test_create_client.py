"""createClient: validation, normalisation, uniqueness by the database, activity log."""

from __future__ import annotations

import asyncio

import pytest

from models import ActivityEntry, Client
from models.enums import StaffRole
from resolvers.clients.create_client import create_client
from tests.factories import counts, make_actor, make_client, make_level, make_org
from tests.helpers import run

CREATE = """
mutation($input: CreateClientInput!) {
  createClient(input: $input) {
    client { id firstName lastName email phone shareCode city birthday points status
             levelSetManually level { name } registeredAt text1 int1 date1 locale
             activity { nodes { action actorType actorName changes { field oldValue newValue } } } }
    userErrors { field code message conflictingClientId }
  }
}
"""


async def test_creates_a_normalised_client_with_an_activity_entry(db):
    org = await make_org(country="IT")
    gold = await make_level(org, "Gold", 1000)
    actor = await make_actor(org)

    data = await run(
        CREATE,
        {
            "input": {
                "firstName": "  Giulia ",
                "lastName": "Rossi",
                "email": " Giulia.Rossi@Example.COM ",
                "phone": "333 123 4567",
                "city": "Milano",
                "birthday": "1990-04-12",
                "levelId": str(gold.uuid),
                "text1": "42",
                "int1": 7,
                "date1": "2025-01-31",
                "locale": "es",
            }
        },
        actor=actor,
    )

    payload = data["createClient"]
    assert payload["userErrors"] == []
    client = payload["client"]
    assert client["firstName"] == "Giulia"
    assert client["email"] == "Giulia.Rossi@example.com"
    assert client["phone"] == "+393331234567"
    assert len(client["shareCode"]) == 8
    assert client["status"] == "ACTIVE"
    assert client["level"] == {"name": "Gold"}
    assert client["levelSetManually"] is True
    assert client["points"] == 0
    (entry,) = client["activity"]["nodes"]
    assert entry["action"] == "client.created"
    assert entry["actorType"] == "STAFF"
    changes = {c["field"]: (c["oldValue"], c["newValue"]) for c in entry["changes"]}
    assert changes["email"] == (None, "Giulia.Rossi@example.com")
    assert changes["level"] == (None, "Gold")

    stored = await Client.get(uuid=client["id"])
    assert stored.email_key == "giulia.rossi@example.com"
    assert stored.birthday_md == 412
    assert stored.organization_id == org.id


@pytest.mark.parametrize(
    ("fields", "field", "code"),
    [
        ({"email": "not-an-email"}, "email", "INVALID_EMAIL"),
        ({"email": "a@b"}, "email", "INVALID_EMAIL"),
        ({"phone": "12"}, "phone", "INVALID_PHONE"),
        ({"phone": "+39 123"}, "phone", "INVALID_PHONE"),
        ({"firstName": "x" * 101}, "firstName", "TOO_LONG"),
        ({"firstName": "Ann\nBob"}, "firstName", "INVALID"),
        ({"city": "Mil\x00ano"}, "city", "INVALID"),
        ({"text1": "y" * 501}, "text1", "TOO_LONG"),
        ({"birthday": "2999-01-01"}, "birthday", "OUT_OF_RANGE"),
        ({"birthday": "1850-01-01"}, "birthday", "OUT_OF_RANGE"),
        ({"registeredAt": "2999-01-01T00:00:00Z"}, "registeredAt", "OUT_OF_RANGE"),
        ({"shareCode": "a b"}, "shareCode", "INVALID"),
        ({"locale": "fr"}, "locale", "INVALID"),
        ({"externalId": "e" * 101}, "externalId", "TOO_LONG"),
        ({"levelId": "00000000-0000-0000-0000-000000000000"}, "levelId", "NOT_FOUND"),
        ({"levelId": "not-a-uuid"}, "levelId", "NOT_FOUND"),
    ],
)
async def test_refuses_bad_input_and_writes_nothing(db, fields, field, code):
    org = await make_org()
    actor = await make_actor(org)
    before = await counts()

    data = await run(CREATE, {"input": {"firstName": "Ann", **fields}}, actor=actor)

    assert data["createClient"]["client"] is None
    assert [(e["field"], e["code"]) for e in data["createClient"]["userErrors"]] == [
        ([field], code)
    ]
    assert await counts() == before


async def test_reports_every_bad_field_at_once(db):
    actor = await make_actor(await make_org())
    data = await run(
        CREATE, {"input": {"email": "nope", "phone": "1", "lastName": "z" * 200}}, actor=actor
    )
    assert {(e["field"][0], e["code"]) for e in data["createClient"]["userErrors"]} == {
        ("email", "INVALID_EMAIL"),
        ("phone", "INVALID_PHONE"),
        ("lastName", "TOO_LONG"),
    }


async def test_a_client_needs_something_that_identifies_them(db):
    actor = await make_actor(await make_org())
    data = await run(CREATE, {"input": {"city": "Roma"}}, actor=actor)
    assert [(e["field"], e["code"]) for e in data["createClient"]["userErrors"]] == [
        (None, "REQUIRED")
    ]
    assert await Client.all().count() == 0


@pytest.mark.parametrize(
    ("existing", "given", "field", "code"),
    [
        ({"email": "Mario@Example.com"}, {"email": "mario@EXAMPLE.com"}, "email", "EMAIL_IN_USE"),
        ({"external_id": "POS-1"}, {"externalId": " POS-1 "}, "externalId", "EXTERNAL_ID_IN_USE"),
        ({"share_code": "MARIO-1"}, {"shareCode": "mario-1"}, "shareCode", "SHARE_CODE_IN_USE"),
    ],
)
async def test_unique_values_name_the_client_that_holds_them(db, existing, given, field, code):
    org = await make_org()
    holder = await make_client(org, **existing)
    actor = await make_actor(org)
    before = await counts()

    data = await run(CREATE, {"input": {"firstName": "Other", **given}}, actor=actor)

    (err,) = data["createClient"]["userErrors"]
    assert (err["field"], err["code"], err["conflictingClientId"]) == (
        [field],
        code,
        str(holder.uuid),
    )
    assert await counts() == before


async def test_the_same_email_is_fine_in_another_organization(db):
    await make_client(await make_org(), email="shared@example.com")
    actor = await make_actor(await make_org())
    data = await run(CREATE, {"input": {"email": "shared@example.com"}}, actor=actor)
    assert data["createClient"]["userErrors"] == []


async def test_clients_without_email_or_external_id_do_not_collide(db):
    actor = await make_actor(await make_org())
    for name in ("One", "Two"):
        data = await run(CREATE, {"input": {"firstName": name}}, actor=actor)
        assert data["createClient"]["userErrors"] == []
    assert await Client.all().count() == 2


@pytest.mark.postgres
async def test_racing_creates_with_one_email_cannot_both_succeed(db):
    org = await make_org()
    actor = await make_actor(org)

    results = await asyncio.gather(
        *(
            create_client(actor, {"first_name": f"R{i}", "email": "race@example.com"})
            for i in range(8)
        )
    )

    winners = [r for r in results if r.client is not None]
    losers = [r for r in results if r.errors]
    assert len(winners) == 1
    assert len(losers) == 7
    assert {e.code.value for r in losers for e in r.errors} == {"email_in_use"}
    assert {e.conflicting_client_id for r in losers for e in r.errors} == {
        str(winners[0].client.uuid)
    }
    assert await Client.filter(email_key="race@example.com").count() == 1
    assert await ActivityEntry.all().count() == 1


async def test_read_only_staff_cannot_create(db):
    actor = await make_actor(await make_org(), StaffRole.READ_ONLY)
    from tests.helpers import error_codes

    assert await error_codes(CREATE, {"input": {"firstName": "X"}}, actor=actor) == ["FORBIDDEN"]
    assert await Client.all().count() == 0


async def test_a_new_client_gets_the_level_its_points_give(db):
    org = await make_org()
    bronze = await make_level(org, "Bronze", 0)
    await make_level(org, "Silver", 500)
    data = await run(
        'mutation { createClient(input: {firstName: "Nuova"}) { client { level { name } '
        "levelSetManually } } }",
        actor=await make_actor(org),
    )
    assert data["createClient"]["client"] == {
        "level": {"name": "Bronze"},
        "levelSetManually": False,
    }
    created = await Client.get(organization=org, first_name="Nuova")
    assert created.level_id == bronze.id
    entry = await ActivityEntry.get(client=created, action="client.created")
    assert entry.changes["level"] == [None, "Bronze"]


async def test_without_a_threshold_0_level_a_new_client_has_none(db):
    org = await make_org()
    await make_level(org, "Silver", 500)
    data = await run(
        'mutation { createClient(input: {firstName: "Nuova"}) { client { level { name } } } }',
        actor=await make_actor(org),
    )
    assert data["createClient"]["client"] == {"level": None}
