"""migrateClientEmail: staff change a client's email (R3.2, R3.3).

- An email used by another client of the organization is refused with EMAIL_IN_USE,
  naming that client, so the console can offer to unify the two.
- No linked account: only the notification email changes.
- Linked account not verified (the person never logged in): the notification email
  changes, earlier links and sessions of the account stop working, and a confirmation
  link goes to the new address; following it makes that address the login email and
  verifies it (confirmEmailChange). The answer is the same whether another account, of
  any organization, already logs in with that address (then no link is sent: it cannot
  become this account's login email), so staff learn nothing about other organizations'
  accounts (issue 14).
- Linked account verified: only its owner may change the login email (self-service,
  confirmed from the new address); staff get ACCOUNT_EMAIL_OWNED_BY_CLIENT, which
  points to the alternative (a new record with the right email, unify the old one
  into it), and nothing changes.
The activity entry keeps the old and new emails.
"""

from __future__ import annotations

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from clientela.infra import auth_cache
from clientela.settings import Settings
from models import Account, Client, Organization
from models.access import Permission
from models.client import email_key
from models.enums import TokenPurpose
from resolvers.access.actor import Actor, require
from resolvers.accounts.account_mail import mail_token
from resolvers.accounts.account_tokens import revoke_sessions, revoke_tokens
from resolvers.activity import log_activity
from resolvers.clients.client_fields import Invalid, clean_email
from resolvers.clients.client_write import ClientResult, conflict_error, violated_column
from resolvers.clients.lookup import find_client
from resolvers.errors import ErrorCode, UserErrors, error

OWNED_MESSAGE = (
    "This client's login email is verified, so only the client can change it, from the app. "
    "Alternative: create a new client with the right email and unify this record into it."
)


async def _move_login_email(
    conn: BaseDBAsyncClient, settings: Settings, client: Client, account: Account, new_email: str
) -> dict[str, list[str | None]]:
    """An unverified account's login email follows once the new address confirms it. The
    activity entry says the same whether a link could be sent or not."""
    # Links and sessions that reached the old address must not work any more.
    await revoke_tokens(conn, account.id)
    await revoke_sessions(conn, account.id)
    if account.email_key == new_email.lower():  # only the spelling changes: nothing to prove
        old = account.email
        account.email = new_email
        await account.save(using_db=conn, update_fields=["email", "updated_at"])
        return {"loginEmail": [old, new_email]}
    pending: dict[str, list[str | None]] = {"loginEmailToConfirm": [None, new_email]}
    taken = await Account.filter(email_key=new_email.lower()).using_db(conn).exists()
    if taken:
        return pending  # answered as a free address is: the other account stays unrevealed
    organization = await Organization.filter(id=client.organization_id).using_db(conn).get()
    await mail_token(
        conn,
        settings,
        organization,
        account,
        TokenPurpose.EMAIL_CHANGE,
        to_address=new_email,
        client=client,
    )
    return pending


async def migrate_client_email(
    actor: Actor | None, settings: Settings, client_id: str, email: str
) -> ClientResult:
    actor = require(actor, Permission.CLIENTS_WRITE)
    try:
        new_email = clean_email(email)
    except Invalid as exc:
        return ClientResult(errors=[error(exc.code, exc.message, "email")])
    if new_email is None:
        return ClientResult(errors=[error(ErrorCode.REQUIRED, "Give the new email", "email")])

    try:
        async with in_transaction("default") as conn:
            client = await find_client(actor, client_id, for_update=True, using_db=conn)
            if client is None:
                raise UserErrors([error(ErrorCode.NOT_FOUND, "No such client", "clientId")])
            account = (
                await Account.filter(id=client.account_id)
                .using_db(conn)
                .select_for_update()
                .first()
                if client.account_id
                else None
            )
            if account is not None and account.verified_at is not None:
                raise UserErrors(
                    [error(ErrorCode.ACCOUNT_EMAIL_OWNED_BY_CLIENT, OWNED_MESSAGE, "email")]
                )
            old_email = client.email
            if email_key(old_email) == email_key(new_email) and old_email == new_email:
                return ClientResult(client=client)
            client.email = new_email
            await client.save(using_db=conn, update_fields=["email"])
            changes = {"email": [old_email, new_email]}
            if account is not None:
                changes.update(await _move_login_email(conn, settings, client, account, new_email))
            await log_activity(actor, client, "client.email_migrated", changes, using_db=conn)
        if account is not None:
            auth_cache.tokens_revoked()  # committed: the sessions _move_login_email ended
        return ClientResult(client=client)
    except UserErrors as exc:
        return ClientResult(errors=exc.errors)
    except IntegrityError as exc:
        if violated_column(exc) != "email_key":
            raise
        return ClientResult(errors=[await conflict_error(actor, "email_key", {"email": new_email})])
