"""A short-lived, in-process cache of authenticated staff sessions and API keys (R9.1).

Reads are most of the traffic and the token lookup was a statement of its own on every
request. A staff or API-key caller found valid is remembered for `ttl` seconds, keyed by
the token's digest (the token itself is not kept). Only successes are cached: an unknown,
expired or revoked token always reaches the database.

Bound: a revocation in this process (`staffLogout`, `revokeApiKey`) drops every entry at
once, so the next request with that token gets 401. A revocation, expiry, deactivation or
role change made by another process (another instance, the command line) is seen within
`ttl` seconds. Client-app sessions (`cat_`) are not cached.

The cache knows nothing of tokens' meaning: the app gives it the function that turns a
token into a caller, the prefixes worth caching and which callers may be kept.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

MAX_ENTRIES = 10_000

_generation = 0


def tokens_revoked() -> None:
    """Called by every path that revokes a staff session or an API key in this process."""
    global _generation
    _generation += 1


Caller = TypeVar("Caller")
Cached = TypeVar("Cached")


class AuthCache(Generic[Caller, Cached]):
    def __init__(
        self,
        ttl: float,
        authenticate: Callable[[str], Awaitable[Caller | None]],
        prefixes: tuple[str, ...],
        cacheable: type[Cached],
    ) -> None:
        self.ttl = ttl
        self._authenticate = authenticate
        self._prefixes = prefixes
        self._cacheable = cacheable
        self._entries: dict[str, tuple[float, int, Cached]] = {}

    async def authenticate(self, token: str) -> Caller | Cached | None:
        if self.ttl <= 0 or not token.startswith(self._prefixes):
            return await self._authenticate(token)
        digest = hashlib.sha256(token.encode()).hexdigest()
        now = time.monotonic()
        hit = self._entries.get(digest)
        if hit is not None and hit[0] > now and hit[1] == _generation:
            return hit[2]
        generation = _generation  # a revocation while we look up makes this entry stale
        caller = await self._authenticate(token)
        if isinstance(caller, self._cacheable):
            if len(self._entries) >= MAX_ENTRIES:
                self._entries.clear()
            self._entries[digest] = (now + self.ttl, generation, caller)
        else:
            self._entries.pop(digest, None)
        return caller
