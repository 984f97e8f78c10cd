"""requestPasswordReset and resetPassword (R3.10); the same link serves sendPasswordSetupLink.

The request is answered the same whether the email has an account or not. Resetting
checks the policy, stores an argon2id hash, ends every session and pending token of
the account, verifies the email (the link proves it, R3.6, R3.7), tells the person
their password changed, and logs them in.
"""

from __future__ import annotations

from tortoise.transactions import in_transaction

from clientela.infra import auth_cache
from clientela.infra.limit_store import LimitStore
from clientela.infra.rate_limit import LOCAL, token_use_allowed
from clientela.settings import Settings
from mailer import outbox
from models import Account, Organization
from models.enums import NotificationType, TokenPurpose
from models.security import hash_password_async
from resolvers.accounts.account_links import verify_and_link
from resolvers.accounts.account_login import request_link
from resolvers.accounts.account_login_guard import DISABLED, disabled_here
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


async def request_password_reset(
    settings: Settings,
    organization_slug: str,
    email: str,
    *,
    client_address: str | None = None,
    limits: LimitStore = LOCAL,
) -> SelfServiceResult:
    return await request_link(
        settings,
        organization_slug,
        email,
        TokenPurpose.PASSWORD_RESET,
        client_address=client_address,
        limits=limits,
    )


async def reset_password(
    settings: Settings,
    token: str,
    password: str,
    *,
    client_address: str | None = None,
    limits: LimitStore = LOCAL,
) -> SelfServiceResult:
    if not await token_use_allowed(client_address, limits):
        return SelfServiceResult(errors=[RATE_LIMITED])
    async with in_transaction("default") as conn:
        row = await consume_token(conn, token, TokenPurpose.PASSWORD_RESET)
        if row is None:
            return SelfServiceResult(errors=[INVALID_LINK])
        if await disabled_here(row.organization_id, row.account_id):
            return SelfServiceResult(errors=[DISABLED])
        account = await Account.filter(id=row.account_id).using_db(conn).select_for_update().get()
        problem = password_problem(password, email=account.email)
        if problem is not None:
            # The link stays usable for a second try with a better password.
            await type(row).filter(id=row.id).using_db(conn).update(used_at=None)
            return SelfServiceResult(errors=[problem])
        account.password_hash = await hash_password_async(password)
        await account.save(using_db=conn, update_fields=["password_hash", "updated_at"])
        await revoke_sessions(conn, account.id)
        await revoke_tokens(conn, account.id)
        await verify_and_link(conn, account)
        if row.organization_id is not None:
            organization = await Organization.filter(id=row.organization_id).using_db(conn).get()
            await security_notice(conn, organization, account, NotificationType.PASSWORD_CHANGED)
        session = await open_session(conn, account, settings.account_session_ttl)
    auth_cache.tokens_revoked()  # committed: the sessions it ended (revoke_sessions)
    outbox.nudge()
    return SelfServiceResult(accepted=True, session_token=session, account=account)
