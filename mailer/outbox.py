"""Durable email delivery (R7.3): a worker moves queued notifications to sent or failed.

Rows are claimed in short transactions (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so
several workers share the work) and leased for a short time (`MAIL_LEASE_SECONDS`, 30 s)
that the worker renews every third of it while it lives: a slow batch keeps its rows,
and the rows of a worker that died (kill -9, a lost machine) go back to the queue when
the lease ends, not after the time a whole batch could take. A connection error or a
4xx answer schedules a retry with exponential backoff and jitter; a 5xx answer, or running out of
attempts, ends in `failed` with the error kept. Each message carries a Message-ID
derived from its notification, the same on every attempt.

What "never twice" means here: a message is marked sent by its own statement right
after the server accepts it; only a crash between acceptance and that write can repeat
a message - at most one per open connection - and then with the same Message-ID.
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

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.expressions import F, Q
from tortoise.transactions import in_transaction

from clientela.infra.log_safety import stack
from clientela.settings import Settings
from mailer.bounces import envelope_sender
from mailer.catalogue import CATALOGUE
from mailer.render import HeaderInjection, Sender, Unsubscribe, build_message, message_id, render
from mailer.transport import DeliveryFailure, PermanentFailure, SmtpPool
from mailer.unsubscribe import mail_tag, make_token, unsubscribe_mailto, unsubscribe_url
from models import Client, Notification, Organization, UndeliverableAddress
from models.enums import Channel, ConsentPurpose, NotificationStatus, NotificationType
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
    batch: int = 100
    max_attempts: int = 8
    base_delay: float = 2.0
    max_delay: float = 3600.0
    # Renewed every third of itself while the batch is being delivered (`_keep_lease`).
    lease: timedelta = timedelta(seconds=30)
    poll_interval: float = 1.0

    def retry_delay(self, attempts: int) -> timedelta:
        ceiling = min(self.max_delay, self.base_delay * 2 ** max(attempts - 1, 0))
        return timedelta(seconds=random.uniform(ceiling / 2, ceiling))  # noqa: S311 - jitter


class Outbox:
    def __init__(self, settings: Settings, pool: SmtpPool, policy: Policy | None = None) -> None:
        self.settings = settings
        self.pool = pool
        self.policy = policy or Policy(lease=settings.mail_lease)
        # The lease of the current claim: every outcome is written only while the row still
        # carries it, so a worker whose lease ran out cannot overwrite another's result.
        # Renewing it and writing an outcome take turns (`_turn`), so that an outcome is
        # never written with a lease that has just been replaced.
        self._lease = datetime.now(UTC)
        self._turn = asyncio.Lock()
        self._unfinished: set[int] = set()

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
        self._unfinished = set(ids)
        renewal = asyncio.create_task(self._keep_lease())
        try:
            rows = await Notification.filter(id__in=ids).select_related(
                "organization", "client", "account"
            )
            await asyncio.gather(*(self._deliver(row) for row in rows))
        finally:
            renewal.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await renewal
        return len(rows)

    async def _keep_lease(self) -> None:
        """Renew the claim on what is not finished yet, every third of the lease."""
        every = self.policy.lease.total_seconds() / 3
        while True:
            await asyncio.sleep(every)
            async with self._turn:
                renewed = datetime.now(UTC) + self.policy.lease
                if self._unfinished:
                    await Notification.filter(
                        id__in=sorted(self._unfinished),
                        status=NotificationStatus.SENDING,
                        lease_until=self._lease,
                    ).update(lease_until=renewed)
                self._lease = renewed

    async def _write_outcome(self, row: Notification, **changes: Any) -> None:
        """Record what became of `row`, if this worker still holds it."""
        async with self._turn:
            await Notification.filter(
                id=row.id, status=NotificationStatus.SENDING, lease_until=self._lease
            ).update(lease_until=None, **changes)
            self._unfinished.discard(row.id)

    async def _deliver(self, row: Notification) -> None:
        try:
            organization = row.organization
            unsubscribe = self._unsubscribe(row)
            rendered = render(
                row.type,
                row.locale,
                organization=organization.name,
                first_name=_first_name(row),
                params=row.params,
                time_zone=organization.time_zone,
                unsubscribe_url=unsubscribe.url if unsubscribe else None,
            )
            person = row.client or row.account
            to_name = f"{person.first_name} {person.last_name}".strip() if person else ""
            message = build_message(
                rendered,
                sender=sender_of(self.settings, organization),
                to_address=row.to_address or "",
                to_name=to_name,
                message_id=message_id(str(row.uuid), self.settings.mail_from),
                unsubscribe=unsubscribe,
            )
        except (HeaderInjection, LookupError, ValueError) as exc:
            log.error("notification %s cannot be built: %s", row.uuid, type(exc).__name__)
            failure = PermanentFailure(f"cannot build the message: {type(exc).__name__}")
            await self._finish(row, failure)
            return
        try:
            await self.pool.send(message, sender=self._envelope_sender(row))
        except DeliveryFailure as failure:
            await self._finish(row, failure)
            return
        # At once, one row per statement: a crash after this repeats nothing.
        await self._write_outcome(
            row, status=NotificationStatus.SENT, sent_at=datetime.now(UTC), **forgotten(row)
        )

    def _unsubscribe(self, row: Notification) -> Unsubscribe | None:
        """RFC 8058 one-click unsubscribe for a marketing email (R11.3): withdraws the
        marketing-email consent of this client at this organization only."""
        if not CATALOGUE[row.type].marketing or row.client is None:
            return None
        token = make_token(
            self.settings.secret_key.get_secret_value(),
            row.client.uuid,
            row.organization.uuid,
            ConsentPurpose.MARKETING_EMAIL,
        )
        # Our own mailbox, read by `clientela inbound-mail`, gets the signed tag; the
        # organization's reply-to (read by people) only the token in the subject.
        tag = None
        mailbox = self.settings.unsubscribe_mailto
        if mailbox:
            tag = mail_tag(
                self.settings.secret_key.get_secret_value(),
                row.client.uuid,
                row.organization.uuid,
            )
        else:
            mailbox = row.organization.reply_to
        mailto = unsubscribe_mailto(mailbox, token, tag) if mailbox else None
        return Unsubscribe(unsubscribe_url(self.settings.public_url, token), mailto)

    def _envelope_sender(self, row: Notification) -> str | None:
        """VERP (mailer/bounces.py): reports of a later failure come back naming this
        notification; without BOUNCE_ADDRESS, the From address is the envelope sender."""
        if not self.settings.bounce_address:
            return None
        secret = self.settings.secret_key.get_secret_value()
        return envelope_sender(secret, self.settings.bounce_address, row.uuid)

    async def _finish(self, row: Notification, failure: DeliveryFailure) -> None:
        now = datetime.now(UTC)
        error = failure.description[:LAST_ERROR_LENGTH]
        if isinstance(failure, PermanentFailure) or row.attempts >= self.policy.max_attempts:
            log.warning("notification %s failed after %s attempt(s)", row.uuid, row.attempts)
            if isinstance(failure, PermanentFailure) and failure.address_refused:
                await mark_undeliverable(row.organization_id, row.to_address, error)
            async with self._turn, in_transaction("default") as conn:
                failed = await (
                    Notification.filter(
                        id=row.id, status=NotificationStatus.SENDING, lease_until=self._lease
                    )
                    .using_db(conn)
                    .update(
                        status=NotificationStatus.FAILED,
                        failed_at=now,
                        last_error=error,
                        lease_until=None,
                        **forgotten(row),
                    )
                )
                if failed and row.client is not None:
                    await emit([failed_event(row, row.client)], using_db=conn)
                self._unfinished.discard(row.id)
            return
        await self._write_outcome(
            row,
            status=NotificationStatus.QUEUED,
            next_attempt_at=now + self.policy.retry_delay(row.attempts),
            last_error=error,
        )

    async def run(self, stop: asyncio.Event) -> None:
        """Deliver until `stop` is set; wake early when `nudge()` is called."""
        wake = asyncio.Event()
        _wakers.add(wake)
        try:
            while not stop.is_set():
                try:
                    handled = await self.deliver_due()
                except Exception as exc:
                    log.error("delivery pass failed; retrying shortly: %s", stack(exc))
                    handled = 0
                if handled:
                    continue
                wake.clear()
                await _first(stop.wait(), wake.wait(), wait_at_most=self.policy.poll_interval)
        finally:
            _wakers.discard(wake)
            await self.pool.close()


def failed_event(row: Notification, client: Client) -> Pending:
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


async def mark_undeliverable(
    organization_id: int,
    address: str | None,
    reply: str,
    *,
    using_db: BaseDBAsyncClient | None = None,
) -> bool:
    """R11.4: the address is refused for good; later mail to it is skipped until it changes
    or staff clear the mark (resolvers/consent/undeliverable.py). The first refusal stays.
    Also written for a bounce reported later (resolvers/consent/bounces.py). Whether a
    mark was written."""
    if not address:
        return False
    key = address.lower()
    if using_db is not None:
        # Inside a transaction a unique violation would end it (PostgreSQL): look first;
        # a concurrent writer's violation makes the caller's transaction retry.
        query = UndeliverableAddress.filter(organization_id=organization_id, email_key=key)
        if await query.using_db(using_db).exists():
            return False
        await UndeliverableAddress.create(
            organization_id=organization_id, email_key=key, reply=reply, using_db=using_db
        )
        return True
    with contextlib.suppress(IntegrityError):
        await UndeliverableAddress.create(
            organization_id=organization_id, email_key=key, reply=reply
        )
        return True
    return False


def forgotten(row: Notification) -> dict[str, Any]:
    """A delivered (or abandoned) account mail no longer needs its link, which holds a live
    token: drop it, so the outbox keeps no usable secret once its job is done."""
    return {"params": {}} if row.type in LINK_MAILS else {}


async def _first(*waits: Coroutine[Any, Any, Any], wait_at_most: float) -> None:
    tasks = [asyncio.ensure_future(w) for w in waits]
    try:
        await asyncio.wait(tasks, timeout=wait_at_most, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
