"""Notifications to clients (R7.1-R7.4): the log entry and sendNotification."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated

import strawberry

import models
from resolvers.notifications.send_notification import send_notification
from schema.boundary import LOCAL_TIME
from schema.clients.inputs import ClientFilterInput
from schema.common import public_id
from schema.context import Info
from schema.enums import (
    Channel,
    NotificationStatus,
    NotificationType,
    SkipReason,
)
from schema.errors import ERRORS, INPUT, UserError, user_errors
from schema.sources import from_sources


@from_sources
@strawberry.type(description="A notification to a client on one channel, and what became of it.")
class Notification:
    type: NotificationType = strawberry.field(description="What it is, from the catalogue.")
    channel: Channel = strawberry.field(description="How it goes out.")
    status: NotificationStatus = strawberry.field(description="Where it is.")
    skip_reason: SkipReason | None = strawberry.field(description="Why it was skipped, if it was.")
    to_address: str | None = strawberry.field(description="The address an email goes to.")
    locale: str = strawberry.field(description="The language it is written in.")
    attempts: int = strawberry.field(description="Delivery attempts so far.")
    next_attempt_at: datetime | None = strawberry.field(description="When the next attempt is due.")
    last_error: str | None = strawberry.field(description="The last delivery error, if any.")
    created_at: datetime = strawberry.field(description="When it was queued.")
    sent_at: datetime | None = strawberry.field(description="When it was sent or delivered in-app.")
    failed_at: datetime | None = strawberry.field(description="When delivery was given up.")

    @strawberry.field
    @staticmethod
    def id(parent: strawberry.Parent[models.Notification]) -> strawberry.ID:
        return public_id(parent)


@strawberry.input(description="Values a notification type needs; which ones, see NotificationType.")
class NotificationParamsInput:
    title: str | None = strawberry.field(
        default=None, description="Title of a MANUAL notice (one line)."
    )
    body: str | None = strawberry.field(
        default=None, description="Text of a MANUAL notice (≤ 5000)."
    )
    activity: str | None = strawberry.field(default=None, description="The activity of a session.")
    starts_at: datetime | None = strawberry.field(
        default=None,
        description="When the session starts (ISO 8601; without an offset, in the "
        "organization's time zone). Each message words it in its reader's language.",
        metadata=LOCAL_TIME,
    )
    amount: Decimal | None = strawberry.field(
        default=None,
        description="An amount of money, in `currency`; each message formats it for its reader.",
    )
    reason: str | None = strawberry.field(default=None, description="What a payment is for.")
    description: str | None = strawberry.field(default=None, description="What a sale was.")
    balance: Decimal | None = strawberry.field(
        default=None, description="The new balance (money, in `currency`)."
    )
    currency: str | None = strawberry.field(
        default=None,
        description="ISO 4217 code of `amount` and `balance`; the organization's by default.",
    )
    action_url: str | None = strawberry.field(
        default=None, description="An http(s) link to act on it."
    )


@strawberry.input(description="A notification to send; give clientIds or a filter.")
class SendNotificationInput:
    type: NotificationType = strawberry.field(description="What to send, from the catalogue.")
    channels: list[Channel] = strawberry.field(
        description="Which channels; the type must have them."
    )
    client_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="These clients (1 to 1000)."
    )
    filter: ClientFilterInput | None = strawberry.field(
        default=None, description="Every client matching this filter."
    )
    segment_id: strawberry.ID | None = strawberry.field(
        default=None, description="Every client of this segment."
    )
    params: NotificationParamsInput | None = strawberry.field(
        default=None, description="The values the type needs."
    )


@strawberry.type(description="How many notifications were skipped on a channel for one reason.")
class SkippedCount:
    channel: Channel = strawberry.field(description="The channel.")
    reason: SkipReason = strawberry.field(description="Why.")
    count: int = strawberry.field(description="How many.")


@strawberry.type(description="Result of sendNotification.")
class SendNotificationPayload:
    recipients: int = strawberry.field(description="Clients the notification was meant for.")
    queued: int = strawberry.field(description="Emails queued for delivery.")
    delivered: int = strawberry.field(description="In-app messages put in inboxes.")
    skipped: list[SkippedCount] = strawberry.field(description="What was not sent, and why.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Sending catalogue notifications.")
class NotificationMutation:
    @strawberry.mutation(description="Send a catalogue notification to clients (R7.2).")
    async def send_notification(
        self,
        info: Info,
        input: Annotated[SendNotificationInput, INPUT],
    ) -> SendNotificationPayload:
        params = input.params or NotificationParamsInput()
        result = await send_notification(
            info.context.actor,
            input.type,
            list(input.channels),
            client_ids=None if input.client_ids is None else [str(i) for i in input.client_ids],
            spec=None if input.filter is None else input.filter.to_filter(),
            segment_id=None if input.segment_id is None else str(input.segment_id),
            params={k: v for k, v in vars(params).items() if v is not None},
        )
        tally = result.tally
        return SendNotificationPayload(
            recipients=tally.recipients if tally else 0,
            queued=tally.queued if tally else 0,
            delivered=tally.delivered if tally else 0,
            skipped=[
                SkippedCount(channel=channel, reason=reason, count=count)
                for (channel, reason), count in sorted((tally.skipped if tally else {}).items())
            ],
            user_errors=user_errors(result.errors),
        )
