"""Self-service requests carried out off the request path (R3.10: answers never reveal
whether an email exists - not by their words, not by their time; issue 14).

registerAccount, requestPasswordReset and requestLoginLink check their input, take their
attempt limits, hash the sign-up's password (argon2id: every sign-up pays it, known
email or not), write one `AccountRequest` row and answer. The same statements and the
same work for every email. This worker then looks the email up and does what the
request means - create the account, replace an unverified sign-up, or mail a login,
reset or verification link - in one transaction that also deletes the row. Mail goes
through the outbox as always, after commit.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, datetime

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from clientela.infra import auth_cache
from clientela.infra.log_safety import stack
from clientela.settings import Settings
from mailer import outbox
from models import Account, AccountRequest, Client, Organization
from models.enums import AccountRequestKind, TokenPurpose
from resolvers.access.actor import Actor
from resolvers.accounts.account_login_guard import disabled_here
from resolvers.accounts.account_mail import mail_token
from resolvers.accounts.account_tokens import revoke_sessions, revoke_tokens
from resolvers.activity import log_activity
from resolvers.clients.client_write import new_share_code

log = logging.getLogger("clientela.accounts")

_wakers: set[asyncio.Event] = set()
_LINKS = {
    AccountRequestKind.PASSWORD_RESET: TokenPurpose.PASSWORD_RESET,
    AccountRequestKind.LOGIN_LINK: TokenPurpose.LOGIN_LINK,
}


def nudge() -> None:
    """Tell this process's worker that a request was committed."""
    for event in list(_wakers):
        event.set()


async def queue_request(
    organization: Organization,
    kind: AccountRequestKind,
    email: str,
    *,
    password_hash: str | None = None,
    first_name: str = "",
    last_name: str = "",
    locale: str | None = None,
) -> None:
    """The request path's one write, the same whatever the email."""
    await AccountRequest.create(
        organization_id=organization.id,
        kind=kind,
        email=email,
        password_hash=password_hash,
        first_name=first_name,
        last_name=last_name,
        locale=locale,
    )
    nudge()


async def carry_out_pending(settings: Settings) -> int:
    """Carry out the waiting requests, each in its own transaction. Returns how many."""
    done = 0
    while True:
        async with in_transaction("default") as conn:
            # `.only("id")` keeps FOR UPDATE (SKIP LOCKED: several workers share the queue).
            claimed = (
                await AccountRequest.all()
                .order_by("id")
                .limit(1)
                .select_for_update(skip_locked=True)
                .only("id")
                .using_db(conn)
            )
            if not claimed:
                break
            request = await AccountRequest.filter(id=claimed[0].id).using_db(conn).get()
            revoked = False
            try:
                async with in_transaction("default") as savepoint:
                    revoked = await _carry_out(savepoint, settings, request)
            except Exception as exc:
                # Logged with its id and stack only (the row holds an email); dropped, not
                # retried forever: the person can ask again.
                log.error("account request %s failed and was dropped: %s", request.id, stack(exc))
            await request.delete(using_db=conn)
        if revoked:
            auth_cache.tokens_revoked()  # committed: the sessions a new sign-up ended
        done += 1
    if done:
        outbox.nudge()
    return done


async def _carry_out(conn: BaseDBAsyncClient, settings: Settings, request: AccountRequest) -> bool:
    """Carry out one request; whether it ended sessions of the account."""
    organization = await Organization.filter(id=request.organization_id).using_db(conn).get()
    key = request.email.lower()
    account = await Account.filter(email_key=key).using_db(conn).select_for_update().first()
    if request.kind is not AccountRequestKind.REGISTER:
        if account is not None and not await disabled_here(organization.id, account.id):
            await mail_token(conn, settings, organization, account, _LINKS[request.kind])
        return False
    if account is not None and account.verified_at is not None:
        # The owner is told someone tried; the stranger learns nothing.
        await mail_token(conn, settings, organization, account, TokenPurpose.LOGIN_LINK)
    elif account is not None:
        # Nobody has proved this address yet: this sign-up replaces the earlier one, so
        # a stranger who signed up first is left with nothing that still works.
        account.password_hash = request.password_hash
        await account.save(using_db=conn, update_fields=["password_hash", "updated_at"])
        await revoke_tokens(conn, account.id)
        revoked = await revoke_sessions(conn, account.id)
        await mail_token(conn, settings, organization, account, TokenPurpose.VERIFY_EMAIL)
        return revoked
    else:
        await _sign_up(conn, settings, organization, request)
    return False


async def _sign_up(
    conn: BaseDBAsyncClient, settings: Settings, organization: Organization, request: AccountRequest
) -> None:
    names = {"first_name": request.first_name, "last_name": request.last_name}
    try:
        async with in_transaction("default") as savepoint:
            account = await Account.create(
                email=request.email,
                email_key=request.email.lower(),
                password_hash=request.password_hash,
                locale=request.locale,
                using_db=savepoint,
                **names,
            )
    except IntegrityError:  # another worker's sign-up with the same email won
        return
    own = (
        await Client.filter(organization_id=organization.id, email_key=request.email.lower())
        .using_db(conn)
        .exists()
    )
    client = None
    if not own:
        client = Client(
            organization_id=organization.id,
            email=request.email,
            account_id=account.id,
            registered_at=datetime.now(UTC),
            share_code=new_share_code(),
            locale=account.locale,
            **names,
        )
        try:
            async with in_transaction("default") as savepoint:
                await client.save(using_db=savepoint)
        except IntegrityError:
            client = None  # a record with this email appeared meanwhile: R3.7 links it later
        if client is not None:
            await log_activity(
                Actor.system(organization.id),
                client,
                "client.registered",
                {"email": [None, request.email], "account": [None, str(account.uuid)]},
                using_db=conn,
            )
    await mail_token(
        conn, settings, organization, account, TokenPurpose.VERIFY_EMAIL, client=client
    )


async def run(settings: Settings, stop: asyncio.Event, poll: float = 1.0) -> None:
    """Carry out requests until `stop` is set; wake early on `nudge()`."""
    wake = asyncio.Event()
    _wakers.add(wake)
    try:
        while not stop.is_set():
            try:
                await carry_out_pending(settings)
            except Exception as exc:
                log.error("account requests pass failed; retrying shortly: %s", stack(exc))
            wake.clear()
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(poll):
                    stop_task = asyncio.ensure_future(stop.wait())
                    wake_task = asyncio.ensure_future(wake.wait())
                    try:
                        await asyncio.wait(
                            [stop_task, wake_task], return_when=asyncio.FIRST_COMPLETED
                        )
                    finally:
                        stop_task.cancel()
                        wake_task.cancel()
    finally:
        _wakers.discard(wake)
