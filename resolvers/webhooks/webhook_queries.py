"""Reads of webhooks (R10.4): the organization's endpoints, and each one's delivery log
(newest first, keyset-paged, filterable by status), with every attempt."""

from __future__ import annotations

from models import WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookEvent
from models.access import Permission
from models.webhook import DeliveryStatus
from resolvers.access.actor import Actor, require
from resolvers.pagination import Page, SortKey, paginate
from resolvers.webhooks.endpoints import find_endpoint

NEWEST_FIRST = SortKey("wd-", (), descending=True)


async def list_endpoints(actor: Actor | None) -> list[WebhookEndpoint]:
    actor = require(actor, Permission.WEBHOOKS_MANAGE)
    return await WebhookEndpoint.filter(organization_id=actor.organization_id).order_by("id")


async def get_endpoint(actor: Actor | None, endpoint_id: str) -> WebhookEndpoint | None:
    actor = require(actor, Permission.WEBHOOKS_MANAGE)
    return await find_endpoint(actor, endpoint_id)


async def deliveries(
    endpoint: WebhookEndpoint,
    *,
    first: int | None,
    after: str | None,
    status: DeliveryStatus | None,
) -> Page[WebhookDelivery]:
    query = WebhookDelivery.filter(endpoint_id=endpoint.id)
    if status is not None:
        query = query.filter(status=status)
    # A page's events and attempts come in one statement each, not one per delivery.
    query = query.prefetch_related("event", "attempt_log")
    return await paginate(query, NEWEST_FIRST, first=first, after_cursor=after)


async def event_of(delivery: WebhookDelivery) -> WebhookEvent:
    loaded = delivery.event
    if isinstance(loaded, WebhookEvent):
        return loaded
    return await WebhookEvent.get(id=delivery.event_id)


async def attempts_of(delivery: WebhookDelivery) -> list[WebhookAttempt]:
    if delivery.attempt_log._fetched:
        return sorted(delivery.attempt_log, key=lambda a: a.id)
    return await WebhookAttempt.filter(delivery_id=delivery.id).order_by("id")
