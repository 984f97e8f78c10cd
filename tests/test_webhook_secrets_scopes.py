"""Webhook signing secrets are sealed at rest under SECRET_KEY (migration 0018 seals the
plain ones), and an event's data carries no more than the endpoint's scopes can read
(R10.2)."""

from __future__ import annotations

import pytest
from standardwebhooks.webhooks import Webhook

from clientela.infra.sealing import Unsealable, is_sealed, seal, unseal
from clientela.settings import Settings
from models import WebhookAttempt, WebhookEndpoint
from models.access import Permission
from resolvers.access.auth import authenticate
from resolvers.webhooks.endpoints import SECRET_PURPOSE, new_secret, open_secret
from tests.factories import make_actor, make_api_key, make_client, make_org
from tests.helpers import run
from tests.receiver import serve_receiver
from tests.webhook_helpers import create_endpoint, drain

KEY = Settings().secret_key.get_secret_value()
UPDATE_CLIENT = """mutation($input: UpdateClientInput!) { updateClient(input: $input) {
  userErrors { code } } }"""
ADD_TAGS = (
    """mutation($input: ChangeTagsInput!) { addTags(input: $input) { userErrors { code } } }"""
)


@pytest.fixture
async def shop(db):
    org = await make_org()
    return org, await make_actor(org)


def test_sealing_round_trips_and_refuses_another_key_or_an_altered_value():
    secret = new_secret()
    sealed = seal(KEY, SECRET_PURPOSE, secret)
    assert is_sealed(sealed) and secret not in sealed
    assert seal(KEY, SECRET_PURPOSE, secret) != sealed  # a fresh nonce each time
    assert unseal(KEY, SECRET_PURPOSE, sealed) == secret
    with pytest.raises(Unsealable):
        unseal("another key " * 4, SECRET_PURPOSE, sealed)
    with pytest.raises(Unsealable):
        unseal(KEY, "another purpose", sealed)
    flipped = sealed[:-3] + ("A" if sealed[-3] != "A" else "B") + sealed[-2:]
    with pytest.raises(Unsealable):
        unseal(KEY, SECRET_PURPOSE, flipped)


async def test_the_secret_is_stored_sealed_and_still_signs(shop):
    org, actor = shop
    async with serve_receiver() as receiver:
        created = await create_endpoint(actor, receiver.url, ["CLIENT_UPDATED"])
        endpoint = await WebhookEndpoint.get()
        assert is_sealed(endpoint.secret) and created["secret"] not in endpoint.secret
        assert open_secret(KEY, endpoint.secret) == created["secret"]
        rotated = await run(
            """mutation($id: ID!) { rotateWebhookSecret(input: {endpointId: $id}) { secret } }""",
            {"id": created["endpoint"]["id"]},
            actor=actor,
        )
        await endpoint.refresh_from_db()
        assert endpoint.previous_secret is not None and is_sealed(endpoint.previous_secret)
        assert open_secret(KEY, endpoint.secret) == rotated["rotateWebhookSecret"]["secret"]
        client = await make_client(org)
        await run(
            UPDATE_CLIENT, {"input": {"clientId": str(client.uuid), "city": "Roma"}}, actor=actor
        )
        await drain()
    (got,) = receiver.received
    Webhook(created["secret"]).verify(got.body, got.headers)
    Webhook(rotated["rotateWebhookSecret"]["secret"]).verify(got.body, got.headers)


async def test_a_worker_with_another_secret_key_sends_nothing_unsigned(shop):
    org, actor = shop
    async with serve_receiver() as receiver:
        await create_endpoint(actor, receiver.url, ["CLIENT_UPDATED"])
        client = await make_client(org)
        await run(
            UPDATE_CLIENT, {"input": {"clientId": str(client.uuid), "city": "Roma"}}, actor=actor
        )
        await drain(Settings(secret_key="k" * 40), passes=1)
    assert receiver.received == []
    attempt = await WebhookAttempt.get()
    assert attempt.succeeded is False and attempt.error is not None
    assert attempt.error.startswith("unsigned")


async def test_the_migration_seals_plain_secrets_once(shop):
    org, _actor = shop
    plain, previous = new_secret(), new_secret()
    await WebhookEndpoint.create(
        organization=org,
        url="https://a.example.com/",
        events=["CLIENT_UPDATED"],
        secret=plain,
        previous_secret=previous,
    )
    already = seal(KEY, SECRET_PURPOSE, new_secret())
    await WebhookEndpoint.create(
        organization=org, url="https://b.example.com/", events=["CLIENT_UPDATED"], secret=already
    )
    import importlib

    from tortoise import connections

    migration = importlib.import_module(
        "models.migrations.0018_import_consent_sealed_webhook_secrets"
    )

    class Editor:
        client = connections.get("default")

    for _ in range(2):  # running it again seals nothing twice
        await migration.seal_secrets(None, Editor())
        first, second = await WebhookEndpoint.all().order_by("id")
        assert is_sealed(first.secret) and open_secret(KEY, first.secret) == plain
        assert first.previous_secret and open_secret(KEY, first.previous_secret) == previous
        assert second.secret == already


async def test_an_endpoint_set_up_without_clients_read_gets_ids_only(shop):
    org, actor = shop
    hooks_only = await authenticate(await make_api_key(org, Permission.WEBHOOKS_MANAGE))
    client = await make_client(org)
    async with serve_receiver() as full, serve_receiver() as ids:
        await create_endpoint(actor, full.url, ["TAGS_CHANGED"])
        await create_endpoint(hooks_only, ids.url, ["TAGS_CHANGED"])
        data = await run(
            ADD_TAGS, {"input": {"clientIds": [str(client.uuid)], "tags": ["vip"]}}, actor=actor
        )
        assert data["addTags"]["userErrors"] == []
        await drain()
    assert [r.json["data"] for r in full.received] == [
        {"clientId": str(client.uuid), "added": ["vip"], "removed": []}
    ]
    assert [r.json["data"] for r in ids.received] == [{"clientId": str(client.uuid)}]
    scopes = {e.url: e.scopes for e in await WebhookEndpoint.all()}
    assert Permission.CLIENTS_READ.value in scopes[full.url]
    assert scopes[ids.url] == [Permission.WEBHOOKS_MANAGE.value]
    # The delivery log shows a reader without clients:read the ids only, too.
    log = await run(
        "{ webhookEndpoints { deliveries(first: 5) { nodes { data } } } }", actor=hooks_only
    )
    assert [n["data"] for e in log["webhookEndpoints"] for n in e["deliveries"]["nodes"]] == [
        {"clientId": str(client.uuid)},
        {"clientId": str(client.uuid)},
    ]


async def test_changing_an_endpoint_records_the_changers_scopes(shop):
    org, actor = shop
    created = await create_endpoint(actor, "https://hooks.example.com/", ["TAGS_CHANGED"])
    hooks_only = await authenticate(await make_api_key(org, Permission.WEBHOOKS_MANAGE))
    # A key that cannot read clients redirects the endpoint: from now on, ids only.
    changed = await run(
        """mutation($input: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(input: $input)
        { userErrors { code } } }""",
        {"input": {"endpointId": created["endpoint"]["id"], "url": "https://elsewhere.example/"}},
        actor=hooks_only,
    )
    assert changed["updateWebhookEndpoint"]["userErrors"] == []
    endpoint = await WebhookEndpoint.get()
    assert endpoint.scopes == [Permission.WEBHOOKS_MANAGE.value]
