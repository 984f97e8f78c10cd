"""R8.1 for the client app: a client disabled in an organization gets no session through it."""

from __future__ import annotations

from models import Client
from models.enums import ClientStatus
from resolvers.errors import ErrorCode, error

DISABLED = error(ErrorCode.ACCOUNT_DISABLED, "This account is disabled here")


async def disabled_here(organization_id: int | None, account_id: int) -> bool:
    if organization_id is None:
        return False
    return await Client.filter(
        organization_id=organization_id, account_id=account_id, status=ClientStatus.DISABLED
    ).exists()
