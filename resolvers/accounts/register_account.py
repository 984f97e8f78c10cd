"""registerAccount (R3.10): a person signs up in an organization's client app.

The account starts unverified and a verification mail goes to its address. Names
given here are the account's for good (R3.4). If the organization has no client
with that email yet, a client record is created for the person and linked; an
existing record is linked only once the email is verified (R3.7), so nobody can
claim a record by typing someone else's address. If the email already has a
verified account, the answer is the same and the owner gets a login link instead:
the response never tells whether an email is registered. A sign-up for an address
nobody verified yet replaces the earlier sign-up (password, links, sessions).

All of that happens off the request path (resolvers/accounts/account_requests.py): the
answer costs the same statements and the same argon2 hash whether the email is known or
not, so neither its words nor its time tell (issue 14).
"""

from __future__ import annotations

from clientela.infra.limit_store import LimitStore
from clientela.infra.rate_limit import LOCAL, MAIL_PER_ADDRESS, MAIL_PER_EMAIL, allowed
from clientela.settings import Settings
from models.enums import AccountRequestKind
from models.security import hash_password_async
from resolvers.accounts.account_requests import queue_request
from resolvers.accounts.passwords import password_problem
from resolvers.accounts.self_service import (
    RATE_LIMITED,
    SelfServiceResult,
    app_organization,
    login_email,
)
from resolvers.clients.client_fields import Invalid, camel, single_line
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

    # The same statements and work for every email: the password is hashed (argon2id)
    # whether it will be used or not, and the rest waits for the worker
    # (resolvers/accounts/account_requests.py), so the answer's time tells nothing.
    await queue_request(
        organization,
        AccountRequestKind.REGISTER,
        address,
        password_hash=await hash_password_async(password),
        locale=locale if locale in ("it", "es", "en") else None,
        **names,
    )
    return SelfServiceResult(accepted=True)
