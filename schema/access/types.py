"""What belongs to the organization: the organization itself, its levels, tags, field labels,
staff users and API keys, and the caller (`me`)."""

from __future__ import annotations

from datetime import datetime

import strawberry

import models
from models.access import Permission as DomainPermission
from resolvers.staff.invite_staff import NO_PASSWORD
from schema.common import public_id
from schema.enums import GenericField, LevelMode, Permission, StaffRole
from schema.sources import from_sources


@from_sources
@strawberry.type(
    description="A business. Every client, tag, level, key and staff user belongs to one."
)
class Organization:
    id: strawberry.ID = strawberry.field(resolver=public_id)
    name: str = strawberry.field(description="Display name.")
    slug: str = strawberry.field(description="Short unique name.")
    default_locale: str = strawberry.field(description="Language of mail when a client has none.")
    country: str = strawberry.field(
        description="ISO country code; the region of local phone numbers."
    )
    sender_name: str | None = strawberry.field(
        description="Name in the From header of its mail; the organization's name when null."
    )
    reply_to: str | None = strawberry.field(description="Where replies to its mail go.")
    time_zone: str = strawberry.field(description="IANA time zone of the dates in its mail.")
    currency: str = strawberry.field(description="ISO 4217 code of its amounts.")
    level_mode: LevelMode = strawberry.field(
        description="How levels are set: by the points balance, or only by hand."
    )
    client_accounts_enabled: bool = strawberry.field(
        description="Clients may sign up and log in to the client app (R3.10)."
    )
    staff_password_assignment: bool = strawberry.field(
        description="Staff with the permission may assign clients' passwords (R3.9)."
    )

    @strawberry.field
    @staticmethod
    def consent_texts(parent: strawberry.Parent[models.Organization]) -> list[ConsentText]:
        texts = parent.consent_texts or {}
        return [ConsentText(locale=k, text=texts[k]) for k in sorted(texts)]


@strawberry.type(description="The consent wording in one language.")
class ConsentText:
    locale: str = strawberry.field(description="it, es or en.")
    text: str = strawberry.field(description="The wording.")


@from_sources
@strawberry.type(description="A loyalty level; levels are ordered by their point threshold.")
class Level:
    id: strawberry.ID = strawberry.field(resolver=public_id)
    name: str = strawberry.field(description="Display name, unique in the organization.")
    threshold: int = strawberry.field(description="Points from which a client reaches this level.")


@from_sources
@strawberry.type(description="A tag of the organization; names are case-insensitive.")
class Tag:
    id: strawberry.ID = strawberry.field(resolver=public_id)
    name: str = strawberry.field(description="Display name.")


@from_sources
@strawberry.type(description="What an organization calls one of its generic fields.")
class FieldLabel:
    field: GenericField = strawberry.field(description="The generic field.")
    label: str = strawberry.field(description="Its name in this organization.")


@from_sources
@strawberry.type(description="A staff user of the admin console.")
class StaffUser:
    id: strawberry.ID = strawberry.field(resolver=public_id)
    email: str = strawberry.field(description="Login email.")
    name: str = strawberry.field(description="Display name.")
    role: StaffRole = strawberry.field(description="Role; it decides the permissions.")

    @strawberry.field
    @staticmethod
    def invitation_pending(parent: strawberry.Parent[models.StaffUser]) -> bool:
        return parent.password_hash == NO_PASSWORD


@from_sources
@strawberry.type(description="An API key. The secret itself is shown only once, at creation.")
class ApiKey:
    id: strawberry.ID = strawberry.field(resolver=public_id)
    name: str = strawberry.field(description="What the key is for.")
    prefix: str = strawberry.field(
        description="The first characters of the key, to tell keys apart."
    )
    created_at: datetime = strawberry.field(description="When it was created.")
    revoked_at: datetime | None = strawberry.field(description="When it was revoked, if it was.")
    last_used_at: datetime | None = strawberry.field(
        description="Roughly when it was last used (to the nearest few minutes)."
    )

    @strawberry.field
    @staticmethod
    def scopes(parent: strawberry.Parent[models.ApiKey]) -> list[Permission]:
        return [DomainPermission(s) for s in parent.scopes]


@strawberry.type(description="Who is calling, and what they may do.")
class Viewer:
    organization: Organization = strawberry.field(description="The caller's organization.")
    permissions: list[Permission] = strawberry.field(description="What the caller may do.")
    staff_user: StaffUser | None = strawberry.field(description="Set when a staff user calls.")
    api_key: ApiKey | None = strawberry.field(description="Set when an API key calls.")
