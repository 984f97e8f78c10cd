"""Secrets at rest: opaque tokens stored as SHA-256 digests, passwords as argon2id.

Tokens carry 256 bits of randomness, so a fast digest is enough to make a stolen
table useless; passwords are low-entropy and get argon2id (R3.9).

An argon2 hash or check takes about a quarter of a second of CPU. Run on the event loop it
would stall every other request of the process for that long, so the service calls the
`_async` forms: they run in a small pool of worker threads (argon2 releases the GIL), whose
size bounds how many hashes run at once (PASSWORD_HASH_CONCURRENCY); the rest wait their
turn without holding the loop. The plain forms are for the command line and scripts.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import os
import secrets
import threading
from concurrent.futures import ThreadPoolExecutor

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
# A real hash of a random password: verifying against it when a login names an unknown
# user costs the same time as a real check, so timing does not reveal who exists.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


def new_token(prefix: str) -> tuple[str, str]:
    """A fresh token to give out once, and the digest to store."""
    token = f"{prefix}_{secrets.token_urlsafe(32)}"
    return token, hash_token(token)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def same_digest(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        # An empty hash (an invited staff user before accepting) never verifies.
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def password_needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


# Nice value of the hashing threads (and of the threads argon2 starts for its lanes, which
# inherit it): when the CPU is short, the event loop serving other requests goes first.
HASHING_NICENESS = 10


def _lower_priority() -> None:
    with contextlib.suppress(OSError):  # Linux: the nice value is per thread
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), HASHING_NICENESS)


def _new_pool(concurrency: int) -> ThreadPoolExecutor:
    return ThreadPoolExecutor(concurrency, "argon2", initializer=_lower_priority)


_pool = _new_pool(1)


def bound_password_hashing(concurrency: int) -> None:
    """At most `concurrency` hashes at once (create_app sets it from the settings)."""
    global _pool
    if _pool._max_workers != concurrency:
        old, _pool = _pool, _new_pool(concurrency)
        old.shutdown(wait=False)


async def hash_password_async(password: str) -> str:
    return await asyncio.get_running_loop().run_in_executor(_pool, hash_password, password)


async def verify_password_async(password_hash: str | None, password: str) -> bool:
    return await asyncio.get_running_loop().run_in_executor(
        _pool, verify_password, password_hash, password
    )
