"""Inputs of the access and organization mutations."""

from __future__ import annotations

import strawberry

from schema.enums import (
    GenericField,
    LevelMode,
    Permission,
)


@strawberry.input(description="Staff credentials.")
class StaffLoginInput:
    email: str = strawberry.field(description="Login email.")
    password: str = strawberry.field(description="Password.")


@strawberry.input(description="A label for a generic field.")
class SetFieldLabelInput:
    field: GenericField = strawberry.field(description="The generic field.")
    label: str | None = strawberry.field(description="Its name (≤ 100); null or empty removes it.")


@strawberry.input(description="A new API key.")
class CreateApiKeyInput:
    name: str = strawberry.field(description="What the key is for (≤ 100).")
    scopes: list[Permission] = strawberry.field(
        description="What it may do: CLIENTS_READ, CLIENTS_WRITE, NOTES_WRITE."
    )


@strawberry.input(description="The API key to revoke.")
class RevokeApiKeyInput:
    api_key_id: strawberry.ID = strawberry.field(description="Public id of the key.")


@strawberry.input(description="Organization settings to change; omitted ones stay.")
class UpdateOrganizationSettingsInput:
    level_mode: LevelMode | None = strawberry.field(default=None, description="How levels are set.")
    client_accounts_enabled: bool | None = strawberry.field(
        default=None, description="Client-app accounts."
    )
    staff_password_assignment: bool | None = strawberry.field(
        default=None, description="Staff may assign passwords."
    )
    sender_name: str | None = strawberry.field(
        default=None,
        description='Name in the From header of the organization\'s mail (R7.6); "" '
        "goes back to the organization's name.",
    )
    reply_to: str | None = strawberry.field(
        default=None,
        description='Address that replies to the organization\'s mail go to; "" for none.',
    )
    time_zone: str | None = strawberry.field(
        default=None, description="IANA time zone of dates in mail, e.g. Europe/Madrid."
    )
    currency: str | None = strawberry.field(
        default=None, description="ISO 4217 code of amounts given without a currency."
    )
