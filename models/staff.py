"""Staff users of the admin console, their login sessions, and API keys."""

from __future__ import annotations

from uuid import uuid4

from tortoise import fields
from tortoise.models import Model

from models.enums import StaffRole
from models.organization import Organization


class StaffUser(Model):
    """Someone who works in the admin console of one organization.

    The login email is unique across the platform, so `staffLogin` needs no
    organization: the user decides it.
    """

    id = fields.IntField(primary_key=True)
    uuid = fields.UUIDField(unique=True, default=uuid4)
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="staff", on_delete=fields.CASCADE
    )
    email = fields.CharField(max_length=254, unique=True)
    name = fields.CharField(max_length=200)
    role = fields.CharEnumField(StaffRole, max_length=10)
    password_hash = fields.CharField(max_length=255)
    is_active = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    last_login_at = fields.DatetimeField(null=True)

    organization_id: int

    class Meta:
        table = "staff_user"

    def __repr__(self) -> str:
        return f"<StaffUser {self.uuid}>"


class StaffSession(Model):
    id = fields.BigIntField(primary_key=True)
    staff: fields.ForeignKeyRelation[StaffUser] = fields.ForeignKeyField(
        "models.StaffUser", related_name="sessions", on_delete=fields.CASCADE
    )
    token_hash = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    revoked_at = fields.DatetimeField(null=True)

    staff_id: int

    class Meta:
        table = "staff_session"


class StaffToken(Model):
    """A one-time secret mailed to a staff user (an invitation's set-password link, R9.3):
    like the client app's account tokens, stored as a digest, single-use and expiring."""

    id = fields.BigIntField(primary_key=True)
    staff: fields.ForeignKeyRelation[StaffUser] = fields.ForeignKeyField(
        "models.StaffUser", related_name="tokens", on_delete=fields.CASCADE
    )
    purpose = fields.CharField(max_length=16)
    token_hash = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)

    staff_id: int

    class Meta:
        table = "staff_token"


class ApiKey(Model):
    """A secret for a partner integration or marketing tool, scoped and revocable."""

    id = fields.IntField(primary_key=True)
    uuid = fields.UUIDField(unique=True, default=uuid4)
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="api_keys", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=100)
    # The first characters of the key, kept so people can tell their keys apart.
    prefix = fields.CharField(max_length=16)
    key_hash = fields.CharField(max_length=64, unique=True)
    scopes: list[str] = fields.JSONField(default=list)
    created_at = fields.DatetimeField(auto_now_add=True)
    revoked_at = fields.DatetimeField(null=True)
    last_used_at = fields.DatetimeField(null=True)

    organization_id: int

    class Meta:
        table = "api_key"
