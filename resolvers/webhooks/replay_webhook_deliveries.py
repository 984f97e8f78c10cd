"""replayWebhookDeliveries (R10.4): send events again, by delivery ids or by an endpoint
and a time window (e.g. what it missed while switched off).

Each replayed event gets a new delivery row to the same endpoint, carrying the same
event and so the same `webhook-id`: a receiver that already has it can drop it.
Deliveries still queued are not doubled. At most 10,000 events per call.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from tortoise.transactions import in_transaction

from models import WebhookDelivery, WebhookEndpoint
from models.access import Permission
from models.webhook import DeliveryStatus
from resolvers.access.actor import Actor, require
from resolvers.clients.lookup import parse_id
from resolvers.errors import ErrorCode, UserError, error
from resolvers.webhooks.endpoints import find_endpoint

MAX_REPLAY = 10_000
MAX_IDS = 100
_QUEUED = (DeliveryStatus.PENDING, DeliveryStatus.SENDING)


@dataclass
class ReplayResult:
    queued: int = 0
    errors: list[UserError] = field(default_factory=list)


async def replay_webhook_deliveries(
    actor: Actor | None,
    *,
    endpoint_id: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    delivery_ids: Sequence[str] | None = None,
) -> ReplayResult:
    actor = require(actor, Permission.WEBHOOKS_MANAGE)
    by_ids = delivery_ids is not None
    if by_ids == (endpoint_id is not None):
        message = "Give either deliveryIds, or endpointId with from and to"
        return ReplayResult(errors=[error(ErrorCode.INVALID, message)])
    if by_ids:
        return await _replay_ids(actor, list(delivery_ids or []))
    assert endpoint_id is not None
    if since is None or until is None:
        field_name = "from" if since is None else "to"
        message = "A replay by endpoint needs from and to"
        return ReplayResult(errors=[error(ErrorCode.REQUIRED, message, field_name)])
    if since > until:
        return ReplayResult(errors=[error(ErrorCode.OUT_OF_RANGE, "from is after to", "from")])
    endpoint = await find_endpoint(actor, endpoint_id)
    if endpoint is None:
        return ReplayResult(errors=[error(ErrorCode.NOT_FOUND, "No such endpoint", "endpointId")])
    window = WebhookDelivery.filter(
        endpoint_id=endpoint.id, created_at__gte=since, created_at__lte=until
    )
    events: list[int] = sorted({e for (e,) in await window.values_list("event_id")})
    if len(events) > MAX_REPLAY:
        message = f"More than {MAX_REPLAY} events in this window: replay a shorter one"
        return ReplayResult(errors=[error(ErrorCode.TOO_MANY_ROWS, message, "from")])
    return ReplayResult(queued=await _queue(endpoint, events))


async def _replay_ids(actor: Actor, delivery_ids: list[str]) -> ReplayResult:
    if not delivery_ids:
        return ReplayResult(errors=[error(ErrorCode.REQUIRED, "Name a delivery", "deliveryIds")])
    if len(delivery_ids) > MAX_IDS:
        message = f"At most {MAX_IDS} deliveries per call"
        return ReplayResult(errors=[error(ErrorCode.TOO_MANY_ROWS, message, "deliveryIds")])
    uuids = [parse_id(i) for i in delivery_ids]
    found = await WebhookDelivery.filter(
        uuid__in=[u for u in uuids if u is not None],
        endpoint__organization_id=actor.organization_id,
    ).values_list("endpoint_id", "event_id")
    if None in uuids or len(found) != len(set(uuids)):
        return ReplayResult(errors=[error(ErrorCode.NOT_FOUND, "No such delivery", "deliveryIds")])
    queued = 0
    for endpoint_id in sorted({e for e, _ in found}):
        endpoint = await WebhookEndpoint.get(id=endpoint_id)
        queued += await _queue(endpoint, sorted({ev for e, ev in found if e == endpoint_id}))
    return ReplayResult(queued=queued)


async def _queue(endpoint: WebhookEndpoint, event_ids: list[int]) -> int:
    """New deliveries, in event order (so per-client order holds), for the events that
    have none queued on this endpoint."""
    async with in_transaction("default") as conn:
        waiting = {
            e
            for (e,) in await WebhookDelivery.filter(
                endpoint_id=endpoint.id, event_id__in=event_ids, status__in=_QUEUED
            )
            .using_db(conn)
            .values_list("event_id")
        }
        todo = [e for e in event_ids if e not in waiting]
        clients = dict(
            await WebhookDelivery.filter(endpoint_id=endpoint.id, event_id__in=todo)
            .using_db(conn)
            .values_list("event_id", "client_id")
        )
        now = datetime.now(UTC)
        await WebhookDelivery.bulk_create(
            [
                WebhookDelivery(
                    endpoint_id=endpoint.id,
                    event_id=event_id,
                    client_id=clients.get(event_id),
                    next_attempt_at=now,
                )
                for event_id in todo
            ],
            using_db=conn,
        )
    return len(todo)
