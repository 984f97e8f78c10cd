"""createApiKey and revokeApiKey: secrets for partner integrations (R9.1).

A key is shown once, when created; only its digest is stored. Its scopes are
permissions out of the set keys may hold; revoking takes effect on the next request.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from clientela.infra import auth_cache
from models import ApiKey, Organization
from models.access import API_KEY_SCOPES, Permission
from models.security import new_token
from resolvers.access.actor import Actor, require
from resolvers.access.auth import API_KEY_PREFIX
from resolvers.clients.client_fields import required_line
from resolvers.clients.lookup import parse_id
from resolvers.errors import ErrorCode, UserError, error


@dataclass
class ApiKeyResult:
    api_key: ApiKey | None = None
    secret: str | None = None
    errors: list[UserError] = field(default_factory=list)


async def issue_api_key(
    organization: Organization, name: str, scopes: list[Permission]
) -> tuple[ApiKey, str]:
    """Create a key without a caller's permission check: for the command line."""
    secret, digest = new_token(API_KEY_PREFIX)
    key = await ApiKey.create(
        organization=organization,
        name=name,
        prefix=secret[:10],
        key_hash=digest,
        scopes=sorted(s.value for s in scopes),
    )
    return key, secret


async def create_api_key(actor: Actor | None, name: str, scopes: list[Permission]) -> ApiKeyResult:
    actor = require(actor, Permission.API_KEYS_MANAGE)
    clean_name, name_error = required_line(name, 100, "name", "A key")
    errors = [name_error] if name_error else []
    if not scopes:
        errors.append(error(ErrorCode.REQUIRED, "Give the key at least one scope", "scopes"))
    elif not set(scopes) <= API_KEY_SCOPES:
        errors.append(error(ErrorCode.INVALID, "An API key cannot hold this scope", "scopes"))
    if errors or clean_name is None:
        return ApiKeyResult(errors=errors)
    organization = await Organization.get(id=actor.organization_id)
    key, secret = await issue_api_key(organization, clean_name, scopes)
    return ApiKeyResult(api_key=key, secret=secret)


async def revoke_api_key(actor: Actor | None, key_id: str) -> ApiKeyResult:
    actor = require(actor, Permission.API_KEYS_MANAGE)
    uuid = parse_id(key_id)
    key = (
        await ApiKey.filter(uuid=uuid, organization_id=actor.organization_id).first()
        if uuid
        else None
    )
    if key is None:
        return ApiKeyResult(errors=[error(ErrorCode.NOT_FOUND, "No such API key", "apiKeyId")])
    if key.revoked_at is None:
        key.revoked_at = datetime.now(UTC)
        await key.save(update_fields=["revoked_at"])
        auth_cache.tokens_revoked()
    return ApiKeyResult(api_key=key)
