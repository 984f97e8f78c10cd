"""deleteClientPermanently (R8.1, R8.3): erase a person's data for good, wherever it is.

Owner or admin only. The record stays (status `deleted`) so ids, accounting and
references keep meaning, but every personal value is erased - on the record and on
every record merged into it (they end `deleted` too, still pointing at it):
the fields, the share code (it may spell a name), notes, tags, gift lists (personal
wishes), free-text descriptions (purchases, bookings), ledger reasons, the values in
the activity log, the notification log's addresses, parameters and errors, inbox
messages, and pending account tokens of this organization. The linked accounts are
unlinked and their sessions end; an account linked to no other organization's record
is deleted (it only holds the person's login data). What accounting needs stays,
without personal data: purchase amounts and dates, orders (status, totals, lines),
ledger amounts, bookings' times, memberships and gift cards. One audit entry says who
deleted it, without any personal data. Consent events keep what was agreed and when, but
their proof (wording, references) is blanked; the organization's undeliverable-address
marks for the person's addresses are removed. Webhook and import logs, when they exist,
erase their own rows here too.
"""

from __future__ import annotations

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from clientela.infra import auth_cache
from models import (
    Account,
    AccountToken,
    ActivityEntry,
    Booking,
    Client,
    ClientTag,
    ConsentEvent,
    GiftList,
    InboxMessage,
    Note,
    Notification,
    PointsEntry,
    Purchase,
    UndeliverableAddress,
)
from models.access import Permission
from models.enums import ClientStatus
from resolvers.access.actor import Actor, require
from resolvers.accounts.account_tokens import revoke_sessions
from resolvers.activity import log_activity
from resolvers.clients.client_write import ClientResult, new_share_code
from resolvers.clients.lookup import find_client
from resolvers.errors import ErrorCode, UserErrors, error
from resolvers.lifecycle.merge_plan import MERGEABLE

ERASED_TEXT = {"first_name": "", "last_name": ""}
ERASED = "(erased)"


async def delete_client_permanently(actor: Actor | None, client_id: str) -> ClientResult:
    actor = require(actor, Permission.CLIENTS_DELETE)
    try:
        async with in_transaction("default") as conn:
            client = await find_client(
                actor, client_id, for_update=True, using_db=conn, follow_merge=False
            )
            if client is None:
                raise UserErrors([error(ErrorCode.NOT_FOUND, "No such client", "clientId")])
            if client.status is ClientStatus.DELETED:
                raise UserErrors([error(ErrorCode.INVALID_STATUS, "Already deleted", "clientId")])
            merged = (
                await Client.filter(merged_into_id=client.id)
                .using_db(conn)
                .order_by("id")
                .select_for_update()
            )
            records = [client, *merged]
            await erase(conn, records)
            await log_activity(actor, client, "client.deleted_permanently", {}, using_db=conn)
    except UserErrors as exc:
        return ClientResult(errors=exc.errors)
    auth_cache.tokens_revoked()  # committed: the sessions of the accounts it forgot
    return ClientResult(client=client)


async def erase(conn: BaseDBAsyncClient, records: list[Client]) -> None:
    """Erase the personal data of these records of one organization (locked by the caller)."""
    organization_id = records[0].organization_id
    ids = [record.id for record in records]
    addresses = {record.email for record in records if record.email}
    account_ids = {record.account_id for record in records if record.account_id}
    noted: list[int] = await (
        Notification.filter(client_id__in=ids, account_id__isnull=False)
        .using_db(conn)
        .values_list("account_id", flat=True)  # type: ignore[assignment]
    )
    account_ids |= set(noted)
    addresses |= await _past_addresses(conn, ids, account_ids)
    for record in records:
        for name in MERGEABLE:
            if name != "registered_at":
                setattr(record, name, ERASED_TEXT.get(name))
        record.share_code = new_share_code()
        record.account_id = None
        record.status = ClientStatus.DELETED
        await record.save(
            using_db=conn, update_fields=[*MERGEABLE, "share_code", "account_id", "status"]
        )
    await Note.filter(client_id__in=ids).using_db(conn).delete()
    await ClientTag.filter(client_id__in=ids).using_db(conn).delete()
    await GiftList.filter(client_id__in=ids).using_db(conn).delete()
    await Purchase.filter(client_id__in=ids).using_db(conn).update(description="")
    await Booking.filter(client_id__in=ids).using_db(conn).update(activity="")
    await PointsEntry.filter(client_id__in=ids).using_db(conn).update(reason=ERASED)
    await ActivityEntry.filter(client_id__in=ids).using_db(conn).update(changes={})
    # Account mails queued before a record existed name only the address.
    notification_ids = (
        await Notification.filter(
            Q(client_id__in=ids) | Q(to_address__in=sorted(addresses)),
            organization_id=organization_id,
        )
        .using_db(conn)
        .values_list("id", flat=True)
    )
    await (
        Notification.filter(id__in=list(notification_ids))
        .using_db(conn)
        .update(to_address=None, params={}, last_error=None)
    )
    await InboxMessage.filter(notification_id__in=list(notification_ids)).using_db(conn).delete()
    await ConsentEvent.filter(client_id__in=ids).using_db(conn).update(proof=None)
    if addresses:
        await (
            UndeliverableAddress.filter(
                organization_id=organization_id,
                email_key__in=sorted({address.lower() for address in addresses}),
            )
            .using_db(conn)
            .delete()
        )
    for account_id in sorted(account_ids):
        await _forget_account(conn, organization_id, account_id)


async def _past_addresses(
    conn: BaseDBAsyncClient, ids: list[int], account_ids: set[int]
) -> set[str]:
    """Addresses the person had here before: a merge frees the absorbed email and an edit
    replaces one, but notifications, accounts and the activity log still name them."""
    found: set[str] = set(
        await Notification.filter(client_id__in=ids, to_address__isnull=False)
        .using_db(conn)
        .values_list("to_address", flat=True)  # type: ignore[arg-type]
    )
    if account_ids:
        found |= set(
            await Account.filter(id__in=sorted(account_ids))
            .using_db(conn)
            .values_list("email", flat=True)  # type: ignore[arg-type]
        )
    for changes in await (
        ActivityEntry.filter(client_id__in=ids).using_db(conn).values_list("changes", flat=True)
    ):
        if not isinstance(changes, dict):
            continue
        for value in changes.get("email") or []:
            if isinstance(value, str):
                found.add(value)
        dropped = (changes.get("dropped") or [None, []])[1] or []
        for item in dropped:
            if isinstance(item, dict) and item.get("field") == "email":
                found.add(str(item.get("value")))
    return {address for address in found if address}


async def _forget_account(conn: BaseDBAsyncClient, organization_id: int, account_id: int) -> None:
    await (
        InboxMessage.filter(account_id=account_id, organization_id=organization_id)
        .using_db(conn)
        .delete()
    )
    await (
        AccountToken.filter(account_id=account_id, organization_id=organization_id)
        .using_db(conn)
        .delete()
    )
    await revoke_sessions(conn, account_id)
    if not await Client.filter(account_id=account_id).using_db(conn).exists():
        # Linked nowhere else: the account only holds this person's login data.
        await Account.filter(id=account_id).using_db(conn).delete()
