"""verifyEmail (R3.6, R3.7): the link of the verification mail.

The token proves the person reads that address: the account becomes verified,
matching client records are linked (R3.7), and the person is logged in.
"""

from __future__ import annotations

from tortoise.transactions import in_transaction

from clientela.infra import auth_cache
from clientela.infra.limit_store import LimitStore
from clientela.infra.rate_limit import LOCAL, token_use_allowed
from clientela.settings import Settings
from models import Account
from models.enums import TokenPurpose
from resolvers.accounts.account_links import verify_and_link
from resolvers.accounts.account_login_guard import DISABLED, disabled_here
from resolvers.accounts.account_tokens import consume_token, open_session
from resolvers.accounts.self_service import RATE_LIMITED, SelfServiceResult
from resolvers.errors import ErrorCode, error

INVALID_LINK = error(
    ErrorCode.INVALID_TOKEN, "This link is not valid any more: ask for a new one", "token"
)


async def login_by_link(
    settings: Settings,
    token: str,
    purpose: TokenPurpose,
    *,
    client_address: str | None = None,
    limits: LimitStore = LOCAL,
) -> SelfServiceResult:
    """Use an emailed link that proves the address: verify (R3.6), link (R3.7), log in."""
    if not await token_use_allowed(client_address, limits):
        return SelfServiceResult(errors=[RATE_LIMITED])
    async with in_transaction("default") as conn:
        row = await consume_token(conn, token, purpose)
        if row is None:
            return SelfServiceResult(errors=[INVALID_LINK])
        if await disabled_here(row.organization_id, row.account_id):
            return SelfServiceResult(errors=[DISABLED])
        account = await Account.filter(id=row.account_id).using_db(conn).select_for_update().get()
        proved = account.verified_at is None  # verify_and_link then ends its sessions
        await verify_and_link(conn, account)
        session = await open_session(conn, account, settings.account_session_ttl)
    if proved:
        auth_cache.tokens_revoked()  # committed
    return SelfServiceResult(accepted=True, session_token=session, account=account)


async def verify_email(
    settings: Settings, token: str, *, client_address: str | None = None, limits: LimitStore = LOCAL
) -> SelfServiceResult:
    return await login_by_link(
        settings, token, TokenPurpose.VERIFY_EMAIL, client_address=client_address, limits=limits
    )
