"""Attempt limits for the account mutations (R3.10): per email and per client address.

A sliding window per key, counted in a `LimitStore`: in this process, or in Redis when
`REDIS_URL` is set so that every instance shares the counts. The answer is the same
whether the email exists or not, so the limit itself reveals nothing; emails and client
addresses enter the keys only as the store's keyed pseudonyms (HMAC-SHA256 under
`SECRET_KEY`), so neither is written to Redis nor can be recovered by hashing guesses.
"""

from __future__ import annotations

from dataclasses import dataclass

from clientela.infra.limit_store import LimitStore, MemoryStore


@dataclass(frozen=True)
class Limit:
    attempts: int
    seconds: float


LOGIN_PER_EMAIL = Limit(10, 15 * 60)
LOGIN_PER_ADDRESS = Limit(50, 15 * 60)
MAIL_PER_EMAIL = Limit(5, 60 * 60)
MAIL_PER_ADDRESS = Limit(30, 60 * 60)
TOKEN_PER_ADDRESS = Limit(30, 15 * 60)

# The store of callers that run a resolver without the app (scripts, schema tests).
LOCAL = MemoryStore()


async def allowed(
    action: str,
    *,
    email: str | None,
    address: str | None,
    per_email: Limit,
    per_address: Limit,
    store: LimitStore = LOCAL,
) -> bool:
    """Count the attempt against both keys; False when either is over its limit."""
    ok = True
    if email:
        key = f"{action}:email:{store.pseudonym(email.strip().lower())}"
        ok = await store.hit(key, per_email.attempts, per_email.seconds) and ok
    if address:
        key = f"{action}:addr:{store.pseudonym(address)}"
        ok = await store.hit(key, per_address.attempts, per_address.seconds) and ok
    return ok


async def token_use_allowed(address: str | None, store: LimitStore = LOCAL) -> bool:
    """Guessing emailed tokens is limited per address (the token names no email)."""
    if not address:
        return True
    limit = TOKEN_PER_ADDRESS
    key = f"token:addr:{store.pseudonym(address)}"
    return await store.hit(key, limit.attempts, limit.seconds)
