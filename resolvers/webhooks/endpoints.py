"""What the endpoint operations share: finding an endpoint, secrets, and input checks."""

from __future__ import annotations

import base64
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field

from tortoise.backends.base.client import BaseDBAsyncClient

from clientela.infra import sealing
from clientela.settings import SecretKeys
from models import WebhookEndpoint
from models.webhook import WebhookEventType
from resolvers.access.actor import Actor
from resolvers.clients.lookup import parse_id
from resolvers.errors import ErrorCode, UserError, error

SECRET_PREFIX = "whsec_"  # noqa: S105 - a prefix, not a secret
SECRET_BYTES = 24
# What sealing the signing secrets is for (models/migrations/0018 seals with the same).
SECRET_PURPOSE = "webhook signing secret"  # noqa: S105 - a name, not a secret
DESCRIPTION_LENGTH = 500
# What partners subscribe to: every type but the test event.
SUBSCRIBABLE = tuple(t.name for t in WebhookEventType if t is not WebhookEventType.TEST)


@dataclass
class EndpointResult:
    endpoint: WebhookEndpoint | None = None
    # The signing secret, in the one answer that shows it (create and rotate).
    secret: str | None = None
    errors: list[UserError] = field(default_factory=list)


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def seal_secret(secret_key: str, secret: str) -> str:
    """A signing secret as stored: sealed under SECRET_KEY (clientela/infra/sealing.py)."""
    return sealing.seal(secret_key, SECRET_PURPOSE, secret)


def open_secret(keys: SecretKeys, stored: str) -> str:
    """The signing secret of a stored value, sealed under one of `keys` (SECRET_KEY, then
    SECRET_KEY_PREVIOUS's); one still plain, written before migration 0018 sealed them
    all, is read as it is."""
    if stored.startswith(SECRET_PREFIX):
        return stored
    return sealing.unseal(keys, SECRET_PURPOSE, stored)


def endpoint_scopes(actor: Actor) -> list[str]:
    """What an endpoint's events may carry: the permissions of who set it up (R10.2)."""
    return sorted(p.value for p in actor.permissions)


def clean_events(events: Iterable[str]) -> tuple[list[str], UserError | None]:
    chosen = sorted(set(events))
    if not chosen:
        return [], error(ErrorCode.REQUIRED, "Subscribe to at least one event", "events")
    unknown = [name for name in chosen if name not in SUBSCRIBABLE]
    if unknown:
        return [], error(ErrorCode.INVALID, "Unknown event type", "events")
    return chosen, None


def clean_description(description: str | None) -> tuple[str, UserError | None]:
    text = " ".join((description or "").split())
    if len(text) > DESCRIPTION_LENGTH:
        message = f"Must be at most {DESCRIPTION_LENGTH} characters"
        return "", error(ErrorCode.TOO_LONG, message, "description")
    return text, None


async def find_endpoint(
    actor: Actor,
    endpoint_id: str,
    *,
    for_update: bool = False,
    using_db: BaseDBAsyncClient | None = None,
) -> WebhookEndpoint | None:
    uuid = parse_id(endpoint_id)
    if uuid is None:
        return None
    query = WebhookEndpoint.filter(uuid=uuid, organization_id=actor.organization_id)
    if using_db is not None:
        query = query.using_db(using_db)
    if for_update:
        query = query.select_for_update()
    return await query.first()
