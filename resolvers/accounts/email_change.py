"""requestEmailChange and confirmEmailChange (R3.2, R3.10): the owner changes the login email.

Only the account's owner can change a verified login email, confirming from the new
address. The request needs the current password (when the account has one) and is
answered the same whether the new address is free or not. On confirmation the new
address is the login email and is verified (token uses are limited per client address,
like every emailed link's); linked client records whose notification
email was the old login email follow it (where the organization has no other client
with the new one); the old address is told; records matching the new address are
linked as R3.7 says.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from clientela.infra.limit_store import LimitStore
from clientela.infra.rate_limit import (
    LOCAL,
    MAIL_PER_ADDRESS,
    MAIL_PER_EMAIL,
    allowed,
    token_use_allowed,
)
from clientela.settings import Settings
from mailer import outbox
from models import Account, Client, Organization
from models.enums import NotificationType, TokenPurpose
from models.security import verify_password_async
from resolvers.access.actor import AccountCaller, Actor, require_account
from resolvers.accounts.account_links import verify_and_link
from resolvers.accounts.account_mail import mail_token, security_notice
from resolvers.accounts.account_tokens import consume_token, revoke_tokens
from resolvers.accounts.self_service import (
    RATE_LIMITED,
    SelfServiceResult,
    app_organization,
    login_email,
)
from resolvers.accounts.verify_email import INVALID_LINK
from resolvers.activity import log_activity
from resolvers.errors import ErrorCode, UserErrors, error


async def request_email_change(
    caller: AccountCaller | None,
    settings: Settings,
    organization_slug: str,
    new_email: str,
    password: str | None,
    *,
    client_address: str | None = None,
    limits: LimitStore = LOCAL,
) -> SelfServiceResult:
    caller = require_account(caller)
    try:
        organization = await app_organization(organization_slug)
        address = login_email(new_email, "newEmail")
        account = await Account.get(id=caller.account_id)
        if account.password_hash and not await verify_password_async(
            account.password_hash, password or ""
        ):
            raise UserErrors([error(ErrorCode.INVALID_CREDENTIALS, "Wrong password", "password")])
        if not await allowed(
            "email-change",
            email=address,
            address=client_address,
            store=limits,
            per_email=MAIL_PER_EMAIL,
            per_address=MAIL_PER_ADDRESS,
        ):
            raise UserErrors([RATE_LIMITED])
    except UserErrors as exc:
        return SelfServiceResult(errors=exc.errors)
    async with in_transaction("default") as conn:
        taken = await Account.filter(email_key=address.lower()).using_db(conn).exists()
        if not taken:
            await mail_token(
                conn, settings, organization, account, TokenPurpose.EMAIL_CHANGE, to_address=address
            )
    outbox.nudge()
    return SelfServiceResult(accepted=True, account=account)


async def confirm_email_change(
    settings: Settings, token: str, *, client_address: str | None = None, limits: LimitStore = LOCAL
) -> SelfServiceResult:
    if not await token_use_allowed(client_address, limits):
        return SelfServiceResult(errors=[RATE_LIMITED])
    try:
        async with in_transaction("default") as conn:
            row = await consume_token(conn, token, TokenPurpose.EMAIL_CHANGE)
            if row is None or row.new_email is None:
                raise UserErrors([INVALID_LINK])
            account = (
                await Account.filter(id=row.account_id).using_db(conn).select_for_update().get()
            )
            old_email, old_key = account.email, account.email_key
            account.email, account.email_key = row.new_email, row.new_email.lower()
            account.verified_at = datetime.now(UTC)
            try:
                async with in_transaction("default") as savepoint:
                    await account.save(
                        using_db=savepoint,
                        update_fields=["email", "email_key", "verified_at", "updated_at"],
                    )
            except IntegrityError:
                raise UserErrors(
                    [
                        error(
                            ErrorCode.LOGIN_EMAIL_IN_USE,
                            "Another account took this email meanwhile",
                        )
                    ]
                ) from None
            await revoke_tokens(conn, account.id)  # links sent to the old address stop working
            await _follow(conn, account, old_key)
            if row.organization_id is not None:
                organization = (
                    await Organization.filter(id=row.organization_id).using_db(conn).get()
                )
                await security_notice(
                    conn,
                    organization,
                    account,
                    NotificationType.EMAIL_CHANGED,
                    to_address=old_email,
                )
            await verify_and_link(conn, account)
    except UserErrors as exc:
        return SelfServiceResult(errors=exc.errors)
    outbox.nudge()
    return SelfServiceResult(accepted=True, account=account)


async def _follow(conn: BaseDBAsyncClient, account: Account, old_key: str) -> None:
    """Linked records whose notification email was the old login email take the new one."""
    linked = (
        await Client.filter(account_id=account.id, email_key=old_key)
        .using_db(conn)
        .select_for_update()
    )
    for client in linked:
        clash = (
            await Client.filter(organization_id=client.organization_id, email_key=account.email_key)
            .using_db(conn)
            .exclude(id=client.id)
            .exists()
        )
        if clash:
            continue  # staff decide; the console shows both emails (R3.4, R3.3)
        old = client.email
        client.email = account.email
        await client.save(using_db=conn, update_fields=["email"])
        await log_activity(
            Actor.system(client.organization_id),
            client,
            "client.email_followed_login",
            {"email": [old, account.email]},
            using_db=conn,
        )
