"""Consent (R11.1) and deliverability (R11.4): what a client agreed to, and addresses that bounce.

`ConsentEvent` is the append-only history: every grant or withdrawal, with when, how
(source), the wording shown or other proof, and who recorded it. It is never updated
(erasure blanks its proof, R8.3). `ClientConsent` is the current state per client and
purpose, written in the same transaction as the event that set it, so that sends and
filters read one row instead of the history. No row means never asked: not given.

`UndeliverableAddress` marks an address that the mail server refused permanently
(5xx on RCPT or DATA) for one organization, with the server's reply. Mail to it is
skipped until staff clear it; a client whose email changes is no longer affected.
"""

from __future__ import annotations

from uuid import uuid4

from tortoise import fields
from tortoise.indexes import Index
from tortoise.models import Model

from models.account import Account
from models.client import Client
from models.enums import ActorType, ConsentPurpose, ConsentSource
from models.organization import Organization

PROOF_LENGTH = 2000


class ConsentEvent(Model):
    id = fields.BigIntField(primary_key=True)
    uuid = fields.UUIDField(unique=True, default=uuid4)
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="consent_events", on_delete=fields.CASCADE
    )
    client: fields.ForeignKeyRelation[Client] = fields.ForeignKeyField(
        "models.Client", related_name="consent_events", on_delete=fields.CASCADE
    )
    purpose = fields.CharEnumField(ConsentPurpose, max_length=20)
    granted = fields.BooleanField()
    source = fields.CharEnumField(ConsentSource, max_length=20)
    # The wording the person was shown, or other proof (a form id, a signed paper's reference).
    proof = fields.TextField(null=True)
    actor_type = fields.CharEnumField(ActorType, max_length=10)
    actor_id = fields.IntField(null=True)
    actor_name = fields.CharField(max_length=200)
    # When the person acted themselves (client app): their account.
    account: fields.ForeignKeyNullableRelation[Account] = fields.ForeignKeyField(
        "models.Account", related_name="consent_events", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    organization_id: int
    client_id: int

    class Meta:
        table = "consent_event"
        indexes = (Index(fields=("client_id", "created_at")),)


class ClientConsent(Model):
    id = fields.BigIntField(primary_key=True)
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="client_consents", on_delete=fields.CASCADE
    )
    client: fields.ForeignKeyRelation[Client] = fields.ForeignKeyField(
        "models.Client", related_name="consents", on_delete=fields.CASCADE
    )
    purpose = fields.CharEnumField(ConsentPurpose, max_length=20)
    granted = fields.BooleanField()
    source = fields.CharEnumField(ConsentSource, max_length=20)
    changed_at = fields.DatetimeField()

    organization_id: int
    client_id: int

    class Meta:
        table = "client_consent"
        unique_together = (("client", "purpose"),)
        indexes = (Index(fields=("organization_id", "purpose", "granted", "client_id")),)


class UndeliverableAddress(Model):
    id = fields.BigIntField(primary_key=True)
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="undeliverable_addresses", on_delete=fields.CASCADE
    )
    # The lower-cased address, as `Client.email_key`.
    email_key = fields.CharField(max_length=254)
    # The mail server's answer, e.g. "550 5.1.1 Mailbox does not exist".
    reply = fields.CharField(max_length=500)
    created_at = fields.DatetimeField(auto_now_add=True)

    organization_id: int

    class Meta:
        table = "undeliverable_address"
        unique_together = (("organization", "email_key"),)
