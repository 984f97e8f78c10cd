"""Consent (R11.1-R11.3) and bounces (R11.4), through the schema, over HTTP and at a real
SMTP server."""

from __future__ import annotations

import re
from uuid import uuid4

import pytest

from clientela.settings import Settings
from mailer.unsubscribe import make_token
from models import ActivityEntry, ClientConsent, ConsentEvent, Notification, UndeliverableAddress
from models.enums import ConsentPurpose, ConsentSource, NotificationStatus, SkipReason, StaffRole
from tests.factories import (
    make_account_token,
    make_actor,
    make_client,
    make_org,
    make_reachable_client,
)
from tests.helpers import error_codes, http_client, run
from tests.mail import deliver, text

SET = """mutation($input: SetClientConsentInput!) { setClientConsent(input: $input) {
    client { consents { purpose granted source } }
    event { purpose granted source proof actorType actorName }
    userErrors { field code } } }"""
HISTORY = """query($id: ID!) { client(id: $id) {
    consents { purpose granted source changedAt }
    consentHistory { totalCount nodes { purpose granted source proof actorName } }
    activity { nodes { action changes { field oldValue newValue } } } } }"""
SEND = """mutation($input: SendNotificationInput!) { sendNotification(input: $input) {
    queued delivered skipped { channel reason count } userErrors { field code } } }"""
WORDING = "Sì, voglio ricevere novità e offerte di Palestra Sole via email."
MANUAL = {"title": "Offerta di dicembre", "body": "Dieci ingressi al prezzo di otto."}


@pytest.fixture
async def gym(db):
    org = await make_org(
        name="Palestra Sole",
        slug="sole",
        reply_to="info@palestrasole.example",
        consent_texts={"it": WORDING, "en": "Yes, send me news and offers by email."},
    )
    return org, await make_actor(org)


async def grant(actor, client, purpose="MARKETING_EMAIL", **extra):
    given = {"clientId": str(client.uuid), "purpose": purpose, "granted": True, "proof": WORDING}
    return (await run(SET, {"input": {**given, **extra}}, actor=actor))["setClientConsent"]


async def test_consent_is_recorded_with_its_proof_and_the_history_is_kept(gym):
    org, actor = gym
    client = await make_client(org)
    refused = await grant(actor, client, proof=None)
    assert refused["userErrors"] == [{"field": ["proof"], "code": "REQUIRED"}]
    assert refused["client"] is None and await ConsentEvent.all().count() == 0

    given = await grant(actor, client)
    assert given["userErrors"] == []
    assert given["event"] == {
        "purpose": "MARKETING_EMAIL",
        "granted": True,
        "source": "STAFF",
        "proof": WORDING,
        "actorType": "STAFF",
        "actorName": actor.name,
    }
    assert given["client"]["consents"] == [
        {"purpose": "MARKETING_EMAIL", "granted": True, "source": "STAFF"},
        {"purpose": "MARKETING_IN_APP", "granted": False, "source": None},
    ]
    again = await grant(actor, client)
    assert again["event"] is None and again["userErrors"] == []
    withdrawn = await run(
        SET,
        {
            "input": {
                "clientId": str(client.uuid),
                "purpose": "MARKETING_EMAIL",
                "granted": False,
                "source": "IMPORT",
            }
        },
        actor=actor,
    )
    assert withdrawn["setClientConsent"]["event"]["source"] == "IMPORT"

    seen = (await run(HISTORY, {"id": str(client.uuid)}, actor=actor))["client"]
    assert seen["consents"][0]["granted"] is False
    assert [(n["granted"], n["source"]) for n in seen["consentHistory"]["nodes"]] == [
        (False, "IMPORT"),
        (True, "STAFF"),
    ]
    assert seen["consentHistory"]["totalCount"] == 2
    changes = [n for n in seen["activity"]["nodes"] if n["action"] == "consent.changed"]
    assert [c["changes"][0] for c in changes] == [
        {"field": "consentMarketingEmail", "oldValue": True, "newValue": False},
        {"field": "consentMarketingEmail", "oldValue": None, "newValue": True},
    ]


