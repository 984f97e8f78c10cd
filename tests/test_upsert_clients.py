"""upsertClients (R10.5): per-row outcomes, audited, emitting events, idempotent."""

from __future__ import annotations

import pytest

from clientela.settings import Settings
from models import ActivityEntry, Client, ClientTag, Organization, WebhookEvent
from models.access import Permission
from models.enums import ClientStatus
from models.search_text import client_search_text
from resolvers.access.auth import authenticate
from resolvers.webhooks.create_webhook_endpoint import create_webhook_endpoint
from resolvers.webhooks.endpoints import SUBSCRIBABLE
from tests.factories import make_actor, make_api_key, make_client, make_org
from tests.helpers import error_codes, run

KEY = Settings().secret_key.get_secret_value()

UPSERT = """mutation($input: UpsertClientsInput!) { upsertClients(input: $input) {
  results { index status client { id } userErrors { field code } } userErrors { field code } } }"""


@pytest.fixture
async def shop(db):
    org = await make_org()
    actor = await make_actor(org)
    await create_webhook_endpoint(
        actor, "https://hooks.example.com/", list(SUBSCRIBABLE), production=False, secret_key=KEY
    )
    return org, actor


async def upsert(actor, clients, match_by="EXTERNAL_ID"):
    data = await run(UPSERT, {"input": {"matchBy": match_by, "clients": clients}}, actor=actor)
    return data["upsertClients"]


def statuses(payload):
    return [(r["index"], r["status"]) for r in payload["results"]]


async def test_rows_are_created_updated_unchanged_or_refused_each_on_its_own(shop):
    org, actor = shop
    existing = await make_client(org, external_id="P-1", first_name="Ann", city="Roma")
    same = await make_client(org, external_id="P-2", first_name="Bea")
    payload = await upsert(
        actor,
        [
            {"externalId": "P-1", "city": "Milano"},
            {"externalId": "P-2", "firstName": "Bea"},
            {"externalId": "P-3", "firstName": "Cid", "email": "cid@example.com", "tags": ["POS"]},
            {"externalId": "P-4", "email": "not-an-email"},
            {"firstName": "No key"},
        ],
    )
    assert statuses(payload) == [
        (0, "UPDATED"),
        (1, "UNCHANGED"),
        (2, "CREATED"),
        (3, "REFUSED"),
        (4, "REFUSED"),
    ]
    assert payload["results"][0]["client"] == {"id": str(existing.uuid)}
    assert payload["results"][1]["client"] == {"id": str(same.uuid)}
    assert payload["results"][3]["userErrors"] == [{"field": ["email"], "code": "INVALID_EMAIL"}]
    assert payload["results"][4]["userErrors"] == [{"field": ["externalId"], "code": "REQUIRED"}]
    assert payload["results"][3]["client"] is None
    assert (await Client.get(id=existing.id)).city == "Milano"
    created = await Client.get(external_id="P-3")
    assert created.email == "cid@example.com" and len(created.share_code) == 8
    tags = await ClientTag.filter(client_id=created.id).values_list("tag__name", flat=True)
    assert list(tags) == ["POS"]
    assert not await Client.filter(external_id="P-4").exists()
    # Audited and told: one entry and one event per change.
    assert await ActivityEntry.filter(client_id=existing.id, action="client.updated").count() == 1
    assert await ActivityEntry.filter(client_id=same.id).count() == 0
    assert await ActivityEntry.filter(client_id=created.id, action="client.created").count() == 1
    assert await ActivityEntry.filter(client_id=created.id, action="tags.added").count() == 1
    kinds = sorted(e.type.name for e in await WebhookEvent.all())
    assert kinds == ["CLIENT_CREATED", "CLIENT_UPDATED", "TAGS_CHANGED"]


