"""The password policy (R3.9, R3.10): long enough, not the email, not a common password."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from resolvers.errors import ErrorCode, UserError, error

MIN_LENGTH = 8
MAX_LENGTH = 128


@cache
def common_passwords() -> frozenset[str]:
    text = (Path(__file__).parent / "data" / "common-passwords.txt").read_text("utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line and not line.startswith("#")
    )


def password_problem(
    password: str, *, email: str | None, field: str = "password"
) -> UserError | None:
    """Why this password is refused, or None. The password itself never goes in a message."""
    if len(password) < MIN_LENGTH:
        return error(ErrorCode.WEAK_PASSWORD, f"Use at least {MIN_LENGTH} characters", field)
    if len(password) > MAX_LENGTH:
        return error(ErrorCode.TOO_LONG, f"Use at most {MAX_LENGTH} characters", field)
    lowered = password.strip().lower()
    if email and lowered in {email.lower(), email.lower().partition("@")[0]}:
        return error(ErrorCode.WEAK_PASSWORD, "The password cannot be the email", field)
    if lowered in common_passwords():
        return error(ErrorCode.WEAK_PASSWORD, "This password is too common", field)
    return None
