"""registerAccount (R3.10): a person signs up in an organization's client app.

The account starts unverified and a verification mail goes to its address. Names
given here are the account's for good (R3.4). If the organization has no client
with that email yet, a client record is created for the person and linked; an
existing record is linked only once the email is verified (R3.7), so nobody can
claim a record by typing someone else's address. If the email already has a
verified account, the answer is the same and the owner gets a login link instead:
the response never tells whether an email is registered. A sign-up for an address
nobody verified yet replaces the earlier sign-up (password, links, sessions).
"""

from __future__ import annotations

from datetime import UTC, datetime

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from clientela.infra.limit_store import LimitStore
from clientela.infra.rate_limit import LOCAL, MAIL_PER_ADDRESS, MAIL_PER_EMAIL, allowed
from clientela.settings import Settings
from mailer import outbox
from models import Account, Client
from models.enums import TokenPurpose
from models.security import hash_password_async
from resolvers.access.actor import Actor
from resolvers.accounts.account_mail import mail_token
from resolvers.accounts.account_tokens import revoke_sessions, revoke_tokens
from resolvers.accounts.passwords import password_problem
from resolvers.accounts.self_service import (
    RATE_LIMITED,
    SelfServiceResult,
    app_organization,
    login_email,
)
from resolvers.activity import log_activity
from resolvers.clients.client_fields import Invalid, camel, single_line
from resolvers.clients.client_write import new_share_code
from resolvers.errors import UserErrors, error


async def register_account(
    settings: Settings,
    organization_slug: str,
    email: str,
    password: str,
    first_name: str,
    last_name: str,
    *,
    locale: str | None = None,
    client_address: str | None = None,
    limits: LimitStore = LOCAL,
) -> SelfServiceResult:
    try:
        organization = await app_organization(organization_slug)
        address = login_email(email)
        names = {}
        for field_name, value in (("first_name", first_name), ("last_name", last_name)):
            try:
                names[field_name] = single_line(100, blank_is_none=False)(value)
            except Invalid as exc:
                raise UserErrors([error(exc.code, exc.message, camel(field_name))]) from None
        problem = password_problem(password, email=address)
        if problem is not None:
            raise UserErrors([problem])
        if not await allowed(
            "register",
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
        existing = (
            await Account.filter(email_key=address.lower())
            .using_db(conn)
            .select_for_update()
            .first()
        )
        if existing is not None and existing.verified_at is not None:
            await mail_token(conn, settings, organization, existing, TokenPurpose.LOGIN_LINK)
        elif existing is not None:
            # Nobody has proved this address yet: this sign-up replaces the earlier one, so
            # a stranger who signed up first is left with nothing that still works.
            existing.password_hash = await hash_password_async(password)
            await existing.save(using_db=conn, update_fields=["password_hash", "updated_at"])
            await revoke_tokens(conn, existing.id)
            await revoke_sessions(conn, existing.id)
            await mail_token(conn, settings, organization, existing, TokenPurpose.VERIFY_EMAIL)
        else:
            try:
                async with in_transaction("default") as savepoint:
                    account = await Account.create(
                        email=address,
                        email_key=address.lower(),
                        password_hash=await hash_password_async(password),
                        locale=locale if locale in ("it", "es", "en") else None,
                        using_db=savepoint,
                        **names,
                    )
            except IntegrityError:  # a racing sign-up with the same email won
                return SelfServiceResult(accepted=True)
            own = (
                await Client.filter(organization_id=organization.id, email_key=address.lower())
                .using_db(conn)
                .exists()
            )
            client = None
            if not own:
                client = Client(
                    organization_id=organization.id,
                    email=address,
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
                    client = (
                        None  # a record with this email appeared meanwhile: R3.7 links it later
                    )
                if client is not None:
                    await log_activity(
                        Actor.system(organization.id),
                        client,
                        "client.registered",
                        {"email": [None, address], "account": [None, str(account.uuid)]},
                        using_db=conn,
                    )
            await mail_token(
                conn, settings, organization, account, TokenPurpose.VERIFY_EMAIL, client=client
            )
    outbox.nudge()
    return SelfServiceResult(accepted=True)