async def test_repeating_a_call_changes_nothing(shop):
    _org, actor = shop
    rows = [
        {
            "externalId": f"R-{i}",
            "firstName": f"N{i}",
            "phone": "+39 333 123 456" + str(i),
            "tags": ["a", "B"],
        }
        for i in range(5)
    ]
    first = await upsert(actor, rows)
    assert {s for _, s in statuses(first)} == {"CREATED"}
    entries, events = await ActivityEntry.all().count(), await WebhookEvent.all().count()
    again = await upsert(actor, rows)
    assert {s for _, s in statuses(again)} == {"UNCHANGED"}
    assert [r["client"] for r in again["results"]] == [r["client"] for r in first["results"]]
    assert await ActivityEntry.all().count() == entries
    assert await WebhookEvent.all().count() == events
    assert await Client.all().count() == 5 and await ClientTag.all().count() == 10


async def test_matching_by_email_is_case_insensitive(shop):
    org, actor = shop
    client = await make_client(org, email="Ada@Example.com")
    payload = await upsert(actor, [{"email": "ADA@example.com", "city": "Pisa"}], "EMAIL")
    assert statuses(payload) == [(0, "UPDATED")]
    assert payload["results"][0]["client"] == {"id": str(client.uuid)}


async def test_duplicate_rows_and_rows_matching_two_clients_are_refused(shop):
    org, actor = shop
    ada = await make_client(org, external_id="A", email="ada@example.com")
    bob = await make_client(org, external_id="B", email="bob@example.com")
    payload = await upsert(
        actor,
        [
            {"externalId": "N1", "firstName": "First"},
            {"externalId": "N1", "firstName": "Again"},
            {"externalId": "A", "email": "bob@example.com"},
            {"externalId": "N2", "email": "ada@example.com"},
            {"externalId": "N3", "email": "new@example.com"},
            {"externalId": "N4", "email": "NEW@example.com"},
        ],
    )
    assert statuses(payload) == [
        (0, "CREATED"),
        (1, "REFUSED"),
        (2, "REFUSED"),
        (3, "REFUSED"),
        (4, "CREATED"),
        (5, "REFUSED"),
    ]
    errors = [r["userErrors"] for r in payload["results"]]
    assert errors[1] == [{"field": None, "code": "DUPLICATE_ROW"}]
    assert errors[2] == [{"field": ["email"], "code": "AMBIGUOUS_MATCH"}]
    assert errors[3] == [{"field": ["email"], "code": "EMAIL_IN_USE"}]
    assert errors[5] == [{"field": ["email"], "code": "DUPLICATE_ROW"}]
    assert (await Client.get(id=ada.id)).email == "ada@example.com"
    assert (await Client.get(id=bob.id)).external_id == "B"


async def test_at_most_100_rows_and_nothing_written_beyond(shop):
    _org, actor = shop
    rows = [{"externalId": f"X{i}"} for i in range(101)]
    payload = await upsert(actor, rows)
    assert payload == {
        "results": [],
        "userErrors": [{"field": ["clients"], "code": "TOO_MANY_ROWS"}],
    }
    assert await Client.all().count() == 0
    empty = await upsert(actor, [])
    assert empty["userErrors"] == [{"field": ["clients"], "code": "REQUIRED"}]


async def test_a_merged_clients_external_id_updates_its_survivor(shop):
    org, actor = shop
    survivor = await make_client(org)
    await make_client(
        org, external_id="OLD", status=ClientStatus.MERGED, merged_into_id=survivor.id
    )
    payload = await upsert(actor, [{"externalId": "OLD", "city": "Bari"}])
    assert statuses(payload) == [(0, "UPDATED")]
    assert payload["results"][0]["client"] == {"id": str(survivor.uuid)}
    assert (await Client.get(id=survivor.id)).city == "Bari"


async def test_deleted_clients_are_not_updated_and_levels_not_set(shop):
    org, actor = shop
    await make_client(org, external_id="GONE", status=ClientStatus.DELETED)
    payload = await upsert(
        actor, [{"externalId": "GONE", "city": "Bari"}, {"externalId": "L", "levelId": None}]
    )
    assert [r["userErrors"] for r in payload["results"]] == [
        [{"field": None, "code": "INVALID_STATUS"}],
        [{"field": ["levelId"], "code": "INVALID"}],
    ]


