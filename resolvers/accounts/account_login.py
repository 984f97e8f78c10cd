"""login, logout, requestLoginLink and loginWithLink (R3.6, R3.10).

A wrong email and a wrong password get the same answer in the same time; attempts
are limited per email and per client address. A password login needs a verified
email and does not verify it (it proves nothing about the address); a login link
does, and links the matching records (R3.7). A disabled client of this
organization cannot log in (R8.1). Passwords hashed with older parameters are rehashed on login.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tortoise.transactions import in_transaction

from clientela.infra import auth_cache
from clientela.infra.limit_store import LimitStore
from clientela.infra.rate_limit import (
    LOCAL,
    LOGIN_PER_ADDRESS,
    LOGIN_PER_EMAIL,
    MAIL_PER_ADDRESS,
    MAIL_PER_EMAIL,
    allowed,
)
from clientela.settings import Settings
from models import Account, AccountSession
from models.enums import AccountRequestKind, TokenPurpose
from models.security import hash_password_async, password_needs_rehash, verify_password_async
from resolvers.access.actor import AccountCaller, require_account
from resolvers.accounts.account_login_guard import DISABLED, disabled_here
from resolvers.accounts.account_requests import queue_request
from resolvers.accounts.account_tokens import open_session
from resolvers.accounts.self_service import (
    RATE_LIMITED,
    SelfServiceResult,
    app_organization,
    login_email,
)
from resolvers.accounts.verify_email import login_by_link
from resolvers.errors import ErrorCode, UserErrors, error

_REQUESTS = {
    TokenPurpose.PASSWORD_RESET: AccountRequestKind.PASSWORD_RESET,
    TokenPurpose.LOGIN_LINK: AccountRequestKind.LOGIN_LINK,
}
WRONG = error(ErrorCode.INVALID_CREDENTIALS, "Wrong email or password")
NOT_VERIFIED = error(ErrorCode.EMAIL_NOT_VERIFIED, "Verify your email first: see the mail we sent")


async def login(
    settings: Settings,
    organization_slug: str,
    email: str,
    password: str,
    *,
    client_address: str | None = None,
    limits: LimitStore = LOCAL,
) -> SelfServiceResult:
    try:
        organization = await app_organization(organization_slug)
        address = login_email(email)
        if not await allowed(
            "login",
            email=address,
            address=client_address,
            store=limits,
            per_email=LOGIN_PER_EMAIL,
            per_address=LOGIN_PER_ADDRESS,
        ):
            raise UserErrors([RATE_LIMITED])
    except UserErrors as exc:
        return SelfServiceResult(errors=exc.errors)
    account = await Account.filter(email_key=address.lower()).first()
    if (
        not await verify_password_async(account.password_hash if account else None, password)
        or account is None
    ):
        return SelfServiceResult(errors=[WRONG])
    if account.verified_at is None:
        # Only after the password proved who is asking: an unverified account cannot log
        # in with a password, or anyone could sign up with someone else's address and hold
        # a session by the time its owner verifies it.
        return SelfServiceResult(errors=[NOT_VERIFIED])
    if await disabled_here(organization.id, account.id):
        return SelfServiceResult(errors=[DISABLED])
    async with in_transaction("default") as conn:
        if account.password_hash and password_needs_rehash(account.password_hash):
            await (
                Account.filter(id=account.id)
                .using_db(conn)
                .update(password_hash=await hash_password_async(password))
            )
        session = await open_session(conn, account, settings.account_session_ttl)
    return SelfServiceResult(accepted=True, session_token=session, account=account)


async def logout(caller: AccountCaller | None) -> bool:
    caller = require_account(caller)
    revoked = await AccountSession.filter(id=caller.session_id, revoked_at__isnull=True).update(
        revoked_at=datetime.now(UTC)
    )
    auth_cache.tokens_revoked()
    return bool(revoked)


async def request_link(
    settings: Settings,
    organization_slug: str,
    email: str,
    purpose: TokenPurpose,
    *,
    client_address: str | None = None,
    limits: LimitStore = LOCAL,
) -> SelfServiceResult:
    """Mail a link of `purpose` if the email has an account; answer the same either way,
    with the same statements: one request row, carried out by the worker
    (resolvers/accounts/account_requests.py), which looks the email up."""
    try:
        organization = await app_organization(organization_slug)
        address = login_email(email)
        if not await allowed(
            f"link:{purpose.value}",
            email=address,
            address=client_address,
            store=limits,
            per_email=MAIL_PER_EMAIL,
            per_address=MAIL_PER_ADDRESS,
        ):
            raise UserErrors([RATE_LIMITED])
    except UserErrors as exc:
        return SelfServiceResult(errors=exc.errors)
    await queue_request(organization, _REQUESTS[purpose], address)
    return SelfServiceResult(accepted=True)


async def request_login_link(
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
        TokenPurpose.LOGIN_LINK,
        client_address=client_address,
        limits=limits,
    )


async def login_with_link(
    settings: Settings, token: str, *, client_address: str | None = None, limits: LimitStore = LOCAL
) -> SelfServiceResult:
    return await login_by_link(
        settings, token, TokenPurpose.LOGIN_LINK, client_address=client_address, limits=limits
    )
