"""rotateWebhookSecret (R10.1): a new signing secret, shown once; the old one keeps
signing beside it for 24 hours (two `v1,` signatures in `webhook-signature`), so a
receiver can switch keys without losing a delivery. Both stay sealed under SECRET_KEY.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tortoise.transactions import in_transaction

from models.access import Permission
from resolvers.access.actor import Actor, require
from resolvers.errors import ErrorCode, UserErrors, error
from resolvers.webhooks.endpoints import EndpointResult, find_endpoint, new_secret, seal_secret

OLD_SECRET_VALID_FOR = timedelta(hours=24)


async def rotate_webhook_secret(
    actor: Actor | None, endpoint_id: str, *, secret_key: str
) -> EndpointResult:
    actor = require(actor, Permission.WEBHOOKS_MANAGE)
    secret = new_secret()
    try:
        async with in_transaction("default") as conn:
            endpoint = await find_endpoint(actor, endpoint_id, for_update=True, using_db=conn)
            if endpoint is None:
                raise UserErrors(
                    [error(ErrorCode.NOT_FOUND, "No such webhook endpoint", "endpointId")]
                )
            endpoint.previous_secret = endpoint.secret
            endpoint.previous_secret_until = datetime.now(UTC) + OLD_SECRET_VALID_FOR
            endpoint.secret = seal_secret(secret_key, secret)
            await endpoint.save(
                using_db=conn,
                update_fields=["secret", "previous_secret", "previous_secret_until", "updated_at"],
            )
    except UserErrors as exc:
        return EndpointResult(errors=exc.errors)
    return EndpointResult(endpoint=endpoint, secret=secret)
