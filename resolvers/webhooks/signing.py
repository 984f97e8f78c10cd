"""Standard Webhooks signatures (R10.3): `v1,<base64 HMAC-SHA256 of id.timestamp.body>`
keyed with the base64 part of the `whsec_` secret; several space-separated when an old
secret still signs beside a new one (rotation)."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable

from resolvers.webhooks.endpoints import SECRET_PREFIX


def signature(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    signed = f"{msg_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def headers(secrets: Iterable[str], msg_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": " ".join(signature(s, msg_id, timestamp, body) for s in secrets),
        "content-type": "application/json",
        "user-agent": "Clientela-Webhooks/1",
    }
