"""GraphQL surface of webhooks (PRODUCT.md R10.1-R10.4): endpoints, their delivery log,
replay and the test event. Everything needs `webhooks:manage`."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Annotated

import strawberry
from strawberry.scalars import JSON

import models
from models.webhook import DeliveryStatus as DomainDeliveryStatus
from resolvers.webhooks import (
    create_webhook_endpoint,
    delete_webhook_endpoint,
    replay_webhook_deliveries,
    rotate_webhook_secret,
    send_test_webhook,
    update_webhook_endpoint,
    webhook_queries,
)
from resolvers.webhooks.endpoints import SUBSCRIBABLE, EndpointResult
from resolvers.webhooks.scopes import visible_data
from schema.common import After, Connection, First, public_id
from schema.context import Info
from schema.enums import described
from schema.errors import UserError, user_errors
from schema.sources import from_sources

_ERRORS = "Expected failures; empty on success."
_INPUT = strawberry.argument(description="What to do; see the input type.")


class WebhookEvent(Enum):
    CLIENT_CREATED = "CLIENT_CREATED"
    CLIENT_UPDATED = "CLIENT_UPDATED"
    CLIENT_MERGED = "CLIENT_MERGED"
    CLIENT_STATUS_CHANGED = "CLIENT_STATUS_CHANGED"
    CLIENT_DELETED = "CLIENT_DELETED"
    POINTS_CHANGED = "POINTS_CHANGED"
    TAGS_CHANGED = "TAGS_CHANGED"
    PURCHASE_RECORDED = "PURCHASE_RECORDED"
    ORDER_RECORDED = "ORDER_RECORDED"
    ORDER_UPDATED = "ORDER_UPDATED"
    BOOKING_RECORDED = "BOOKING_RECORDED"
    CONSENT_CHANGED = "CONSENT_CHANGED"
    NOTIFICATION_FAILED = "NOTIFICATION_FAILED"


assert tuple(WebhookEvent.__members__) == SUBSCRIBABLE, "WebhookEvent follows the domain"
described(
    WebhookEvent,
    "An event type partners subscribe to (R10.2). The body's `type` is its dotted form "
    "(CLIENT_MERGED: client.merged).",
    {
        "CLIENT_CREATED": "A client was created (also by self-registration or an import).",
        "CLIENT_UPDATED": "Fields of a client changed; data.changedFields names them.",
        "CLIENT_MERGED": "A client was absorbed into another: data.survivorId, data.absorbedId.",
        "CLIENT_STATUS_CHANGED": "Deactivated, reactivated, disabled or enabled.",
        "CLIENT_DELETED": "A client was erased (R8.3): ids only.",
        "POINTS_CHANGED": "The points balance changed: data.points, data.previousPoints.",
        "TAGS_CHANGED": "Tags were added or removed: data.added, data.removed.",
        "PURCHASE_RECORDED": "A purchase was recorded: data.purchaseId.",
        "ORDER_RECORDED": "An order was recorded: data.orderId.",
        "ORDER_UPDATED": "An order's status changed: data.orderId, data.status.",
        "BOOKING_RECORDED": "A booking was recorded: data.bookingId.",
        "CONSENT_CHANGED": "A consent was given or withdrawn.",
        "NOTIFICATION_FAILED": "A notification could not be delivered: data.notificationId.",
    },
)

DeliveryStatus = DomainDeliveryStatus
described(
    DeliveryStatus,
    "Where a webhook delivery is.",
    {
        "PENDING": "Waiting for its first attempt or its next retry.",
        "SENDING": "Being sent now.",
        "DELIVERED": "The receiver answered 2xx.",
        "FAILED": "Retried for a day without success.",
    },
)


@from_sources
@strawberry.type(description="One POST of a delivery.")
class WebhookAttempt:
    started_at: datetime = strawberry.field(description="When it started.")
    duration_ms: int = strawberry.field(description="How long it took, in milliseconds.")
    response_code: int | None = strawberry.field(description="The HTTP status, if any came.")
    error: str | None = strawberry.field(description="What went wrong (no receiver content).")
    succeeded: bool = strawberry.field(description="The receiver answered 2xx.")


@from_sources
@strawberry.type(description="An event on its way to one endpoint, with every attempt.")
class WebhookDelivery:
    status: DeliveryStatus = strawberry.field(description="Where it is.")
    attempts: int = strawberry.field(description="How many attempts were made.")
    response_code: int | None = strawberry.field(description="The last HTTP status.")
    last_error: str | None = strawberry.field(description="The last failure.")
    next_attempt_at: datetime = strawberry.field(description="When it is (or was) due.")
    created_at: datetime = strawberry.field(description="When it was queued.")
    delivered_at: datetime | None = strawberry.field(description="When the receiver took it.")

    @strawberry.field
    @staticmethod
    def id(parent: strawberry.Parent[models.WebhookDelivery]) -> strawberry.ID:
        return public_id(parent)

    @strawberry.field
    @staticmethod
    async def webhook_id(parent: strawberry.Parent[models.WebhookDelivery]) -> str:
        return str((await webhook_queries.event_of(parent)).uuid)

    @strawberry.field
    @staticmethod
    async def event_type(parent: strawberry.Parent[models.WebhookDelivery]) -> str:
        return (await webhook_queries.event_of(parent)).type.value

    @strawberry.field
    @staticmethod
    async def data(parent: strawberry.Parent[models.WebhookDelivery], info: Info) -> JSON:
        event = await webhook_queries.event_of(parent)
        actor = info.context.actor
        scopes = [p.value for p in actor.permissions] if actor else []
        return visible_data(event.type, event.data, scopes)  # type: ignore[return-value]

    @strawberry.field
    @staticmethod
    async def attempt_log(
        parent: strawberry.Parent[models.WebhookDelivery],
    ) -> list[WebhookAttempt]:
        return await webhook_queries.attempts_of(parent)  # type: ignore[return-value]


@from_sources
@strawberry.type(description="Where an organization's events are sent (R10.1).")
class WebhookEndpoint:
    url: str = strawberry.field(description="The receiver's URL.")
    description: str = strawberry.field(description="What it is for.")
    enabled: bool = strawberry.field(
        description="Deliveries go out; false when switched off (by staff, or a day of failures)."
    )
    disabled_reason: str | None = strawberry.field(
        description="Why it is off: `failing` (a day of failures) or `by_staff`."
    )
    failing_since: datetime | None = strawberry.field(
        description="Since when every attempt has failed; null after a success."
    )
    created_at: datetime = strawberry.field(description="When it was registered.")

    @strawberry.field
    @staticmethod
    def id(parent: strawberry.Parent[models.WebhookEndpoint]) -> strawberry.ID:
        return public_id(parent)

    @strawberry.field
    @staticmethod
    def events(parent: strawberry.Parent[models.WebhookEndpoint]) -> list[WebhookEvent]:
        return [WebhookEvent[name] for name in parent.events]

    @strawberry.field
    @staticmethod
    async def deliveries(
        parent: strawberry.Parent[models.WebhookEndpoint],
        first: First = 20,
        after: After = None,
        status: Annotated[
            DeliveryStatus | None, strawberry.argument(description="Only this status.")
        ] = None,
    ) -> Connection[WebhookDelivery]:
        page = await webhook_queries.deliveries(parent, first=first, after=after, status=status)
        return Connection.from_page(page)


@strawberry.input(description="A new webhook endpoint.")
class CreateWebhookEndpointInput:
    url: str = strawberry.field(
        description="https URL (http only to loopback in development); no private targets."
    )
    events: list[WebhookEvent] = strawberry.field(description="The event types to receive.")
    description: str | None = strawberry.field(default=None, description="What it is for.")


@strawberry.input(description="Changes to an endpoint; only what is given changes.")
class UpdateWebhookEndpointInput:
    endpoint_id: strawberry.ID = strawberry.field(description="The endpoint.")
    url: str | None = strawberry.field(default=None, description="A new URL.")
    events: list[WebhookEvent] | None = strawberry.field(
        default=None, description="The new set of event types."
    )
    description: str | None = strawberry.field(default=None, description="A new description.")
    enabled: bool | None = strawberry.field(
        default=None, description="Switch it on (clears its failure streak) or off."
    )


@strawberry.input(description="An endpoint to act on.")
class WebhookEndpointIdInput:
    endpoint_id: strawberry.ID = strawberry.field(description="The endpoint.")


@strawberry.input(
    description="What to send again: deliveryIds, or endpointId with a from/to window."
)
class ReplayWebhookDeliveriesInput:
    endpoint_id: strawberry.ID | None = strawberry.field(
        default=None, description="Every event queued to this endpoint between from and to."
    )
    from_: datetime | None = strawberry.field(
        default=None, name="from", description="Window start (inclusive)."
    )
    to: datetime | None = strawberry.field(default=None, description="Window end (inclusive).")
    delivery_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="These deliveries (at most 100)."
    )


@strawberry.type(description="Result of an endpoint mutation.")
class WebhookEndpointPayload:
    endpoint: WebhookEndpoint | None = strawberry.field(description="The endpoint.")
    user_errors: list[UserError] = strawberry.field(description=_ERRORS)


@strawberry.type(description="Result of createWebhookEndpoint and rotateWebhookSecret.")
class WebhookSecretPayload:
    endpoint: WebhookEndpoint | None = strawberry.field(description="The endpoint.")
    secret: str | None = strawberry.field(
        description="The signing secret (`whsec_…`), shown only now: store it."
    )
    user_errors: list[UserError] = strawberry.field(description=_ERRORS)


@strawberry.type(description="Result of sendTestWebhook.")
class SendTestWebhookPayload:
    delivery: WebhookDelivery | None = strawberry.field(description="The queued test delivery.")
    user_errors: list[UserError] = strawberry.field(description=_ERRORS)


@strawberry.type(description="Result of replayWebhookDeliveries.")
class ReplayWebhookDeliveriesPayload:
    queued: int = strawberry.field(description="How many deliveries were queued again.")
    user_errors: list[UserError] = strawberry.field(description=_ERRORS)


def _secret_payload(result: EndpointResult) -> WebhookSecretPayload:
    return WebhookSecretPayload(
        endpoint=result.endpoint,  # type: ignore[arg-type]
        secret=result.secret,
        user_errors=user_errors(result.errors),
    )


def _payload(result: EndpointResult) -> WebhookEndpointPayload:
    return WebhookEndpointPayload(
        endpoint=result.endpoint,  # type: ignore[arg-type]
        user_errors=user_errors(result.errors),
    )


def _names(events: list[WebhookEvent] | None) -> list[str] | None:
    return None if events is None else [e.name for e in events]


@strawberry.type(description="Webhook reads.")
class WebhookQuery:
    @strawberry.field(description="The organization's webhook endpoints (webhooks:manage).")
    async def webhook_endpoints(self, info: Info) -> list[WebhookEndpoint]:
        return await webhook_queries.list_endpoints(info.context.actor)  # type: ignore[return-value]

    @strawberry.field(description="One webhook endpoint (webhooks:manage).")
    async def webhook_endpoint(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="Its id.")]
    ) -> WebhookEndpoint | None:
        return await webhook_queries.get_endpoint(info.context.actor, id)  # type: ignore[return-value]


@strawberry.type(description="Webhook mutations (R10.1, R10.4).")
class WebhookMutation:
    @strawberry.mutation(description="Register an endpoint; its signing secret is shown once.")
    async def create_webhook_endpoint(
        self, info: Info, input: Annotated[CreateWebhookEndpointInput, _INPUT]
    ) -> WebhookSecretPayload:
        result = await create_webhook_endpoint.create_webhook_endpoint(
            info.context.actor,
            input.url,
            _names(input.events) or [],
            input.description,
            production=info.context.settings.is_production,
            secret_key=info.context.settings.secret_key.get_secret_value(),
        )
        return _secret_payload(result)

    @strawberry.mutation(description="Change an endpoint, or switch it on or off.")
    async def update_webhook_endpoint(
        self, info: Info, input: Annotated[UpdateWebhookEndpointInput, _INPUT]
    ) -> WebhookEndpointPayload:
        result = await update_webhook_endpoint.update_webhook_endpoint(
            info.context.actor,
            input.endpoint_id,
            url=input.url,
            events=_names(input.events),
            description=input.description,
            enabled=input.enabled,
            production=info.context.settings.is_production,
        )
        return _payload(result)

    @strawberry.mutation(description="Delete an endpoint with its queue and delivery log.")
    async def delete_webhook_endpoint(
        self, info: Info, input: Annotated[WebhookEndpointIdInput, _INPUT]
    ) -> WebhookEndpointPayload:
        result = await delete_webhook_endpoint.delete_webhook_endpoint(
            info.context.actor, input.endpoint_id
        )
        return _payload(result)

    @strawberry.mutation(
        description="A new signing secret, shown once; the old one also signs for 24 hours."
    )
    async def rotate_webhook_secret(
        self, info: Info, input: Annotated[WebhookEndpointIdInput, _INPUT]
    ) -> WebhookSecretPayload:
        result = await rotate_webhook_secret.rotate_webhook_secret(
            info.context.actor,
            input.endpoint_id,
            secret_key=info.context.settings.secret_key.get_secret_value(),
        )
        return _secret_payload(result)

    @strawberry.mutation(description="Queue a signed `webhook.test` event to an endpoint.")
    async def send_test_webhook(
        self, info: Info, input: Annotated[WebhookEndpointIdInput, _INPUT]
    ) -> SendTestWebhookPayload:
        result = await send_test_webhook.send_test_webhook(info.context.actor, input.endpoint_id)
        return SendTestWebhookPayload(
            delivery=result.delivery,  # type: ignore[arg-type]
            user_errors=user_errors(result.errors),
        )

    @strawberry.mutation(description="Send events again, with the same webhook-id.")
    async def replay_webhook_deliveries(
        self, info: Info, input: Annotated[ReplayWebhookDeliveriesInput, _INPUT]
    ) -> ReplayWebhookDeliveriesPayload:
        result = await replay_webhook_deliveries.replay_webhook_deliveries(
            info.context.actor,
            endpoint_id=input.endpoint_id,
            since=input.from_,
            until=input.to,
            delivery_ids=input.delivery_ids,
        )
        return ReplayWebhookDeliveriesPayload(
            queued=result.queued, user_errors=user_errors(result.errors)
        )
