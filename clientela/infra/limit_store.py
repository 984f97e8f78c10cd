"""Where limits keep their counts: in this process, or in Redis shared by every instance.

Two kinds of count live here. Attempt windows (R3.10: logins, mailed links, token uses)
are sliding windows: at most `attempts` in the last `seconds`. Cost buckets (the API
rate limit) are leaky buckets: a bucket holds up to `size` points, refills at `rate`
points a second, and a request takes its query cost out of it.

With Redis each change is one Lua script, so it is atomic across instances, and the
clock is Redis' own (`TIME`), so instances with skewed clocks still agree.

Personal data (emails, client addresses) enters a key only through `pseudonym`: an
HMAC-SHA256 keyed by the store's secret (`SECRET_KEY` for Redis, shared by every
instance; a random one per process in memory), so keys cannot be reversed by hashing
a list of candidate emails or addresses.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
import time
import uuid
from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from redis.asyncio import Redis


@dataclass(frozen=True)
class BucketState:
    allowed: bool
    available: float
    size: int
    rate: float
    cost: int

    @property
    def retry_after(self) -> int:
        """Whole seconds until the bucket holds `cost` again (0 when it does now)."""
        missing = self.cost - self.available
        return 0 if missing <= 0 else max(1, math.ceil(missing / self.rate))


class LimitStore(ABC):
    secret: bytes

    def pseudonym(self, value: str) -> str:
        """What stands for an email or an address in a key: HMAC-SHA256 under the secret."""
        return hmac.new(self.secret, value.encode(), hashlib.sha256).hexdigest()

    @abstractmethod
    async def hit(self, key: str, attempts: int, seconds: float) -> bool:
        """Count one attempt; False (and not counted) when `key` already used its window."""

    @abstractmethod
    async def take(self, key: str, cost: int, size: int, rate: float) -> BucketState:
        """Take `cost` from the bucket if it holds that much; refused takes take nothing."""

    @abstractmethod
    async def refund(self, key: str, amount: int, size: int, rate: float) -> BucketState:
        """Give back what a request reserved but did not use."""

    async def aclose(self) -> None:
        return None

    async def ping(self) -> None:
        """Raise when the store cannot answer (readiness); this process's store always can."""
        return None


class MemoryStore(LimitStore):
    """Counts in this process: right for one instance and for development.

    Idle keys are dropped by a sweep, run at most every `sweep_every` seconds: windows
    whose attempts are all older than their window and buckets that have refilled to full
    (forgetting either changes no answer), so random emails or addresses cannot grow
    memory past what the live windows and buckets hold.
    """

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        *,
        secret: bytes | None = None,
        sweep_every: float = 60.0,
    ) -> None:
        self.clock = clock
        self.secret = secret or secrets.token_bytes(32)
        self.sweep_every = sweep_every
        self._swept_at = clock()
        # key -> (window length in seconds, times of the attempts in it)
        self._hits: dict[str, tuple[float, deque[float]]] = {}
        # key -> (available, at, size, rate)
        self._buckets: dict[str, tuple[float, float, int, float]] = {}

    @property
    def key_count(self) -> int:
        """How many windows and buckets are kept (for tests and benchmarks)."""
        return len(self._hits) + len(self._buckets)

    async def hit(self, key: str, attempts: int, seconds: float) -> bool:
        now = self._now()
        window = self._hits[key][1] if key in self._hits else deque()
        self._hits[key] = (seconds, window)
        while window and window[0] <= now - seconds:
            window.popleft()
        if len(window) >= attempts:
            return False
        window.append(now)
        return True

    def _now(self) -> float:
        now = self.clock()
        if now - self._swept_at >= self.sweep_every:
            self._sweep(now)
        return now

    def _sweep(self, now: float) -> None:
        self._swept_at = now
        for key in [k for k, (sec, w) in self._hits.items() if not w or w[-1] <= now - sec]:
            del self._hits[key]
        full = [
            key
            for key, (available, at, size, rate) in self._buckets.items()
            if available + (now - at) * rate >= size
        ]
        for key in full:
            del self._buckets[key]

    def _level(self, key: str, size: int, rate: float, now: float) -> float:
        available, at, _, _ = self._buckets.get(key, (float(size), now, size, rate))
        return min(float(size), available + (now - at) * rate)

    async def take(self, key: str, cost: int, size: int, rate: float) -> BucketState:
        now = self._now()
        available = self._level(key, size, rate, now)
        allowed = cost <= available
        if allowed:
            available -= cost
        self._buckets[key] = (available, now, size, rate)
        return BucketState(allowed, available, size, rate, cost)

    async def refund(self, key: str, amount: int, size: int, rate: float) -> BucketState:
        now = self._now()
        available = min(float(size), self._level(key, size, rate, now) + amount)
        self._buckets[key] = (available, now, size, rate)
        return BucketState(True, available, size, rate, 0)

    def reset(self) -> None:
        self._hits.clear()
        self._buckets.clear()