async def test_scopes(shop):
    org, _ = shop
    writer = await authenticate(await make_api_key(org, Permission.CLIENTS_WRITE))
    reader = await authenticate(await make_api_key(org, Permission.CLIENTS_READ))
    variables = {"input": {"matchBy": "EXTERNAL_ID", "clients": [{"externalId": "K1"}]}}
    assert await error_codes(UPSERT, variables, actor=reader) == ["FORBIDDEN"]
    data = await run(UPSERT, variables, actor=writer)
    # Written, but a key without clients:read does not read the client back.
    assert data["upsertClients"]["results"] == [
        {"index": 0, "status": "CREATED", "client": None, "userErrors": []}
    ]
    tagged = {"input": {"matchBy": "EXTERNAL_ID", "clients": [{"externalId": "K2", "tags": ["x"]}]}}
    assert await error_codes(UPSERT, tagged, actor=writer) == ["FORBIDDEN"]
    assert not await Client.filter(external_id="K2").exists()


async def test_one_row_calls_keep_every_rule(shop):
    """A call of one row without tags or consent (a partner's sync: on PostgreSQL the lean
    path, resolvers/imports/upsert_lean.py) answers as a batch does: created and updated
    with their entries and events, unchanged when repeated, a value another client holds
    refused, the phone read with the organization's country."""
    org, actor = shop
    await Organization.filter(id=org.id).update(country="ES")
    ada = await make_client(org, external_id="A", email="ada@example.com")
    await make_client(org, external_id="B", email="bob@example.com", share_code="BOBCODE1")
    row = {"externalId": "N", "firstName": "Nina", "email": "nina@example.com"}
    assert statuses(await upsert(actor, [row])) == [(0, "CREATED")]
    nina = await Client.get(external_id="N")
    assert (nina.first_name, nina.email_key, nina.level_id) == ("Nina", "nina@example.com", None)
    assert nina.search_text == " nina | nina example com" and len(nina.share_code) == 8
    changed = await upsert(actor, [{**row, "phone": "612 345 678", "city": "Vigo"}])
    assert statuses(changed) == [(0, "UPDATED")]
    assert changed["results"][0]["client"] == {"id": str(nina.uuid)}
    nina = await Client.get(id=nina.id)
    assert (nina.phone, nina.city) == ("+34612345678", "Vigo")
    assert nina.search_text == client_search_text("Nina", "", nina.email, nina.phone, None)
    assert statuses(await upsert(actor, [{**row, "city": "Vigo"}])) == [(0, "UNCHANGED")]
    entries = await ActivityEntry.filter(client_id=nina.id).order_by("id")
    assert [(e.action, e.changes) for e in entries] == [
        (
            "client.created",
            {
                "firstName": [None, "Nina"],
                "email": [None, "nina@example.com"],
                "externalId": [None, "N"],
            },
        ),
        ("client.updated", {"phone": [None, "+34612345678"], "city": [None, "Vigo"]}),
    ]
    kinds = sorted(e.type.name for e in await WebhookEvent.all())
    assert kinds == ["CLIENT_CREATED", "CLIENT_UPDATED"]
    refusals = [
        ({"externalId": "A", "email": "bob@example.com"}, ["email"], "AMBIGUOUS_MATCH"),
        ({"externalId": "Z", "email": "bob@example.com"}, ["email"], "EMAIL_IN_USE"),
        ({"externalId": "Z", "shareCode": "BOBCODE1"}, ["shareCode"], "SHARE_CODE_IN_USE"),
        ({"externalId": "Z", "phone": "12"}, ["phone"], "INVALID_PHONE"),
    ]
    for given, field, code in refusals:
        payload = await upsert(actor, [given])
        assert [r["userErrors"] for r in payload["results"]] == [[{"field": field, "code": code}]]
    assert (await Client.get(id=ada.id)).email == "ada@example.com"
    assert not await Client.filter(external_id="Z").exists()
    assert await ActivityEntry.all().count() == 2
