"""Inputs of the account mutations: staff help with access (R3.2, R3.8, R3.9) and the
client app's self-service (R3.10)."""

from __future__ import annotations

import strawberry


@strawberry.input(description="The client whose email to change, and the new email.")
class MigrateClientEmailInput:
    client_id: strawberry.ID = strawberry.field(description="The client.")
    email: str = strawberry.field(description="The new email.")


@strawberry.input(description="The client to help.")
class ClientAccessInput:
    client_id: strawberry.ID = strawberry.field(description="The client.")


@strawberry.input(description="A password for a client's account.")
class AssignPasswordInput:
    client_id: strawberry.ID = strawberry.field(description="The client.")
    password: str = strawberry.field(
        description="8 to 128 characters, not the email, not a common password."
    )


@strawberry.input(description="Sign-up in an organization's client app.")
class RegisterAccountInput:
    organization: str = strawberry.field(description="The organization's slug.")
    email: str = strawberry.field(description="The login email.")
    password: str = strawberry.field(description="8 to 128 characters, not the email, not common.")
    first_name: str = strawberry.field(description="First name (fixed after sign-up).")
    last_name: str = strawberry.field(description="Last name (fixed after sign-up).")
    locale: str | None = strawberry.field(default=None, description="it, es or en.")


@strawberry.input(description="An organization's app and an email.")
class AccountEmailInput:
    organization: str = strawberry.field(description="The organization's slug.")
    email: str = strawberry.field(description="The login email.")


@strawberry.input(description="Credentials for the client app.")
class LoginInput:
    organization: str = strawberry.field(description="The organization's slug.")
    email: str = strawberry.field(description="The login email.")
    password: str = strawberry.field(description="The password.")


@strawberry.input(description="A token from a link in an email.")
class TokenInput:
    token: str = strawberry.field(description="The token.")


@strawberry.input(description="A new password, with the token of a reset or setup link.")
class ResetPasswordInput:
    token: str = strawberry.field(description="The token of the link.")
    password: str = strawberry.field(description="8 to 128 characters, not the email, not common.")


@strawberry.input(description="A new login email, to be confirmed from that address.")
class RequestEmailChangeInput:
    organization: str = strawberry.field(description="The organization's slug (for the mail).")
    new_email: str = strawberry.field(description="The new login email.")
    password: str | None = strawberry.field(
        default=None, description="The current password (when the account has one)."
    )


@strawberry.input(description="Notification channels to switch on or off; omitted ones stay.")
class NotificationChannelsInput:
    email: bool | None = strawberry.field(default=None, description="Email notifications.")
    in_app: bool | None = strawberry.field(default=None, description="In-app notifications.")


@strawberry.input(description="Inbox messages to mark as read.")
class MarkInboxReadInput:
    message_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="These messages (≤ 100)."
    )
    all: bool = strawberry.field(default=False, description="Every unread message instead.")
