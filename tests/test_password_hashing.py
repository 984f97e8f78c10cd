"""Password hashing off the event loop (issue 13): argon2 runs in a bounded pool of worker
threads, so that a burst of logins does not stall other requests (bench/login_burst.py
measures the effect; these tests check the mechanism)."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from models import security
from models.enums import StaffRole
from tests.factories import PASSWORD, make_org, make_staff
from tests.helpers import run

LOGIN = """mutation($email: String!, $password: String!) {
  staffLogin(input: {email: $email, password: $password}) { token userErrors { code } } }"""
REGISTER = """mutation($org: String!, $email: String!, $password: String!) { registerAccount(input: {
    organization: $org, email: $email, password: $password, firstName: "Ada", lastName: "Byron"}) {
    accepted userErrors { field code } } }"""


@pytest.fixture
def hashing_threads(monkeypatch):
    """The threads argon2 ran in, recorded by wrapping the plain functions."""
    seen: list[str] = []
    verify, hash_ = security.verify_password, security.hash_password

    def recording_verify(*args):
        seen.append(threading.current_thread().name)
        return verify(*args)

    def recording_hash(*args):
        seen.append(threading.current_thread().name)
        return hash_(*args)

    monkeypatch.setattr(security, "verify_password", recording_verify)
    monkeypatch.setattr(security, "hash_password", recording_hash)
    return seen


async def test_a_staff_login_checks_the_password_in_a_worker_thread(db, hashing_threads):
    org = await make_org()
    await make_staff(org, StaffRole.AGENT, email="agent@gym.test")
    hashing_threads.clear()  # the factory hashes on the test's thread
    data = await run(LOGIN, {"email": "agent@gym.test", "password": PASSWORD}, actor=None)
    assert data["staffLogin"]["token"]
    assert hashing_threads and all(name.startswith("argon2") for name in hashing_threads)
    assert threading.current_thread().name not in hashing_threads


async def test_registering_an_account_hashes_in_a_worker_thread(db, hashing_threads):
    await make_org(slug="gym")
    variables = {"org": "gym", "email": "ada@example.com", "password": "a long passphrase here"}
    data = await run(REGISTER, variables, actor=None)
    assert data["registerAccount"]["accepted"]
    assert hashing_threads and all(name.startswith("argon2") for name in hashing_threads)


async def test_at_most_the_configured_number_of_hashes_run_at_once(monkeypatch):
    running = 0
    most = 0
    lock = threading.Lock()

    def slow_verify(password_hash, password):
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        time.sleep(0.05)
        with lock:
            running -= 1
        return True

    monkeypatch.setattr(security, "verify_password", slow_verify)
    try:
        security.bound_password_hashing(2)
        ticks = 0

        async def heartbeat():
            nonlocal ticks
            while True:
                await asyncio.sleep(0)
                ticks += 1

        beat = asyncio.create_task(heartbeat())
        results = await asyncio.gather(
            *(security.verify_password_async("h", "p") for _ in range(6))
        )
        beat.cancel()
    finally:
        security.bound_password_hashing(1)
    assert results == [True] * 6
    assert most == 2
    # The loop kept running other work while the hashes ran (it is not blocked by them).
    assert ticks > 6
