"""upsertClients carries consent (R10.5, R11.1, docs/consent.md): each row's answers are
setClientConsent's (same checks, same record), a grant without proof refuses the whole
row, an answer the client already has leaves the row UNCHANGED, and each change is in the
consent history (source, proof) and emits CONSENT_CHANGED."""

from __future__ import annotations

import pytest

from clientela.settings import Settings
from models import ActivityEntry, Client, ClientConsent, ConsentEvent, WebhookEvent
from models.access import Permission
from models.enums import ConsentPurpose, ConsentSource
from models.webhook import WebhookEventType
from resolvers.access.auth import authenticate
from resolvers.consent.set_client_consent import set_client_consent
from resolvers.webhooks.create_webhook_endpoint import create_webhook_endpoint
from resolvers.webhooks.endpoints import SUBSCRIBABLE
from tests.factories import make_actor, make_api_key, make_client, make_org
from tests.helpers import error_codes, run

KEY = Settings().secret_key.get_secret_value()
EMAIL = ConsentPurpose.MARKETING_EMAIL
IN_APP = ConsentPurpose.MARKETING_IN_APP

UPSERT = """mutation($input: UpsertClientsInput!) { upsertClients(input: $input) {
  results { index status client { id } userErrors { field code } } userErrors { field code } } }"""
HISTORY = """query($id: ID!) { client(id: $id) {
    consents { purpose granted source }
    consentHistory { totalCount nodes { purpose granted source proof actorName } } } }"""


@pytest.fixture
async def shop(db):
    org = await make_org()
    staff = await make_actor(org)
    await create_webhook_endpoint(
        staff, "https://hooks.example.com/", list(SUBSCRIBABLE), production=False, secret_key=KEY
    )
    key = await make_api_key(org, Permission.CLIENTS_WRITE, Permission.CLIENTS_READ, name="Cassa 1")
    return org, staff, await authenticate(key)


async def upsert(actor, clients):
    variables = {"input": {"matchBy": "EXTERNAL_ID", "clients": clients}}
    return (await run(UPSERT, variables, actor=actor))["upsertClients"]


def outcome(payload):
    return [(r["status"], r["userErrors"]) for r in payload["results"]]


def grant(proof=None, purpose="MARKETING_EMAIL", **more):
    return {"purpose": purpose, "granted": True, "proof": proof, **more}


def withdraw(purpose="MARKETING_EMAIL"):
    return {"purpose": purpose, "granted": False}


async def states() -> dict[tuple[str, ConsentPurpose], tuple[bool, ConsentSource]]:
    rows = await ClientConsent.all().prefetch_related("client")
    return {(r.client.external_id, r.purpose): (r.granted, r.source) for r in rows}


async def consent_events() -> list[dict]:
    rows = await WebhookEvent.filter(type=WebhookEventType.CONSENT_CHANGED).order_by("id")
    return [row.data for row in rows]


async def test_a_grant_with_proof_is_recorded_with_source_api_and_its_proof(shop):
    org, _staff, pos = shop
    known = await make_client(org, external_id="K-1", city="Roma")
    payload = await upsert(
        pos,
        [
            {"externalId": "N-1", "firstName": "Ada", "consents": [grant("Till form 12, signed")]},
            {"externalId": "K-1", "consents": [grant("Kiosk screen v2", "MARKETING_IN_APP")]},
        ],
    )
    assert payload["userErrors"] == []
    assert outcome(payload) == [("CREATED", []), ("UPDATED", [])]
    assert await states() == {
        ("N-1", EMAIL): (True, ConsentSource.API),
        ("K-1", IN_APP): (True, ConsentSource.API),
    }
    new = await Client.get(external_id="N-1")
    seen = (await run(HISTORY, {"id": str(new.uuid)}, actor=pos))["client"]
    assert seen["consentHistory"]["nodes"] == [
        {
            "purpose": "MARKETING_EMAIL",
            "granted": True,
            "source": "API",
            "proof": "Till form 12, signed",
            "actorName": "Cassa 1",
        }
    ]
    assert {"purpose": "MARKETING_EMAIL", "granted": True, "source": "API"} in seen["consents"]
    # Audited and told: one consent.changed entry and one CONSENT_CHANGED event per client.
    assert await consent_events() == [
        {"clientId": str(new.uuid), "changedFields": ["consentMarketingEmail", "consentSource"]},
        {"clientId": str(known.uuid), "changedFields": ["consentMarketingInApp", "consentSource"]},
    ]
    entry = await ActivityEntry.get(client_id=known.id, action="consent.changed")
    assert entry.changes == {"consentMarketingInApp": [None, True], "consentSource": [None, "api"]}
    kinds = sorted(e.type.name for e in await WebhookEvent.all())
    assert kinds == ["CLIENT_CREATED", "CONSENT_CHANGED", "CONSENT_CHANGED"]