@pytest.mark.parametrize(
    ("extra", "field", "code"),
    [
        ({"source": "UNSUBSCRIBE_LINK"}, "source", "INVALID"),
        ({"source": "CLIENT_APP"}, "source", "INVALID"),
        ({"proof": "x" * 2001}, "proof", "TOO_LONG"),
        ({"clientId": str(uuid4())}, "clientId", "NOT_FOUND"),
    ],
)
async def test_bad_consent_requests_change_nothing(gym, extra, field, code):
    org, actor = gym
    client = await make_client(org)
    result = await grant(actor, client, **extra)
    assert result["userErrors"] == [{"field": [field], "code": code}]
    assert await ConsentEvent.all().count() == 0 and await ClientConsent.all().count() == 0
    assert await ActivityEntry.filter(action="consent.changed").count() == 0


async def test_consent_of_another_organization_or_without_permission(gym):
    org, _ = gym
    client = await make_client(org)
    stranger = await make_actor(await make_org())
    assert (await grant(stranger, client))["userErrors"] == [
        {"field": ["clientId"], "code": "NOT_FOUND"}
    ]
    reader = await make_actor(org, StaffRole.READ_ONLY)
    given = {"clientId": str(client.uuid), "purpose": "MARKETING_EMAIL", "granted": True}
    assert await error_codes(SET, {"input": {**given, "proof": "p"}}, actor=reader) == ["FORBIDDEN"]
    assert await ConsentEvent.all().count() == 0


MY = """mutation($input: SetMyConsentInput!) { setMyConsent(input: $input) {
    consents { purpose granted source } userErrors { field code } } }"""


async def test_the_client_app_switch_records_the_organizations_wording(gym):
    org, _ = gym
    client = await make_reachable_client(org, "ada@example.com", locale="it", consent=False)
    token = await make_account_token(await client.account)
    async with http_client() as http:
        answer = await http.post(
            "/graphql",
            json={
                "query": MY,
                "variables": {
                    "input": {"organization": "sole", "purpose": "MARKETING_EMAIL", "granted": True}
                },
            },
            headers={"Authorization": f"Bearer {token}"},
        )
        wording = await http.get(
            "/graphql", params={"query": '{ consentWording(organization: "sole", locale: "en") }'}
        )
    body = answer.json()["data"]["setMyConsent"]
    assert body["userErrors"] == []
    assert body["consents"][0] == {
        "purpose": "MARKETING_EMAIL",
        "granted": True,
        "source": "CLIENT_APP",
    }
    (event,) = await ConsentEvent.all()
    assert (event.proof, event.actor_name, event.account_id) == (
        WORDING,
        "client app",
        client.account_id,
    )
    assert wording.json()["data"]["consentWording"] == "Yes, send me news and offers by email."


async def test_the_clients_filter_and_the_export_know_consent(gym):
    org, actor = gym
    yes = await make_client(org, first_name="Yes")
    await make_client(org, first_name="Never")
    withdrew = await make_client(org, first_name="Withdrew")
    await grant(actor, yes)
    await grant(actor, withdrew)
    await run(
        SET,
        {
            "input": {
                "clientId": str(withdrew.uuid),
                "purpose": "MARKETING_EMAIL",
                "granted": False,
            }
        },
        actor=actor,
    )
    query = """query($f: ClientFilterInput) { clients(filter: $f, orderBy: NAME_ASC) {
        totalCount nodes { firstName } } }"""
    given = await run(query, {"f": {"consent": {"given": ["MARKETING_EMAIL"]}}}, actor=actor)
    assert given["clients"]["nodes"] == [{"firstName": "Yes"}]
    not_given = await run(query, {"f": {"consent": {"notGiven": ["MARKETING_EMAIL"]}}}, actor=actor)
    assert sorted(n["firstName"] for n in not_given["clients"]["nodes"]) == ["Never", "Withdrew"]

    # The same over HTTP, where the compiled read path answers list queries.
    from models import StaffUser
    from tests.factories import make_session_token

    staff_token = await make_session_token(await StaffUser.get(id=actor.id))
    async with http_client() as http:
        compiled = await http.post(
            "/graphql",
            json={"query": query, "variables": {"f": {"consent": {"given": ["MARKETING_EMAIL"]}}}},
            headers={"Authorization": f"Bearer {staff_token}"},
        )
    assert compiled.json()["data"]["clients"]["nodes"] == [{"firstName": "Yes"}]

    create = """mutation { createSegment(input: {name: "Consented",
        filter: {consent: {given: [MARKETING_EMAIL]}}}) { segment { id count } } }"""
    segment = (await run(create, actor=actor))["createSegment"]["segment"]
    assert segment["count"] == 1
    async with http_client() as http:
        csv = await http.get(
            f"/export/segments/{segment['id']}.csv",
            headers={"Authorization": f"Bearer {staff_token}"},
        )
    header, row = csv.text.strip().splitlines()
    assert header.endswith(",consent_marketing_email,consent_marketing_in_app")
    assert row.endswith(",True,False")


