"""Attempt limits for the account mutations (R3.10): per email and per client address.

A sliding window per key, kept in this process. It answers the same whether the
email exists or not, so the limit itself reveals nothing.
"""

from __future__ import annotations

import time
from collections import defaultdict, deque
from dataclasses import dataclass


@dataclass(frozen=True)
class Limit:
    attempts: int
    seconds: float


LOGIN_PER_EMAIL = Limit(10, 15 * 60)
LOGIN_PER_ADDRESS = Limit(50, 15 * 60)
MAIL_PER_EMAIL = Limit(5, 60 * 60)
MAIL_PER_ADDRESS = Limit(30, 60 * 60)
TOKEN_PER_ADDRESS = Limit(30, 15 * 60)


class RateLimiter:
    def __init__(self) -> None:
        self._hits: dict[str, deque[float]] = defaultdict(deque)

    def hit(self, key: str, limit: Limit) -> bool:
        """Count one attempt; False when the key is over its limit (the attempt is refused)."""
        now = time.monotonic()
        window = self._hits[key]
        while window and window[0] <= now - limit.seconds:
            window.popleft()
        if len(window) >= limit.attempts:
            return False
        window.append(now)
        return True

    def reset(self) -> None:
        self._hits.clear()


limiter = RateLimiter()


def allowed(
    action: str, *, email: str | None, address: str | None, per_email: Limit, per_address: Limit
) -> bool:
    ok = True
    if email:
        ok = limiter.hit(f"{action}:email:{email.lower()}", per_email) and ok
    if address:
        ok = limiter.hit(f"{action}:addr:{address}", per_address) and ok
    return ok
