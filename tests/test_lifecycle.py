"""The client lifecycle (R8.1): deactivate, reactivate, disable, enable, delete permanently."""

from __future__ import annotations

import pytest

from models import (
    AccountSession,
    ActivityEntry,
    Client,
    ClientTag,
    GiftList,
    Note,
    Notification,
    Order,
    PointsEntry,
    Purchase,
)
from models.enums import Channel, ClientStatus, NotificationStatus, NotificationType, StaffRole
from resolvers.access.auth import authenticate
from tests.factories import (
    counts,
    make_account,
    make_account_token,
    make_actor,
    make_client,
    make_note,
    make_org,
)
from tests.helpers import error_codes, run


def status_mutation(name):
    return f"mutation($id: ID!) {{ {name}(input: {{clientId: $id}}) {{ client {{ status }} userErrors {{ field code }} }} }}"


@pytest.mark.parametrize(
    ("start", "operation", "end"),
    [
        (ClientStatus.ACTIVE, "deactivateClient", "INACTIVE"),
        (ClientStatus.INACTIVE, "reactivateClient", "ACTIVE"),
        (ClientStatus.ACTIVE, "disableClient", "DISABLED"),
        (ClientStatus.INACTIVE, "disableClient", "DISABLED"),
        (ClientStatus.DISABLED, "enableClient", "ACTIVE"),
    ],
)
async def test_allowed_changes(db, start, operation, end):
    org = await make_org()
    client = await make_client(org, status=start)
    data = await run(
        status_mutation(operation), {"id": str(client.uuid)}, actor=await make_actor(org)
    )
    assert data[operation] == {"client": {"status": end}, "userErrors": []}
    assert await ActivityEntry.filter(client=client).count() == 1


@pytest.mark.parametrize(
    ("start", "operation"),
    [
        (ClientStatus.INACTIVE, "deactivateClient"),
        (ClientStatus.DISABLED, "reactivateClient"),
        (ClientStatus.ACTIVE, "enableClient"),
        (ClientStatus.MERGED, "disableClient"),
    ],
)
async def test_refused_changes_change_nothing(db, start, operation):
    org = await make_org()
    client = await make_client(org, status=start)
    before = await counts()
    data = await run(
        status_mutation(operation), {"id": str(client.uuid)}, actor=await make_actor(org)
    )
    assert data[operation]["userErrors"] == [{"field": ["clientId"], "code": "INVALID_STATUS"}]
    assert (await Client.get(id=client.id)).status is start
    assert await counts() == before


async def test_only_owner_and_admin_disable_enable_and_delete(db):
    org = await make_org()
    client = await make_client(org)
    agent = await make_actor(org, StaffRole.AGENT)
    for name in ("disableClient", "enableClient", "deleteClientPermanently"):
        assert await error_codes(status_mutation(name), {"id": str(client.uuid)}, actor=agent) == [
            "FORBIDDEN"
        ]
    assert (await Client.get(id=client.id)).status is ClientStatus.ACTIVE


async def test_deleting_erases_personal_data_and_keeps_accounting(db):
    org = await make_org()
    account = await make_account("gone@example.com")
    client = await make_client(
        org,
        first_name="Gina",
        last_name="Gone",
        email="gone@example.com",
        phone="+393331234567",
        identification_number="ID123",
        city="Roma",
        text1="secret",
        account=account,
        tags=["VIP"],
    )
    await make_note(client, "Allergic to nuts")
    session = await make_account_token(account)
    actor = await make_actor(org)
    await run(
        'mutation($id: ID!) { addPoints(input: {clientId: $id, amount: 50, reason: "Gift for Gina"}) { userErrors { code } } }',
        {"id": str(client.uuid)},
        actor=actor,
    )
    from datetime import date
    from decimal import Decimal

    await Purchase.create(
        client=client,
        amount=Decimal("20"),
        currency="EUR",
        status="paid",
        value_date=date(2026, 1, 1),
    )
    order = await run(
        """mutation($id: ID!) { recordOrder(input: {clientId: $id, status: DELIVERED, total: "45",
        currency: "EUR", orderedAt: "2026-11-02T09:00:00Z", externalId: "WEB-9",
        items: [{name: "Running shoes", unitPrice: "45"}]}) { order { id } userErrors { code } } }""",
        {"id": str(client.uuid)},
        actor=actor,
    )
    assert order["recordOrder"]["userErrors"] == []
    await GiftList.create(
        client=client, name="Gina's birthday", status="open", items=[{"name": "Gina's wish"}]
    )
    await Notification.create(
        organization=org,
        client=client,
        type=NotificationType.MANUAL,
        channel=Channel.EMAIL,
        status=NotificationStatus.SENT,
        to_address="gone@example.com",
        locale="it",
        params={"title": "Hi Gina"},
    )

    data = await run(
        status_mutation("deleteClientPermanently"), {"id": str(client.uuid)}, actor=actor
    )
    assert data["deleteClientPermanently"]["userErrors"] == []
    erased = await Client.get(id=client.id)
    assert erased.status is ClientStatus.DELETED
    assert (
        erased.first_name,
        erased.last_name,
        erased.email,
        erased.phone,
        erased.identification_number,
        erased.city,
        erased.text1,
        erased.account_id,
    ) == ("", "", None, None, None, None, None, None)
    assert await Note.filter(client=client).count() == 0
    assert await ClientTag.filter(client=client).count() == 0
    stored = str([a.changes for a in await ActivityEntry.filter(client=client)])
    stored += str([(n.to_address, n.params) for n in await Notification.filter(client=client)])
    stored += str([e.reason for e in await PointsEntry.filter(client=client)])
    for personal in (
        "Gina",
        "gone@example.com",
        "+393331234567",
        "ID123",
        "Roma",
        "secret",
        "nuts",
    ):
        assert personal not in stored
    assert await Purchase.filter(client=client).count() == 1
    # an order is accounting and holds no personal text: it stays as it was
    kept = await Order.get(client=client)
    assert (str(kept.uuid), kept.total, kept.external_id, kept.items) == (
        order["recordOrder"]["order"]["id"],
        Decimal("45.00"),
        "WEB-9",
        [{"name": "Running shoes", "quantity": 1, "unitPrice": "45.00"}],
    )
    # a gift list is a personal wish: gone
    assert await GiftList.filter(client=client).count() == 0
    assert sum(e.amount for e in await PointsEntry.filter(client=client)) == 50
    assert await authenticate(session) is None
    assert await AccountSession.filter(account=account, revoked_at__isnull=True).count() == 0
    listed = await run("{ clients { totalCount } }", actor=actor)
    assert listed["clients"]["totalCount"] == 0
    again = await run(
        status_mutation("deleteClientPermanently"), {"id": str(client.uuid)}, actor=actor
    )
    assert again["deleteClientPermanently"]["userErrors"] == [
        {"field": ["clientId"], "code": "INVALID_STATUS"}
    ]
