"""deactivateClient, reactivateClient, disableClient, enableClient (R8.1).

| status   | client-app login | notifications | in lists and segments         |
|----------|------------------|---------------|-------------------------------|
| active   | yes              | yes           | yes                           |
| inactive | yes              | yes           | yes (filter status to exclude) |
| disabled | no               | no            | yes (filter status to exclude) |
| merged   | -                | -             | only when asked by status     |
| deleted  | no               | no            | only when asked by status     |

Deactivating is reversible by staff who edit clients; disabling blocks the client and
only owner or admin can undo it; disabling ends the person's client-app sessions at
once (a session is the account's, so every session of the linked account ends: the
person logs in again elsewhere, not here). Each change is written to the activity log.
"""

from __future__ import annotations

from tortoise.transactions import in_transaction

from clientela.infra import auth_cache
from models.access import Permission
from models.enums import ClientStatus
from resolvers.access.actor import Actor, require
from resolvers.accounts.account_tokens import revoke_sessions
from resolvers.activity import log_activity
from resolvers.clients.client_write import ClientResult
from resolvers.clients.lookup import find_client
from resolvers.errors import ErrorCode, UserErrors, error

ACTIVE, INACTIVE, DISABLED = ClientStatus.ACTIVE, ClientStatus.INACTIVE, ClientStatus.DISABLED
# operation -> (permission, statuses it applies to, resulting status)
TRANSITIONS = {
    "deactivate": (Permission.CLIENTS_WRITE, (ACTIVE,), INACTIVE),
    "reactivate": (Permission.CLIENTS_WRITE, (INACTIVE,), ACTIVE),
    "disable": (Permission.CLIENTS_DISABLE, (ACTIVE, INACTIVE), DISABLED),
    "enable": (Permission.CLIENTS_DISABLE, (DISABLED,), ACTIVE),
}


async def change_status(actor: Actor | None, client_id: str, operation: str) -> ClientResult:
    permission, allowed, target = TRANSITIONS[operation]
    actor = require(actor, permission)
    try:
        async with in_transaction("default") as conn:
            client = await find_client(actor, client_id, for_update=True, using_db=conn)
            if client is None:
                raise UserErrors([error(ErrorCode.NOT_FOUND, "No such client", "clientId")])
            if client.status not in allowed:
                raise UserErrors(
                    [
                        error(
                            ErrorCode.INVALID_STATUS,
                            f"A {client.status.value} client cannot be changed so",
                            "clientId",
                        )
                    ]
                )
            old = client.status
            client.status = target
            await client.save(using_db=conn, update_fields=["status"])
            if target is DISABLED and client.account_id is not None:
                await revoke_sessions(conn, client.account_id)
            await log_activity(
                actor,
                client,
                f"client.{operation}d",
                {"status": [old.value, target.value]},
                using_db=conn,
            )
    except UserErrors as exc:
        return ClientResult(errors=exc.errors)
    if target is DISABLED:
        auth_cache.tokens_revoked()  # committed: the sessions it ended (revoke_sessions)
    return ClientResult(client=client)
