"""clearUndeliverableEmail (R11.4): staff say the client's mailbox works again.

The mark of the client's address is removed, with an activity entry; mail goes to the
address again (until the server refuses it again).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tortoise.transactions import in_transaction

from models import Client, UndeliverableAddress
from models.access import Permission
from resolvers.access.actor import Actor, require
from resolvers.activity import log_activity
from resolvers.clients.lookup import find_client
from resolvers.errors import ErrorCode, UserError, UserErrors, error


@dataclass
class ClearResult:
    client: Client | None = None
    cleared: bool = False
    errors: list[UserError] = field(default_factory=list)


async def clear_undeliverable_email(actor: Actor | None, client_id: str) -> ClearResult:
    actor = require(actor, Permission.CLIENTS_WRITE)
    try:
        async with in_transaction("default") as conn:
            client = await find_client(actor, client_id, for_update=True, using_db=conn)
            if client is None:
                raise UserErrors([error(ErrorCode.NOT_FOUND, "No such client", "clientId")])
            cleared = 0
            if client.email_key:
                cleared = await (
                    UndeliverableAddress.filter(
                        organization_id=client.organization_id, email_key=client.email_key
                    )
                    .using_db(conn)
                    .delete()
                )
            if cleared:
                await log_activity(
                    actor,
                    client,
                    "email.undeliverable_cleared",
                    {"emailUndeliverable": [True, False]},
                    using_db=conn,
                )
    except UserErrors as exc:
        return ClearResult(errors=exc.errors)
    return ClearResult(client=client, cleared=bool(cleared))
