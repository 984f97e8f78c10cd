"""exportClientData (R8.4): everything held about one person, as one streamed JSON document."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import orjson
import pytest

from models import (
    ActivityEntry,
    Booking,
    ClientConsent,
    ConsentEvent,
    FieldLabel,
    GiftCard,
    GiftList,
    InboxMessage,
    Membership,
    Notification,
    Order,
    PointsEntry,
    Purchase,
    StaffUser,
    UndeliverableAddress,
)
from models.enums import (
    ActorType,
    BookingStatus,
    Channel,
    ConsentPurpose,
    ConsentSource,
    GenericField,
    GiftListStatus,
    NotificationStatus,
    NotificationType,
    OrderStatus,
    PointsSource,
    PurchaseStatus,
    StaffRole,
)
from models.webhook import WebhookEvent, WebhookEventType
from tests.factories import (
    make_account,
    make_actor,
    make_client,
    make_note,
    make_org,
    make_session_token,
    make_staff,
)
from tests.helpers import error_codes, http_client, run

NOW = datetime(2026, 11, 1, 10, 0, tzinfo=UTC)
EXPORT = """mutation($id: ID!) { exportClientData(input: {clientId: $id}) {
    url userErrors { field code } } }"""


async def seed(org, marker: str):
    """A client with one row in every table that holds something about them; every text
    carries `marker`, so a document can be searched for another person's data."""
    account = await make_account(f"{marker}@example.com", first_name=marker)
    client = await make_client(
        org,
        first_name=marker,
        email=f"{marker}@example.com",
        account=account,
        text1=f"{marker} shoe size 42",
    )
    await make_note(client, f"{marker} prefers mornings")
    await ActivityEntry.create(
        organization=org,
        client=client,
        action="client.updated",
        actor_type=ActorType.SYSTEM,
        actor_name="system",
        changes={"city": [None, f"{marker}ville"]},
    )
    await PointsEntry.create(
        organization=org,
        client=client,
        amount=10,
        balance_after=10,
        reason=f"{marker} visit",
        source=PointsSource.MANUAL,
        actor_type=ActorType.SYSTEM,
        actor_name="system",
    )
    await Purchase.create(
        client=client,
        description=f"{marker} pass",
        amount=Decimal("25.00"),
        currency="EUR",
        status=PurchaseStatus.PAID,
        value_date=date(2026, 11, 1),
    )
    await Order.create(
        client=client,
        external_id=f"{marker}-order",
        status=OrderStatus.PAID,
        total=Decimal("40.00"),
        currency="EUR",
        ordered_at=NOW,
        items=[{"sku": f"{marker}-sku", "quantity": 1}],
    )
    await GiftList.create(
        client=client, name=f"{marker} wedding", status=GiftListStatus.OPEN, items=[]
    )
    await Booking.create(
        client=client, activity=f"{marker} yoga", starts_at=NOW, status=BookingStatus.BOOKED
    )
    await Membership.create(client=client, name=f"{marker} annual", starts_on=date(2026, 1, 1))
    await GiftCard.create(
        client=client, code=f"{marker.upper()}CODE", amount=Decimal("50"), currency="EUR"
    )
    notification = await Notification.create(
        organization=org,
        client=client,
        account=account,
        type=NotificationType.MANUAL,
        channel=Channel.IN_APP,
        status=NotificationStatus.SENT,
        locale="it",
        params={"title": f"{marker} news", "body": "b"},
    )
    await Notification.create(
        organization=org,
        client=client,
        account=account,
        type=NotificationType.PASSWORD_RESET,
        channel=Channel.EMAIL,
        status=NotificationStatus.QUEUED,
        to_address=f"{marker}@example.com",
        locale="it",
        params={"action_url": "https://app.example.com/reset?token=live-secret-token"},
    )
    await InboxMessage.create(
        account=account,
        organization=org,
        notification=notification,
        type=NotificationType.MANUAL,
        title=f"{marker} news",
        body="b",
    )
    await ConsentEvent.create(
        organization=org,
        client=client,
        purpose=ConsentPurpose.MARKETING_EMAIL,
        granted=True,
        source=ConsentSource.STAFF,
        proof=f"{marker} signed the form",
        actor_type=ActorType.STAFF,
        actor_name="desk",
    )
    await ClientConsent.create(
        organization=org,
        client=client,
        purpose=ConsentPurpose.MARKETING_EMAIL,
        granted=True,
        source=ConsentSource.STAFF,
        changed_at=NOW,
    )
    await UndeliverableAddress.create(
        organization=org, email_key=f"{marker}@example.com", reply="550 no such user"
    )
    await WebhookEvent.create(
        organization=org,
        client_id=client.id,
        type=WebhookEventType.CLIENT_UPDATED,
        data={"clientId": str(client.uuid), "changedFields": [f"{marker}Field"]},
    )
    return client


