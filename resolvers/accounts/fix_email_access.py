"""fixEmailAccess (R3.8): help a client who cannot get in.

Not verified yet: a new verification mail (earlier links stop working). Verified:
a one-click login link to the login email. No account: NO_ACCOUNT.
"""

from __future__ import annotations

from tortoise.transactions import in_transaction

from clientela.settings import Settings
from mailer import outbox
from models.access import Permission
from models.enums import TokenPurpose
from resolvers.access.actor import Actor, require
from resolvers.accounts.access_help import AccessHelpResult, client_with_account
from resolvers.accounts.account_mail import mail_token
from resolvers.activity import log_activity
from resolvers.errors import UserErrors

VERIFICATION_SENT = "verification_sent"
LOGIN_LINK_SENT = "login_link_sent"


async def fix_email_access(
    actor: Actor | None, settings: Settings, client_id: str
) -> AccessHelpResult:
    actor = require(actor, Permission.ACCOUNTS_MANAGE)
    try:
        async with in_transaction("default") as conn:
            client, account, organization = await client_with_account(
                conn, actor, client_id, account_required=True
            )
            assert account is not None
            if account.verified_at is None:
                purpose, action = TokenPurpose.VERIFY_EMAIL, VERIFICATION_SENT
            else:
                purpose, action = TokenPurpose.LOGIN_LINK, LOGIN_LINK_SENT
            await mail_token(conn, settings, organization, account, purpose, client=client)
            await log_activity(actor, client, f"account.{action}", {}, using_db=conn)
    except UserErrors as exc:
        return AccessHelpResult(errors=exc.errors)
    outbox.nudge()
    return AccessHelpResult(client=client, action=action)
