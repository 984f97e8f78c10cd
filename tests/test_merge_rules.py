"""Merges that respect status and permissions (R4.7), keep every pointer (R4.8), show every
change in the preview (R4.4) and leave a points history that reads right on the survivor."""

from __future__ import annotations

from models import Client, Notification, PointsEntry
from models.enums import ClientStatus, StaffRole
from tests.factories import counts, make_account, make_actor, make_client, make_level, make_org
from tests.helpers import run

UNIFY = """mutation($input: UnifyClientsInput!) { unifyClients(input: $input) {
  client { id email status } userErrors { field code } } }"""
PREVIEW = """query($input: UnifyClientsInput!) { clientMergePreview(input: $input) {
  status level { name } shareCode account { email } changes dropped pointsMoved
  warnings { code } blockers { field code } } }"""


async def test_an_agent_cannot_unblock_a_disabled_client_through_a_merge(db):
    org = await make_org()
    agent = await make_actor(org, StaffRole.AGENT)
    blocked = await make_client(org, email="a@example.com", status=ClientStatus.DISABLED)
    survivor = await make_client(org, first_name="S")
    ids = {"survivorId": str(survivor.uuid), "absorbedId": str(blocked.uuid)}

    preview = (await run(PREVIEW, {"input": ids}, actor=agent))["clientMergePreview"]
    assert preview["status"] == "DISABLED"
    assert preview["changes"]["status"] == ["active", "disabled"]
    asked = await run(PREVIEW, {"input": {**ids, "status": "ACTIVE"}}, actor=agent)
    assert asked["clientMergePreview"]["blockers"] == [
        {"field": ["status"], "code": "STATUS_CHOICE_FORBIDDEN"}
    ]

    before = await counts()
    refused = await run(UNIFY, {"input": {**ids, "status": "ACTIVE"}}, actor=agent)
    assert refused["unifyClients"] == {
        "client": None,
        "userErrors": [{"field": ["status"], "code": "STATUS_CHOICE_FORBIDDEN"}],
    }
    assert await counts() == before
    assert (await Client.get(id=blocked.id)).status is ClientStatus.DISABLED

    merged = await run(UNIFY, {"input": ids}, actor=agent)
    assert merged["unifyClients"]["client"] == {
        "id": str(survivor.uuid),
        "email": "a@example.com",
        "status": "DISABLED",
    }


async def test_an_admin_may_choose_the_status(db):
    org = await make_org()
    blocked = await make_client(org, status=ClientStatus.DISABLED, first_name="A")
    survivor = await make_client(org, first_name="S")
    ids = {"survivorId": str(survivor.uuid), "absorbedId": str(blocked.uuid), "status": "ACTIVE"}
    merged = await run(UNIFY, {"input": ids}, actor=await make_actor(org, StaffRole.ADMIN))
    assert merged["unifyClients"]["client"]["status"] == "ACTIVE"


async def test_a_referral_by_the_absorbed_share_code_credits_the_survivor(db):
    org = await make_org()
    actor = await make_actor(org)
    survivor = await make_client(org, first_name="S", external_id="POS-S")
    absorbed = await make_client(org, first_name="A", share_code="ANNA2024", external_id="POS-A")
    ids = {"survivorId": str(survivor.uuid), "absorbedId": str(absorbed.uuid)}
    preview = (await run(PREVIEW, {"input": ids}, actor=actor))["clientMergePreview"]
    assert {"field": "shareCode", "value": "ANNA2024", "from": "absorbed"} in preview["dropped"]
    assert {"field": "externalId", "value": "POS-A", "from": "absorbed"} in preview["dropped"]
    assert preview["shareCode"] == survivor.share_code
    await run(UNIFY, {"input": ids}, actor=actor)

    created = await run(
        'mutation { createClient(input: {firstName: "Friend", referredByShareCode: "anna2024"}) '
        "{ client { id } userErrors { code } } }",
        actor=actor,
    )
    assert created["createClient"]["userErrors"] == []
    friend = await Client.get(uuid=created["createClient"]["client"]["id"])
    assert friend.referred_by_id == survivor.id
    # The absorbed external id still finds the survivor; the survivor's own too.
    for external_id in ("POS-A", "POS-S"):
        found = await run(
            f'{{ clientByExternalId(externalId: "{external_id}") {{ id }} }}', actor=actor
        )
        assert found["clientByExternalId"]["id"] == str(survivor.uuid)


