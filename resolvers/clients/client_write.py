"""What createClient and updateClient share: uniqueness conflicts and share codes."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

from tortoise.exceptions import IntegrityError

from models import Client, Organization
from models.client import email_key
from models.organization import DEFAULT_COUNTRY
from resolvers.access.actor import Actor
from resolvers.errors import ErrorCode, UserError, error
from resolvers.integrity import violated_field

# Unambiguous when read aloud or typed from a flyer: no 0/O, 1/I/L.
_SHARE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
SHARE_CODE_LENGTH = 8

_UNIQUE: dict[str, tuple[str, ErrorCode, str]] = {
    "email_key": ("email", ErrorCode.EMAIL_IN_USE, "This email is already used by another client"),
    "external_id": (
        "externalId",
        ErrorCode.EXTERNAL_ID_IN_USE,
        "This external id is already used by another client",
    ),
    "share_code": (
        "shareCode",
        ErrorCode.SHARE_CODE_IN_USE,
        "This share code is already used by another client",
    ),
}


@dataclass
class ClientResult:
    client: Client | None = None
    errors: list[UserError] = field(default_factory=list)


def new_share_code() -> str:
    return new_share_codes(1)[0]


def new_share_codes(count: int) -> list[str]:
    """`count` random share codes, drawn from one call to the system's random source (an
    import makes thousands): bytes past the largest multiple of the alphabet's size are
    dropped, so every letter stays equally likely."""
    size = len(_SHARE_ALPHABET)
    limit = 256 - 256 % size
    wanted = count * SHARE_CODE_LENGTH
    letters: list[str] = []
    while len(letters) < wanted:
        letters += [_SHARE_ALPHABET[b % size] for b in secrets.token_bytes(wanted) if b < limit]
    joined = "".join(letters[:wanted])
    return [joined[i : i + SHARE_CODE_LENGTH] for i in range(0, wanted, SHARE_CODE_LENGTH)]


async def organization_country(actor: Actor) -> str:
    country = await Organization.filter(id=actor.organization_id).values_list("country", flat=True)
    return str(country[0]) if country else DEFAULT_COUNTRY


def violated_column(exc: IntegrityError) -> str | None:
    return violated_field(exc, {column: column for column in _UNIQUE})


async def conflict_error(actor: Actor, column: str, values: dict[str, Any]) -> UserError:
    """The user error for a unique column, naming the client that holds the value (R3.3)."""
    field_name, code, message = _UNIQUE[column]
    value = email_key(values.get("email")) if column == "email_key" else values.get(column)
    holder = await Client.filter(organization_id=actor.organization_id, **{column: value}).first()
    return error(code, message, field_name, conflicting=str(holder.uuid) if holder else None)