# KEYS[1] the window; ARGV: attempts, window in ms, a unique member for this attempt.
_HIT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]))
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then
  return 0
end
redis.call('ZADD', KEYS[1], now, ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
"""

# KEYS[1] the bucket; ARGV: size, rate per second, cost to take, amount to give back.
# Returns {1 if taken, available as a string} (Lua numbers become integers otherwise).
_BUCKET = """
local size = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local state = redis.call('HMGET', KEYS[1], 'available', 'at')
local available = tonumber(state[1]) or size
local at = tonumber(state[2]) or now
available = math.min(size, available + math.max(0, now - at) * rate)
local taken = 0
if cost <= available then
  available = available - cost
  taken = 1
end
available = math.min(size, available + tonumber(ARGV[4]))
redis.call('HSET', KEYS[1], 'available', tostring(available), 'at', tostring(now))
redis.call('EXPIRE', KEYS[1], math.ceil((size - available) / rate) + 1)
return {taken, tostring(available)}
"""


class RedisStore(LimitStore):
    """Counts in Redis, shared by every instance that names the same server and prefix."""

    def __init__(self, url: str, prefix: str = "clientela:", *, secret: str) -> None:
        self.redis: Redis = Redis.from_url(url)
        self.prefix = prefix
        self.secret = secret.encode()
        self._hit = self.redis.register_script(_HIT)
        self._bucket = self.redis.register_script(_BUCKET)

    async def hit(self, key: str, attempts: int, seconds: float) -> bool:
        member = uuid.uuid4().hex
        window: list[str | int] = [attempts, int(seconds * 1000), member]
        return bool(await self._hit(keys=[f"{self.prefix}window:{key}"], args=window))

    async def _run(self, key: str, size: int, rate: float, cost: int, back: int) -> list[Any]:
        args = [size, rate, cost, back]
        result: list[Any] = await self._bucket(keys=[f"{self.prefix}bucket:{key}"], args=args)
        return result

    async def take(self, key: str, cost: int, size: int, rate: float) -> BucketState:
        taken, available = await self._run(key, size, rate, cost, 0)
        return BucketState(bool(taken), float(available), size, rate, cost)

    async def refund(self, key: str, amount: int, size: int, rate: float) -> BucketState:
        _, available = await self._run(key, size, rate, 0, amount)
        return BucketState(True, float(available), size, rate, 0)

    async def aclose(self) -> None:
        await self.redis.aclose()

    async def ping(self) -> None:
        await self.redis.ping()


@dataclass(frozen=True)
class Bucket:
    """One caller's cost bucket: which store, which key, how big, how fast it refills."""

    store: LimitStore
    key: str
    size: int
    rate: float

    async def take(self, cost: int) -> BucketState:
        return await self.store.take(self.key, cost, self.size, self.rate)

    async def refund(self, amount: int) -> BucketState:
        return await self.store.refund(self.key, amount, self.size, self.rate)
