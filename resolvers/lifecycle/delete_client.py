"""deleteClientPermanently (R8.1): erase a client's personal data for good.

Owner or admin only. The record stays (status `deleted`) so ids, accounting and
references keep meaning, but every personal value is erased: the fields of the
record, notes, gift lists (personal wishes), the values in its activity log and
notification log, its inbox messages and tags, its consent proofs and its address's
undeliverable mark (R8.3); the account is unlinked and its
sessions end. What accounting needs stays, without personal data: purchases
(amounts, dates), orders (status, totals, lines; they hold no addresses or notes),
the points ledger (amounts), bookings, memberships and gift cards. One audit entry says who deleted
it, without any personal data.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tortoise.transactions import in_transaction

from models import (
    AccountSession,
    ActivityEntry,
    ClientTag,
    GiftList,
    InboxMessage,
    Note,
    Notification,
    PointsEntry,
)
from models.access import Permission
from models.enums import ClientStatus
from resolvers.access.actor import Actor, require
from resolvers.activity import log_activity
from resolvers.clients.client_write import ClientResult
from resolvers.clients.lookup import find_client
from resolvers.consent.consent_records import erase_consent_data
from resolvers.errors import ErrorCode, UserErrors, error
from resolvers.lifecycle.merge_plan import MERGEABLE

ERASED_TEXT = {"first_name": "", "last_name": ""}


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
            await erase_consent_data(conn, client)
            for name in MERGEABLE:
                if name != "registered_at":
                    setattr(client, name, ERASED_TEXT.get(name))
            account_id = client.account_id
            client.account_id = None
            client.status = ClientStatus.DELETED
            await client.save(using_db=conn, update_fields=[*MERGEABLE, "account_id", "status"])
            await Note.filter(client_id=client.id).using_db(conn).delete()
            await ClientTag.filter(client_id=client.id).using_db(conn).delete()
            await GiftList.filter(client_id=client.id).using_db(conn).delete()
            await ActivityEntry.filter(client_id=client.id).using_db(conn).update(changes={})
            await (
                Notification.filter(client_id=client.id)
                .using_db(conn)
                .update(to_address=None, params={}, last_error=None)
            )
            await PointsEntry.filter(client_id=client.id).using_db(conn).update(reason="(erased)")
            if account_id is not None:
                await (
                    InboxMessage.filter(
                        account_id=account_id, organization_id=client.organization_id
                    )
                    .using_db(conn)
                    .delete()
                )
                await (
                    AccountSession.filter(account_id=account_id, revoked_at__isnull=True)
                    .using_db(conn)
                    .update(revoked_at=datetime.now(UTC))
                )
            await log_activity(actor, client, "client.deleted_permanently", {}, using_db=conn)
    except UserErrors as exc:
        return ClientResult(errors=exc.errors)
    return ClientResult(client=client)
