"""createWebhookEndpoint (R10.1): an organization registers where its events go.

Needs `webhooks:manage`. The URL passes the SSRF rules of `endpoint_url` (https; http
only to loopback outside production; in production no private, loopback or link-local
target); the events are a non-empty subset of the subscribable types. The answer shows
the signing secret (`whsec_…`) this once; it is kept sealed under SECRET_KEY. The
endpoint records the creator's scopes: its events carry no more than they can read.
"""

from __future__ import annotations

from collections.abc import Sequence

from models import WebhookEndpoint
from models.access import Permission
from resolvers.access.actor import Actor, require
from resolvers.webhooks.endpoint_url import check_url
from resolvers.webhooks.endpoints import (
    EndpointResult,
    clean_description,
    clean_events,
    endpoint_scopes,
    new_secret,
    seal_secret,
)


async def create_webhook_endpoint(
    actor: Actor | None,
    url: str,
    events: Sequence[str],
    description: str | None = None,
    *,
    production: bool,
    secret_key: str,
) -> EndpointResult:
    actor = require(actor, Permission.WEBHOOKS_MANAGE)
    chosen, events_error = clean_events(events)
    text, description_error = clean_description(description)
    url = url.strip()
    errors = [e for e in (events_error, description_error) if e is not None]
    url_error = await check_url(url, production=production)
    if url_error is not None:
        errors.insert(0, url_error)
    if errors:
        return EndpointResult(errors=errors)
    secret = new_secret()
    endpoint = await WebhookEndpoint.create(
        organization_id=actor.organization_id,
        url=url,
        description=text,
        events=chosen,
        secret=seal_secret(secret_key, secret),
        scopes=endpoint_scopes(actor),
    )
    return EndpointResult(endpoint=endpoint, secret=secret)