async def test_the_preview_shows_every_change(db):
    org = await make_org()
    actor = await make_actor(org)
    gold = await make_level(org, "Gold", 100)
    await make_level(org, "Silver", 10)
    survivor = await make_client(org, first_name="S", points=20, email="s@example.com")
    absorbed = await make_client(
        org,
        first_name="A",
        email="a@example.com",
        points=150,
        level=gold,
        account=await make_account("a@example.com"),
    )
    ids = {"survivorId": str(survivor.uuid), "absorbedId": str(absorbed.uuid)}
    preview = (await run(PREVIEW, {"input": ids}, actor=actor))["clientMergePreview"]
    assert preview["status"] == "ACTIVE"
    assert preview["level"] == {"name": "Gold"}
    assert preview["account"] == {"email": "a@example.com"}
    assert preview["pointsMoved"] == 150
    assert preview["changes"] == {
        "level": [None, "Gold"],
        "account": [None, "a@example.com"],
        "points": [20, 170],
    }
    assert {"field": "email", "value": "a@example.com", "from": "absorbed"} in preview["dropped"]
    assert preview["warnings"] == [{"code": "SURVIVOR_UNREACHABLE"}]


async def test_a_merge_with_itself_reports_no_points_moved(db):
    org = await make_org()
    client = await make_client(org, points=50)
    ids = {"survivorId": str(client.uuid), "absorbedId": str(client.uuid)}
    preview = (await run(PREVIEW, {"input": ids}, actor=await make_actor(org)))[
        "clientMergePreview"
    ]
    assert preview["blockers"] == [{"field": ["absorbedId"], "code": "SAME_CLIENT"}]
    assert preview["pointsMoved"] == 0


async def test_the_survivors_history_reads_right(db):
    org = await make_org()
    actor = await make_actor(org)
    survivor = await make_client(org, first_name="S")
    absorbed = await make_client(org, first_name="A")
    add = """mutation($id: ID!, $n: Int!) { addPoints(input: {clientId: $id, amount: $n,
      reason: "visit"}) { userErrors { code } } }"""
    await run(add, {"id": str(absorbed.uuid), "n": 190}, actor=actor)
    await run(add, {"id": str(survivor.uuid), "n": 100}, actor=actor)
    await run(add, {"id": str(absorbed.uuid), "n": 10}, actor=actor)
    ids = {"survivorId": str(survivor.uuid), "absorbedId": str(absorbed.uuid)}
    await run(UNIFY, {"input": ids}, actor=actor)

    history = await run(
        "query($id: ID!) { client(id: $id) { points pointsHistory(first: 10) { nodes { amount "
        "balanceAfter reason source } } } }",
        {"id": str(survivor.uuid)},
        actor=actor,
    )
    card = history["client"]
    entries = list(reversed(card["pointsHistory"]["nodes"]))  # oldest first
    assert card["points"] == 300
    assert [(e["amount"], e["balanceAfter"]) for e in entries] == [
        (190, 190),
        (100, 290),
        (10, 300),
        (0, 300),
    ]
    assert entries[-1]["reason"] == f"Points moved from {absorbed.uuid} (200)"
    assert entries[-1]["source"] == "MERGE"
    assert all(e["balanceAfter"] > 0 for e in entries)
    assert await PointsEntry.filter(client_id=absorbed.id).count() == 0
    assert (await Client.get(id=absorbed.id)).points == 0
    assert await Notification.all().count() == 0
