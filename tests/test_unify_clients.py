"""unifyClients and clientMergePreview (R4.1-R4.5): nothing lost, old ids keep working, one transaction."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

import resolvers.lifecycle.unify_clients
from models import (
    ActivityEntry,
    Booking,
    Client,
    ClientTag,
    GiftCard,
    GiftList,
    Membership,
    Note,
    Notification,
    Order,
    PointsEntry,
    Purchase,
)
from models.enums import Channel, ClientStatus, NotificationStatus, NotificationType
from resolvers.lifecycle.unify_clients import unify_clients
from resolvers.loyalty.add_points import add_points
from resolvers.segments.change_tags import change_tags
from tests.factories import (
    counts,
    make_account,
    make_actor,
    make_client,
    make_level,
    make_note,
    make_org,
)
from tests.helpers import run

UNIFY = """mutation($input: UnifyClientsInput!) { unifyClients(input: $input) {
  client { id email phone city points level { name } tags { name } mergedFrom account { email } }
  userErrors { field code } } }"""
PREVIEW = """query($input: UnifyClientsInput!) { clientMergePreview(input: $input) {
  values dropped newTags pointsMoved keepAccountOf blockers { field code } } }"""
TABLES = (
    Note,
    ActivityEntry,
    Notification,
    PointsEntry,
    Purchase,
    Booking,
    Membership,
    GiftCard,
    Order,
    GiftList,
    ClientTag,
)


async def with_everything(org, actor, **fields):
    client = await make_client(org, **fields)
    await make_note(client, "a note")
    await add_points(actor, str(client.uuid), 100, "welcome")
    await Purchase.create(
        client=client,
        amount=Decimal("10"),
        currency="EUR",
        status="paid",
        value_date=date(2026, 1, 1),
    )
    await Booking.create(
        client=client, activity="Yoga", starts_at=datetime(2026, 1, 2, tzinfo=UTC), status="booked"
    )
    await Membership.create(client=client, name="Annual", starts_on=date(2026, 1, 1))
    await GiftCard.create(
        client=client, code=f"GC{client.id:08d}", amount=Decimal("5"), currency="EUR"
    )
    await Order.create(
        client=client,
        external_id="WEB-1",  # both have it: each keeps its order, the survivor's keeps the id
        status="paid",
        total=Decimal("30"),
        currency="EUR",
        ordered_at=datetime(2026, 1, 3, tzinfo=UTC),
        items=[{"name": "Mat", "quantity": 1, "unitPrice": "30.00"}],
    )
    await GiftList.create(client=client, name="Birthday", status="open")
    await Notification.create(
        organization=org,
        client=client,
        type=NotificationType.MANUAL,
        channel=Channel.EMAIL,
        status=NotificationStatus.SENT,
        locale="it",
        params={},
    )
    return client


async def rows() -> dict[str, int]:
    return {model.__name__: await model.all().count() for model in TABLES}


@pytest.fixture
async def pair(db):
    org = await make_org()
    actor = await make_actor(org)
    gold = await make_level(org, "Gold", 1000)
    silver = await make_level(org, "Silver", 10)
    survivor = await with_everything(
        org, actor, email="new@example.com", city="Roma", tags=["VIP"], level=silver
    )
    absorbed = await with_everything(
        org,
        actor,
        email="old@example.com",
        phone="+393331234567",
        city="Milano",
        external_id="POS-1",
        tags=["vip", "Yoga"],
        level=gold,
        level_set_manually=True,
    )
    return org, actor, survivor, absorbed


async def test_nothing_is_lost_and_the_old_id_resolves_to_the_survivor(pair):
    _org, actor, survivor, absorbed = pair
    before = await rows()
    data = await run(
        UNIFY,
        {"input": {"survivorId": str(survivor.uuid), "absorbedId": str(absorbed.uuid)}},
        actor=actor,
    )
    result = data["unifyClients"]
    assert result["userErrors"] == []
    merged = result["client"]
    assert merged["email"] == "new@example.com"  # both had one: the survivor's stays
    assert merged["phone"] == "+393331234567"  # empty on the survivor: filled
    assert merged["city"] == "Roma"
    assert merged["points"] == 200
    assert merged["level"] == {"name": "Gold"}
    assert sorted(t["name"] for t in merged["tags"]) == ["VIP", "Yoga"]
    assert merged["mergedFrom"] == [str(absorbed.uuid)]

    after = await rows()
    for model in TABLES:
        name = model.__name__
        expected = before[name] - 1 if name == "ClientTag" else before[name]  # the shared VIP link
        if name == "PointsEntry":
            expected = before[name] + 1  # one MERGE entry: "points moved from"
        if name == "ActivityEntry":
            assert after[name] > before[name]
            continue
        assert after[name] == expected, name
        if name not in ("ClientTag",):
            assert await model.filter(client_id=absorbed.id).count() == 0, name
    assert sum(e.amount for e in await PointsEntry.filter(client_id=survivor.id)) == 200

    assert sorted(
        await Order.filter(client_id=survivor.id).values_list("external_id", flat=True),
        key=str,
    ) == [None, "WEB-1"]  # the survivor's order keeps the partner id; a retry finds it
    merged_entry = await ActivityEntry.get(client_id=survivor.id, action="client.merged")
    moved = merged_entry.changes["moved"][1]
    assert (moved["orders"], moved["giftLists"], moved["purchases"]) == (1, 1, 1)

    gone = await Client.get(id=absorbed.id)
    assert (gone.status, gone.merged_into_id, gone.email) == (
        ClientStatus.MERGED,
        survivor.id,
        None,
    )
    by_id = await run(
        "query($id: ID!) { client(id: $id) { id } }", {"id": str(absorbed.uuid)}, actor=actor
    )
    assert by_id["client"]["id"] == str(survivor.uuid)
    by_ext = await run('{ clientByExternalId(externalId: "POS-1") { id } }', actor=actor)
    assert by_ext["clientByExternalId"]["id"] == str(survivor.uuid)
    freed = await run(
        'mutation { createClient(input: {email: "old@example.com"}) { userErrors { code } } }',
        actor=actor,
    )
    assert freed["createClient"]["userErrors"] == []
    (entry,) = await ActivityEntry.filter(client_id=survivor.id, action="client.merged")
    assert entry.changes["mergedFrom"] == [None, str(absorbed.uuid)]
    assert {"field": "email", "value": "old@example.com", "from": "absorbed"} in entry.changes[
        "dropped"
    ][1]


async def test_the_caller_chooses_per_field(pair):
    _org, actor, survivor, absorbed = pair
    choices = [{"field": "city", "keep": "ABSORBED"}]
    data = await run(
        UNIFY,
        {
            "input": {
                "survivorId": str(survivor.uuid),
                "absorbedId": str(absorbed.uuid),
                "fieldChoices": choices,
            }
        },
        actor=actor,
    )
    assert data["unifyClients"]["client"]["city"] == "Milano"


async def test_the_preview_shows_the_merge_and_writes_nothing(pair):
    _org, actor, survivor, absorbed = pair
    before = (await rows(), await counts())
    data = await run(
        PREVIEW,
        {"input": {"survivorId": str(survivor.uuid), "absorbedId": str(absorbed.uuid)}},
        actor=actor,
    )
    preview = data["clientMergePreview"]
    assert preview["blockers"] == []
    assert preview["values"]["phone"] == "+393331234567"
    assert {"field": "city", "value": "Milano", "from": "absorbed"} in preview["dropped"]
    assert (preview["newTags"], preview["pointsMoved"]) == (1, 100)
    assert (await rows(), await counts()) == before


@pytest.mark.parametrize(
    ("case", "errors"),
    [
        ("same", [(["absorbedId"], "SAME_CLIENT")]),
        ("unknown", [(["absorbedId"], "NOT_FOUND")]),
        ("foreign", [(["absorbedId"], "NOT_FOUND")]),
        ("merged", [(["absorbedId"], "CLIENT_MERGED")]),
        ("choice", [(["fieldChoices", "shareCode"], "INVALID")]),
    ],
)
async def test_blocked_merges_change_nothing(pair, case, errors):
    _org, actor, survivor, absorbed = pair
    other = await make_client(await make_org())
    input_ = {"survivorId": str(survivor.uuid), "absorbedId": str(absorbed.uuid)}
    if case == "same":
        input_["absorbedId"] = str(survivor.uuid)
    elif case == "unknown":
        input_["absorbedId"] = "3f2b8f0e-1111-4222-8333-444455556666"
    elif case == "foreign":
        input_["absorbedId"] = str(other.uuid)
    elif case == "merged":
        await Client.filter(id=absorbed.id).update(status=ClientStatus.MERGED)
    elif case == "choice":
        input_["fieldChoices"] = [{"field": "shareCode", "keep": "ABSORBED"}]
    before = (await rows(), await counts())
    data = await run(UNIFY, {"input": input_}, actor=actor)
    assert [(e["field"], e["code"]) for e in data["unifyClients"]["userErrors"]] == errors
    assert (await rows(), await counts()) == before


async def test_accounts_move_or_the_caller_chooses(db):
    org = await make_org()
    actor = await make_actor(org)
    survivor = await make_client(
        org, email="s@example.com", account=await make_account("s@example.com")
    )
    absorbed = await make_client(
        org, email="a@example.com", account=await make_account("a@example.com")
    )
    input_ = {"survivorId": str(survivor.uuid), "absorbedId": str(absorbed.uuid)}
    refused = await run(UNIFY, {"input": input_}, actor=actor)
    assert refused["unifyClients"]["userErrors"] == [
        {"field": ["keepAccountOf"], "code": "ACCOUNT_CHOICE_REQUIRED"}
    ]
    done = await run(UNIFY, {"input": {**input_, "keepAccountOf": "ABSORBED"}}, actor=actor)
    assert done["unifyClients"]["client"]["account"] == {"email": "a@example.com"}
    assert (
        await Client.filter(account__email_key="s@example.com").count() == 0
    )  # valid, unlinked here


async def test_a_failure_halfway_rolls_the_whole_merge_back(pair, monkeypatch):
    _org, actor, survivor, absorbed = pair

    async def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(resolvers.lifecycle.unify_clients, "_unite_tags", broken)
    before = (await rows(), await counts())
    with pytest.raises(RuntimeError):
        await unify_clients(actor, str(survivor.uuid), str(absorbed.uuid))
    assert (await rows(), await counts()) == before
    assert (await Client.get(id=absorbed.id)).status is ClientStatus.ACTIVE


@pytest.mark.postgres
async def test_racing_merges_and_points_leave_exact_balances(pair):
    org, actor, survivor, absorbed = pair
    third = await make_client(org)
    await add_points(actor, str(third.uuid), 50, "x")
    results = await asyncio.gather(
        unify_clients(actor, str(survivor.uuid), str(absorbed.uuid)),
        unify_clients(actor, str(third.uuid), str(absorbed.uuid)),
        *(add_points(actor, str(absorbed.uuid), 1, f"race {i}") for i in range(10)),
        *(add_points(actor, str(survivor.uuid), 1, f"race {i}") for i in range(10)),
        change_tags(actor, ["Racer"], add=True, client_ids=[str(absorbed.uuid)]),
    )
    merges = results[:2]
    assert sum(1 for r in merges if r.client is not None) == 1
    assert [e.code.value for r in merges for e in r.errors] == ["client_merged"]
    total = sum(c.points for c in await Client.filter(organization=org))
    ledger = sum(e.amount for e in await PointsEntry.filter(organization=org))
    assert total == ledger
    for client in await Client.filter(organization=org):
        assert client.points == sum(e.amount for e in await PointsEntry.filter(client_id=client.id))
    # points sent to the absorbed id after the merge reached the survivor (R4.2)
    assert (await Client.get(id=absorbed.id)).points == 0
    assert total == 100 + 100 + 50 + 20
    # a tag sent to the absorbed id lands on whoever absorbed it
    assert await ClientTag.filter(client_id=absorbed.id).count() == 0
    assert await ClientTag.filter(tag__key="racer").count() == 1


@pytest.mark.postgres
async def test_the_preview_says_when_a_merge_is_running(pair):
    from tortoise.transactions import in_transaction

    _org, actor, survivor, absorbed = pair
    holding, release = asyncio.Event(), asyncio.Event()

    async def running_change():
        async with in_transaction("default") as conn:
            await Client.filter(id=absorbed.id).using_db(conn).select_for_update().only("id")
            holding.set()
            await release.wait()

    task = asyncio.create_task(running_change())
    await holding.wait()
    try:
        data = await run(
            PREVIEW,
            {"input": {"survivorId": str(survivor.uuid), "absorbedId": str(absorbed.uuid)}},
            actor=actor,
        )
    finally:
        release.set()
        await task
    assert data["clientMergePreview"]["blockers"] == [{"field": None, "code": "MERGE_IN_PROGRESS"}]


@pytest.mark.postgres
async def test_a_write_through_an_old_id_waits_for_a_merge_of_its_survivor_without_deadlock(pair):
    """A write through an absorbed id locks only the survivor: holding the absorbed row
    while waiting for the survivor would deadlock with a merge that absorbs the survivor
    in turn (it holds the survivor, then repoints the rows that point at it)."""
    from tortoise.transactions import in_transaction

    org, actor, survivor, absorbed = pair
    assert (await unify_clients(actor, str(survivor.uuid), str(absorbed.uuid))).errors == []
    final = await make_client(org)
    holding = asyncio.Event()

    async def merge_of_the_survivor():
        async with in_transaction("default") as conn:
            ids = sorted([survivor.id, final.id])
            await Client.filter(id__in=ids).using_db(conn).select_for_update().order_by("id")
            holding.set()
            await asyncio.sleep(0.5)  # the write below is waiting by now
            await (
                Client.filter(merged_into_id=survivor.id)
                .using_db(conn)
                .update(merged_into_id=final.id)
            )
            await (
                Client.filter(id=survivor.id)
                .using_db(conn)
                .update(merged_into_id=final.id, status=ClientStatus.MERGED)
            )

    async def points_through_the_old_id():
        await holding.wait()
        return await add_points(actor, str(absorbed.uuid), 5, "through an old id")

    _, result = await asyncio.gather(merge_of_the_survivor(), points_through_the_old_id())
    assert result.errors == []
    assert (await Client.get(id=final.id)).points == 5
