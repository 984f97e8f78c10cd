"""Writing and reading consent (R11.1): one helper that every way of changing it goes through.

A change appends a `ConsentEvent` (never updated), sets the current state in
`ClientConsent`, and writes an activity entry ("consent.changed", R8.2) — all in the
caller's transaction, so partners get CONSENT_CHANGED from the activity log (R10.2).
Setting the state a client already has changes nothing and writes nothing: repeating an
unsubscribe, or an import carrying what is already known, leaves the history as it was.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from tortoise.backends.base.client import BaseDBAsyncClient

from models import Client, ClientConsent, ConsentEvent
from models.enums import ActorType, ConsentPurpose, ConsentSource
from resolvers.access.actor import Actor
from resolvers.activity import log_activity

# The activity-log field of each purpose ({"consentMarketingEmail": [old, new]}).
ACTIVITY_FIELD = {
    ConsentPurpose.MARKETING_EMAIL: "consentMarketingEmail",
    ConsentPurpose.MARKETING_IN_APP: "consentMarketingInApp",
}
ACTION = "consent.changed"


@dataclass(frozen=True)
class ConsentState:
    """The current answer of a client for one purpose; `granted` is False when never asked."""

    purpose: ConsentPurpose
    granted: bool
    source: ConsentSource | None
    changed_at: datetime | None


def person_actor(organization_id: int, name: str) -> Actor:
    """The person acting for themselves (client app, unsubscribe link): no staff, no key."""
    return Actor(
        type=ActorType.SYSTEM,
        id=None,
        name=name,
        organization_id=organization_id,
        permissions=frozenset(),
    )


async def record_consent(
    conn: BaseDBAsyncClient,
    actor: Actor,
    client: Client,
    purpose: ConsentPurpose,
    granted: bool,
    source: ConsentSource,
    proof: str | None,
    *,
    account_id: int | None = None,
) -> ConsentEvent | None:
    """Set a client's consent for `purpose`; the event written, or None when nothing changed.

    The client row must be locked by the caller (`select_for_update`), which orders
    concurrent changes of one client's consent."""
    current = (
        await ClientConsent.filter(client_id=client.id, purpose=purpose)
        .using_db(conn)
        .select_for_update()
        .first()
    )
    if current is not None and current.granted == granted:
        return None
    now = datetime.now(UTC)
    event = await ConsentEvent.create(
        organization_id=client.organization_id,
        client_id=client.id,
        purpose=purpose,
        granted=granted,
        source=source,
        proof=proof,
        actor_type=actor.type,
        actor_id=actor.id,
        actor_name=actor.name,
        account_id=account_id,
        using_db=conn,
    )
    if current is None:
        await ClientConsent.create(
            organization_id=client.organization_id,
            client_id=client.id,
            purpose=purpose,
            granted=granted,
            source=source,
            changed_at=now,
            using_db=conn,
        )
    else:
        await (
            ClientConsent.filter(id=current.id)
            .using_db(conn)
            .update(granted=granted, source=source, changed_at=now)
        )
    old = None if current is None else current.granted
    await log_activity(
        actor,
        client,
        ACTION,
        {ACTIVITY_FIELD[purpose]: [old, granted], "consentSource": [None, source.value]},
        using_db=conn,
    )
    return event


async def consent_states(client_ids: Iterable[int]) -> dict[int, list[ConsentState]]:
    """The current state of every purpose for each client, in one query."""
    ids = list(client_ids)
    rows = await ClientConsent.filter(client_id__in=ids)
    found = {(row.client_id, row.purpose): row for row in rows}
    states: dict[int, list[ConsentState]] = {}
    for client_id in ids:
        states[client_id] = []
        for purpose in ConsentPurpose:
            row = found.get((client_id, purpose))
            states[client_id].append(
                ConsentState(purpose, row.granted, row.source, row.changed_at)
                if row is not None
                else ConsentState(purpose, False, None, None)
            )
    return states


async def granted_clients(
    conn: BaseDBAsyncClient, client_ids: list[int], purpose: ConsentPurpose
) -> set[int]:
    """Which of these clients gave consent for `purpose` (R11.2)."""
    if not client_ids:
        return set()
    rows = (
        await ClientConsent.filter(client_id__in=client_ids, purpose=purpose, granted=True)
        .using_db(conn)
        .only("id", "client_id")
    )
    return {row.client_id for row in rows}


async def merge_consents(conn: BaseDBAsyncClient, survivor: Client, absorbed: Client) -> None:
    """R4.1 for consent: the history moved with the other records (ConsentEvent); the
    current answer for each purpose is the person's latest one, whichever record holds it."""
    rows = (
        await ClientConsent.filter(client_id__in=[survivor.id, absorbed.id])
        .using_db(conn)
        .select_for_update()
    )
    by_purpose: dict[ConsentPurpose, list[ClientConsent]] = {}
    for row in rows:
        by_purpose.setdefault(row.purpose, []).append(row)
    for answers in by_purpose.values():
        latest = max(answers, key=lambda row: row.changed_at)
        mine = next((row for row in answers if row.client_id == survivor.id), None)
        if mine is None:
            await ClientConsent.filter(id=latest.id).using_db(conn).update(client_id=survivor.id)
        elif latest is not mine:
            await (
                ClientConsent.filter(id=mine.id)
                .using_db(conn)
                .update(granted=latest.granted, source=latest.source, changed_at=latest.changed_at)
            )
    await ClientConsent.filter(client_id=absorbed.id).using_db(conn).delete()
