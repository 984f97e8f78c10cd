"""Races that PostgreSQL breaks as deadlocks are run again, then answered CONFLICT_RETRY (issue 14)."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest

from models import Client, PointsEntry
from resolvers import conflicts
from resolvers.conflicts import Conflict, ConflictRetry, is_retryable, retry_conflicts
from resolvers.lifecycle.unify_clients import unify_clients
from resolvers.loyalty.add_points import add_points
from tests.factories import make_actor, make_client, make_org
from tests.helpers import execute

ROUNDS = 25


def test_what_counts_as_a_lost_race():
    assert is_retryable(asyncpg.exceptions.DeadlockDetectedError("deadlock detected"))
    assert is_retryable(asyncpg.exceptions.SerializationError("could not serialize"))
    wrapped = RuntimeError("wrapped")
    wrapped.__cause__ = asyncpg.exceptions.DeadlockDetectedError("deadlock detected")
    assert is_retryable(wrapped)
    assert is_retryable(Conflict())
    assert not is_retryable(asyncpg.exceptions.UniqueViolationError("duplicate"))
    assert not is_retryable(ValueError("bad"))


async def test_a_race_lost_every_time_ends_in_conflict_retry_after_bounded_attempts():
    runs = 0

    async def always_loses():
        nonlocal runs
        runs += 1
        raise asyncpg.exceptions.DeadlockDetectedError("deadlock detected")

    with pytest.raises(ConflictRetry):
        await retry_conflicts(always_loses)
    assert runs == conflicts.ATTEMPTS


async def test_a_race_lost_once_succeeds_on_the_next_run():
    runs = 0

    async def loses_once():
        nonlocal runs
        runs += 1
        if runs == 1:
            raise Conflict
        return "done"

    assert await retry_conflicts(loses_once) == "done"
    assert runs == 2


@pytest.mark.postgres
async def test_duplicate_merges_racing_points_on_both_clients_never_fail(db):
    """The race of issue 14: the same unifyClients twice while addPoints hits both clients.
    Every request answers (merged, CLIENT_MERGED, or points added), balances are exact."""
    org = await make_org()
    actor = await make_actor(org)
    before = conflicts.COUNTS.retried
    causes_before = conflicts.COUNTS.causes.copy()
    gave_up_before = conflicts.COUNTS.gave_up
    requests = 0
    for round_ in range(ROUNDS):
        # Ids in both orders: the survivor older than the absorbed record and the reverse.
        first, second = await make_client(org), await make_client(org)
        survivor, absorbed = (first, second) if round_ % 2 else (second, first)
        calls = [
            unify_clients(actor, str(survivor.uuid), str(absorbed.uuid)),
            unify_clients(actor, str(survivor.uuid), str(absorbed.uuid)),
            *(
                add_points(actor, str(c.uuid), 1, f"race {i}")
                for i in range(5)
                for c in (survivor, absorbed)
            ),
        ]
        requests += len(calls)
        results = await asyncio.gather(*calls)
        merges = results[:2]
        assert sum(1 for r in merges if r.client is not None) == 1
        assert [e.code.value for r in merges for e in r.errors] == ["client_merged"]
        assert all(r.errors == [] for r in results[2:])
        kept = await Client.get(id=survivor.id)
        assert kept.points == 10
        assert kept.points == sum(
            e.amount for e in await PointsEntry.filter(client_id__in=[survivor.id, absorbed.id])
        )
        assert (await Client.get(id=absorbed.id)).points == 0
    retried = conflicts.COUNTS.retried - before
    causes = dict(conflicts.COUNTS.causes - causes_before)
    gave_up = conflicts.COUNTS.gave_up - gave_up_before
    print(
        f"\n{requests} requests in {ROUNDS} rounds: {retried} retried {causes}, {gave_up} gave up"
    )
    assert gave_up == 0


async def test_a_mutation_that_keeps_losing_answers_conflict_retry_not_a_500(db, monkeypatch):
    """Through the schema: every mutation runs in retry_conflicts (schema/boundary.py)."""
    import resolvers.loyalty.ledger_lock as module

    org = await make_org()
    actor = await make_actor(org)
    client = await make_client(org)
    runs = 0

    async def deadlocks(*args, **kwargs):
        nonlocal runs
        runs += 1
        raise asyncpg.exceptions.DeadlockDetectedError("deadlock detected")

    monkeypatch.setattr(module, "lock", deadlocks)
    document = """mutation($id: ID!) { addPoints(input: {clientId: $id, amount: 5, reason: "r"}) {
      entry { id } userErrors { field code } } }"""
    result = await execute(document, {"id": str(client.uuid)}, actor=actor)
    assert result.errors is None
    assert result.data["addPoints"] == {
        "entry": None,
        "userErrors": [{"field": None, "code": "CONFLICT_RETRY"}],
    }
    # The resolver's own retries; the schema's wrapper does not multiply them.
    assert runs == conflicts.ATTEMPTS
    assert await PointsEntry.all().count() == 0
