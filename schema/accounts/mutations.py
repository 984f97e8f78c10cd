"""Account mutations: staff helping a client with access, and the client app's self-service."""

from __future__ import annotations

from typing import Annotated

import strawberry

from resolvers.accounts import (
    account_login,
    account_preferences,
    assign_password,
    email_change,
    fix_email_access,
    migrate_client_email,
    password_reset,
    register_account,
    send_password_setup_link,
    send_welcome_email,
    verify_email,
)
from resolvers.accounts.access_help import AccessHelpResult
from resolvers.accounts.self_service import SelfServiceResult
from schema.accounts.inputs import (
    AccountEmailInput,
    AssignPasswordInput,
    ClientAccessInput,
    LoginInput,
    MigrateClientEmailInput,
    NotificationChannelsInput,
    RegisterAccountInput,
    RequestEmailChangeInput,
    ResetPasswordInput,
    TokenInput,
)
from schema.accounts.types import Account
from schema.clients.types import Client
from schema.context import Info
from schema.errors import ERRORS, INPUT, UserError, user_errors


@strawberry.type(description="Result of a staff action on a client's access.")
class ClientAccessPayload:
    client: Client | None = strawberry.field(description="The client.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Result of fixEmailAccess.")
class FixEmailAccessPayload:
    client: Client | None = strawberry.field(description="The client.")
    action: str | None = strawberry.field(
        description="verification_sent (not verified yet) or login_link_sent (verified)."
    )
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(
    description="Result of a client-app request that sends a mail. `accepted` is the same "
    "whether or not the email has an account."
)
class AccountRequestPayload:
    accepted: bool = strawberry.field(description="The request was taken.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Result of a client-app login.")
class AccountSessionPayload:
    token: str | None = strawberry.field(
        description="Session token for `Authorization: Bearer`; shown only now."
    )
    account: Account | None = strawberry.field(description="Who logged in.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Result of setNotificationChannels.")
