"""One-click unsubscribe tokens (R11.3, RFC 8058).

A token names a client and a purpose and is signed with HMAC-SHA256 under a key derived
from SECRET_KEY, over the client's public id, its organization's public id and the
purpose: it cannot be altered into another person's, another organization's or another
purpose's, and it needs no storage, so it stays valid however often it is used (the
withdrawal it triggers is idempotent).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from dataclasses import dataclass
from uuid import UUID

from models.enums import ConsentPurpose

_PURPOSES = {ConsentPurpose.MARKETING_EMAIL: b"e", ConsentPurpose.MARKETING_IN_APP: b"a"}
_BY_CODE = {code: purpose for purpose, code in _PURPOSES.items()}
_MAC_BYTES = 16


@dataclass(frozen=True)
class Claim:
    """What a token says, before its signature is checked against the organization."""

    client_uuid: UUID
    purpose: ConsentPurpose
    mac: bytes


def _key(secret_key: str) -> bytes:
    return hmac.new(secret_key.encode(), b"clientela:unsubscribe:v1", hashlib.sha256).digest()


def _mac(secret_key: str, client_uuid: UUID, organization_uuid: UUID, code: bytes) -> bytes:
    message = b"|".join((client_uuid.bytes, organization_uuid.bytes, code))
    return hmac.new(_key(secret_key), message, hashlib.sha256).digest()[:_MAC_BYTES]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def make_token(
    secret_key: str, client_uuid: UUID, organization_uuid: UUID, purpose: ConsentPurpose
) -> str:
    code = _PURPOSES[purpose]
    mac = _mac(secret_key, client_uuid, organization_uuid, code)
    return f"{_b64(client_uuid.bytes + code)}.{_b64(mac)}"


def read_token(token: str) -> Claim | None:
    """The token's claim, or None when it is not a token at all."""
    head, dot, tail = token.partition(".")
    if not dot or len(token) > 100:
        return None
    try:
        body = base64.urlsafe_b64decode(head + "=" * (-len(head) % 4))
        mac = base64.urlsafe_b64decode(tail + "=" * (-len(tail) % 4))
    except (binascii.Error, ValueError):
        return None
    if len(body) != 17 or len(mac) != _MAC_BYTES or body[16:] not in _BY_CODE:
        return None
    return Claim(UUID(bytes=body[:16]), _BY_CODE[body[16:]], mac)


def signed_by(secret_key: str, claim: Claim, organization_uuid: UUID) -> bool:
    expected = _mac(secret_key, claim.client_uuid, organization_uuid, _PURPOSES[claim.purpose])
    return hmac.compare_digest(expected, claim.mac)


def unsubscribe_url(public_url: str, token: str) -> str:
    return f"{public_url}/unsubscribe/{token}"
