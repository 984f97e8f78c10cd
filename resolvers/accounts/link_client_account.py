"""linkClientAccount (R3.7): staff link a record to the account of its notification email.

For the cases R3.7 leaves to staff (two records of one organization matched the same
address, so none was linked). Linking needs a verified account whose login email is
the record's notification email: nobody is linked to an address they never proved.
The record must have no account yet, and the account no other record here.
"""

from __future__ import annotations

from tortoise.transactions import in_transaction

from models import Account, Client
from models.access import Permission
from resolvers.access.actor import Actor, require
from resolvers.accounts.access_help import AccessHelpResult
from resolvers.activity import log_activity
from resolvers.clients.lookup import find_client
from resolvers.errors import ErrorCode, UserErrors, error


async def link_client_account(actor: Actor | None, client_id: str) -> AccessHelpResult:
    actor = require(actor, Permission.ACCOUNTS_MANAGE)
    try:
        async with in_transaction("default") as conn:
            client = await find_client(actor, client_id, for_update=True, using_db=conn)
            if client is None:
                raise UserErrors([error(ErrorCode.NOT_FOUND, "No such client", "clientId")])
            if client.account_id is not None:
                raise UserErrors(
                    [
                        error(
                            ErrorCode.ACCOUNT_ALREADY_LINKED, "Unlink its account first", "clientId"
                        )
                    ]
                )
            account = (
                await Account.filter(email_key=client.email_key, verified_at__isnull=False)
                .using_db(conn)
                .select_for_update()
                .first()
                if client.email_key
                else None
            )
            if account is None:
                raise UserErrors(
                    [
                        error(
                            ErrorCode.ACCOUNT_EMAIL_MISMATCH,
                            "No verified account logs in with this client's email",
                            "clientId",
                        )
                    ]
                )
            other = (
                await Client.filter(organization_id=client.organization_id, account_id=account.id)
                .using_db(conn)
                .first()
            )
            if other is not None:
                raise UserErrors(
                    [
                        error(
                            ErrorCode.ACCOUNT_ALREADY_LINKED,
                            "The account is linked to another client here",
                            "clientId",
                            conflicting=str(other.uuid),
                        )
                    ]
                )
            client.account_id = account.id
            await client.save(using_db=conn, update_fields=["account_id"])
            await log_activity(
                actor,
                client,
                "account.linked",
                {"account": [None, str(account.uuid)]},
                using_db=conn,
            )
    except UserErrors as exc:
        return AccessHelpResult(errors=exc.errors)
    return AccessHelpResult(client=client, action="linked")
