"""No account oracles (issue 14, R3.10): on every unauthenticated path an email with an account
and one without cost the same statements and the same work; what differs happens in the
worker, after the answer. (Times: bench/account_oracle.py, 50 of each.)"""

from __future__ import annotations

import pytest

from models import Account, AccountRequest, Notification
from models.security import hash_password
from resolvers.accounts.account_requests import carry_out_pending
from tests.factories import make_account, make_org
from tests.helpers import SETTINGS, count_statements, run

REGISTER = """mutation($email: String!) { registerAccount(input: {organization: "gym", email: $email,
  password: "a long and unusual passphrase", firstName: "Ada", lastName: "Byron"}) { accepted userErrors { code } } }"""
RESET = """mutation($email: String!) { requestPasswordReset(input: {organization: "gym", email: $email}) {
  accepted userErrors { code } } }"""
LINK = """mutation($email: String!) { requestLoginLink(input: {organization: "gym", email: $email}) {
  accepted userErrors { code } } }"""
LOGIN = """mutation($email: String!) { login(input: {organization: "gym", email: $email,
  password: "not the password at all"}) { token userErrors { code } } }"""

PATHS = {
    "registerAccount": REGISTER,
    "requestPasswordReset": RESET,
    "requestLoginLink": LINK,
    "login": LOGIN,
}


@pytest.fixture
async def gym(db):
    org = await make_org(slug="gym")
    await make_account("known@example.com", password_hash=hash_password("the real password"))
    return org


async def statements(document: str, email: str) -> tuple[list[str], dict]:
    with count_statements() as counter:
        data = await run(document, {"email": email}, actor=None)
    # The statements' shapes (values are parameters): the same text, the same work.
    return counter.statements, data


@pytest.mark.parametrize("name", sorted(PATHS))
async def test_known_and_unknown_emails_run_the_same_statements(gym, name):
    known, known_answer = await statements(PATHS[name], "known@example.com")
    unknown, unknown_answer = await statements(PATHS[name], "nobody@example.com")
    assert known == unknown
    assert known_answer == unknown_answer


async def test_the_worker_does_what_the_request_meant(gym):
    await run(REGISTER, {"email": "new@example.com"}, actor=None)
    await run(REGISTER, {"email": "known@example.com"}, actor=None)
    await run(RESET, {"email": "known@example.com"}, actor=None)
    await run(LINK, {"email": "nobody@example.com"}, actor=None)
    assert await AccountRequest.all().count() == 4
    assert await Account.filter(email="new@example.com").count() == 0  # not yet
    assert await carry_out_pending(SETTINGS) == 4
    assert await AccountRequest.all().count() == 0
    created = await Account.get(email="new@example.com")
    assert created.verified_at is None and created.password_hash.startswith("$argon2id$")
    sent = sorted((n.to_address, n.type.value) for n in await Notification.all())
    assert sent == [
        ("known@example.com", "login_link"),  # someone signed up with a verified address
        ("known@example.com", "password_reset"),
        ("new@example.com", "verify_email"),
    ]


async def test_the_request_row_holds_no_password_in_clear(gym):
    await run(REGISTER, {"email": "new@example.com"}, actor=None)
    row = await AccountRequest.get()
    assert row.password_hash.startswith("$argon2id$")
    assert "passphrase" not in row.password_hash