async def test_a_grant_without_proof_refuses_the_whole_row_and_only_it(shop):
    org, _staff, pos = shop
    known = await make_client(org, external_id="K-2", city="Roma")
    payload = await upsert(
        pos,
        [
            {"externalId": "N-2", "firstName": "Bea", "consents": [grant()]},
            {"externalId": "K-2", "city": "Milano", "consents": [withdraw(), grant("  ", "MARKETING_IN_APP")]},
            {"externalId": "N-3", "firstName": "Cid"},
        ],
    )  # fmt: skip
    assert outcome(payload) == [
        ("REFUSED", [{"field": ["consents", "0", "proof"], "code": "REQUIRED"}]),
        ("REFUSED", [{"field": ["consents", "1", "proof"], "code": "REQUIRED"}]),
        ("CREATED", []),
    ]
    assert payload["results"][0]["client"] is None
    # Nothing of the refused rows was written: no client, no field, no consent, no event.
    assert [c.external_id for c in await Client.all().order_by("id")] == ["K-2", "N-3"]
    assert (await Client.get(id=known.id)).city == "Roma"
    assert await ConsentEvent.all().count() == 0
    assert await ClientConsent.all().count() == 0
    assert await ActivityEntry.filter(client_id=known.id).count() == 0
    assert sorted(e.type.name for e in await WebhookEvent.all()) == ["CLIENT_CREATED"]


async def test_a_withdrawal_needs_no_proof_and_a_no_to_a_new_question_is_kept(shop):
    org, staff, pos = shop
    client = await make_client(org, external_id="K-3")
    given = await set_client_consent(staff, str(client.uuid), EMAIL, True, proof="Paper form")
    assert given.errors == []
    payload = await upsert(
        pos, [{"externalId": "K-3", "consents": [withdraw(), withdraw("MARKETING_IN_APP")]}]
    )
    assert outcome(payload) == [("UPDATED", [])]
    assert await states() == {
        ("K-3", EMAIL): (False, ConsentSource.API),
        ("K-3", IN_APP): (False, ConsentSource.API),
    }
    seen = (await run(HISTORY, {"id": str(client.uuid)}, actor=pos))["client"]
    nodes = seen["consentHistory"]["nodes"]
    assert sorted((n["purpose"], n["granted"], n["source"], n["proof"]) for n in nodes) == [
        ("MARKETING_EMAIL", False, "API", None),
        ("MARKETING_EMAIL", True, "STAFF", "Paper form"),
        ("MARKETING_IN_APP", False, "API", None),
    ]
    changed = [e["changedFields"][0] for e in await consent_events()]
    assert changed == ["consentMarketingEmail", "consentMarketingEmail", "consentMarketingInApp"]


async def test_an_answer_the_client_has_leaves_the_row_unchanged_and_repeats_write_nothing(shop):
    _org, _staff, pos = shop
    rows = [
        {"externalId": "R-1", "firstName": "Ada", "consents": [grant("Form A")]},
        {"externalId": "R-2", "firstName": "Bea", "consents": [withdraw()]},
    ]
    first = await upsert(pos, rows)
    assert outcome(first) == [("CREATED", []), ("CREATED", [])]
    history = await ConsentEvent.all().count()
    entries = await ActivityEntry.all().count()
    events = await WebhookEvent.all().count()
    assert history == 2
    again = await upsert(pos, rows)
    assert outcome(again) == [("UNCHANGED", []), ("UNCHANGED", [])]
    # Another proof for a consent already given changes nothing either.
    other = await upsert(pos, [{"externalId": "R-1", "consents": [grant("Form B")]}])
    assert outcome(other) == [("UNCHANGED", [])]
    assert await ConsentEvent.all().count() == history
    assert await ActivityEntry.all().count() == entries
    assert await WebhookEvent.all().count() == events
    # A field change beside an unchanged answer updates the row and records no consent.
    moved = await upsert(pos, [{"externalId": "R-1", "city": "Bari", "consents": [grant("A")]}])
    assert outcome(moved) == [("UPDATED", [])]
    assert await ConsentEvent.all().count() == history


async def test_set_client_consent_rules_apply_to_each_answer(shop):
    _org, staff, _pos = shop
    payload = await upsert(
        staff,
        [
            {"externalId": "S-1", "consents": [grant("Signed at the desk")]},
            {"externalId": "S-2", "consents": [grant("Old CRM", source="IMPORT")]},
            {"externalId": "S-3", "consents": [grant("x", source="CLIENT_APP")]},
            {"externalId": "S-4", "consents": [grant("x"), withdraw()]},
            {"externalId": "S-5", "consents": [grant("x" * 2001)]},
        ],
    )
    assert outcome(payload) == [
        ("CREATED", []),
        ("CREATED", []),
        ("REFUSED", [{"field": ["consents", "0", "source"], "code": "INVALID"}]),
        ("REFUSED", [{"field": ["consents", "1", "purpose"], "code": "INVALID"}]),
        ("REFUSED", [{"field": ["consents", "0", "proof"], "code": "TOO_LONG"}]),
    ]
    # Staff record with source STAFF unless they name another one (as setClientConsent).
    assert await states() == {
        ("S-1", EMAIL): (True, ConsentSource.STAFF),
        ("S-2", EMAIL): (True, ConsentSource.IMPORT),
    }
    assert await Client.filter(external_id__in=["S-3", "S-4", "S-5"]).count() == 0


async def test_a_key_without_clients_write_is_denied_and_nothing_is_written(shop):
    org, _staff, _pos = shop
    client = await make_client(org, external_id="D-1")
    reader = await authenticate(await make_api_key(org, Permission.CLIENTS_READ))
    variables = {
        "input": {"matchBy": "EXTERNAL_ID", "clients": [{"externalId": "D-1", "consents": [withdraw()]}]}
    }  # fmt: skip
    assert await error_codes(UPSERT, variables, actor=reader) == ["FORBIDDEN"]
    assert await ConsentEvent.filter(client_id=client.id).count() == 0
    assert await ClientConsent.all().count() == 0
