"""assignPassword (R3.9): staff with the permission set a client's password.

Refused when the organization switched it off. The password must pass the policy
(8+ characters, not the email, not a common password). It is hashed with argon2id;
every session and pending token of the account is revoked; the person is told by
email that the password changed (never the password itself); the activity log
says it happened, without any secret.
"""

from __future__ import annotations

from tortoise.transactions import in_transaction

from clientela.infra import auth_cache
from mailer import outbox
from models import Account
from models.access import Permission
from models.enums import NotificationType
from models.security import hash_password_async
from resolvers.access.actor import Actor, require
from resolvers.accounts.access_help import AccessHelpResult, client_with_account
from resolvers.accounts.account_mail import security_notice
from resolvers.accounts.account_tokens import revoke_sessions, revoke_tokens
from resolvers.accounts.passwords import password_problem
from resolvers.activity import log_activity
from resolvers.errors import ErrorCode, UserErrors, error


async def assign_password(actor: Actor | None, client_id: str, password: str) -> AccessHelpResult:
    actor = require(actor, Permission.PASSWORDS_ASSIGN)
    try:
        async with in_transaction("default") as conn:
            client, account, organization = await client_with_account(
                conn, actor, client_id, account_required=True
            )
            assert account is not None
            if not organization.staff_password_assignment:
                raise UserErrors(
                    [
                        error(
                            ErrorCode.PASSWORD_ASSIGNMENT_DISABLED,
                            "Password assignment is switched off: send a password setup link",
                        )
                    ]
                )
            problem = password_problem(password, email=account.email)
            if problem is not None:
                raise UserErrors([problem])
            await (
                Account.filter(id=account.id)
                .using_db(conn)
                .update(password_hash=await hash_password_async(password))
            )
            await revoke_sessions(conn, account.id)
            await revoke_tokens(conn, account.id)
            await security_notice(conn, organization, account, NotificationType.PASSWORD_CHANGED)
            await log_activity(actor, client, "account.password_assigned", {}, using_db=conn)
    except UserErrors as exc:
        return AccessHelpResult(errors=exc.errors)
    auth_cache.tokens_revoked()  # committed: the sessions it ended (revoke_sessions)
    outbox.nudge()
    return AccessHelpResult(client=client, action="password_assigned")
