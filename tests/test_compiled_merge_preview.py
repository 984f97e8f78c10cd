"""clientMergePreview on the compiled read path (issue 16, R4.4): every selection answers
what the reference answers, byte for byte, and the compiled path answers it: two clients
of the organization with a conflict in every field the plan reports, a client with itself,
ids that are not the organization's (nothing leaks), merged and erased records, points,
tags, levels, accounts and statuses, choices the rules refuse; a caller without clients:read
is refused by the reference alone.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from typing import Any

import pytest
from tortoise.transactions import in_transaction

import models
from models.access import Permission
from models.enums import ClientStatus, Gender, IdentificationType, StaffRole
from resolvers.lifecycle.merge_plan import MERGEABLE
from tests import test_compiled_fields
from tests.factories import (
    make_account,
    make_api_key,
    make_client,
    make_level,
    make_session_token,
    make_staff,
)
from tests.test_compiled_fields import Card, _type, select_all
from tests.test_compiled_reads import same_answer

card = test_compiled_fields.card  # the fixture: a client with every record, a merged one
EVERYTHING = f"""query($input: UnifyClientsInput!) {{ clientMergePreview(input: $input) {{
  {select_all(_type("ClientMergePreview"), 2)} }} }}"""
PLAN = """query($input: UnifyClientsInput!) { clientMergePreview(input: $input) {
  __typename values dropped newTags pointsMoved keepAccountOf status shareCode changes
  level { __typename id name threshold } account { id email verified }
  warnings { __typename field code message conflictingClientId }
  blockers { field code message } } }"""
ALIASES = """query($input: UnifyClientsInput!) { clientMergePreview(input: $input) {
  blockers { code } a: survivor { id firstName tags { name } } b: survivor { email points }
  absorbed { id level { name } } lv: level { name } level { id threshold }
  account { email } login: account { id verified } moved: pointsMoved pointsMoved } }"""


def _values(k: int) -> dict[str, Any]:
    """A value for every field the plan merges, different for each `k`."""
    return {
        "first_name": f"Name{k}",
        "last_name": f"Family{k}",
        "email": f"person{k}@example.com",
        "email_key": f"person{k}@example.com",
        "phone": f"+3933312345{k}",
        "identification_type": [IdentificationType.PASSPORT, IdentificationType.TAX_ID][k % 2],
        "identification_number": f"ID{k}",
        "external_id": f"pos-{k}",
        "gender": [Gender.FEMALE, Gender.OTHER][k % 2],
        "city": f"City{k}",
        "birthday": date(1980 + k, 2, 3),
        "locale": ["it", "en"][k % 2],
        "registration_code": f"REG{k}",
        "registered_at": datetime(2020, 1, 1 + k, 9, 30, 15, 123456 * k, tzinfo=UTC),
        **{f"text{n}": f"t{n}-{k}" for n in range(1, 6)},
        **{f"int{n}": n * 10 + k for n in range(1, 6)},
        "date1": date(2021, 1, 1 + k),
        "date2": date(2022, 1, 1 + k),
    }


async def _conflicting(card: Card) -> tuple[models.Client, models.Client]:
    """Two clients of the organization with a different value in every field, both with a
    level, an account, tags, points; the absorbed one disabled."""
    org_id = card.client.organization_id  # type: ignore[attr-defined]
    org = await models.Organization.get(id=org_id)
    bronze = await make_level(org, "Bronze", 10)
    platinum = await make_level(org, "Platinum", 5000)
    survivor = await make_client(
        org,
        **_values(1),
        points=120,
        level=bronze,
        tags=["Yoga", "Run"],
        account=await make_account("login1@example.com"),
    )
    absorbed = await make_client(
        org,
        **_values(2),
        points=80,
        level=platinum,
        tags=["yoga", "Swim", "Chess"],
        status=ClientStatus.DISABLED,
        account=await make_account("person2@example.com", verified=False),
    )
    assert set(MERGEABLE) <= set(_values(1))  # a conflict in every field the plan merges
    return survivor, absorbed


def _input(survivor: Any, absorbed: Any, **more: Any) -> dict[str, Any]:
    ids = [str(c.uuid) if isinstance(c, models.Client) else c for c in (survivor, absorbed)]
    return {"input": {"survivorId": ids[0], "absorbedId": ids[1], **more}}


async def test_two_clients_in_conflict_on_every_field(card):
    survivor, absorbed = await _conflicting(card)
    choices = [{"field": "city", "keep": "ABSORBED"}, {"field": "int3", "keep": "SURVIVOR"}]
    for more in (
        {},
        {"keepAccountOf": "SURVIVOR"},
        {"keepAccountOf": "ABSORBED", "fieldChoices": choices},
        {"keepAccountOf": "ABSORBED", "status": "INACTIVE"},  # lifts the block: refused
        {"keepAccountOf": "SURVIVOR", "status": "MERGED"},  # not a status to choose
    ):
        for query in (EVERYTHING, PLAN, ALIASES):
            await same_answer(card, query, _input(survivor, absorbed, **more), max_query_cost=4000)
    data = await same_answer(card, PLAN, _input(survivor, absorbed, keepAccountOf="ABSORBED"))
    plan = data["clientMergePreview"]
    assert plan["blockers"] == []
    # Every field (the survivor's values stay), the absorbed share code, the survivor's account.
    assert len(plan["dropped"]) == len(MERGEABLE) + 2
    assert plan["newTags"] == 2 and plan["pointsMoved"] == 80
    assert plan["level"]["name"] == "Platinum" and plan["status"] == "DISABLED"
    assert plan["changes"]["points"] == [120, 200]
    assert plan["account"]["email"] == "person2@example.com"
    # The survivor's email is not the kept login email (R4.6), as the reference warns.
    data = await same_answer(card, PLAN, _input(survivor, absorbed, keepAccountOf="SURVIVOR"))
    assert [w["code"] for w in data["clientMergePreview"]["warnings"]] == ["SURVIVOR_UNREACHABLE"]
    # Both have accounts and none is chosen; fields both have come from the survivor.
    data = await same_answer(card, PLAN, _input(survivor, absorbed))
    assert [b["code"] for b in data["clientMergePreview"]["blockers"]] == [
        "ACCOUNT_CHOICE_REQUIRED"
    ]
    assert data["clientMergePreview"]["pointsMoved"] == 0


async def test_the_fixture_clients_both_ways(card):
    """The client with every record, its sponsor, a referral without level or email."""
    sponsor = await models.Client.get(first_name="Sponsor")
    friend = await models.Client.get(first_name="Friend0")
    for survivor, absorbed in (
        (card.client, sponsor),
        (sponsor, card.client),
        (friend, card.client),
    ):
        await same_answer(card, EVERYTHING, _input(survivor, absorbed), max_query_cost=4000)
        await same_answer(card, ALIASES, _input(survivor, absorbed))
    data = await same_answer(card, PLAN, _input(friend, card.client))
    plan = data["clientMergePreview"]
    assert plan["values"]["email"] == "Maria@Example.com" and plan["newTags"] == 2
    assert plan["changes"]["level"] == [None, "Gold"]


async def test_a_client_with_itself_and_records_that_cannot_merge(card):
    org = await models.Organization.get(id=card.client.organization_id)  # type: ignore[attr-defined]
    old = await models.Client.get(first_name="Old")  # merged into the card's client
    erased = await make_client(org, first_name="", last_name="", status=ClientStatus.DELETED)
    rich = await make_client(org, points=999_999_999)
    saver = await make_client(org, points=5)
    cases = [
        (card.client, card.client, "SAME_CLIENT"),
        (card.client, old, "CLIENT_MERGED"),
        (old, erased, "CLIENT_MERGED"),
        (erased, card.client, "CLIENT_MERGED"),
        (rich, saver, "OUT_OF_RANGE"),
    ]
    for survivor, absorbed, code in cases:
        await same_answer(card, EVERYTHING, _input(survivor, absorbed), max_query_cost=4000)
        data = await same_answer(card, PLAN, _input(survivor, absorbed))
        assert code in [b["code"] for b in data["clientMergePreview"]["blockers"]]


@pytest.mark.parametrize("which", ["survivor", "absorbed", "both"])
@pytest.mark.parametrize("missing", ["foreign", "not-a-uuid", "random"])
async def test_ids_the_organization_does_not_have(card, which, missing):
    stranger = await models.Client.get(first_name="Stranger")
    ids = {
        "foreign": str(stranger.uuid),
        "not-a-uuid": "nope",
        "random": "5f0e1b1e-0000-4000-8000-000000000000",
    }
    mine = str(card.client.uuid)
    pair = {
        "survivor": (ids[missing], mine),
        "absorbed": (mine, ids[missing]),
        "both": (ids[missing], ids[missing]),
    }[which]
    data = await same_answer(card, EVERYTHING, _input(*pair), max_query_cost=4000)
    preview = data["clientMergePreview"]
    assert preview["survivor"] is None and preview["absorbed"] is None  # nothing leaks
    assert {b["code"] for b in preview["blockers"]} == {"NOT_FOUND"}


async def test_field_choices_the_merge_does_not_know(card):
    sponsor = await models.Client.get(first_name="Sponsor")
    choices = [{"field": "points", "keep": "ABSORBED"}, {"field": "city", "keep": "ABSORBED"}]
    for pair in ((card.client, sponsor), ("nope", sponsor)):
        data = await same_answer(card, PLAN, _input(*pair, fieldChoices=choices))
        assert data["clientMergePreview"]["blockers"][0]["code"] == "INVALID"


async def test_a_caller_without_the_permission_is_refused_by_the_reference(card):
    org = await models.Organization.get(id=card.client.organization_id)  # type: ignore[attr-defined]
    sponsor = await models.Client.get(first_name="Sponsor")
    variables = _input(card.client, sponsor, status="ACTIVE")
    hooks = await make_api_key(org, Permission.WEBHOOKS_MANAGE)
    await same_answer(card, PLAN, variables, token=hooks, compiled=False)
    await same_answer(card, PLAN, variables, token=card.person, compiled=False)
    # A key that reads clients may preview, not choose to impose a status (R4.7).
    data = await same_answer(
        card, PLAN, _input(card.client, sponsor, status="DISABLED"), token=card.key
    )
    assert data["clientMergePreview"]["blockers"][0]["code"] == "STATUS_CHOICE_FORBIDDEN"
    agent = await make_session_token(await make_staff(org, role=StaffRole.AGENT))
    await same_answer(card, PLAN, variables, token=agent)


@pytest.mark.postgres
async def test_a_held_client_is_reported_busy(card):
    """A transaction holding one of the two rows: MERGE_IN_PROGRESS, from both paths."""
    sponsor = await models.Client.get(first_name="Sponsor")
    holding, release = asyncio.Event(), asyncio.Event()

    async def running_change() -> None:
        async with in_transaction("default") as conn:
            await models.Client.filter(id=sponsor.id).using_db(conn).select_for_update()
            holding.set()
            await release.wait()

    task = asyncio.create_task(running_change())
    await holding.wait()
    try:
        data = await same_answer(card, PLAN, _input(card.client, sponsor))
    finally:
        release.set()
        await task
    assert data["clientMergePreview"]["blockers"][-1]["code"] == "MERGE_IN_PROGRESS"
    data = await same_answer(card, PLAN, _input(card.client, sponsor))
    assert data["clientMergePreview"]["blockers"] == []
