"""What an endpoint's events may carry (R10.2): no more personal data than whoever set the
endpoint up could read through the API.

An endpoint records the scopes (permissions) of who created or last changed it. Reading
clients — their fields, points, tags, status, consent, orders — takes `clients:read`
(the same rule that hides the client from a mutation's payload, `schema.common.readable`).
An endpoint set up without it receives the events it subscribed to with their ids only
(`clientId`, `survivorId`, `orderId`, …): it learns that something happened to a client it
can name, never what. The test event carries no personal data and goes out whole.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from models.access import Permission
from models.webhook import WebhookEventType
from resolvers.webhooks.events import ids_only


def visible_data(
    kind: WebhookEventType, data: Mapping[str, Any], scopes: Iterable[str]
) -> dict[str, Any]:
    """The `data` of an event as the endpoint with these scopes receives it."""
    if kind is WebhookEventType.TEST or Permission.CLIENTS_READ.value in set(scopes):
        return dict(data)
    return ids_only(data)
