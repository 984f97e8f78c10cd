"""A short-lived, in-process cache of authenticated staff sessions and API keys (R9.1).

Reads are most of the traffic and the token lookup was a statement of its own on every
request. A staff or API-key caller found valid is remembered for `ttl` seconds, keyed by
the token's digest (the token itself is not kept). Only successes are cached: an unknown,
expired or revoked token always reaches the database.

Bound: a revocation in this process (`staffLogout`, `revokeApiKey`) drops every entry at
once, so the next request with that token gets 401. A revocation, expiry, deactivation or
role change made by another process (another instance, the command line) is seen within
`ttl` seconds. Client-app sessions (`cat_`) are not cached.
"""

from __future__ import annotations

import time

from models.security import hash_token
from resolvers.actor import AccountCaller, Actor
from resolvers.auth import API_KEY_PREFIX, STAFF_TOKEN_PREFIX, authenticate

MAX_ENTRIES = 10_000
_CACHED_PREFIXES = (f"{STAFF_TOKEN_PREFIX}_", f"{API_KEY_PREFIX}_")

_generation = 0


def tokens_revoked() -> None:
    """Called by every path that revokes a staff session or an API key in this process."""
    global _generation
    _generation += 1


class AuthCache:
    def __init__(self, ttl: float) -> None:
        self.ttl = ttl
        self._entries: dict[str, tuple[float, int, Actor]] = {}

    async def authenticate(self, token: str) -> Actor | AccountCaller | None:
        if self.ttl <= 0 or not token.startswith(_CACHED_PREFIXES):
            return await authenticate(token)
        digest = hash_token(token)
        now = time.monotonic()
        hit = self._entries.get(digest)
        if hit is not None and hit[0] > now and hit[1] == _generation:
            return hit[2]
        generation = _generation  # a revocation while we look up makes this entry stale
        caller = await authenticate(token)
        if isinstance(caller, Actor):
            if len(self._entries) >= MAX_ENTRIES:
                self._entries.clear()
            self._entries[digest] = (now + self.ttl, generation, caller)
        else:
            self._entries.pop(digest, None)
        return caller
