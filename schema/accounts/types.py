"""The person's login identity for the client app (R3.1, R3.4) and its in-app inbox (R7.5)."""

from __future__ import annotations

from datetime import datetime

import strawberry

import models
from schema.common import public_id
from schema.enums import (
    NotificationType,
)
from schema.sources import from_sources


@from_sources
@strawberry.type(
    description="A person's login identity for the client app. Its names are fixed at sign-up "
    "(R3.4): staff edits change the client record only."
)
class Account:
    email: str = strawberry.field(description="The login email.")
    first_name: str = strawberry.field(description="First name given at sign-up.")
    last_name: str = strawberry.field(description="Last name given at sign-up.")
    verified_at: datetime | None = strawberry.field(description="When the email was verified.")
    email_notifications: bool = strawberry.field(description="Email notifications are on.")
    in_app_notifications: bool = strawberry.field(description="In-app notifications are on.")

    @strawberry.field
    @staticmethod
    def id(parent: strawberry.Parent[models.Account]) -> strawberry.ID:
        return public_id(parent)

    @strawberry.field
    @staticmethod
    def verified(parent: strawberry.Parent[models.Account]) -> bool:
        return parent.verified_at is not None


@from_sources
@strawberry.type(description="A message in the client app's inbox.")
class InboxMessage:
    type: NotificationType = strawberry.field(description="What it is, from the catalogue.")
    title: str = strawberry.field(description="Its title.")
    body: str = strawberry.field(description="Its text.")
    created_at: datetime = strawberry.field(description="When it arrived.")
    read_at: datetime | None = strawberry.field(description="When it was marked read.")

    @strawberry.field
    @staticmethod
    def id(parent: strawberry.Parent[models.InboxMessage]) -> strawberry.ID:
        return public_id(parent)

    @strawberry.field
    @staticmethod
    def organization_name(parent: strawberry.Parent[models.InboxMessage]) -> str:
        return parent.organization.name
