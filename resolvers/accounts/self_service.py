"""What the client-app (self-service) mutations share (R3.10).

They name the organization whose app the person uses; an organization can switch
client accounts off (seed 003). Their answers never tell whether an email has an
account: a request for a mail is "accepted" either way.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from models import Account, Organization
from resolvers.clients.client_fields import Invalid, clean_email
from resolvers.errors import ErrorCode, UserError, UserErrors, error


@dataclass
class SelfServiceResult:
    accepted: bool = False
    session_token: str | None = None
    account: Account | None = None
    errors: list[UserError] = field(default_factory=list)


async def app_organization(slug: str) -> Organization:
    organization = await Organization.filter(slug=slug.strip().lower()).first()
    if organization is None:
        raise UserErrors([error(ErrorCode.NOT_FOUND, "No such organization", "organization")])
    if not organization.client_accounts_enabled:
        raise UserErrors(
            [error(ErrorCode.CLIENT_ACCOUNTS_DISABLED, "This organization has no client accounts")]
        )
    return organization


def login_email(email: str, field_name: str = "email") -> str:
    try:
        cleaned = clean_email(email)
    except Invalid as exc:
        raise UserErrors([error(exc.code, exc.message, field_name)]) from None
    if cleaned is None:
        raise UserErrors([error(ErrorCode.REQUIRED, "Give an email", field_name)])
    return cleaned


RATE_LIMITED = error(ErrorCode.RATE_LIMITED, "Too many attempts: wait a while and try again")
