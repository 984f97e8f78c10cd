"""Durable email delivery (R7.3): a worker moves queued notifications to sent or failed.

Rows are claimed in short transactions (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so
several workers share the work) and leased: a row whose worker died goes back to
the queue when its lease ends. A connection error or a 4xx answer schedules a
retry with exponential backoff and jitter; a 5xx answer, or running out of
attempts, ends in `failed` with the error kept. Each message carries a Message-ID
derived from its notification, the same on every attempt.

What "never twice" means here: a message is marked sent right after the server
accepts it, in small batches; only a crash between acceptance and that write can
repeat a message, and then with the same Message-ID.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Coroutine
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parseaddr
from typing import Any

from tortoise.expressions import F, Q
from tortoise.transactions import in_transaction

from clientela.settings import Settings
from mailer.render import HeaderInjection, Sender, build_message, message_id, render
from mailer.transport import DeliveryFailure, PermanentFailure, SmtpPool
from models import Client, Notification, Organization
from models.enums import Channel, NotificationStatus, NotificationType
from models.notification import LAST_ERROR_LENGTH
from models.webhook import Pending, WebhookEventType, emit

log = logging.getLogger("clientela.mailer")

_wakers: set[asyncio.Event] = set()

# Account mails whose parameters are nothing but a link carrying a one-time token.
LINK_MAILS = [
    NotificationType.VERIFY_EMAIL,
    NotificationType.PASSWORD_RESET,
    NotificationType.LOGIN_LINK,
]


def nudge() -> None:
    """Tell the workers of this process that new mail was committed."""
    for event in list(_wakers):
        event.set()


@dataclass(frozen=True)
class Policy:
    # A claim must be deliverable well within its lease even when every message waits for
    # the SMTP timeout: 100 messages over 4 connections at 2 x 10 s is 500 s < 10 min.
    batch: int = 100
    max_attempts: int = 8
    base_delay: float = 2.0
    max_delay: float = 3600.0
    lease: timedelta = timedelta(minutes=10)
    poll_interval: float = 1.0
    flush_every: int = 50

    def retry_delay(self, attempts: int) -> timedelta:
        ceiling = min(self.max_delay, self.base_delay * 2 ** max(attempts - 1, 0))
        return timedelta(seconds=random.uniform(ceiling / 2, ceiling))  # noqa: S311 - jitter


class Outbox:
    def __init__(self, settings: Settings, pool: SmtpPool, policy: Policy | None = None) -> None:
        self.settings = settings
        self.pool = pool
        self.policy = policy or Policy()
        self._sent: list[int] = []
        # The lease of the current claim: every outcome is written only while the row still
        # carries it, so a worker whose lease ran out cannot overwrite another's result.
        self._lease = datetime.now(UTC)

    async def claim(self) -> list[int]:
        now = datetime.now(UTC)
        self._lease = now + self.policy.lease
        async with in_transaction("default") as conn:
            # `.only("id")`, not `.values_list()`: Tortoise drops FOR UPDATE from the latter.
            due = (
                await Notification.filter(
                    Q(status=NotificationStatus.QUEUED, next_attempt_at__lte=now)
                    | Q(status=NotificationStatus.SENDING, lease_until__lt=now),
                    channel=Channel.EMAIL,
                )
                .order_by("id")
                .limit(self.policy.batch)
                .select_for_update(skip_locked=True)
                .only("id")
                .using_db(conn)
            )
            ids = [row.id for row in due]
            if ids:
                await (
                    Notification.filter(id__in=ids)
                    .using_db(conn)
                    .update(
                        status=NotificationStatus.SENDING,
                        lease_until=self._lease,
                        attempts=F("attempts") + 1,
                    )
                )
        return ids

    async def deliver_due(self) -> int:
        """One pass: claim what is due, send it, record each outcome. Returns how many."""
        ids = await self.claim()
        if not ids:
            return 0
        rows = await Notification.filter(id__in=ids).select_related(
            "organization", "client", "account"
        )
        await asyncio.gather(*(self._deliver(row) for row in rows))
        await self._flush_sent()
        return len(rows)

    async def _deliver(self, row: Notification) -> None:
        try:
            organization = row.organization
            rendered = render(
                row.type,
                row.locale,
                organization=organization.name,
                first_name=_first_name(row),
                params=row.params,
                time_zone=organization.time_zone,
            )
            person = row.client or row.account
            to_name = f"{person.first_name} {person.last_name}".strip() if person else ""
            message = build_message(
                rendered,
                sender=sender_of(self.settings, organization),
                to_address=row.to_address or "",
                to_name=to_name,
                message_id=message_id(str(row.uuid), self.settings.mail_from),
            )
        except (HeaderInjection, LookupError, ValueError) as exc:
            log.error("notification %s cannot be built: %s", row.uuid, type(exc).__name__)
            failure = PermanentFailure(f"cannot build the message: {type(exc).__name__}")
            await self._finish(row, failure)
            return
        try:
            await self.pool.send(message)
        except DeliveryFailure as failure:
            await self._finish(row, failure)
            return
        self._sent.append(row.id)
        if len(self._sent) >= self.policy.flush_every:
            await self._flush_sent()

    async def _flush_sent(self) -> None:
        ids, self._sent = self._sent, []
        if ids:
            await Notification.filter(
                id__in=ids, status=NotificationStatus.SENDING, lease_until=self._lease
            ).update(status=NotificationStatus.SENT, sent_at=datetime.now(UTC), lease_until=None)
            await _forget_links(ids)

    async def _finish(self, row: Notification, failure: DeliveryFailure) -> None:
        now = datetime.now(UTC)
        error = failure.description[:LAST_ERROR_LENGTH]
        if isinstance(failure, PermanentFailure) or row.attempts >= self.policy.max_attempts:
            log.warning("notification %s failed after %s attempt(s)", row.uuid, row.attempts)
            async with in_transaction("default") as conn:
                failed = await (
                    Notification.filter(id=row.id, lease_until=self._lease)
                    .using_db(conn)
                    .update(
                        status=NotificationStatus.FAILED,
                        failed_at=now,
                        last_error=error,
                        lease_until=None,
                    )
                )
                if failed and row.client is not None:
                    await emit([_failed_event(row, row.client)], using_db=conn)
            await _forget_links([row.id])
            return
        await Notification.filter(id=row.id, lease_until=self._lease).update(
            status=NotificationStatus.QUEUED,
            next_attempt_at=now + self.policy.retry_delay(row.attempts),
            last_error=error,
            lease_until=None,
        )

    async def run(self, stop: asyncio.Event) -> None:
        """Deliver until `stop` is set; wake early when `nudge()` is called."""
        wake = asyncio.Event()
        _wakers.add(wake)
        try:
            while not stop.is_set():
                try:
                    handled = await self.deliver_due()
                except Exception:
                    log.exception("delivery pass failed; retrying shortly")
                    handled = 0
                if handled:
                    continue
                wake.clear()
                await _first(stop.wait(), wake.wait(), wait_at_most=self.policy.poll_interval)
        finally:
            _wakers.discard(wake)
            await self.pool.close()


def _failed_event(row: Notification, client: Client) -> Pending:
    """NOTIFICATION_FAILED (R10.2), written with the failure: what failed, never why."""
    return Pending(
        organization_id=row.organization_id,
        client_id=client.id,
        type=WebhookEventType.NOTIFICATION_FAILED,
        data={
            "clientId": str(client.uuid),
            "notificationId": str(row.uuid),
            "notificationType": row.type.name,
            "channel": row.channel.name,
        },
    )


def _first_name(row: Notification) -> str:
    """The client record's name; an account mail outside any record greets the account."""
    if row.client is not None:
        return row.client.first_name
    return row.account.first_name if row.account is not None else ""


def sender_of(settings: Settings, organization: Organization) -> Sender:
    """The organization speaks (R7.6): its sender name, its reply-to address, on the
    service's own sending address."""
    default_name, address = parseaddr(settings.mail_from)
    return Sender(
        name=organization.sender_name or organization.name or default_name,
        address=address,
        reply_to=organization.reply_to,
    )


async def _forget_links(ids: list[int]) -> None:
    """A delivered (or abandoned) account mail no longer needs its link, which holds a live
    token: drop it, so the outbox keeps no usable secret once its job is done."""
    await Notification.filter(id__in=ids, type__in=LINK_MAILS).update(params={})


async def _first(*waits: Coroutine[Any, Any, Any], wait_at_most: float) -> None:
    tasks = [asyncio.ensure_future(w) for w in waits]
    try:
        await asyncio.wait(tasks, timeout=wait_at_most, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
