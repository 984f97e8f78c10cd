"""What the three "help a client with access" mutations share: finding the client and account."""

from __future__ import annotations

from dataclasses import dataclass, field

from tortoise.backends.base.client import BaseDBAsyncClient

from models import Account, Client, Organization
from resolvers.access.actor import Actor
from resolvers.clients.lookup import find_client
from resolvers.errors import ErrorCode, UserError, UserErrors, error


@dataclass
class AccessHelpResult:
    client: Client | None = None
    action: str | None = None
    errors: list[UserError] = field(default_factory=list)


async def client_with_account(
    conn: BaseDBAsyncClient, actor: Actor, client_id: str, *, account_required: bool
) -> tuple[Client, Account | None, Organization]:
    client = await find_client(actor, client_id, for_update=True, using_db=conn)
    if client is None:
        raise UserErrors([error(ErrorCode.NOT_FOUND, "No such client", "clientId")])
    account = (
        await Account.filter(id=client.account_id).using_db(conn).first()
        if client.account_id
        else None
    )
    if account_required and account is None:
        raise UserErrors(
            [error(ErrorCode.NO_ACCOUNT, "This client has no client-app account", "clientId")]
        )
    organization = await Organization.filter(id=client.organization_id).using_db(conn).get()
    if account_required and not organization.client_accounts_enabled:
        raise UserErrors(
            [
                error(
                    ErrorCode.CLIENT_ACCOUNTS_DISABLED,
                    "The organization does not use client accounts",
                )
            ]
        )
    return client, account, organization
