"""An organization (one business) and its labels for the generic client fields."""

from __future__ import annotations

from uuid import uuid4

from tortoise import fields
from tortoise.models import Model

from models.enums import GenericField, LevelMode

# The region of phone numbers written without "+" when an organization names no country.
DEFAULT_COUNTRY = "IT"


class Organization(Model):
    id = fields.IntField(primary_key=True)
    uuid = fields.UUIDField(unique=True, default=uuid4)
    name = fields.CharField(max_length=200)
    slug = fields.CharField(max_length=64, unique=True)
    default_locale = fields.CharField(max_length=5, default="it")
    # ISO 3166 alpha-2; the region used to read phone numbers written without "+".
    country = fields.CharField(max_length=2, default=DEFAULT_COUNTRY)
    # Seed 003: an organization may run without client-app accounts.
    client_accounts_enabled = fields.BooleanField(default=True)
    # R3.9: staff may set a client's password unless the organization switches it off.
    staff_password_assignment = fields.BooleanField(default=True)
    # R5.2: levels follow points (automatic) or are only ever set by hand (manual).
    level_mode = fields.CharEnumField(LevelMode, max_length=10, default=LevelMode.AUTOMATIC)
    # Columns added to a live table carry a database default, so existing rows get it.
    # R7.6: mail speaks for the organization. The sender name shown in the From header
    # (the address stays the service's, so SPF/DKIM/DMARC keep aligning); replies go to
    # `reply_to`; dates are shown in `time_zone` (IANA) and amounts in `currency` (ISO 4217).
    sender_name = fields.CharField(max_length=100, null=True)
    reply_to = fields.CharField(max_length=254, null=True)
    time_zone = fields.CharField(max_length=64, default="Europe/Rome", db_default="Europe/Rome")
    currency = fields.CharField(max_length=3, default="EUR", db_default="EUR")
    # R11.1: the consent wording the organization shows, per language ({"it": "...", ...});
    # what the client app records as proof when the person switches marketing on.
    consent_texts: dict[str, str] = fields.JSONField(default=dict, db_default={})
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "organization"


class FieldLabel(Model):
    """What an organization calls one of its generic fields ("text1 = shoe size")."""

    id = fields.IntField(primary_key=True)
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="field_labels", on_delete=fields.CASCADE
    )
    field = fields.CharEnumField(GenericField, max_length=8)
    label = fields.CharField(max_length=100)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "field_label"
        unique_together = (("organization", "field"),)