SECTIONS = {
    "notes": 1,
    "activity": 2,
    "pointsHistory": 1,
    "purchases": 1,
    "orders": 1,
    "giftLists": 1,
    "bookings": 1,
    "memberships": 1,
    "giftCards": 1,
    "notifications": 2,
    "consentHistory": 1,
    "consents": 1,
    "inbox": 1,
    "webhookEvents": 1,
}


@pytest.fixture
async def people(db):
    org = await make_org(name="Palestra Sole")
    await FieldLabel.create(organization=org, field=GenericField.TEXT1, label="Shoe size")
    ada = await seed(org, "ada")
    bob = await seed(org, "bob")  # same organization, another person
    other = await seed(await make_org(), "zed")  # another organization
    owner = await make_staff(org, StaffRole.OWNER)
    return org, ada, bob, other, owner


async def test_the_export_holds_every_table_of_the_person_and_nothing_of_others(people):
    org, ada, _, _, owner = people
    actor = await make_actor(org)
    url = (await run(EXPORT, {"id": str(ada.uuid)}, actor=actor))["exportClientData"]
    assert url == {"url": f"/export/clients/{ada.uuid}.json", "userErrors": []}
    token = await make_session_token(owner)
    async with http_client() as http:
        response = await http.get(url["url"], headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    document = orjson.loads(response.content)
    assert document["format"] == "clientela.client-data/1"
    assert document["client"]["uuid"] == str(ada.uuid)
    assert document["client"]["text1"] == "ada shoe size 42"
    assert document["client"]["fieldLabels"] == {"text1": "Shoe size"}
    assert document["account"]["email"] == "ada@example.com"
    assert "password_hash" not in document["account"]
    assert {name: len(document[name]) for name in SECTIONS} == SECTIONS
    # The activity log holds the seeded entry and the audit of this very export.
    assert [e["action"] for e in document["activity"]] == ["client.updated", "client.data_exported"]
    assert document["undeliverableEmail"]["reply"] == "550 no such user"
    assert document["orders"][0]["items"] == [{"sku": "ada-sku", "quantity": 1}]
    text = response.text
    for foreign in ("bob", "zed", "BOBCODE", "ZEDCODE"):
        assert foreign not in text, foreign
    assert "live-secret-token" not in text  # a queued mail's one-time link is never handed out
    audit = await ActivityEntry.filter(client_id=ada.id, action="client.data_exported").first()
    staff = await StaffUser.get(id=owner.id)
    assert audit is not None and audit.actor_name == staff.name


async def test_the_export_needs_its_permission_and_the_organizations_client(people):
    org, ada, _, other, owner = people
    agent_staff = await make_staff(org, StaffRole.AGENT)
    agent = await make_actor(org, StaffRole.AGENT)
    assert await error_codes(EXPORT, {"id": str(ada.uuid)}, actor=agent) == ["FORBIDDEN"]
    owner_actor = await make_actor(org)
    refused = await run(EXPORT, {"id": str(other.uuid)}, actor=owner_actor)
    assert refused["exportClientData"] == {
        "url": None,
        "userErrors": [{"field": ["clientId"], "code": "NOT_FOUND"}],
    }
    async with http_client() as http:
        anonymous = await http.get(f"/export/clients/{ada.uuid}.json")
        forbidden = await http.get(
            f"/export/clients/{ada.uuid}.json",
            headers={"Authorization": f"Bearer {await make_session_token(agent_staff)}"},
        )
        foreign = await http.get(
            f"/export/clients/{other.uuid}.json",
            headers={"Authorization": f"Bearer {await make_session_token(owner)}"},
        )
    assert (anonymous.status_code, forbidden.status_code, foreign.status_code) == (401, 403, 404)
    assert await ActivityEntry.filter(action="client.data_exported").count() == 0