async def test_marketing_needs_consent_and_service_mail_does_not(gym, smtp_server, mail_settings):
    org, actor = gym
    consented = await make_reachable_client(org, "si@example.com", locale="it", consent=False)
    silent = await make_reachable_client(org, "no@example.com", locale="it", consent=False)
    await grant(actor, consented)
    ids = [str(consented.uuid), str(silent.uuid)]
    marketing = await run(
        SEND,
        {
            "input": {
                "type": "MANUAL",
                "channels": ["EMAIL", "IN_APP"],
                "clientIds": ids,
                "params": MANUAL,
            }
        },
        actor=actor,
    )
    assert marketing["sendNotification"] == {
        "queued": 1,
        "delivered": 0,
        "skipped": [
            {"channel": "EMAIL", "reason": "NO_CONSENT", "count": 1},
            {"channel": "IN_APP", "reason": "NO_CONSENT", "count": 2},
        ],
        "userErrors": [],
    }
    service = await run(
        SEND,
        {
            "input": {
                "type": "SESSION_CANCELLED",
                "channels": ["EMAIL"],
                "clientIds": ids,
                "params": {"activity": "Yoga", "startsAt": "2026-12-01T18:00:00"},
            }
        },
        actor=actor,
    )
    assert service["sendNotification"]["queued"] == 2
    settings = Settings(
        smtp_host="127.0.0.1",
        smtp_port=smtp_server.port,
        smtp_timeout=2.0,
        mail_from="Clientela <no-reply@clientela.test>",
        public_url="https://crm.example.com",
    )
    await deliver(settings)
    offers = [m for m in smtp_server.messages if m["Subject"] == "Offerta di dicembre"]
    assert [m["To"] for m in offers] == [
        f"{consented.first_name} {consented.last_name} <si@example.com>"
    ]
    (offer,) = offers
    url = re.match(
        r"<(https://crm\.example\.com/unsubscribe/[^>]+)>, <mailto:([^>]+)>",
        offer["List-Unsubscribe"],
    )
    assert url, offer["List-Unsubscribe"]
    assert url.group(2).startswith("info@palestrasole.example?subject=unsubscribe%20")
    assert offer["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f"Annulla l'iscrizione: {url.group(1)}" in text(offer)
    for message in smtp_server.messages:
        if message is not offer:
            assert message["List-Unsubscribe"] is None and "/unsubscribe/" not in text(message)


async def test_one_click_unsubscribe(gym, smtp_server, mail_settings):
    org, actor = gym
    client = await make_reachable_client(org, "ada@example.com", locale="es", consent=False)
    other = await make_reachable_client(org, "bob@example.com", consent=False)
    await grant(actor, client)
    await grant(actor, other)
    secret = mail_settings.secret_key.get_secret_value()
    token = make_token(secret, client.uuid, org.uuid, ConsentPurpose.MARKETING_EMAIL)
    path = f"/unsubscribe/{token}"
    head, _, mac = token.partition(".")
    other_head = make_token(secret, other.uuid, org.uuid, ConsentPurpose.MARKETING_EMAIL).split(
        "."
    )[0]
    another_org = await make_org()
    tampered = [
        f"{head}.{mac[:-2]}{'AA' if mac[-2:] != 'AA' else 'BB'}",  # altered signature
        f"{other_head}.{mac}",  # someone else's id with this signature
        make_token(secret, client.uuid, another_org.uuid, ConsentPurpose.MARKETING_EMAIL),
        make_token("another secret", client.uuid, org.uuid, ConsentPurpose.MARKETING_EMAIL),
        "not-a-token",
    ]
    async with http_client() as http:
        page = await http.get(path)
        assert page.status_code == 200
        assert (
            "¿No quieres recibir más comunicaciones promocionales por email de Palestra Sole?"
            in page.text
        )
        assert '<form method="post">' in page.text
        assert await ClientConsent.filter(granted=True).count() == 2  # GET changed nothing

        for bad in tampered:
            refused = await http.post(f"/unsubscribe/{bad}", data={"List-Unsubscribe": "One-Click"})
            assert refused.status_code == 400, bad
        assert await ClientConsent.filter(granted=True).count() == 2

        done = await http.post(path, data={"List-Unsubscribe": "One-Click"})
        assert done.status_code == 200 and "Hecho: Palestra Sole no te enviará más" in done.text
        again = await http.post(path, data={"List-Unsubscribe": "One-Click"})
        assert again.status_code == 200
        after = await http.get(path)
        assert after.status_code == 200 and "<form" not in after.text

    states = {c.client_id: c.granted for c in await ClientConsent.all()}
    assert states == {client.id: False, other.id: True}
    events = await ConsentEvent.filter(client_id=client.id).order_by("id")
    assert [(e.granted, e.source) for e in events] == [
        (True, ConsentSource.STAFF),
        (False, ConsentSource.UNSUBSCRIBE_LINK),
    ]
    assert events[-1].actor_name == "unsubscribe link"
    result = await run(
        SEND,
        {
            "input": {
                "type": "MANUAL",
                "channels": ["EMAIL"],
                "clientIds": [str(client.uuid)],
                "params": MANUAL,
            }
        },
        actor=actor,
    )
    assert result["sendNotification"]["skipped"] == [
        {"channel": "EMAIL", "reason": "NO_CONSENT", "count": 1}
    ]


async def test_a_permanent_refusal_makes_the_address_undeliverable(gym, smtp_server, mail_settings):
    org, actor = gym
    gone = await make_reachable_client(org, "gone@example.com")
    fine = await make_reachable_client(org, "fine@example.com")
    smtp_server.recorder.refuse["gone@example.com"] = "550 5.1.1 Mailbox does not exist"
    ids = [str(gone.uuid), str(fine.uuid)]
    receipt = {
        "input": {
            "type": "PAYMENT_RECEIPT",
            "channels": ["EMAIL"],
            "clientIds": ids,
            "params": {"amount": "30", "reason": "Quota"},
        }
    }
    assert (await run(SEND, receipt, actor=actor))["sendNotification"]["queued"] == 2
    await deliver(mail_settings)
    (mark,) = await UndeliverableAddress.all()
    assert (mark.email_key, mark.reply) == ("gone@example.com", "550 5.1.1 Mailbox does not exist")
    failed = await Notification.get(client_id=gone.id)
    assert failed.status is NotificationStatus.FAILED

    query = "query($id: ID!) { client(id: $id) { undeliverableEmail { reply since } } }"
    seen = await run(query, {"id": str(gone.uuid)}, actor=actor)
    assert seen["client"]["undeliverableEmail"]["reply"] == "550 5.1.1 Mailbox does not exist"
    assert (await run(query, {"id": str(fine.uuid)}, actor=actor))["client"][
        "undeliverableEmail"
    ] is None

    second = await run(SEND, receipt, actor=actor)
    assert second["sendNotification"]["queued"] == 1
    assert second["sendNotification"]["skipped"] == [
        {"channel": "EMAIL", "reason": "UNDELIVERABLE", "count": 1}
    ]
    assert await Notification.filter(skip_reason=SkipReason.UNDELIVERABLE).count() == 1

    clear = """mutation($id: ID!) { clearUndeliverableEmail(input: {clientId: $id}) {
        cleared client { undeliverableEmail { reply } } userErrors { code } } }"""
    cleared = await run(clear, {"id": str(gone.uuid)}, actor=actor)
    assert cleared["clearUndeliverableEmail"] == {
        "cleared": True,
        "client": {"undeliverableEmail": None},
        "userErrors": [],
    }
    assert (await run(SEND, receipt, actor=actor))["sendNotification"]["queued"] == 2
    activity = await ActivityEntry.filter(client_id=gone.id, action="email.undeliverable_cleared")
    assert len(activity) == 1


async def test_a_new_email_is_not_undeliverable(gym, smtp_server, mail_settings):
    org, actor = gym
    client = await make_client(org, email="old@example.com")
    await UndeliverableAddress.create(organization=org, email_key="old@example.com", reply="550 no")
    query = "query($id: ID!) { client(id: $id) { undeliverableEmail { reply } } }"
    assert (await run(query, {"id": str(client.uuid)}, actor=actor))["client"]["undeliverableEmail"]
    update = """mutation($id: ID!) { updateClient(input: {clientId: $id, email: "new@example.com"}) {
        userErrors { code } } }"""
    assert (await run(update, {"id": str(client.uuid)}, actor=actor))["updateClient"][
        "userErrors"
    ] == []
    assert (await run(query, {"id": str(client.uuid)}, actor=actor))["client"][
        "undeliverableEmail"
    ] is None


UNIFY = """mutation($input: UnifyClientsInput!) { unifyClients(input: $input) {
    client { consents { purpose granted source } consentHistory { totalCount } }
    userErrors { field code } } }"""


async def test_unify_moves_the_history_and_keeps_the_persons_latest_answer(gym):
    org, actor = gym
    survivor = await make_client(org, first_name="Keep")
    absorbed = await make_client(org, first_name="Old")
    await grant(actor, absorbed)  # e-mail: only the absorbed record was asked
    await grant(actor, survivor, purpose="MARKETING_IN_APP")
    await grant(actor, absorbed, purpose="MARKETING_IN_APP")
    await run(  # ... then withdrew in-app on the absorbed record, most recently
        SET,
        {
            "input": {
                "clientId": str(absorbed.uuid),
                "purpose": "MARKETING_IN_APP",
                "granted": False,
            }
        },
        actor=actor,
    )
    result = await run(
        UNIFY,
        {"input": {"survivorId": str(survivor.uuid), "absorbedId": str(absorbed.uuid)}},
        actor=actor,
    )
    assert result["unifyClients"]["userErrors"] == []
    client = result["unifyClients"]["client"]
    assert client["consents"] == [
        {"purpose": "MARKETING_EMAIL", "granted": True, "source": "STAFF"},
        {"purpose": "MARKETING_IN_APP", "granted": False, "source": "STAFF"},
    ]
    assert client["consentHistory"]["totalCount"] == 4
    assert await ClientConsent.filter(client_id=absorbed.id).count() == 0


async def test_erasure_blanks_consent_proofs_and_the_undeliverable_mark(gym):
    org, actor = gym
    client = await make_client(org, email="gina@example.com", first_name="Gina")
    await grant(actor, client, proof="Gina signed the paper form on 3 March")
    await UndeliverableAddress.create(organization=org, email_key="gina@example.com", reply="550")
    delete = """mutation($id: ID!) { deleteClientPermanently(input: {clientId: $id}) {
        userErrors { code } } }"""
    assert (await run(delete, {"id": str(client.uuid)}, actor=actor))["deleteClientPermanently"][
        "userErrors"
    ] == []
    (event,) = await ConsentEvent.filter(client_id=client.id)
    assert (event.granted, event.proof) == (True, None)
    assert await UndeliverableAddress.all().count() == 0
