"""sendTestWebhook (R10.4): queue a `webhook.test` event to one endpoint, signed and
delivered like any other (it shows in the endpoint's delivery log), so a partner can
check their receiver and signature verification.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from tortoise.transactions import in_transaction

from models import WebhookDelivery, WebhookEvent
from models.access import Permission
from models.webhook import WebhookEventType
from resolvers.access.actor import Actor, require
from resolvers.errors import ErrorCode, UserError, UserErrors, error
from resolvers.webhooks.endpoints import find_endpoint


@dataclass
class WebhookTestResult:
    delivery: WebhookDelivery | None = None
    errors: list[UserError] = field(default_factory=list)


async def send_test_webhook(actor: Actor | None, endpoint_id: str) -> WebhookTestResult:
    actor = require(actor, Permission.WEBHOOKS_MANAGE)
    try:
        async with in_transaction("default") as conn:
            endpoint = await find_endpoint(actor, endpoint_id, using_db=conn)
            if endpoint is None:
                raise UserErrors(
                    [error(ErrorCode.NOT_FOUND, "No such webhook endpoint", "endpointId")]
                )
            event = await WebhookEvent.create(
                organization_id=actor.organization_id,
                client_id=None,
                type=WebhookEventType.TEST,
                data={"endpointId": str(endpoint.uuid)},
                using_db=conn,
            )
            delivery = await WebhookDelivery.create(
                endpoint_id=endpoint.id,
                event_id=event.id,
                client_id=None,
                next_attempt_at=datetime.now(UTC),
                using_db=conn,
            )
    except UserErrors as exc:
        return WebhookTestResult(errors=exc.errors)
    return WebhookTestResult(delivery=delivery)
