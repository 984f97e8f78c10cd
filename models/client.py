"""The client record (PRODUCT.md §2) and its tags.

`email_key`, `birthday_md` and `search_text` are derived columns kept by `save()`: the
first makes email uniqueness case-insensitive through a plain unique index on every
database; the second (month * 100 + day) makes birthday filters index-friendly; the
third is what search reads (R6.4, models/search_text.py; a trigram index on PostgreSQL).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from uuid import uuid4

from tortoise import fields
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.indexes import Index
from tortoise.models import Model

from models.account import Account
from models.enums import ClientStatus, Gender, GenericField, IdentificationType
from models.level import Level
from models.organization import Organization
from models.search_text import client_search_text
from models.tag import Tag

# The fields of the record a caller writes (PRODUCT.md §2), in the order of the card: what
# createClient/updateClient take, an import's columns write and a merge chooses between
# (all but the share code, which both clients keep pointing at the survivor: R4.8). The
# export writes each of them as a column, so an export reads back as an import (R10.6).
CLIENT_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "identification_type",
    "identification_number",
    "external_id",
    "gender",
    "city",
    "birthday",
    "registered_at",
    "registration_code",
    "share_code",
    "locale",
    *(field.value for field in GenericField),
)
# The fields `search_text` is made of (a write of any of them rewrites it).
SEARCHED_FIELDS = ("first_name", "last_name", "email", "phone", "identification_number")


def email_key(email: str | None) -> str | None:
    return email.lower() if email else None


def birthday_md(birthday: date | None) -> int | None:
    return birthday.month * 100 + birthday.day if birthday else None


class Client(Model):
    id = fields.BigIntField(primary_key=True)
    uuid = fields.UUIDField(unique=True, default=uuid4)
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="clients", on_delete=fields.RESTRICT
    )
    first_name = fields.CharField(max_length=100, default="")
    last_name = fields.CharField(max_length=100, default="")
    email = fields.CharField(max_length=254, null=True)
    email_key = fields.CharField(max_length=254, null=True)
    phone = fields.CharField(max_length=20, null=True)
    identification_type = fields.CharEnumField(IdentificationType, max_length=16, null=True)
    identification_number = fields.CharField(max_length=50, null=True)
    search_text = fields.TextField(default="", db_default="")
    external_id = fields.CharField(max_length=100, null=True)
    gender = fields.CharEnumField(Gender, max_length=8, null=True)
    city = fields.CharField(max_length=100, null=True)
    birthday = fields.DateField(null=True)
    birthday_md = fields.SmallIntField(null=True)
    locale = fields.CharField(max_length=5, null=True)
    points = fields.BigIntField(default=0)
    registered_at = fields.DatetimeField()
    registration_code = fields.CharField(max_length=50, null=True)
    share_code = fields.CharField(max_length=32)
    text1 = fields.CharField(max_length=500, null=True)
    text2 = fields.CharField(max_length=500, null=True)
    text3 = fields.CharField(max_length=500, null=True)
    text4 = fields.CharField(max_length=500, null=True)
    text5 = fields.CharField(max_length=500, null=True)
    int1 = fields.BigIntField(null=True)
    int2 = fields.BigIntField(null=True)
    int3 = fields.BigIntField(null=True)
    int4 = fields.BigIntField(null=True)
    int5 = fields.BigIntField(null=True)
    date1 = fields.DateField(null=True)
    date2 = fields.DateField(null=True)
    status = fields.CharEnumField(ClientStatus, max_length=10, default=ClientStatus.ACTIVE)
    level: fields.ForeignKeyNullableRelation[Level] = fields.ForeignKeyField(
        "models.Level", related_name="clients", null=True, on_delete=fields.RESTRICT
    )
    level_set_manually = fields.BooleanField(default=False)
    # R4.2: an absorbed record points to its survivor forever.
    merged_into: fields.ForeignKeyNullableRelation[Client] = fields.ForeignKeyField(
        "models.Client", related_name="merged_from", null=True, on_delete=fields.RESTRICT
    )
    referred_by: fields.ForeignKeyNullableRelation[Client] = fields.ForeignKeyField(
        "models.Client", related_name="referrals", null=True, on_delete=fields.SET_NULL
    )
    account: fields.ForeignKeyNullableRelation[Account] = fields.ForeignKeyField(
        "models.Account", related_name="clients", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    organization_id: int
    level_id: int | None
    account_id: int | None
    referred_by_id: int | None
    merged_into_id: int | None

    class Meta:
        table = "client"
        unique_together = (
            ("organization", "email_key"),
            ("organization", "external_id"),
            ("organization", "share_code"),
            ("organization", "account"),
        )
        indexes = (
            Index(fields=("organization_id", "registered_at")),
            Index(fields=("organization_id", "last_name", "first_name")),
            Index(fields=("organization_id", "points")),
            Index(fields=("organization_id", "birthday_md")),
            Index(fields=("organization_id", "level_id")),
        )

    def derive(self) -> None:
        """Recompute the derived columns from the fields they follow."""
        self.email_key = email_key(self.email)
        self.birthday_md = birthday_md(self.birthday)
        self.search_text = client_search_text(
            self.first_name, self.last_name, self.email, self.phone, self.identification_number
        )

    async def save(
        self,
        using_db: BaseDBAsyncClient | None = None,
        update_fields: Iterable[str] | None = None,
        force_create: bool = False,
        force_update: bool = False,
    ) -> None:
        self.derive()
        if update_fields is not None:
            wanted = set(update_fields)
            if "email" in wanted:
                wanted.add("email_key")
            if "birthday" in wanted:
                wanted.add("birthday_md")
            if wanted.intersection(SEARCHED_FIELDS):
                wanted.add("search_text")
            wanted.add("updated_at")
            update_fields = sorted(wanted)
        await super().save(
            using_db=using_db,
            update_fields=update_fields,
            force_create=force_create,
            force_update=force_update,
        )

    def __repr__(self) -> str:
        # Never print personal data: repr() ends up in logs and tracebacks.
        return f"<Client {self.uuid}>"


class ClientTag(Model):
    id = fields.BigIntField(primary_key=True)
    client: fields.ForeignKeyRelation[Client] = fields.ForeignKeyField(
        "models.Client", related_name="client_tags", on_delete=fields.CASCADE
    )
    tag: fields.ForeignKeyRelation[Tag] = fields.ForeignKeyField(
        "models.Tag", related_name="client_tags", on_delete=fields.CASCADE
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    client_id: int
    tag_id: int

    class Meta:
        table = "client_tag"
        unique_together = (("client", "tag"),)
        indexes = (Index(fields=("tag_id", "client_id")),)
