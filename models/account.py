"""The person's login identity for the client app (PRODUCT.md §1), and their sessions.

An account belongs to the person, not to an organization: it can be linked to
client records of several organizations, at most one per organization. Its names
are fixed at sign-up (R3.4). Until its email is verified, no notification reaches
the person (R3.5); a verified person can switch each channel off.
"""

from __future__ import annotations

from uuid import uuid4

from tortoise import fields
from tortoise.models import Model

from models.enums import TokenPurpose
from models.organization import Organization


class Account(Model):
    id = fields.BigIntField(primary_key=True)
    uuid = fields.UUIDField(unique=True, default=uuid4)
    email = fields.CharField(max_length=254)
    email_key = fields.CharField(max_length=254, unique=True)
    password_hash = fields.CharField(max_length=255, null=True)
    first_name = fields.CharField(max_length=100, default="")
    last_name = fields.CharField(max_length=100, default="")
    locale = fields.CharField(max_length=5, null=True)
    verified_at = fields.DatetimeField(null=True)
    email_notifications = fields.BooleanField(default=True)
    in_app_notifications = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "account"

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None

    def __repr__(self) -> str:
        return f"<Account {self.uuid}>"


class AccountSession(Model):
    """A login of the client app. The token is stored as a digest."""

    id = fields.BigIntField(primary_key=True)
    account: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        "models.Account", related_name="sessions", on_delete=fields.CASCADE
    )
    token_hash = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    revoked_at = fields.DatetimeField(null=True)

    account_id: int

    class Meta:
        table = "account_session"


class AccountToken(Model):
    """A one-time secret sent by email: stored as a digest, single-use, expiring."""

    id = fields.BigIntField(primary_key=True)
    account: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        "models.Account", related_name="tokens", on_delete=fields.CASCADE
    )
    organization: fields.ForeignKeyNullableRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="account_tokens", null=True, on_delete=fields.CASCADE
    )
    purpose = fields.CharEnumField(TokenPurpose, max_length=16)
    token_hash = fields.CharField(max_length=64, unique=True)
    # For an email change: the address being confirmed.
    new_email = fields.CharField(max_length=254, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)

    account_id: int
    organization_id: int | None

    class Meta:
        table = "account_token"
