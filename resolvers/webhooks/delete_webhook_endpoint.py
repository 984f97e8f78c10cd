"""deleteWebhookEndpoint (R10.1): stop sending to an endpoint, for good.

Its queued deliveries and its delivery log go with it; the events stay for the
organization's other endpoints.
"""

from __future__ import annotations

from tortoise.transactions import in_transaction

from models.access import Permission
from resolvers.access.actor import Actor, require
from resolvers.errors import ErrorCode, UserErrors, error
from resolvers.webhooks.endpoints import EndpointResult, find_endpoint


async def delete_webhook_endpoint(actor: Actor | None, endpoint_id: str) -> EndpointResult:
    actor = require(actor, Permission.WEBHOOKS_MANAGE)
    try:
        async with in_transaction("default") as conn:
            endpoint = await find_endpoint(actor, endpoint_id, for_update=True, using_db=conn)
            if endpoint is None:
                raise UserErrors(
                    [error(ErrorCode.NOT_FOUND, "No such webhook endpoint", "endpointId")]
                )
            await endpoint.delete(using_db=conn)
    except UserErrors as exc:
        return EndpointResult(errors=exc.errors)
    return EndpointResult(endpoint=endpoint)