class SetNotificationChannelsPayload:
    account: Account | None = strawberry.field(description="The account as it is now.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


def _access(result: AccessHelpResult) -> ClientAccessPayload:
    return ClientAccessPayload(client=result.client, user_errors=user_errors(result.errors))  # type: ignore[arg-type]


def _request(result: SelfServiceResult) -> AccountRequestPayload:
    return AccountRequestPayload(accepted=result.accepted, user_errors=user_errors(result.errors))


def _session(result: SelfServiceResult) -> AccountSessionPayload:
    return AccountSessionPayload(
        token=result.session_token,
        account=result.account if result.session_token else None,  # type: ignore[arg-type]
        user_errors=user_errors(result.errors),
    )


def _address(info: Info) -> str | None:
    request = info.context.request
    return request.client.host if request is not None and request.client else None


@strawberry.type(description="Account mutations.")
class AccountMutation:
    @strawberry.mutation(
        description="Change a client's email (R3.2): both emails while the account is not "
        "verified; refused with ACCOUNT_EMAIL_OWNED_BY_CLIENT once it is."
    )
    async def migrate_client_email(
        self, info: Info, input: Annotated[MigrateClientEmailInput, INPUT]
    ) -> ClientAccessPayload:
        result = await migrate_client_email.migrate_client_email(
            info.context.actor, info.context.settings, str(input.client_id), input.email
        )
        return ClientAccessPayload(client=result.client, user_errors=user_errors(result.errors))  # type: ignore[arg-type]

    @strawberry.mutation(
        description="Resend the verification mail, or send a login link to a verified address."
    )
    async def fix_email_access(
        self, info: Info, input: Annotated[ClientAccessInput, INPUT]
    ) -> FixEmailAccessPayload:
        result = await fix_email_access.fix_email_access(
            info.context.actor, info.context.settings, str(input.client_id)
        )
        return FixEmailAccessPayload(
            client=result.client,  # type: ignore[arg-type]
            action=result.action,
            user_errors=user_errors(result.errors),
        )

    @strawberry.mutation(description='Send "Welcome to {organization}" to the client.')
    async def send_welcome_email(
        self, info: Info, input: Annotated[ClientAccessInput, INPUT]
    ) -> ClientAccessPayload:
        return _access(
            await send_welcome_email.send_welcome_email(
                info.context.actor, info.context.settings, str(input.client_id)
            )
        )

    @strawberry.mutation(description="Send a one-time link to set a password.")
    async def send_password_setup_link(
        self, info: Info, input: Annotated[ClientAccessInput, INPUT]
    ) -> ClientAccessPayload:
        return _access(
            await send_password_setup_link.send_password_setup_link(
                info.context.actor, info.context.settings, str(input.client_id)
            )
        )

    @strawberry.mutation(description="Set the password of a client's account (R3.9).")
    async def assign_password(
        self, info: Info, input: Annotated[AssignPasswordInput, INPUT]
    ) -> ClientAccessPayload:
        return _access(
            await assign_password.assign_password(
                info.context.actor, str(input.client_id), input.password
            )
        )

    @strawberry.mutation(description="Client app: sign up; a verification mail follows.")
    async def register_account(
        self, info: Info, input: Annotated[RegisterAccountInput, INPUT]
    ) -> AccountRequestPayload:
        return _request(
            await register_account.register_account(
                info.context.settings,
                input.organization,
                input.email,
                input.password,
                input.first_name,
                input.last_name,
                locale=input.locale,
                client_address=_address(info),
                limits=info.context.limits,
            )
        )

    @strawberry.mutation(description="Client app: the verification link; logs the person in.")
    async def verify_email(
        self, info: Info, input: Annotated[TokenInput, INPUT]
    ) -> AccountSessionPayload:
        return _session(
            await verify_email.verify_email(
                info.context.settings,
                input.token,
                client_address=_address(info),
                limits=info.context.limits,
            )
        )

    @strawberry.mutation(description="Client app: log in with email and password.")
    async def login(self, info: Info, input: Annotated[LoginInput, INPUT]) -> AccountSessionPayload:
        return _session(
            await account_login.login(
                info.context.settings,
                input.organization,
                input.email,
                input.password,
                client_address=_address(info),
                limits=info.context.limits,
            )
        )

    @strawberry.mutation(description="Client app: end the session used for this call.")
    async def logout(self, info: Info) -> AccountRequestPayload:
        revoked = await account_login.logout(info.context.account)
        return AccountRequestPayload(accepted=revoked, user_errors=[])

    @strawberry.mutation(description="Client app: mail a one-click login link.")
    async def request_login_link(
        self, info: Info, input: Annotated[AccountEmailInput, INPUT]
    ) -> AccountRequestPayload:
        return _request(
            await account_login.request_login_link(
                info.context.settings,
                input.organization,
                input.email,
                client_address=_address(info),
                limits=info.context.limits,
            )
        )

    @strawberry.mutation(description="Client app: log in with the token of a login link.")
    async def login_with_link(
        self, info: Info, input: Annotated[TokenInput, INPUT]
    ) -> AccountSessionPayload:
        return _session(
            await account_login.login_with_link(
                info.context.settings,
                input.token,
                client_address=_address(info),
                limits=info.context.limits,
            )
        )

    @strawberry.mutation(description="Client app: mail a password reset link.")
    async def request_password_reset(
        self, info: Info, input: Annotated[AccountEmailInput, INPUT]
    ) -> AccountRequestPayload:
        return _request(
            await password_reset.request_password_reset(
                info.context.settings,
                input.organization,
                input.email,
                client_address=_address(info),
                limits=info.context.limits,
            )
        )

    @strawberry.mutation(description="Client app: set a new password with a reset or setup link.")
    async def reset_password(
        self, info: Info, input: Annotated[ResetPasswordInput, INPUT]
    ) -> AccountSessionPayload:
        return _session(
            await password_reset.reset_password(
                info.context.settings,
                input.token,
                input.password,
                client_address=_address(info),
                limits=info.context.limits,
            )
        )

    @strawberry.mutation(description="Client app: ask to change the login email.")
    async def request_email_change(
        self, info: Info, input: Annotated[RequestEmailChangeInput, INPUT]
    ) -> AccountRequestPayload:
        return _request(
            await email_change.request_email_change(
                info.context.account,
                info.context.settings,
                input.organization,
                input.new_email,
                input.password,
                client_address=_address(info),
                limits=info.context.limits,
            )
        )

    @strawberry.mutation(description="Client app: confirm a new login email from that address.")
    async def confirm_email_change(
        self, info: Info, input: Annotated[TokenInput, INPUT]
    ) -> AccountRequestPayload:
        return _request(
            await email_change.confirm_email_change(
                info.context.settings,
                input.token,
                client_address=_address(info),
                limits=info.context.limits,
            )
        )

    @strawberry.mutation(description="Client app: switch notification channels on or off.")
    async def set_notification_channels(
        self, info: Info, input: Annotated[NotificationChannelsInput, INPUT]
    ) -> SetNotificationChannelsPayload:
        account = await account_preferences.set_notification_channels(
            info.context.account, email=input.email, in_app=input.in_app
        )
        return SetNotificationChannelsPayload(account=account, user_errors=[])  # type: ignore[arg-type]
