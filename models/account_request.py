"""Self-service requests waiting for the background worker (R3.10, issue 14).

registerAccount, requestPasswordReset and requestLoginLink answer after writing one of
these rows, whether the email has an account or not: the same statements, the same
time. Whether there is an account, and what to mail, is decided by the worker
(resolvers/accounts/account_requests.py), which deletes the row in the same transaction.
The password of a sign-up is stored already hashed (argon2id), never in clear.
"""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from models.enums import AccountRequestKind
from models.organization import Organization


class AccountRequest(Model):
    id = fields.BigIntField(primary_key=True)
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="account_requests", on_delete=fields.CASCADE
    )
    kind = fields.CharEnumField(AccountRequestKind, max_length=16)
    email = fields.CharField(max_length=254)
    password_hash = fields.CharField(max_length=255, null=True)
    first_name = fields.CharField(max_length=100, default="")
    last_name = fields.CharField(max_length=100, default="")
    locale = fields.CharField(max_length=5, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    organization_id: int

    class Meta:
        table = "account_request"
