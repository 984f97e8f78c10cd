"""A short-lived, in-process cache of authenticated callers (R9.1): staff sessions, API
keys and client-app sessions.

Reads are most of the traffic and the token lookup was a statement of its own on every
request. A caller found valid is remembered for `ttl` seconds, keyed by the token's digest
(the token itself is not kept). Only successes are cached: an unknown, expired or revoked
token always reaches the database.

Bound: a revocation in this process drops every entry at once (`tokens_revoked`), so the
next request with that token gets 401. The paths that call it: staff (`staffLogout`,
`revokeApiKey`, deactivating a staff user, changing their role) and client app (`logout`,
a password reset or assignment, an invitation accepted with a password, an address
proved for the first time, a login email moved by staff, an unverified sign-up replaced,
a client disabled or erased: every writer of `account_session.revoked_at`, all but
`logout` through `account_tokens.revoke_sessions`). A revocation written inside a
transaction calls it twice: where it is written (the requests after it are refused even
if the second call were forgotten) and once the transaction is committed (a request that
read the session while the transaction was open may have cached it meanwhile). A revocation, expiry,
deactivation or role change made by another process (another instance, the command
line) is seen within `ttl` seconds. A client-app caller holds only its account and
session ids: what it may see is read from the database on every request.

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
    """Called by every path that revokes a staff session, an API key or a client-app
    session in this process."""
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
        cacheable: tuple[type[Cached], ...],
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
