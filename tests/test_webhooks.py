"""Webhook endpoints and delivery against a real HTTP receiver (R10.1, R10.3, R10.4)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from clientela.settings import Settings
from models import (
    Notification,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from models.access import Permission
from models.enums import NotificationType, StaffRole
from models.webhook import DeliveryStatus
from resolvers.access.auth import authenticate
from resolvers.webhooks.delivery import Policy, WebhookWorker, purge_old_log
from tests.factories import make_actor, make_api_key, make_client, make_org, make_staff
from tests.helpers import error_codes, execute, run
from tests.receiver import Answer, serve_receiver
from tests.webhook_helpers import CREATE, FAST, create_endpoint, drain

UPDATE_CLIENT = """mutation($input: UpdateClientInput!) { updateClient(input: $input) {
  userErrors { code } } }"""
DELIVERIES = """query { webhookEndpoints { id enabled failingSince disabledReason
  deliveries(first: 50) { totalCount nodes { id status attempts responseCode lastError webhookId
  eventType data attemptLog { responseCode error succeeded durationMs } } } } }"""


@pytest.fixture
async def shop(db):
    org = await make_org()
    return org, await make_actor(org)


async def rename(actor, client, name: str) -> None:
    data = await run(
        UPDATE_CLIENT, {"input": {"clientId": str(client.uuid), "firstName": name}}, actor=actor
    )
    assert data["updateClient"]["userErrors"] == []


async def test_an_endpoint_is_created_with_a_secret_shown_once(shop):
    _org, actor = shop
    payload = await create_endpoint(actor, "https://hooks.example.com/in", ["CLIENT_UPDATED"])
    assert payload["secret"].startswith("whsec_") and len(payload["secret"]) > 30
    assert payload["endpoint"]["events"] == ["CLIENT_UPDATED"]
    assert payload["endpoint"]["enabled"] is True
    listed = await run("{ webhookEndpoints { id url events } }", actor=actor)
    assert listed["webhookEndpoints"] == [
        {
            "id": payload["endpoint"]["id"],
            "url": "https://hooks.example.com/in",
            "events": ["CLIENT_UPDATED"],
        }
    ]
    # The secret is in no answer after this one.
    result = await execute('{ __type(name: "WebhookEndpoint") { fields { name } } }', actor=actor)
    assert "secret" not in {f["name"] for f in result.data["__type"]["fields"]}


async def test_managing_endpoints_needs_the_permission_or_the_scope(shop):
    org, _ = shop
    agent = await make_actor(org, StaffRole.AGENT)
    variables = {"input": {"url": "https://hooks.example.com/in", "events": ["CLIENT_CREATED"]}}
    assert await error_codes(CREATE, variables, actor=agent) == ["FORBIDDEN"]
    assert await error_codes("{ webhookEndpoints { id } }", actor=agent) == ["FORBIDDEN"]
    reader = await authenticate(await make_api_key(org, Permission.CLIENTS_READ))
    assert await error_codes(CREATE, variables, actor=reader) == ["FORBIDDEN"]
    partner = await authenticate(await make_api_key(org, Permission.WEBHOOKS_MANAGE))
    data = await run(CREATE, variables, actor=partner)
    assert data["createWebhookEndpoint"]["userErrors"] == []


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("ftp://hooks.example.com/in", "INVALID_URL"),
        ("hooks.example.com/in", "INVALID_URL"),
        ("http://hooks.example.com/in", "INVALID_URL"),
        ("https://user:pw@hooks.example.com/in", "INVALID_URL"),
        ("https://hooks.example.com/in#frag", "INVALID_URL"),
        ("https://exa mple.com/", "INVALID_URL"),
        ("https://" + "a" * 2000 + ".com/", "INVALID_URL"),
    ],
)
async def test_bad_urls_are_refused(shop, url, code):
    _org, actor = shop
    data = await run(CREATE, {"input": {"url": url, "events": ["CLIENT_CREATED"]}}, actor=actor)
    assert data["createWebhookEndpoint"] == {
        "endpoint": None,
        "secret": None,
        "userErrors": [{"field": ["url"], "code": code}],
    }
    assert await WebhookEndpoint.all().count() == 0


async def test_events_must_be_given_and_known(shop):
    _org, actor = shop
    data = await run(
        CREATE, {"input": {"url": "https://hooks.example.com/", "events": []}}, actor=actor
    )
    assert data["createWebhookEndpoint"]["userErrors"] == [
        {"field": ["events"], "code": "REQUIRED"}
    ]
    result = await execute(
        CREATE, {"input": {"url": "https://hooks.example.com/", "events": ["NOPE"]}}, actor=actor
    )
    assert result.errors and result.errors[0].extensions["code"] == "BAD_USER_INPUT"
    assert await WebhookEndpoint.all().count() == 0


PRODUCTION = Settings(environment="production", secret_key="x" * 40)


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/in",
        "https://localhost/in",
        "https://10.1.2.3/in",
        "https://192.168.0.10/in",
        "https://172.16.5.4/in",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/in",
        "https://[fe80::1]/in",
        "https://[::ffff:10.0.0.1]/in",
        "https://0.0.0.0/in",
        "http://127.0.0.1:8080/in",
    ],
)
async def test_production_refuses_private_targets(shop, url):
    from schema import schema
    from schema.context import Context

    _org, actor = shop
    result = await schema.execute(
        CREATE,
        variable_values={"input": {"url": url, "events": ["CLIENT_CREATED"]}},
        context_value=Context(settings=PRODUCTION, actor=actor),
    )
    assert result.errors is None
    errors = result.data["createWebhookEndpoint"]["userErrors"]
    assert errors in (
        [{"field": ["url"], "code": "URL_NOT_ALLOWED"}],
        [{"field": ["url"], "code": "INVALID_URL"}],  # plain http, refused in production
    )
    assert await WebhookEndpoint.all().count() == 0


async def test_a_host_resolving_to_a_private_address_is_refused_in_production(shop):
    from resolvers.webhooks.endpoint_url import check_url

    refused = await check_url("https://localhost.localdomain./x", production=True)
    resolved_to_loopback = await check_url("https://ip6-localhost./x", production=True)
    assert refused is not None and resolved_to_loopback is not None
    assert {refused.code.value, resolved_to_loopback.code.value} <= {
        "url_not_allowed",
        "invalid_url",
    }


async def test_delivery_time_resolution_refuses_what_production_forbids(shop):
    """An endpoint saved in development to loopback is not called by a production worker."""
    org, actor = shop
    async with serve_receiver() as receiver:
        await create_endpoint(actor, receiver.url, ["CLIENT_UPDATED"])
        await rename(actor, await make_client(org), "Ada")
        worker = WebhookWorker(PRODUCTION, FAST)
        await worker.deliver_due()
        await worker.client.aclose()
    assert receiver.received == []
    attempt = await WebhookAttempt.get()
    assert attempt.succeeded is False
    assert attempt.error is not None and attempt.error.startswith("refused target")


async def test_deliveries_are_signed_the_standard_webhooks_way(shop):
    org, actor = shop
    client = await make_client(org)
    async with serve_receiver() as receiver:
        payload = await create_endpoint(actor, receiver.url, ["CLIENT_UPDATED"])
        await rename(actor, client, "Ada")
        await drain()
    (got,) = receiver.received
    body = Webhook(payload["secret"]).verify(got.body, got.headers)
    assert body["type"] == "client.updated"
    assert body["data"] == {"clientId": str(client.uuid), "changedFields": ["firstName"]}
    datetime.fromisoformat(body["timestamp"])
    event = await WebhookEvent.get()
    assert got.headers["webhook-id"] == str(event.uuid)
    assert got.headers["content-type"] == "application/json"
    with pytest.raises(WebhookVerificationError):
        Webhook("whsec_" + "A" * 32).verify(got.body, got.headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(payload["secret"]).verify(got.body.replace(b"firstName", b"lastName!"), got.headers)
    # Nothing personal in the body: field names, not values.
    assert b"Ada" not in got.body


async def test_a_rotated_secret_signs_beside_the_old_one_for_a_day(shop):
    org, actor = shop
    client = await make_client(org)
    async with serve_receiver() as receiver:
        created = await create_endpoint(actor, receiver.url, ["CLIENT_UPDATED"])
        rotated = await run(
            """mutation($id: ID!) { rotateWebhookSecret(input: {endpointId: $id}) {
            secret userErrors { code } } }""",
            {"id": created["endpoint"]["id"]},
            actor=actor,
        )
        new_secret = rotated["rotateWebhookSecret"]["secret"]
        assert new_secret.startswith("whsec_") and new_secret != created["secret"]
        await rename(actor, client, "Ada")
        await drain()
        first = receiver.received[-1]
        Webhook(created["secret"]).verify(first.body, first.headers)
        Webhook(new_secret).verify(first.body, first.headers)
        assert len(first.headers["webhook-signature"].split(" ")) == 2
        # A day later, only the new secret signs.
        await WebhookEndpoint.all().update(previous_secret_until=datetime.now(UTC))
        await rename(actor, client, "Bea")
        await drain()
        second = receiver.received[-1]
        Webhook(new_secret).verify(second.body, second.headers)
        with pytest.raises(WebhookVerificationError):
            Webhook(created["secret"]).verify(second.body, second.headers)


async def test_failures_are_retried_with_the_same_webhook_id_and_logged(shop):
    org, actor = shop
    client = await make_client(org)
    answers = iter([503, 500, 200])
    async with serve_receiver() as receiver:
        receiver.script = lambda body: Answer(status=next(answers))
        await create_endpoint(actor, receiver.url, ["CLIENT_UPDATED"])
        await rename(actor, client, "Ada")
        await drain()
    assert [r.answered for r in receiver.received] == [503, 500, 200]
    assert len({r.headers["webhook-id"] for r in receiver.received}) == 1
    data = await run(DELIVERIES, actor=actor)
    (delivery,) = data["webhookEndpoints"][0]["deliveries"]["nodes"]
    assert delivery["status"] == "DELIVERED"
    assert delivery["attempts"] == 3
    assert delivery["responseCode"] == 200
    assert [a["responseCode"] for a in delivery["attemptLog"]] == [503, 500, 200]
    assert [a["succeeded"] for a in delivery["attemptLog"]] == [False, False, True]
    assert delivery["attemptLog"][0]["error"] == "HTTP 503"
    assert data["webhookEndpoints"][0]["failingSince"] is None


async def test_redirects_are_not_followed(shop):
    org, actor = shop
    async with serve_receiver() as receiver:
        receiver.script = lambda body: Answer(
            status=302, location=f"http://127.0.0.1:{receiver.port}/elsewhere"
        )
        await create_endpoint(actor, receiver.url, ["CLIENT_UPDATED"])
        await rename(actor, await make_client(org), "Ada")
        worker = WebhookWorker(Settings(), FAST)
        await worker.deliver_due()
        await worker.client.aclose()
    assert [r.answered for r in receiver.received] == [302]  # /elsewhere never called
    delivery = await WebhookDelivery.get()
    assert delivery.status is DeliveryStatus.PENDING
    assert delivery.last_error == "HTTP 302 (redirects are not followed)"


async def test_a_slow_receiver_times_out_and_a_huge_body_is_not_read(shop):
    org, actor = shop
    client = await make_client(org)
    policy = Policy(base_delay=0.01, max_delay=0.02, total_timeout=0.5, poll_interval=0.01)
    async with serve_receiver() as receiver:
        receiver.script = lambda body: Answer(delay=3.0)
        await create_endpoint(actor, receiver.url, ["CLIENT_UPDATED"])
        await rename(actor, client, "Ada")
        worker = WebhookWorker(Settings(), policy)
        started = asyncio.get_running_loop().time()
        await worker.deliver_due()
        assert asyncio.get_running_loop().time() - started < 2.0
        attempt = await WebhookAttempt.get()
        assert attempt.error == "no answer within 0.5 s" and attempt.response_code is None

        receiver.script = lambda body: Answer(body_bytes=200 * 1024 * 1024)
        await WebhookDelivery.all().update(next_attempt_at=datetime.now(UTC))
        started = asyncio.get_running_loop().time()
        await worker.deliver_due()
        assert asyncio.get_running_loop().time() - started < 2.0
        await worker.client.aclose()
    delivery = await WebhookDelivery.get()
    assert delivery.status is DeliveryStatus.DELIVERED


async def test_a_clients_events_arrive_in_order_even_across_retries(shop):
    org, actor = shop
    first, second = await make_client(org), await make_client(org)
    failed_once: set[str] = set()

    def script(body):
        # The first event of `first` fails once; everything else succeeds.
        if body["data"]["clientId"] == str(first.uuid) and "A1" not in failed_once:
            failed_once.add("A1")
            return Answer(status=500)
        return Answer()

    async with serve_receiver() as receiver:
        receiver.script = script
        await create_endpoint(actor, receiver.url, ["CLIENT_UPDATED", "POINTS_CHANGED"])
        for name in ("A1", "A2", "A3"):
            await rename(actor, first, name)
        await rename(actor, second, "B1")
        worker = WebhookWorker(Settings(), FAST)
        await worker.deliver_due()
        # Only the head of each client's queue went out in the first pass.
        assert [r.answered for r in receiver.received] == [500, 200]
        await worker.client.aclose()
        await drain()
    of_first = [r for r in receiver.received if r.json["data"]["clientId"] == str(first.uuid)]
    ids = [r.headers["webhook-id"] for r in of_first]
    events = [str(e.uuid) for e in await WebhookEvent.filter(client_id=first.id).order_by("id")]
    assert ids == [events[0], *events]  # the failed head again, then in order


async def test_one_pass_sends_a_clients_queue_in_order_and_stops_at_a_failure(shop):
    org, actor = shop
    client = await make_client(org)
    async with serve_receiver() as receiver:
        await create_endpoint(actor, receiver.url, ["CLIENT_UPDATED"])
        for name in ("A1", "A2", "A3", "A4"):
            await rename(actor, client, name)
        events = [str(e.uuid) for e in await WebhookEvent.all().order_by("id")]
        worker = WebhookWorker(Settings(), FAST)
        assert await worker.deliver_due() == 4  # the whole queue, one after the other
        assert [r.headers["webhook-id"] for r in receiver.received] == events
        for name in ("B1", "B2", "B3"):
            await rename(actor, client, name)
        later = [str(e.uuid) for e in await WebhookEvent.all().order_by("id")][4:]
        receiver.script = lambda body: Answer(status=503)
        assert await worker.deliver_due() == 1  # B1 fails: B2 and B3 are not tried
        await worker.client.aclose()
        rows = await WebhookDelivery.filter(status__in=("pending",)).order_by("id")
        assert [(r.attempts, r.last_error is None) for r in rows] == [
            (1, False),
            (0, True),
            (0, True),
        ]
        receiver.script = lambda body: Answer()
        await WebhookDelivery.filter(attempts=1, status="pending").update(
            next_attempt_at=datetime.now(UTC)
        )
        await drain()
    got = [r.headers["webhook-id"] for r in receiver.received]
    assert got == [*events, later[0], *later]  # B1 again, then in order


async def test_an_endpoint_failing_for_a_day_is_switched_off_and_owners_told(shop):
    org, actor = shop
    other_owner = await make_staff(org, StaffRole.OWNER, email="boss@example.com")
    await make_staff(org, StaffRole.AGENT, email="agent@example.com")
    policy = Policy(
        base_delay=0.01, max_delay=0.02, window=timedelta(milliseconds=300), poll_interval=0.01
    )
    async with serve_receiver() as receiver:
        receiver.script = lambda body: Answer(status=500)
        await create_endpoint(actor, receiver.url, ["CLIENT_UPDATED"])
        await rename(actor, await make_client(org), "Ada")
        worker = WebhookWorker(Settings(), policy)
        for _ in range(100):
            await worker.deliver_due()
            if not (await WebhookEndpoint.get()).enabled:
                break
            await asyncio.sleep(0.02)
        await worker.client.aclose()
    endpoint = await WebhookEndpoint.get()
    assert endpoint.enabled is False and endpoint.disabled_reason == "failing"
    mails = await Notification.filter(type=NotificationType.WEBHOOK_DISABLED)
    owners = {s.email for s in await org.staff.filter(role=StaffRole.OWNER)}
    assert {m.to_address for m in mails} == owners and other_owner.email in owners
    assert all(m.params == {"endpoint_url": receiver.url} for m in mails)
    # Off means off: nothing more is sent, events still queue.
    sent = len(receiver.received)
    await rename(actor, await make_client(org), "Bea")
    assert await WebhookDelivery.filter(status=DeliveryStatus.PENDING).count() >= 1
    worker = WebhookWorker(Settings(), policy)
    assert await worker.deliver_due() == 0
    await worker.client.aclose()
    assert len(receiver.received) == sent
    # Switching it on clears the failure streak.
    data = await run(
        """mutation($id: ID!) { updateWebhookEndpoint(input: {endpointId: $id, enabled: true}) {
        endpoint { enabled failingSince disabledReason } userErrors { code } } }""",
        {"id": str(endpoint.uuid)},
        actor=actor,
    )
    assert data["updateWebhookEndpoint"]["endpoint"] == {
        "enabled": True,
        "failingSince": None,
        "disabledReason": None,
    }


async def test_replay_by_ids_and_by_window_resends_the_same_webhook_id(shop):
    org, actor = shop
    client = await make_client(org)
    async with serve_receiver() as receiver:
        created = await create_endpoint(actor, receiver.url, ["CLIENT_UPDATED"])
        await rename(actor, client, "Ada")
        await rename(actor, client, "Bea")
        await drain()
        assert len(receiver.received) == 2
        first = await WebhookDelivery.filter().order_by("id").first()
        replay = """mutation($input: ReplayWebhookDeliveriesInput!) {
          replayWebhookDeliveries(input: $input) { queued userErrors { field code } } }"""
        by_ids = await run(replay, {"input": {"deliveryIds": [str(first.uuid)]}}, actor=actor)
        assert by_ids["replayWebhookDeliveries"] == {"queued": 1, "userErrors": []}
        await drain()
        assert (
            receiver.received[2].headers["webhook-id"] == receiver.received[0].headers["webhook-id"]
        )
        window = {
            "endpointId": created["endpoint"]["id"],
            "from": (datetime.now(UTC) - timedelta(minutes=5)).isoformat(),
            "to": datetime.now(UTC).isoformat(),
        }
        by_window = await run(replay, {"input": window}, actor=actor)
        assert by_window["replayWebhookDeliveries"] == {"queued": 2, "userErrors": []}
        await drain()
        ids = [r.headers["webhook-id"] for r in receiver.received]
        assert ids[3:] == ids[:2]
        # Bad inputs are typed.
        both = await run(
            replay, {"input": {**window, "deliveryIds": [str(first.uuid)]}}, actor=actor
        )
        assert both["replayWebhookDeliveries"]["userErrors"] == [{"field": None, "code": "INVALID"}]
        unknown = await run(
            replay,
            {"input": {"deliveryIds": ["00000000-0000-0000-0000-000000000000"]}},
            actor=actor,
        )
        assert unknown["replayWebhookDeliveries"]["userErrors"] == [
            {"field": ["deliveryIds"], "code": "NOT_FOUND"}
        ]
        other = await make_actor(await make_org())
        foreign = await run(replay, {"input": {"deliveryIds": [str(first.uuid)]}}, actor=other)
        assert foreign["replayWebhookDeliveries"]["queued"] == 0


async def test_a_test_event_is_delivered_signed_and_logged(shop):
    _org, actor = shop
    async with serve_receiver() as receiver:
        created = await create_endpoint(actor, receiver.url, ["CLIENT_CREATED"])
        data = await run(
            """mutation($id: ID!) { sendTestWebhook(input: {endpointId: $id}) {
            delivery { status eventType } userErrors { code } } }""",
            {"id": created["endpoint"]["id"]},
            actor=actor,
        )
        assert data["sendTestWebhook"] == {
            "delivery": {"status": "PENDING", "eventType": "webhook.test"},
            "userErrors": [],
        }
        await drain()
    (got,) = receiver.received
    assert Webhook(created["secret"]).verify(got.body, got.headers)["data"] == {
        "endpointId": created["endpoint"]["id"]
    }


async def test_updating_and_deleting_an_endpoint(shop):
    _org, actor = shop
    created = await create_endpoint(actor, "https://hooks.example.com/a", ["CLIENT_CREATED"])
    endpoint_id = created["endpoint"]["id"]
    update = """mutation($input: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(input: $input) {
      endpoint { url events description enabled } userErrors { field code } } }"""
    data = await run(
        update,
        {
            "input": {
                "endpointId": endpoint_id,
                "url": "https://hooks.example.com/b",
                "events": ["TAGS_CHANGED", "CLIENT_MERGED"],
                "description": "POS",
            }
        },
        actor=actor,
    )
    assert data["updateWebhookEndpoint"] == {
        "endpoint": {
            "url": "https://hooks.example.com/b",
            "events": ["CLIENT_MERGED", "TAGS_CHANGED"],
            "description": "POS",
            "enabled": True,
        },
        "userErrors": [],
    }
    bad = await run(update, {"input": {"endpointId": endpoint_id, "url": "ftp://x"}}, actor=actor)
    assert bad["updateWebhookEndpoint"]["userErrors"] == [{"field": ["url"], "code": "INVALID_URL"}]
    assert (await WebhookEndpoint.get()).url == "https://hooks.example.com/b"
    other = await make_actor(await make_org())
    foreign = await run(
        update, {"input": {"endpointId": endpoint_id, "description": "x"}}, actor=other
    )
    assert foreign["updateWebhookEndpoint"]["userErrors"] == [
        {"field": ["endpointId"], "code": "NOT_FOUND"}
    ]
    delete = """mutation($id: ID!) { deleteWebhookEndpoint(input: {endpointId: $id}) {
      endpoint { id } userErrors { field code } } }"""
    assert (await run(delete, {"id": endpoint_id}, actor=other))["deleteWebhookEndpoint"][
        "userErrors"
    ] == [{"field": ["endpointId"], "code": "NOT_FOUND"}]
    assert (await run(delete, {"id": endpoint_id}, actor=actor))["deleteWebhookEndpoint"] == {
        "endpoint": {"id": endpoint_id},
        "userErrors": [],
    }
    assert await WebhookEndpoint.all().count() == 0


async def test_the_log_is_kept_for_the_retention_period(shop):
    org, actor = shop
    async with serve_receiver() as receiver:
        await create_endpoint(actor, receiver.url, ["CLIENT_UPDATED"])
        client = await make_client(org)
        await rename(actor, client, "Ada")
        await rename(actor, client, "Bea")
        await drain()
    old = await WebhookDelivery.filter().order_by("id").first()
    await WebhookDelivery.filter(id=old.id).update(
        created_at=datetime.now(UTC) - timedelta(days=31)
    )
    await WebhookEvent.filter(id=old.event_id).update(
        created_at=datetime.now(UTC) - timedelta(days=31)
    )
    assert await purge_old_log(timedelta(days=30)) == 1
    assert await WebhookDelivery.all().count() == 1
    assert await WebhookEvent.all().count() == 1
    assert await WebhookAttempt.all().count() == 1


@pytest.mark.postgres
async def test_two_workers_share_the_queue_without_sending_twice(shop):
    org, actor = shop
    clients = [await make_client(org) for _ in range(30)]
    async with serve_receiver() as receiver:
        receiver.script = lambda body: Answer(delay=0.01)
        await create_endpoint(actor, receiver.url, ["CLIENT_UPDATED"])
        for round_ in range(3):
            for client in clients:
                await rename(actor, client, f"N{round_}")
        small = Policy(batch=7, base_delay=0.01, poll_interval=0.01)
        workers = [WebhookWorker(Settings(), small) for _ in range(3)]
        stop = asyncio.Event()
        tasks = [asyncio.create_task(w.run(stop)) for w in workers]
        for _ in range(500):
            if await WebhookDelivery.filter(status=DeliveryStatus.DELIVERED).count() == 90:
                break
            await asyncio.sleep(0.02)
        stop.set()
        await asyncio.gather(*tasks)
    ids = [r.headers["webhook-id"] for r in receiver.received]
    assert len(ids) == 90 and len(set(ids)) == 90
    for client in clients:
        mine = [r.json["data"]["clientId"] for r in receiver.received]
        assert mine.count(str(client.uuid)) == 3
    order = {}
    for r in receiver.received:
        order.setdefault(r.json["data"]["clientId"], []).append(r.headers["webhook-id"])
    for client in clients:
        expected = [
            str(e.uuid) for e in await WebhookEvent.filter(client_id=client.id).order_by("id")
        ]
        assert order[str(client.uuid)] == expected
