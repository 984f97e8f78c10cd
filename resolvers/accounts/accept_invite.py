"""acceptInvite (R4.6, R3.6, R3.7): the link of a welcome or invitation mail.

Following it proves the person reads the record's notification email: the account of
that address becomes verified, takes the password the person chooses (optional: the
link alone logs in, like a one-click link), and the record of the inviting
organization with that notification email is linked to it - in place of an account
that logs in with another address, which stays valid for the other organizations it
is linked to but is unlinked here. Afterwards notifications reach the new address.
"""

from __future__ import annotations

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from clientela.infra import auth_cache
from clientela.infra.limit_store import LimitStore
from clientela.infra.rate_limit import LOCAL, token_use_allowed
from clientela.settings import Settings
from mailer import outbox
from models import Account, Client, Organization
from models.enums import ClientStatus, NotificationType, TokenPurpose
from models.security import hash_password
from resolvers.access.actor import Actor
from resolvers.accounts.account_links import verify_and_link
from resolvers.accounts.account_login_guard import DISABLED
from resolvers.accounts.account_mail import security_notice
from resolvers.accounts.account_tokens import (
    consume_token,
    open_session,
    revoke_sessions,
    revoke_tokens,
)
from resolvers.accounts.passwords import password_problem
from resolvers.accounts.self_service import RATE_LIMITED, SelfServiceResult
from resolvers.accounts.verify_email import INVALID_LINK
from resolvers.activity import log_activity
from resolvers.errors import UserErrors

LIVE = (ClientStatus.ACTIVE, ClientStatus.INACTIVE, ClientStatus.DISABLED)


async def accept_invite(
    settings: Settings,
    token: str,
    password: str | None = None,
    *,
    client_address: str | None = None,
    limits: LimitStore = LOCAL,
) -> SelfServiceResult:
    if not await token_use_allowed(client_address, limits):
        return SelfServiceResult(errors=[RATE_LIMITED])
    try:
        async with in_transaction("default") as conn:
            row = await consume_token(conn, token, TokenPurpose.INVITE)
            if row is None or row.organization_id is None:
                raise UserErrors([INVALID_LINK])
            account = (
                await Account.filter(id=row.account_id).using_db(conn).select_for_update().get()
            )
            client = (
                await Client.filter(
                    organization_id=row.organization_id,
                    email_key=account.email_key,
                    status__in=LIVE,
                )
                .using_db(conn)
                .select_for_update()
                .first()
            )
            if client is not None and client.status is ClientStatus.DISABLED:
                raise UserErrors([DISABLED])
            if password is not None:
                problem = password_problem(password, email=account.email)
                if problem is not None:
                    raise UserErrors([problem])
                had_password = account.password_hash is not None and account.is_verified
                account.password_hash = hash_password(password)
                await account.save(using_db=conn, update_fields=["password_hash", "updated_at"])
                await revoke_sessions(conn, account.id)
                await revoke_tokens(conn, account.id)
                if had_password:
                    organization = (
                        await Organization.filter(id=row.organization_id).using_db(conn).get()
                    )
                    await security_notice(
                        conn, organization, account, NotificationType.PASSWORD_CHANGED
                    )
            await verify_and_link(conn, account)
            if client is not None and client.account_id != account.id:
                await _relink(conn, client, account)
            session = await open_session(conn, account, settings.account_session_ttl)
    except UserErrors as exc:  # rolled back: a link refused for a weak password stays usable
        return SelfServiceResult(errors=exc.errors)
    auth_cache.tokens_revoked()  # committed: sessions a new password or a proof ended
    outbox.nudge()
    return SelfServiceResult(accepted=True, session_token=session, account=account)


async def _relink(conn: BaseDBAsyncClient, client: Client, account: Account) -> None:
    """Link the record to the account that proved its notification email (R4.6)."""
    taken = (
        await Client.filter(organization_id=client.organization_id, account_id=account.id)
        .using_db(conn)
        .exists()
    )
    if taken:  # the account has another record here: one per organization, staff decide
        return
    previous = (
        await Account.filter(id=client.account_id).using_db(conn).first()
        if client.account_id
        else None
    )
    client.account_id = account.id
    await client.save(using_db=conn, update_fields=["account_id"])
    await log_activity(
        Actor.system(client.organization_id),
        client,
        "account.linked",
        {"account": [str(previous.uuid) if previous else None, str(account.uuid)]},
        using_db=conn,
    )
