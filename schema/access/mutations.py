"""Staff sessions, API keys, field labels and organization settings (R9.1)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from resolvers.access.api_keys import create_api_key, revoke_api_key
from resolvers.access.set_field_label import set_field_label
from resolvers.access.staff_login import staff_login, staff_logout
from resolvers.access.update_organization_settings import update_organization_settings
from schema.access.inputs import (
    CreateApiKeyInput,
    RevokeApiKeyInput,
    SetFieldLabelInput,
    StaffLoginInput,
    UpdateOrganizationSettingsInput,
)
from schema.access.types import ApiKey, FieldLabel, Organization, StaffUser
from schema.context import Info
from schema.errors import ERRORS, INPUT, UserError, user_errors


@strawberry.type(description="Result of staffLogin.")
class StaffLoginPayload:
    token: str | None = strawberry.field(
        description="Session token for `Authorization: Bearer`; shown only now."
    )
    expires_at: datetime | None = strawberry.field(description="When the token stops working.")
    staff_user: StaffUser | None = strawberry.field(description="Who logged in.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Result of staffLogout.")
class StaffLogoutPayload:
    revoked: bool = strawberry.field(description="The session token used for this call is revoked.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Result of setFieldLabel.")
class SetFieldLabelPayload:
    field_label: FieldLabel | None = strawberry.field(
        description="The label as it is now; null when it was removed."
    )
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Result of createApiKey.")
class CreateApiKeyPayload:
    api_key: ApiKey | None = strawberry.field(description="The new key.")
    secret: str | None = strawberry.field(
        description="The key itself, for `Authorization: Bearer`; shown only now, never again."
    )
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Result of revokeApiKey.")
class RevokeApiKeyPayload:
    api_key: ApiKey | None = strawberry.field(description="The revoked key.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Result of updateOrganizationSettings.")
class OrganizationPayload:
    organization: Organization = strawberry.field(description="The organization as it is now.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Staff sessions, API keys, field labels and organization settings.")
class AccessMutation:
    @strawberry.mutation(description="Log a staff user in; returns a session token.")
    async def staff_login(
        self, info: Info, input: Annotated[StaffLoginInput, INPUT]
    ) -> StaffLoginPayload:
        request = info.context.request
        result = await staff_login(
            input.email,
            input.password,
            ttl=info.context.settings.staff_session_ttl,
            client_address=request.client.host if request is not None and request.client else None,
            limits=info.context.limits,
        )
        return StaffLoginPayload(
            token=result.token,
            expires_at=result.expires_at,
            staff_user=result.staff,  # type: ignore[arg-type]
            user_errors=user_errors(result.errors),
        )

    @strawberry.mutation(description="Revoke the session token used for this call.")
    async def staff_logout(self, info: Info) -> StaffLogoutPayload:
        return StaffLogoutPayload(revoked=await staff_logout(info.context.actor), user_errors=[])

    @strawberry.mutation(description="Label a generic field, or remove its label.")
    async def set_field_label(
        self, info: Info, input: Annotated[SetFieldLabelInput, INPUT]
    ) -> SetFieldLabelPayload:
        result = await set_field_label(info.context.actor, input.field, input.label)
        label = (
            FieldLabel(field=result.generic_field, label=result.label)
            if result.label and not result.errors
            else None
        )
        return SetFieldLabelPayload(field_label=label, user_errors=user_errors(result.errors))

    @strawberry.mutation(description="Create an API key; its secret is in the payload only.")
    async def create_api_key(
        self, info: Info, input: Annotated[CreateApiKeyInput, INPUT]
    ) -> CreateApiKeyPayload:
        result = await create_api_key(info.context.actor, input.name, list(input.scopes))
        return CreateApiKeyPayload(
            api_key=result.api_key,  # type: ignore[arg-type]
            secret=result.secret,
            user_errors=user_errors(result.errors),
        )

    @strawberry.mutation(description="Revoke an API key; it stops working at once.")
    async def revoke_api_key(
        self, info: Info, input: Annotated[RevokeApiKeyInput, INPUT]
    ) -> RevokeApiKeyPayload:
        result = await revoke_api_key(info.context.actor, str(input.api_key_id))
        return RevokeApiKeyPayload(api_key=result.api_key, user_errors=user_errors(result.errors))  # type: ignore[arg-type]

    @strawberry.mutation(description="Change the organization's settings.")
    async def update_organization_settings(
        self, info: Info, input: Annotated[UpdateOrganizationSettingsInput, INPUT]
    ) -> OrganizationPayload:
        result = await update_organization_settings(
            info.context.actor,
            level_mode=input.level_mode,
            client_accounts_enabled=input.client_accounts_enabled,
            staff_password_assignment=input.staff_password_assignment,
            sender_name=input.sender_name,
            reply_to=input.reply_to,
            time_zone=input.time_zone,
            currency=input.currency,
        )
        return OrganizationPayload(
            organization=result.organization,  # type: ignore[arg-type]
            user_errors=user_errors(result.errors),
        )
