"""Every event type (R10.2) is emitted by the paths that cause it, in the change's
transaction, derived from the activity log; erasure leaves only ids (R8.3)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from tortoise.transactions import in_transaction

from clientela.settings import Settings
from mailer.outbox import Outbox, Policy
from mailer.transport import SmtpPool
from models import ActivityEntry, WebhookDelivery, WebhookEvent
from models.enums import Channel, NotificationStatus, NotificationType
from models.webhook import WebhookEventType
from resolvers.access.actor import Actor
from resolvers.activity import log_activity
from resolvers.webhooks.create_webhook_endpoint import create_webhook_endpoint
from resolvers.webhooks.endpoints import SUBSCRIBABLE
from tests.factories import make_actor, make_client, make_org, make_reachable_client
from tests.helpers import run
from tests.receiver import serve_receiver
from tests.webhook_helpers import drain

KEY = Settings().secret_key.get_secret_value()


@pytest.fixture
async def shop(db):
    org = await make_org()
    actor = await make_actor(org)
    result = await create_webhook_endpoint(
        actor, "https://hooks.example.com/in", list(SUBSCRIBABLE), production=False, secret_key=KEY
    )
    assert result.errors == []
    return org, actor


async def events(kind: WebhookEventType) -> list[dict]:
    rows = await WebhookEvent.filter(type=kind).order_by("id")
    return [row.data for row in rows]


async def ok(query: str, variables: dict, actor: Actor, name: str) -> dict:
    data = await run(query, variables, actor=actor)
    assert data[name]["userErrors"] == [], data
    return data[name]


CREATE = "mutation($input: CreateClientInput!) { createClient(input: $input) { client { id } userErrors { code } } }"
UPDATE = (
    "mutation($input: UpdateClientInput!) { updateClient(input: $input) { userErrors { code } } }"
)
POINTS = "mutation($input: AddPointsInput!) { addPoints(input: $input) { userErrors { code } } }"


async def test_client_created(shop):
    _org, actor = shop
    created = await ok(
        CREATE, {"input": {"firstName": "Ada", "email": "ada@example.com"}}, actor, "createClient"
    )
    assert await events(WebhookEventType.CLIENT_CREATED) == [
        {
            "clientId": created["client"]["id"],
            "fields": ["email", "firstName", "registeredAt", "shareCode"],
        }
    ]
    assert await WebhookDelivery.all().count() == 1


async def test_client_updated_names_the_fields_not_their_values(shop):
    org, actor = shop
    client = await make_client(org)
    await ok(
        UPDATE,
        {"input": {"clientId": str(client.uuid), "city": "Milano", "lastName": "Lovelace"}},
        actor,
        "updateClient",
    )
    (data,) = await events(WebhookEventType.CLIENT_UPDATED)
    assert data == {"clientId": str(client.uuid), "changedFields": ["city", "lastName"]}
    # An update that changes nothing tells nobody.
    await ok(
        UPDATE, {"input": {"clientId": str(client.uuid), "city": "Milano"}}, actor, "updateClient"
    )
    assert len(await events(WebhookEventType.CLIENT_UPDATED)) == 1


async def test_client_merged_names_survivor_and_absorbed(shop):
    org, actor = shop
    survivor, absorbed = await make_client(org), await make_client(org)
    await ok(
        """mutation($input: UnifyClientsInput!) { unifyClients(input: $input) { userErrors { code } } }""",
        {"input": {"survivorId": str(survivor.uuid), "absorbedId": str(absorbed.uuid)}},
        actor,
        "unifyClients",
    )
    (data,) = await events(WebhookEventType.CLIENT_MERGED)
    assert data["survivorId"] == data["clientId"] == str(survivor.uuid)
    assert data["absorbedId"] == str(absorbed.uuid)


def status(name: str) -> str:
    return f"mutation($id: ID!) {{ {name}(input: {{clientId: $id}}) {{ userErrors {{ code }} }} }}"


async def test_client_status_changed(shop):
    org, actor = shop
    client = await make_client(org)
    await ok(status("disableClient"), {"id": str(client.uuid)}, actor, "disableClient")
    await ok(status("enableClient"), {"id": str(client.uuid)}, actor, "enableClient")
    assert await events(WebhookEventType.CLIENT_STATUS_CHANGED) == [
        {"clientId": str(client.uuid), "status": "DISABLED", "previousStatus": "ACTIVE"},
        {"clientId": str(client.uuid), "status": "ACTIVE", "previousStatus": "DISABLED"},
    ]


async def test_client_deleted_carries_ids_only_and_erases_earlier_payloads(shop):
    org, actor = shop
    client = await make_client(org, first_name="Zelda", email="zelda@example.com")
    await ok(
        UPDATE, {"input": {"clientId": str(client.uuid), "city": "Roma"}}, actor, "updateClient"
    )
    await ok(
        """mutation($input: ChangeTagsInput!) { addTags(input: $input) { userErrors { code } } }""",
        {"input": {"tags": ["zelda-fan"], "clientIds": [str(client.uuid)]}},
        actor,
        "addTags",
    )
    await ok(
        status("deleteClientPermanently"),
        {"id": str(client.uuid)},
        actor,
        "deleteClientPermanently",
    )
    assert await events(WebhookEventType.CLIENT_DELETED) == [{"clientId": str(client.uuid)}]
    for row in await WebhookEvent.filter(client_id=client.id):
        assert set(row.data) <= {
            "clientId",
            "survivorId",
            "absorbedId",
            "orderId",
            "purchaseId",
            "bookingId",
            "notificationId",
        }, row.data
    dump = str([row.data for row in await WebhookEvent.all()])
    assert "zelda" not in dump.lower() and "Roma" not in dump


async def test_points_changed_by_staff_and_by_expiry(shop):
    from resolvers.loyalty.expire_points import expire_points_due

    org, actor = shop
    client = await make_client(org)
    soon = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    await ok(
        POINTS,
        {"input": {"clientId": str(client.uuid), "amount": 40, "reason": "x", "expiresAt": soon}},
        actor,
        "addPoints",
    )
    assert await expire_points_due(now=datetime.now(UTC) + timedelta(days=2)) == 1
    assert await events(WebhookEventType.POINTS_CHANGED) == [
        {"clientId": str(client.uuid), "points": 40, "previousPoints": 0, "source": "MANUAL"},
        {"clientId": str(client.uuid), "points": 0, "previousPoints": 40, "source": "EXPIRY"},
    ]


async def test_tags_changed_for_each_client_of_a_bulk_change(shop):
    org, actor = shop
    first, second = await make_client(org), await make_client(org)
    ids = [str(first.uuid), str(second.uuid)]
    change = (
        """mutation($input: ChangeTagsInput!) { NAME(input: $input) { userErrors { code } } }"""
    )
    await ok(
        change.replace("NAME", "addTags"),
        {"input": {"tags": ["VIP"], "clientIds": ids}},
        actor,
        "addTags",
    )
    await ok(
        change.replace("NAME", "removeTags"),
        {"input": {"tags": ["vip"], "clientIds": ids[:1]}},
        actor,
        "removeTags",
    )
    got = await events(WebhookEventType.TAGS_CHANGED)

    def key(data):
        return (data["clientId"], data["added"], data["removed"])

    assert sorted(got, key=key) == sorted(
        [
            {"clientId": ids[0], "added": ["VIP"], "removed": []},
            {"clientId": ids[1], "added": ["VIP"], "removed": []},
            {"clientId": ids[0], "added": [], "removed": ["VIP"]},
        ],
        key=key,
    )


async def test_purchase_recorded(shop):
    org, actor = shop
    client = await make_client(org)
    data = await ok(
        """mutation($id: ID!) { recordPurchase(input: {clientId: $id, amount: "10", currency: "EUR",
        status: PAID, valueDate: "2026-11-01", description: "x", pointsEarned: 0}) {
        purchase { id } userErrors { code } } }""",
        {"id": str(client.uuid)},
        actor,
        "recordPurchase",
    )
    assert await events(WebhookEventType.PURCHASE_RECORDED) == [
        {"clientId": str(client.uuid), "purchaseId": data["purchase"]["id"]}
    ]


async def test_booking_recorded(shop):
    org, actor = shop
    client = await make_client(org)
    data = await ok(
        """mutation($id: ID!) { recordBooking(input: {clientId: $id, activity: "Yoga",
        startsAt: "2026-12-01T18:00:00Z", status: BOOKED}) { booking { id } userErrors { code } } }""",
        {"id": str(client.uuid)},
        actor,
        "recordBooking",
    )
    assert await events(WebhookEventType.BOOKING_RECORDED) == [
        {"clientId": str(client.uuid), "bookingId": data["booking"]["id"]}
    ]


ORDER = """mutation($input: RecordOrderInput!) { recordOrder(input: $input) { order { id } userErrors { code } } }"""


async def test_order_recorded_and_updated(shop):
    org, actor = shop
    client = await make_client(org)
    order = await ok(
        ORDER,
        {
            "input": {
                "clientId": str(client.uuid),
                "status": "PAID",
                "total": "10.00",
                "currency": "EUR",
                "orderedAt": "2026-11-20T10:00:00Z",
                "items": [{"name": "Mat", "quantity": 1, "unitPrice": "10"}],
            }
        },
        actor,
        "recordOrder",
    )
    order_id = order["order"]["id"]
    await ok(
        """mutation($input: UpdateOrderStatusInput!) { updateOrderStatus(input: $input) { userErrors { code } } }""",
        {"input": {"orderId": order_id, "status": "SHIPPED"}},
        actor,
        "updateOrderStatus",
    )
    assert await events(WebhookEventType.ORDER_RECORDED) == [
        {"clientId": str(client.uuid), "orderId": order_id}
    ]
    assert await events(WebhookEventType.ORDER_UPDATED) == [
        {
            "clientId": str(client.uuid),
            "orderId": order_id,
            "status": "SHIPPED",
            "previousStatus": "PAID",
        }
    ]


async def test_consent_changed_follows_any_consent_activity(shop):
    """Consent (issue 18) is written through the activity log like every change; any
    `consent.*` entry is a CONSENT_CHANGED event, with the changed names only."""
    org, actor = shop
    client = await make_client(org)
    async with in_transaction("default") as conn:
        await log_activity(
            actor, client, "consent.given", {"marketingEmail": [None, "given"]}, using_db=conn
        )
    assert await events(WebhookEventType.CONSENT_CHANGED) == [
        {"clientId": str(client.uuid), "changedFields": ["marketingEmail"]}
    ]


async def test_notification_failed(shop, smtp_server, mail_settings):
    org, actor = shop
    client = await make_reachable_client(org, "gone@example.com")
    smtp_server.recorder.refuse["gone@example.com"] = "550 5.1.1 no such user"
    notification = await run(
        """mutation($id: ID!) { sendNotification(input: {type: REVIEW_REQUEST, channels: [EMAIL],
        clientIds: [$id]}) { queued userErrors { code } } }""",
        {"id": str(client.uuid)},
        actor=actor,
    )
    assert notification["sendNotification"]["queued"] == 1
    outbox = Outbox(mail_settings, SmtpPool(mail_settings, size=1), Policy(base_delay=0.01))
    await outbox.deliver_due()
    await outbox.pool.close()
    from models import Notification

    failed = await Notification.get(client_id=client.id, channel=Channel.EMAIL)
    assert failed.status is NotificationStatus.FAILED
    assert await events(WebhookEventType.NOTIFICATION_FAILED) == [
        {
            "clientId": str(client.uuid),
            "notificationId": str(failed.uuid),
            "notificationType": NotificationType.REVIEW_REQUEST.name,
            "channel": "EMAIL",
        }
    ]


async def test_a_rolled_back_change_leaves_no_event(shop):
    org, actor = shop
    client = await make_client(org)

    async def change_that_fails() -> None:
        async with in_transaction("default") as conn:
            await log_activity(actor, client, "client.updated", {"city": ["a", "b"]}, using_db=conn)
            raise RuntimeError("the change fails after its activity entry")

    with pytest.raises(RuntimeError):
        await change_that_fails()
    assert await WebhookEvent.all().count() == 0
    assert await ActivityEntry.all().count() == 0


async def test_only_subscribed_endpoints_of_the_organization_get_deliveries(db):
    org, other = await make_org(), await make_org()
    actor, other_actor = await make_actor(org), await make_actor(other)
    await create_webhook_endpoint(
        actor, "https://a.example.com/", ["CLIENT_UPDATED"], production=False, secret_key=KEY
    )
    await create_webhook_endpoint(
        actor, "https://b.example.com/", ["TAGS_CHANGED"], production=False, secret_key=KEY
    )
    await create_webhook_endpoint(
        other_actor, "https://c.example.com/", ["CLIENT_UPDATED"], production=False, secret_key=KEY
    )
    client = await make_client(org)
    await ok(
        UPDATE, {"input": {"clientId": str(client.uuid), "city": "Roma"}}, actor, "updateClient"
    )
    deliveries = await WebhookDelivery.all().prefetch_related("endpoint")
    assert [d.endpoint.url for d in deliveries] == ["https://a.example.com/"]


async def test_no_endpoint_no_event_rows(db):
    org = await make_org()
    actor = await make_actor(org)
    client = await make_client(org)
    await ok(
        UPDATE, {"input": {"clientId": str(client.uuid), "city": "Roma"}}, actor, "updateClient"
    )
    assert await WebhookEvent.all().count() == 0


async def test_every_type_reaches_a_real_receiver(db):
    """The types above, end to end: through the worker to an HTTP receiver."""
    org = await make_org()
    actor = await make_actor(org)
    async with serve_receiver() as receiver:
        await create_webhook_endpoint(
            actor, receiver.url, list(SUBSCRIBABLE), production=False, secret_key=KEY
        )
        client = await make_client(org)
        await ok(
            UPDATE, {"input": {"clientId": str(client.uuid), "city": "Roma"}}, actor, "updateClient"
        )
        await ok(
            POINTS,
            {"input": {"clientId": str(client.uuid), "amount": 5, "reason": "x"}},
            actor,
            "addPoints",
        )
        await drain()
    assert [r.json["type"] for r in receiver.received] == ["client.updated", "points.changed"]
