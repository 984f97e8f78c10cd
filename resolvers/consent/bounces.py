"""A bounce reported later (R11.4): a delivery status report (RFC 3464) saying that a
message we sent failed for good marks its address undeliverable for the organization,
exactly as a 5xx answer during our own SMTP conversation does (mailer/outbox.py): the
mark with the remote server's answer, the notification failed with the error kept, and
NOTIFICATION_FAILED for partners.

`clientela inbound-mail` hands over the notification named by the report's signed VERP
address (mailer/bounces.py) and the failure read from it. A report about a notification
already failed changes nothing (a repeated report cannot undo a mark staff cleared since);
one about a notification we no longer hold (erased) is ignored.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from enum import StrEnum
from uuid import UUID

from tortoise.transactions import in_transaction

from mailer.bounces import Failure
from mailer.outbox import failed_event, forgotten, mark_undeliverable
from models import Client, Notification
from models.enums import Channel, NotificationStatus
from models.notification import LAST_ERROR_LENGTH
from models.webhook import emit

log = logging.getLogger("clientela.mailer")


class BounceOutcome(StrEnum):
    MARKED = "marked"
    REPEATED = "repeated"  # this notification's failure is already recorded
    UNKNOWN = "unknown"  # no such notification, or nothing was sent for it


async def record_bounce(notification_uuid: UUID, failure: Failure) -> BounceOutcome:
    async with in_transaction("default") as conn:
        row = (
            await Notification.filter(uuid=notification_uuid, channel=Channel.EMAIL)
            .using_db(conn)
            .select_for_update()
            .first()
        )
        if row is None or not row.to_address or row.status is NotificationStatus.SKIPPED:
            return BounceOutcome.UNKNOWN
        if row.status is NotificationStatus.FAILED:
            return BounceOutcome.REPEATED
        # SENT as a rule; SENDING when the report came before the worker wrote SENT (its
        # write then finds the row taken and leaves it failed).
        await (
            Notification.filter(id=row.id)
            .using_db(conn)
            .update(
                status=NotificationStatus.FAILED,
                failed_at=datetime.now(UTC),
                last_error=f"bounced later: {failure.diagnostic}"[:LAST_ERROR_LENGTH],
                lease_until=None,
                **forgotten(row),
            )
        )
        await mark_undeliverable(
            row.organization_id, row.to_address, failure.diagnostic, using_db=conn
        )
        if row.client_id is not None:
            client = await Client.filter(id=row.client_id).using_db(conn).get()
            await emit([failed_event(row, client)], using_db=conn)
    log.warning("notification %s bounced later with status %s", row.uuid, failure.status)
    return BounceOutcome.MARKED
