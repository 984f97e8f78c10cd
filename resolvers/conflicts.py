"""Transactions that lost a race are run again, a bounded number of times.

PostgreSQL aborts one transaction of a lock cycle (deadlock, SQLSTATE 40P01) and, under
serializable isolation, one of two that cannot be ordered (40001); both say "run me again".
So does `Conflict`, raised by our own code when a row it locked changed meanwhile in a way
that would make it lock another row out of order (a client merged while we waited for it).

`retry_conflicts` runs an operation up to ATTEMPTS times with jittered exponential
backoff (so two retries of the same race do not collide again in step) and then raises
`ConflictRetry`, which the API answers as the retryable user error CONFLICT_RETRY -
never a 500. Only a whole transaction can be retried: wrap the operation that opens it.

The lock order every writer follows (so most races wait instead of deadlocking):
1. client rows, in ascending id order (`select_for_update().order_by("id")`); a write to
   one client through a merged id follows the merge *before* locking anything;
2. then the rows that hang off them (points ledger entries, tags, records), in id order;
3. never a client row after rows of step 2, and never a second client row out of order:
   where a lock wait reveals that the locked client was merged meanwhile, raise
   `Conflict` and let the retry start over, instead of locking its survivor.
An optimistic write (resolvers/loyalty/ledger_write.py `write_unlocked`) holds no lock
between its read and its write: its one statement locks one client row, then the rows of
step 2, and writes nothing if the row changed since the read.
"""

from __future__ import annotations

import asyncio
import functools
import random
import sqlite3
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")

ATTEMPTS = 4
BASE_DELAY = 0.01  # seconds; attempt n waits up to BASE_DELAY * 4**n
RETRYABLE_SQLSTATES = frozenset({"40001", "40P01"})


class Conflict(Exception):
    """Our own "run this transaction again": a row changed while we waited for its lock."""


class ConflictRetry(Exception):
    """Still conflicting after ATTEMPTS runs: the caller should try again shortly."""


@dataclass
class Counts:
    """What the retries did in this process (benchmarks and tests read it)."""

    retried: int = 0
    gave_up: int = 0
    # Retries by cause: "deadlock" (40P01), "serialization" (40001), "conflict", "locked".
    causes: Counter[str] = field(default_factory=Counter)


COUNTS = Counts()


def lost_race(exc: BaseException) -> str | None:
    """Which race `exc`, or what it was raised from, says the transaction lost; None if
    it is no lost race."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, Conflict):
            return "conflict"
        state = getattr(current, "sqlstate", None)  # asyncpg's errors carry the SQLSTATE
        if state in RETRYABLE_SQLSTATES:
            return "deadlock" if state == "40P01" else "serialization"
        if isinstance(current, sqlite3.OperationalError) and "locked" in str(current):
            return "locked"
        current = current.__cause__ or current.__context__
    return None


def is_retryable(exc: BaseException) -> bool:
    return lost_race(exc) is not None


async def retry_conflicts(
    operation: Callable[P, Awaitable[T]], *args: P.args, **kwargs: P.kwargs
) -> T:
    """`operation(*args, **kwargs)`, run again while it loses races; ConflictRetry after
    ATTEMPTS runs."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return await operation(*args, **kwargs)
        except ConflictRetry:
            raise
        except Exception as exc:
            cause = lost_race(exc)
            if cause is None:
                raise
            if attempt == ATTEMPTS:
                COUNTS.gave_up += 1
                raise ConflictRetry from exc
            COUNTS.retried += 1
            COUNTS.causes[cause] += 1
            await asyncio.sleep(random.uniform(0, BASE_DELAY * 4**attempt))  # noqa: S311
    raise AssertionError("unreachable")


def retrying(operation: Callable[P, Awaitable[T]]) -> Callable[P, Awaitable[T]]:
    """Decorate a resolver whose transaction can lose a race (see `retry_conflicts`)."""

    @functools.wraps(operation)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        return await retry_conflicts(operation, *args, **kwargs)

    return wrapper
