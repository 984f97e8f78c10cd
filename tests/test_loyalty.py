"""Points ledger (R5.1), levels (R5.2), referrals (R5.3), gifts (R5.4), purchases and bookings."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from models import (
    ActivityEntry,
    Client,
    GiftCard,
    InboxMessage,
    Membership,
    Notification,
    PointsEntry,
)
from models.enums import LevelMode, StaffRole
from tests.factories import (
    make_actor,
    make_client,
    make_level,
    make_org,
    make_reachable_client,
    make_session_token,
    make_staff,
)
from tests.helpers import SETTINGS, http_client, run

ADD = """mutation($input: AddPointsInput!) { addPoints(input: $input) {
  entry { id amount balanceAfter source reason } client { points level { name } } userErrors { field code } } }"""
HISTORY = """query($id: ID!) { client(id: $id) { points pointsHistory { totalCount nodes { amount balanceAfter source reason } } } }"""


async def add(actor, client, amount, **extra):
    data = await run(
        ADD,
        {"input": {"clientId": str(client.uuid), "amount": amount, "reason": "test", **extra}},
        actor=actor,
    )
    return data["addPoints"]


@pytest.fixture
async def gym(db):
    org = await make_org()
    return org, await make_actor(org)


async def test_points_add_up_in_an_append_only_ledger(gym):
    org, actor = gym
    client = await make_client(org)
    assert (await add(actor, client, 100))["client"]["points"] == 100
    assert (await add(actor, client, -30))["client"]["points"] == 70
    history = (await run(HISTORY, {"id": str(client.uuid)}, actor=actor))["client"]
    assert history["points"] == 70
    assert [(n["amount"], n["balanceAfter"]) for n in history["pointsHistory"]["nodes"]] == [
        (-30, 70),
        (100, 100),
    ]
    assert sum(e.amount for e in await PointsEntry.filter(client=client)) == 70
    assert await ActivityEntry.filter(client=client, action="points.manual").count() == 2


async def test_a_redemption_over_the_balance_changes_nothing(gym):
    org, actor = gym
    client = await make_client(org)
    await add(actor, client, 10)
    result = await add(actor, client, -11)
    assert result["userErrors"] == [{"field": ["amount"], "code": "INSUFFICIENT_POINTS"}]
    assert (await Client.get(id=client.id)).points == 10
    assert await PointsEntry.filter(client=client).count() == 1


async def test_the_same_idempotency_key_twice_changes_nothing(gym):
    org, actor = gym
    client = await make_client(org)
    first = await add(actor, client, 50, idempotencyKey="pos-991")
    again = await add(actor, client, 50, idempotencyKey="pos-991")
    assert again["entry"]["id"] == first["entry"]["id"]
    assert again["client"]["points"] == 50
    misuse = await add(actor, client, 60, idempotencyKey="pos-991")
    assert misuse["userErrors"] == [{"field": ["idempotencyKey"], "code": "INVALID"}]
    assert await PointsEntry.filter(client=client).count() == 1


@pytest.mark.parametrize(
    ("amount", "extra", "field", "code"),
    [
        (0, {}, "amount", "OUT_OF_RANGE"),
        (20_000_000, {}, "amount", "OUT_OF_RANGE"),
        (-5, {"expiresAt": "2099-01-01T00:00:00Z"}, "expiresAt", "INVALID"),
        (5, {"expiresAt": "2001-01-01T00:00:00Z"}, "expiresAt", "INVALID"),
        (5, {"reason": ""}, "reason", "REQUIRED"),
    ],
)
async def test_bad_point_requests(gym, amount, extra, field, code):
    org, actor = gym
    client = await make_client(org)
    result = await add(actor, client, amount, **extra)
    assert [(e["field"], e["code"]) for e in result["userErrors"]] == [([field], code)]
    assert await PointsEntry.all().count() == 0


async def test_expired_points_leave_the_balance_with_an_entry(gym):
    org, actor = gym
    client = await make_client(org)
    soon = (datetime.now(UTC) + timedelta(days=30)).isoformat()
    await add(actor, client, 100, expiresAt=soon)
    await add(actor, client, 40)  # never expires
    await add(actor, client, -60)  # taken from the expiring credit first
    await PointsEntry.filter(client=client, remaining__isnull=False).update(
        expires_at=datetime.now(UTC) - timedelta(seconds=1)
    )
    result = await add(actor, client, 1)  # any change first settles what expired
    assert result["client"]["points"] == 41
    (expiry,) = await PointsEntry.filter(client=client, source="expiry")
    assert expiry.amount == -40
    assert sum(e.amount for e in await PointsEntry.filter(client=client)) == 41


@pytest.mark.postgres
async def test_a_thousand_concurrent_additions_leave_the_exact_balance(gym):
    org, _ = gym
    client = await make_client(org)
    token = await make_session_token(await make_staff(org))
    query = 'mutation($id: ID!, $n: Int!) { addPoints(input: {clientId: $id, amount: $n, reason: "load"}) { userErrors { code } } }'
    # 1,000 mutations at once from one staff user cost 11,000: a bucket that holds them, since
    # this test is about row locks, not about the rate limit (tests/test_rate_limits.py).
    burst = SETTINGS.replace(key_bucket_size=11_000)
    async with http_client(burst) as http:

        async def one(i):
            response = await http.post(
                "/graphql",
                headers={"Authorization": f"Bearer {token}"},
                json={"query": query, "variables": {"id": str(client.uuid), "n": 1 + i % 3}},
            )
            return response.json()["data"]["addPoints"]["userErrors"]

        errors = await asyncio.gather(*(one(i) for i in range(1000)))
    assert all(e == [] for e in errors)
    expected = sum(1 + i % 3 for i in range(1000))
    assert (await Client.get(id=client.id)).points == expected
    assert await PointsEntry.filter(client=client).count() == 1000
    assert sum(e.amount for e in await PointsEntry.filter(client=client)) == expected


async def test_levels_follow_points_unless_set_by_hand(gym):
    org, actor = gym
    await make_level(org, "Bronze", 0)
    await make_level(org, "Silver", 100)
    gold = await make_level(org, "Gold", 1000)
    client = await make_client(org)
    assert (await add(actor, client, 150))["client"]["level"] == {"name": "Silver"}
    change = "mutation($id: ID!, $level: ID) { changeLevel(input: {clientId: $id, levelId: $level}) { client { level { name } levelSetManually } userErrors { code } } }"
    manual = await run(change, {"id": str(client.uuid), "level": str(gold.uuid)}, actor=actor)
    assert manual["changeLevel"]["client"] == {"level": {"name": "Gold"}, "levelSetManually": True}
    assert (await add(actor, client, -100))["client"]["level"] == {"name": "Gold"}
    back = await run(change, {"id": str(client.uuid), "level": None}, actor=actor)
    assert back["changeLevel"]["client"] == {"level": {"name": "Bronze"}, "levelSetManually": False}


async def test_a_manual_organization_never_moves_levels(gym):
    org, actor = gym
    org.level_mode = LevelMode.MANUAL
    await org.save()
    await make_level(org, "Silver", 100)
    client = await make_client(org)
    assert (await add(actor, client, 500))["client"]["level"] is None


async def test_referrals_are_recorded(gym):
    org, actor = gym
    referrer = await make_client(org, share_code="ANNA-2024")
    create = 'mutation($code: String) { createClient(input: {firstName: "Bo", referredByShareCode: $code}) { client { id referredBy { id } } userErrors { field code } } }'
    data = await run(create, {"code": "anna-2024"}, actor=actor)
    assert data["createClient"]["client"]["referredBy"] == {"id": str(referrer.uuid)}
    referrals = await run(
        "query($id: ID!) { client(id: $id) { referrals { totalCount nodes { firstName } } } }",
        {"id": str(referrer.uuid)},
        actor=actor,
    )
    assert referrals["client"]["referrals"] == {"totalCount": 1, "nodes": [{"firstName": "Bo"}]}
    missing = await run(create, {"code": "NOPE-0000"}, actor=actor)
    assert missing["createClient"]["userErrors"] == [
        {"field": ["referredByShareCode"], "code": "NOT_FOUND"}
    ]


async def test_purchases_and_bookings_are_recorded_and_listed(gym):
    org, actor = gym
    client = await make_client(org)
    purchase = """mutation($id: ID!, $status: PurchaseStatus!, $points: Int!) { recordPurchase(input: {clientId: $id,
        amount: "25.50", currency: "eur", status: $status, valueDate: "2026-11-01", description: "10 classes",
        pointsEarned: $points}) { purchase { amount currency status } client { points } userErrors { field code } } }"""
    paid = await run(
        purchase, {"id": str(client.uuid), "status": "PAID", "points": 25}, actor=actor
    )
    assert paid["recordPurchase"]["purchase"] == {
        "amount": "25.50",
        "currency": "EUR",
        "status": "PAID",
    }
    assert paid["recordPurchase"]["client"]["points"] == 25
    pending = await run(
        purchase, {"id": str(client.uuid), "status": "PENDING_PAYMENT", "points": 5}, actor=actor
    )
    assert pending["recordPurchase"]["userErrors"] == [
        {"field": ["pointsEarned"], "code": "INVALID"}
    ]
    booking = """mutation($id: ID!) { recordBooking(input: {clientId: $id, activity: "Yoga", startsAt: "2026-12-01T18:00:00Z",
        status: PENDING_REDEMPTION}) { booking { activity status } userErrors { code } } }"""
    assert (await run(booking, {"id": str(client.uuid)}, actor=actor))["recordBooking"][
        "booking"
    ] == {"activity": "Yoga", "status": "PENDING_REDEMPTION"}
    lists = await run(
        """query($id: ID!) { client(id: $id) { purchases { totalCount } bookings { totalCount }
        pointsHistory { nodes { source } } } }""",
        {"id": str(client.uuid)},
        actor=actor,
    )
    assert lists["client"] == {
        "purchases": {"totalCount": 1},
        "bookings": {"totalCount": 1},
        "pointsHistory": {"nodes": [{"source": "PURCHASE"}]},
    }


async def test_gifts_are_given_and_the_client_is_told(gym):
    org, actor = gym
    client = await make_reachable_client(org, "gift@example.com")
    gift = "mutation($input: SendGiftInput!) { sendGift(input: $input) { client { points } userErrors { field code } } }"
    base = {"clientId": str(client.uuid), "message": "Buon compleanno!"}
    assert (await run(gift, {"input": {**base, "points": 200}}, actor=actor))["sendGift"]["client"][
        "points"
    ] == 200
    await run(
        gift, {"input": {**base, "giftCard": {"amount": "50", "currency": "EUR"}}}, actor=actor
    )
    await run(
        gift,
        {"input": {**base, "membership": {"name": "Yoga December", "startsOn": "2026-12-01"}}},
        actor=actor,
    )
    both = await run(
        gift,
        {"input": {**base, "points": 5, "giftCard": {"amount": "5", "currency": "EUR"}}},
        actor=actor,
    )
    assert both["sendGift"]["userErrors"] == [{"field": None, "code": "REQUIRED"}]
    assert await GiftCard.filter(client=client).count() == 1
    assert await Membership.filter(client=client).count() == 1
    assert (
        await Notification.filter(
            client=client, type="gift", channel="email", status="queued"
        ).count()
        == 3
    )
    assert await InboxMessage.filter(account_id=client.account_id).count() == 3


async def test_marketing_cannot_add_points(gym):
    org, _ = gym
    client = await make_client(org)
    marketing = await make_actor(org, StaffRole.MARKETING)
    from tests.helpers import error_codes

    assert await error_codes(
        ADD, {"input": {"clientId": str(client.uuid), "amount": 5, "reason": "x"}}, actor=marketing
    ) == ["FORBIDDEN"]


async def test_the_periodic_job_expires_points_on_time(gym):
    from resolvers.loyalty.expire_points import expire_points_due

    org, actor = gym
    await make_level(org, "Bronze", 0)
    await make_level(org, "Silver", 100)
    client = await make_client(org)
    await add(actor, client, 150, expiresAt=(datetime.now(UTC) + timedelta(days=1)).isoformat())
    assert await expire_points_due() == 0
    assert await expire_points_due(now=datetime.now(UTC) + timedelta(days=2)) == 1
    refreshed = await Client.get(id=client.id).prefetch_related("level")
    assert refreshed.points == 0
    assert refreshed.level.name == "Bronze"
    assert await ActivityEntry.filter(client=client, action="points.expiry").count() == 1
    assert await expire_points_due(now=datetime.now(UTC) + timedelta(days=3)) == 0


async def test_a_key_that_adds_points_does_not_read_the_client_back(gym):
    from models.access import Permission
    from resolvers.access.auth import authenticate
    from tests.factories import make_api_key

    org, _ = gym
    client = await make_client(org, email="private@example.com")
    pos = await authenticate(await make_api_key(org, Permission.POINTS_WRITE))
    result = await add(pos, client, 5)
    assert result["userErrors"] == []
    assert result["entry"]["amount"] == 5
    assert result["client"] is None


async def test_a_retried_purchase_is_recorded_and_credited_once(gym):
    org, actor = gym
    client = await make_client(org)
    purchase = """mutation($id: ID!) { recordPurchase(input: {clientId: $id, amount: "10", currency: "EUR",
        status: PAID, valueDate: "2026-11-01", pointsEarned: 10, externalId: "POS-77"}) { purchase { id } client { points } } }"""
    first = await run(purchase, {"id": str(client.uuid)}, actor=actor)
    again = await run(purchase, {"id": str(client.uuid)}, actor=actor)
    assert again["recordPurchase"]["purchase"] == first["recordPurchase"]["purchase"]
    assert again["recordPurchase"]["client"]["points"] == 10
    assert await PointsEntry.filter(client=client).count() == 1


@pytest.mark.postgres
async def test_a_change_waiting_for_the_lock_reads_the_credits_after_it(gym):
    """The locking read's sub-selects see the snapshot taken before a contended lock was
    granted: a redemption that waited behind another one must still take from what that one
    left of the credits (resolvers/loyalty/ledger_lock.py reads again when the row changed)."""
    from tortoise.transactions import in_transaction

    from models.enums import ActorType, PointsSource
    from resolvers.loyalty.add_points import add_points

    org, actor = gym
    client = await make_client(org, points=150)
    credit = await PointsEntry.create(
        organization_id=org.id, client=client, amount=100, balance_after=150, reason="gift",
        source=PointsSource.MANUAL, actor_type=ActorType.SYSTEM, actor_name="system",
        expires_at=datetime.now(UTC) + timedelta(days=30), remaining=100,
    )  # fmt: skip
    held = asyncio.Event()

    async def redeem():
        await held.wait()
        return await add_points(actor, str(client.uuid), -60, "redeem")

    # Made outside the transaction below, so it runs on a connection of its own.
    waiting = asyncio.create_task(redeem())
    async with in_transaction("default") as tx:
        # Another redemption of 50, holding the client's lock.
        await Client.filter(id=client.id).using_db(tx).select_for_update().first()
        await PointsEntry.filter(id=credit.id).using_db(tx).update(remaining=50)
        await Client.filter(id=client.id).using_db(tx).update(points=100)
        held.set()
        await asyncio.sleep(0.5)
        assert not waiting.done()  # it waits for the lock
    result = await waiting
    assert result.errors == [] and result.entry is not None
    assert result.entry.balance_after == 40
    assert (await PointsEntry.get(id=credit.id)).remaining == 0  # not 100 - 60
