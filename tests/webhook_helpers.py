"""Shared steps of the webhook tests: register an endpoint through the schema, run the
worker until the queue is empty."""

from __future__ import annotations

from typing import Any

from clientela.settings import Settings
from models import WebhookDelivery
from models.webhook import DeliveryStatus
from resolvers.access.actor import Actor
from resolvers.webhooks.delivery import Policy, WebhookWorker
from tests.helpers import run

CREATE = """mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) {
  endpoint { id url events enabled createdAt } secret userErrors { field code } } }"""

FAST = Policy(base_delay=0.01, max_delay=0.05, poll_interval=0.01)


async def create_endpoint(actor: Actor, url: str, events: list[str]) -> dict[str, Any]:
    data = await run(CREATE, {"input": {"url": url, "events": events}}, actor=actor)
    payload: dict[str, Any] = data["createWebhookEndpoint"]
    assert payload["userErrors"] == [], payload
    return payload


async def drain(
    settings: Settings | None = None, policy: Policy = FAST, *, passes: int = 200
) -> WebhookWorker:
    """Run delivery passes until nothing is pending (retries included) or `passes` ran."""
    import asyncio

    worker = WebhookWorker(settings or Settings(), policy)
    try:
        for _ in range(passes):
            await worker.deliver_due()
            if not await WebhookDelivery.filter(
                status__in=(DeliveryStatus.PENDING, DeliveryStatus.SENDING)
            ).exists():
                break
            await asyncio.sleep(policy.base_delay)
    finally:
        await worker.client.aclose()
    return worker
