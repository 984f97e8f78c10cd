"""Links and mails of the account flows: where a link points and which mail carries it."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

from tortoise.backends.base.client import BaseDBAsyncClient

from clientela.settings import Settings
from models import Account, Client, Organization
from models.enums import NotificationType, TokenPurpose
from resolvers.accounts.account_tokens import issue_token
from resolvers.notifications.notifications import queue_account_mail

_PATHS = {
    TokenPurpose.VERIFY_EMAIL: "verify-email",
    TokenPurpose.PASSWORD_RESET: "reset-password",
    TokenPurpose.LOGIN_LINK: "login-link",
    TokenPurpose.EMAIL_CHANGE: "confirm-email",
    TokenPurpose.INVITE: "accept-invite",
}
_MAILS = {
    TokenPurpose.VERIFY_EMAIL: NotificationType.VERIFY_EMAIL,
    TokenPurpose.PASSWORD_RESET: NotificationType.PASSWORD_RESET,
    TokenPurpose.LOGIN_LINK: NotificationType.LOGIN_LINK,
    TokenPurpose.EMAIL_CHANGE: NotificationType.VERIFY_EMAIL,
    TokenPurpose.INVITE: NotificationType.WELCOME,
}


def link(settings: Settings, purpose: TokenPurpose, organization: Organization, token: str) -> str:
    query = urlencode({"organization": organization.slug, "token": token})
    return f"{settings.app_url}/{_PATHS[purpose]}?{query}"


def token_ttl(settings: Settings, purpose: TokenPurpose) -> timedelta:
    return {
        TokenPurpose.VERIFY_EMAIL: settings.verify_token_ttl,
        TokenPurpose.EMAIL_CHANGE: settings.verify_token_ttl,
        TokenPurpose.PASSWORD_RESET: settings.reset_token_ttl,
        TokenPurpose.LOGIN_LINK: settings.login_link_ttl,
        TokenPurpose.INVITE: settings.verify_token_ttl,
    }[purpose]


async def mail_token(
    conn: BaseDBAsyncClient,
    settings: Settings,
    organization: Organization,
    account: Account,
    purpose: TokenPurpose,
    *,
    to_address: str | None = None,
    client: Client | None = None,
) -> None:
    """Issue a token for `purpose` and queue the mail that carries its link."""
    new_email = to_address if purpose is TokenPurpose.EMAIL_CHANGE else None
    token = await issue_token(
        conn,
        account,
        purpose,
        token_ttl(settings, purpose),
        organization_id=organization.id,
        new_email=new_email,
    )
    await queue_account_mail(
        conn,
        organization,
        _MAILS[purpose],
        to_address=to_address or account.email,
        params={"action_url": link(settings, purpose, organization, token)},
        client=client,
        account_id=account.id,
        locale=account.locale,
    )


async def security_notice(
    conn: BaseDBAsyncClient,
    organization: Organization,
    account: Account,
    kind: NotificationType,
    *,
    to_address: str | None = None,
) -> None:
    """Tell a verified address that its password or email changed (R3.9, R3.10)."""
    if account.verified_at is None:
        return  # R3.5: nothing reaches an unverified address except the account mails
    await queue_account_mail(
        conn,
        organization,
        kind,
        to_address=to_address or account.email,
        params={},
        account_id=account.id,
        locale=account.locale,
    )
