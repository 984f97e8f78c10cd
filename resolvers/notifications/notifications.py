"""Queueing notifications for clients: who gets what, on which channel, and why not (R3.5, R7.2).

Rules, per client and channel:
- a disabled client gets nothing (R8.1);
- email needs an address; unless the type is an account mail, it also needs a linked
  account whose login email is verified and is that same address, and the account's
  email channel switched on (R3.5);
- in-app needs a linked account (the inbox is the account's, R7.5), verified unless the
  type is an account mail, with its in-app channel on.
Everything is written in the caller's transaction: email rows are the outbox, in-app
rows land in the inbox at once, skipped rows are logged with their reason (R7.4).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.queryset import QuerySet

from mailer.catalogue import CATALOGUE, Kind
from mailer.render import Rendered, pick_locale, render
from models import Client, InboxMessage, Notification, Organization
from models.enums import Channel, ClientStatus, NotificationStatus, NotificationType, SkipReason

CHUNK = 1000
_FIELDS = (
    "id",
    "email",
    "email_key",
    "status",
    "locale",
    "account_id",
    "account__email_key",
    "account__verified_at",
    "account__email_notifications",
    "account__in_app_notifications",
    "account__locale",
)


@dataclass
class Tally:
    recipients: int = 0
    queued: int = 0
    delivered: int = 0
    skipped: Counter[tuple[Channel, SkipReason]] = field(default_factory=Counter)


def skip_reason(kind: Kind, channel: Channel, row: Mapping[str, Any]) -> SkipReason | None:
    if row["status"] == ClientStatus.DISABLED:
        return SkipReason.DISABLED
    has_account = row["account_id"] is not None
    verified = has_account and row["account__verified_at"] is not None
    if channel is Channel.EMAIL:
        if not row["email"]:
            return SkipReason.NO_EMAIL
        if kind.account_mail:
            return None
        if not verified or row["account__email_key"] != row["email_key"]:
            return SkipReason.NO_VERIFIED_EMAIL
        if not row["account__email_notifications"]:
            return SkipReason.CHANNEL_OFF
        return None
    if not has_account:
        return SkipReason.NO_ACCOUNT
    if not verified and not kind.account_mail:
        return SkipReason.NO_VERIFIED_EMAIL
    if not row["account__in_app_notifications"]:
        return SkipReason.CHANNEL_OFF
    return None


async def queue_for_clients(
    conn: BaseDBAsyncClient,
    organization: Organization,
    clients: QuerySet[Client],
    kind: NotificationType,
    channels: list[Channel],
    params: dict[str, Any],
) -> Tally:
    """Write the notifications of `kind` for every client of the query, in chunks."""
    spec = CATALOGUE[kind]
    tally = Tally()
    in_app: dict[str, Rendered] = {}  # in-app text depends on the language only
    now = datetime.now(UTC)
    last_id = 0
    while True:
        rows = (
            await clients.filter(id__gt=last_id)
            .order_by("id")
            .limit(CHUNK)
            .using_db(conn)
            .values(*_FIELDS)
        )
        if not rows:
            return tally
        last_id = rows[-1]["id"]
        tally.recipients += len(rows)
        notifications: list[Notification] = []
        inbox: list[tuple[Notification, int, Rendered]] = []
        for row in rows:
            locale = pick_locale(row["locale"], row["account__locale"], organization.default_locale)
            for channel in channels:
                reason = skip_reason(spec, channel, row)
                note = Notification(
                    uuid=uuid4(),
                    organization_id=organization.id,
                    client_id=row["id"],
                    account_id=row["account_id"],
                    type=kind,
                    channel=channel,
                    locale=locale,
                    params=params,
                )
                if reason is not None:
                    note.status, note.skip_reason = NotificationStatus.SKIPPED, reason
                    tally.skipped[(channel, reason)] += 1
                elif channel is Channel.EMAIL:
                    note.status, note.to_address, note.next_attempt_at = (
                        NotificationStatus.QUEUED,
                        row["email"],
                        now,
                    )
                    tally.queued += 1
                else:
                    if locale not in in_app:
                        in_app[locale] = render(
                            kind,
                            locale,
                            organization=organization.name,
                            first_name="",
                            params=params,
                            time_zone=organization.time_zone,
                        )
                    note.status, note.sent_at = NotificationStatus.SENT, now
                    inbox.append((note, row["account_id"], in_app[locale]))
                    tally.delivered += 1
                notifications.append(note)
        await Notification.bulk_create(notifications, using_db=conn)
        if inbox:
            await _fill_inbox(conn, organization, inbox)


async def _fill_inbox(
    conn: BaseDBAsyncClient,
    organization: Organization,
    inbox: list[tuple[Notification, int, Rendered]],
) -> None:
    ids = dict(
        await Notification.filter(uuid__in=[note.uuid for note, _, _ in inbox])
        .using_db(conn)
        .values_list("uuid", "id")
    )
    await InboxMessage.bulk_create(
        [
            InboxMessage(
                account_id=account_id,
                organization_id=organization.id,
                notification_id=ids[note.uuid],
                type=note.type,
                title=content.title[:200],
                body=content.body,
            )
            for note, account_id, content in inbox
        ],
        using_db=conn,
    )


async def queue_account_mail(
    conn: BaseDBAsyncClient,
    organization: Organization,
    kind: NotificationType,
    *,
    to_address: str,
    params: dict[str, Any],
    client: Client | None = None,
    account_id: int | None = None,
    locale: str | None = None,
) -> Notification:
    """Queue a mail of the account flows, to the address given.

    Account mails (R3.5's exceptions) may go to an address that is not verified yet;
    the security notices (password or email changed) are sent by their flows only to
    a verified login email. A disabled client still gets nothing.

    When no client is named, the account's record in this organization is the one the
    mail belongs to (its log, R7.4; its name in the greeting). The language (R7.6) is
    that record's, else `locale` (the account's), else the organization's.
    """
    if client is None and account_id is not None:
        client = (
            await Client.filter(organization_id=organization.id, account_id=account_id)
            .using_db(conn)
            .first()
        )
    disabled = client is not None and client.status == ClientStatus.DISABLED
    return await Notification.create(
        organization_id=organization.id,
        client_id=client.id if client else None,
        account_id=account_id
        if account_id is not None
        else (client.account_id if client else None),
        type=kind,
        channel=Channel.EMAIL,
        status=NotificationStatus.SKIPPED if disabled else NotificationStatus.QUEUED,
        skip_reason=SkipReason.DISABLED if disabled else None,
        to_address=None if disabled else to_address,
        next_attempt_at=None if disabled else datetime.now(UTC),
        locale=pick_locale(client.locale if client else None, locale, organization.default_locale),
        params=params,
        using_db=conn,
    )
