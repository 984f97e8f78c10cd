"""Changing SECRET_KEY (docs/operations.md): with the old key in SECRET_KEY_PREVIOUS, sealed
webhook secrets still open and deliveries are signed, unsubscribe links and bounce tags of
mail already sent still verify; `clientela reseal-secrets` seals every secret again under
the new key, once."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from uuid import uuid4

import pytest
from standardwebhooks.webhooks import Webhook
from tortoise.context import TortoiseContext

from clientela.inbound_mail import NOT_SIGNED, InboundMail, Route
from clientela.infra.sealing import Unsealable, opened, seal, unseal
from clientela.reseal import reseal_secrets
from clientela.settings import Settings, SettingsError
from mailer.bounces import bounce_tag
from mailer.unsubscribe import make_token
from models import ClientConsent, WebhookAttempt, WebhookEndpoint
from models.db import tortoise_config
from models.enums import ConsentPurpose
from resolvers.consent.set_client_consent import set_client_consent
from resolvers.webhooks.endpoints import SECRET_PURPOSE, new_secret, open_secret
from tests.factories import make_actor, make_client, make_org
from tests.helpers import run, served
from tests.receiver import serve_receiver
from tests.webhook_helpers import create_endpoint, drain

OLD = Settings().secret_key.get_secret_value()  # what the endpoints below are created under
NEW = "n" * 40
OTHER = "o" * 40
ROTATING = Settings(secret_key=NEW, secret_key_previous=f"{OTHER}, {OLD}")
ROTATED = Settings(secret_key=NEW)
UPDATE_CLIENT = """mutation($input: UpdateClientInput!) { updateClient(input: $input) {
  userErrors { code } } }"""
ROTATE = """mutation($id: ID!) { rotateWebhookSecret(input: {endpointId: $id}) { secret } }"""


@pytest.fixture
async def shop(db):
    org = await make_org()
    return org, await make_actor(org)


def test_a_value_sealed_with_an_old_key_opens_only_while_that_key_is_previous():
    assert ROTATING.secret_keys() == (NEW, OTHER, OLD)
    assert ROTATED.secret_keys() == (NEW,)
    secret = new_secret()
    sealed = seal(OLD, SECRET_PURPOSE, secret)
    assert opened(ROTATING.secret_keys(), SECRET_PURPOSE, sealed) == (secret, 2)
    assert open_secret(ROTATING.secret_keys(), sealed) == secret
    with pytest.raises(Unsealable):
        unseal(ROTATED.secret_keys(), SECRET_PURPOSE, sealed)
    with pytest.raises(Unsealable):  # a previous key opens only what it sealed
        unseal((NEW, OTHER), SECRET_PURPOSE, sealed)


def test_the_previous_keys_are_read_from_the_environment_and_checked_in_production():
    env = {"SECRET_KEY": NEW, "SECRET_KEY_PREVIOUS": f" {OLD} ,,{NEW}"}
    assert Settings.from_env(env).secret_keys() == (NEW, OLD)
    assert OLD not in repr(Settings.from_env(env))
    production = {**env, "CLIENTELA_ENV": "production", "DATABASE_URL": "sqlite://:memory:"}
    assert Settings.from_env(production).secret_keys() == (NEW, OLD)
    with pytest.raises(SettingsError, match="SECRET_KEY_PREVIOUS"):
        Settings.from_env({**production, "SECRET_KEY_PREVIOUS": f"{OLD},short"})


async def test_deliveries_are_signed_during_and_after_the_change(shop):
    org, actor = shop
    client = await make_client(org)
    async with serve_receiver() as receiver:
        created = await create_endpoint(actor, receiver.url, ["CLIENT_UPDATED"])
        variables = {"input": {"clientId": str(client.uuid), "city": "Roma"}}
        await run(UPDATE_CLIENT, variables, actor=actor)
        await drain(ROTATING)  # new key, old one previous: the secret opens and signs
        assert len(receiver.received) == 1
        await reseal_secrets(ROTATING)
        variables["input"]["city"] = "Bari"
        await run(UPDATE_CLIENT, variables, actor=actor)
        await drain(ROTATED)  # previous key removed after the reseal: still signed
    assert len(receiver.received) == 2
    for got in receiver.received:
        Webhook(created["secret"]).verify(got.body, got.headers)
    assert not await WebhookAttempt.filter(succeeded=False).exists()


async def test_without_the_previous_key_or_a_reseal_nothing_goes_out_unsigned(shop):
    org, actor = shop
    client = await make_client(org)
    async with serve_receiver() as receiver:
        await create_endpoint(actor, receiver.url, ["CLIENT_UPDATED"])
        variables = {"input": {"clientId": str(client.uuid), "city": "Roma"}}
        await run(UPDATE_CLIENT, variables, actor=actor)
        await drain(ROTATED, passes=1)
    assert receiver.received == []
    attempt = await WebhookAttempt.get()
    assert attempt.error is not None and attempt.error.startswith("unsigned")


async def test_reseal_seals_every_secret_again_under_the_new_key_once(shop):
    org, actor = shop
    first = await create_endpoint(actor, "https://a.example.com/", ["CLIENT_UPDATED"])
    rotated = await run(ROTATE, {"id": first["endpoint"]["id"]}, actor=actor)
    new_one = await WebhookEndpoint.create(
        organization=org,
        url="https://b.example.com/",
        events=["CLIENT_UPDATED"],
        secret=seal(NEW, SECRET_PURPOSE, new_secret()),
    )
    lost = await WebhookEndpoint.create(
        organization=org,
        url="https://c.example.com/",
        events=["CLIENT_UPDATED"],
        secret=seal("a key nobody has any more" * 2, SECRET_PURPOSE, new_secret()),
    )
    before = {e.id: (e.secret, e.previous_secret) for e in await WebhookEndpoint.all()}

    dry = (await reseal_secrets(ROTATING, dry_run=True, batch_size=2))["webhook_endpoint"]
    assert (dry.values, dry.current, dry.resealed, dry.unreadable) == (4, 1, 2, 1)
    assert {e.id: (e.secret, e.previous_secret) for e in await WebhookEndpoint.all()} == before

    done = (await reseal_secrets(ROTATING, batch_size=2))["webhook_endpoint"]
    assert (done.values, done.current, done.resealed, done.unreadable) == (4, 1, 2, 1)
    endpoint = await WebhookEndpoint.get(url="https://a.example.com/")
    old_secret, old_previous = before[endpoint.id]
    assert endpoint.secret != old_secret and endpoint.previous_secret != old_previous
    assert open_secret(NEW, endpoint.secret) == rotated["rotateWebhookSecret"]["secret"]
    assert (
        endpoint.previous_secret and open_secret(NEW, endpoint.previous_secret) == (first["secret"])
    )
    with pytest.raises(Unsealable):
        open_secret(OLD, endpoint.secret)
    assert (await WebhookEndpoint.get(id=new_one.id)).secret == before[new_one.id][0]
    assert (await WebhookEndpoint.get(id=lost.id)).secret == before[lost.id][0]

    again = (await reseal_secrets(ROTATED))["webhook_endpoint"]
    assert (again.values, again.current, again.resealed, again.unreadable) == (4, 3, 0, 1)
    after = {e.id: (e.secret, e.previous_secret) for e in await WebhookEndpoint.all()}
    assert after[endpoint.id] == (endpoint.secret, endpoint.previous_secret)


async def test_an_unsubscribe_link_of_a_mail_sent_before_works_while_the_key_is_previous(shop):
    org, actor = shop
    client = await make_client(org, email="ada@example.com")
    given = await set_client_consent(
        actor, str(client.uuid), ConsentPurpose.MARKETING_EMAIL, True, proof="Form 3"
    )
    assert given.errors == []
    token = make_token(OLD, client.uuid, org.uuid, ConsentPurpose.MARKETING_EMAIL)
    form = {"List-Unsubscribe": "One-Click"}
    async with served(ROTATED) as (http, _app):
        refused = await http.post(f"/unsubscribe/{token}", data=form)
        assert refused.status_code == 400
    assert await ClientConsent.filter(client_id=client.id, granted=True).exists()
    async with served(ROTATING) as (http, _app):
        assert (await http.get(f"/unsubscribe/{token}")).status_code == 200
        done = await http.post(f"/unsubscribe/{token}", data=form)
        assert done.status_code == 200
    assert not await ClientConsent.filter(client_id=client.id, granted=True).exists()


def test_a_bounce_report_of_a_mail_sent_before_is_read_while_the_key_is_previous():
    notification = uuid4()
    address = f"bounce+{bounce_tag(OLD, notification)}@mail.example.com"
    during = InboundMail(ROTATING.model_copy(update={"bounce_address": "bounce@mail.example.com"}))
    route = during.route(address)
    assert isinstance(route, Route) and route.notification == notification
    after = InboundMail(ROTATED.model_copy(update={"bounce_address": "bounce@mail.example.com"}))
    assert after.route(address) == NOT_SIGNED


async def _seal_one(url: str) -> str:
    async with TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(url))
        org = await make_org()
        endpoint = await WebhookEndpoint.create(
            organization=org,
            url="https://a.example.com/",
            events=["CLIENT_UPDATED"],
            secret=seal(OLD, SECRET_PURPOSE, "whsec_plain"),
        )
        return endpoint.secret


async def _stored(url: str) -> str:
    async with TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(url))
        return (await WebhookEndpoint.get()).secret


def test_the_command_prints_counts_never_secrets(database_url):
    sealed = asyncio.run(_seal_one(database_url))
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "CLIENTELA_ENV": "development",
        "SECRET_KEY": NEW,
        "SECRET_KEY_PREVIOUS": OLD,
    }
    command = [sys.executable, "-m", "clientela.cli", "reseal-secrets"]

    def reseal(*args: str) -> str:
        done = subprocess.run(  # noqa: S603
            [*command, *args], env=env, capture_output=True, text=True, timeout=120, check=True
        )
        assert "whsec_" not in done.stdout + done.stderr and sealed not in done.stdout
        return done.stdout

    assert "1 values, 0 already under SECRET_KEY, 1 would be sealed again" in reseal("--dry-run")
    assert asyncio.run(_stored(database_url)) == sealed
    assert "1 values, 0 already under SECRET_KEY, 1 sealed again" in reseal()
    stored = asyncio.run(_stored(database_url))
    assert stored != sealed and unseal(NEW, SECRET_PURPOSE, stored) == "whsec_plain"
    assert "1 values, 1 already under SECRET_KEY, 0 sealed again" in reseal()
    env.pop("SECRET_KEY_PREVIOUS")
    env["SECRET_KEY"] = OTHER  # a key that opens nothing: the command says so and fails
    failed = subprocess.run(  # noqa: S603
        command, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert failed.returncode == 1 and "1 sealed values open with no key" in failed.stderr
