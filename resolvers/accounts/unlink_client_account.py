"""unlinkClientAccount (R3.7): staff unlink a record from its account.

The account stays valid (it is the person's, and may be linked in other
organizations); the person no longer sees this organization's record in the app, and
notifications wait for a new link. Audited in the record's activity log.
"""

from __future__ import annotations

from tortoise.transactions import in_transaction

from models import Account
from models.access import Permission
from resolvers.access.actor import Actor, require
from resolvers.accounts.access_help import AccessHelpResult
from resolvers.activity import log_activity
from resolvers.clients.lookup import find_client
from resolvers.errors import ErrorCode, UserErrors, error


async def unlink_client_account(actor: Actor | None, client_id: str) -> AccessHelpResult:
    actor = require(actor, Permission.ACCOUNTS_MANAGE)
    try:
        async with in_transaction("default") as conn:
            client = await find_client(actor, client_id, for_update=True, using_db=conn)
            if client is None:
                raise UserErrors([error(ErrorCode.NOT_FOUND, "No such client", "clientId")])
            if client.account_id is None:
                raise UserErrors([error(ErrorCode.NO_ACCOUNT, "No account is linked", "clientId")])
            account = await Account.filter(id=client.account_id).using_db(conn).get()
            client.account_id = None
            await client.save(using_db=conn, update_fields=["account_id"])
            await log_activity(
                actor,
                client,
                "account.unlinked",
                {"account": [str(account.uuid), None]},
                using_db=conn,
            )
    except UserErrors as exc:
        return AccessHelpResult(errors=exc.errors)
    return AccessHelpResult(client=client, action="unlinked")
