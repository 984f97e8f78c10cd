"""updateWebhookEndpoint (R10.1): change an endpoint's URL, events, description, or switch
it on and off.

Only what is given changes; a change records the actor's scopes on the endpoint (its
events then carry what this actor can read, R10.2). Switching an endpoint on again (after
the worker switched it off for a day of failures, R10.3) clears its failure streak; what
it missed meanwhile waits in its queue and can also be replayed (replayWebhookDeliveries).
"""

from __future__ import annotations

from collections.abc import Sequence

from tortoise.transactions import in_transaction

from models.access import Permission
from models.webhook import BY_STAFF
from resolvers.access.actor import Actor, require
from resolvers.errors import ErrorCode, UserError, UserErrors, error
from resolvers.webhooks.endpoint_url import check_url
from resolvers.webhooks.endpoints import (
    EndpointResult,
    clean_description,
    clean_events,
    endpoint_scopes,
    find_endpoint,
)


async def update_webhook_endpoint(
    actor: Actor | None,
    endpoint_id: str,
    *,
    url: str | None = None,
    events: Sequence[str] | None = None,
    description: str | None = None,
    enabled: bool | None = None,
    production: bool,
) -> EndpointResult:
    actor = require(actor, Permission.WEBHOOKS_MANAGE)
    errors: list[UserError] = []
    changes: dict[str, object] = {}
    if url is not None:
        url = url.strip()
        url_error = await check_url(url, production=production)
        if url_error is not None:
            errors.append(url_error)
        changes["url"] = url
    if events is not None:
        chosen, events_error = clean_events(events)
        if events_error is not None:
            errors.append(events_error)
        changes["events"] = chosen
    if description is not None:
        text, description_error = clean_description(description)
        if description_error is not None:
            errors.append(description_error)
        changes["description"] = text
    if errors:
        return EndpointResult(errors=errors)
    try:
        async with in_transaction("default") as conn:
            endpoint = await find_endpoint(actor, endpoint_id, for_update=True, using_db=conn)
            if endpoint is None:
                raise UserErrors(
                    [error(ErrorCode.NOT_FOUND, "No such webhook endpoint", "endpointId")]
                )
            if enabled is not None and enabled != endpoint.enabled:
                changes["enabled"] = enabled
                changes["failing_since"] = None
                changes["disabled_reason"] = None if enabled else BY_STAFF
            if changes:
                # R10.2: the events now go where this actor says, with what they can read.
                changes["scopes"] = endpoint_scopes(actor)
            for name, value in changes.items():
                setattr(endpoint, name, value)
            if changes:
                await endpoint.save(using_db=conn, update_fields=[*changes, "updated_at"])
    except UserErrors as exc:
        return EndpointResult(errors=exc.errors)
    return EndpointResult(endpoint=endpoint)
