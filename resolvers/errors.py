"""What a resolver can answer besides success.

Expected failures are `UserError`s the caller branches on by `code`; the
exceptions below are for the cases that are not the caller's data: no or bad
credentials, a missing permission, a malformed query argument.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum


class ErrorCode(StrEnum):
    REQUIRED = "required"
    INVALID = "invalid"
    TOO_LONG = "too_long"
    OUT_OF_RANGE = "out_of_range"
    INVALID_EMAIL = "invalid_email"
    INVALID_PHONE = "invalid_phone"
    NOT_FOUND = "not_found"
    EMAIL_IN_USE = "email_in_use"
    EXTERNAL_ID_IN_USE = "external_id_in_use"
    SHARE_CODE_IN_USE = "share_code_in_use"
    NAME_IN_USE = "name_in_use"
    THRESHOLD_IN_USE = "threshold_in_use"
    INVALID_CREDENTIALS = "invalid_credentials"
    WEAK_PASSWORD = "weak_password"  # noqa: S105 - a code, not a password
    INVALID_TOKEN = "invalid_token"  # noqa: S105
    RATE_LIMITED = "rate_limited"
    NO_ACCOUNT = "no_account"
    NO_EMAIL = "no_email"
    ACCOUNT_EMAIL_OWNED_BY_CLIENT = "account_email_owned_by_client"
    LOGIN_EMAIL_IN_USE = "login_email_in_use"
    CLIENT_ACCOUNTS_DISABLED = "client_accounts_disabled"
    PASSWORD_ASSIGNMENT_DISABLED = "password_assignment_disabled"  # noqa: S105
    ACCOUNT_DISABLED = "account_disabled"
    INSUFFICIENT_POINTS = "insufficient_points"
    EMAIL_NOT_VERIFIED = "email_not_verified"
    SAME_CLIENT = "same_client"
    INVALID_STATUS = "invalid_status"
    CLIENT_MERGED = "client_merged"
    ACCOUNT_CHOICE_REQUIRED = "account_choice_required"
    MERGE_IN_PROGRESS = "merge_in_progress"
    SURVIVOR_UNREACHABLE = "survivor_unreachable"
    STATUS_CHOICE_FORBIDDEN = "status_choice_forbidden"
    NOT_NOTE_AUTHOR = "not_note_author"
    ACCOUNT_EMAIL_MISMATCH = "account_email_mismatch"
    ACCOUNT_ALREADY_LINKED = "account_already_linked"
    LAST_OWNER = "last_owner"
    STAFF_EMAIL_IN_USE = "staff_email_in_use"
    CONFLICT_RETRY = "conflict_retry"
    # Webhooks and bulk writes (R10)
    INVALID_URL = "invalid_url"
    URL_NOT_ALLOWED = "url_not_allowed"
    TOO_MANY_ROWS = "too_many_rows"
    DUPLICATE_ROW = "duplicate_row"
    AMBIGUOUS_MATCH = "ambiguous_match"


@dataclass(frozen=True)
class UserError:
    code: ErrorCode
    message: str
    field: tuple[str, ...] | None = None
    # For the *_IN_USE codes on clients: the public id of the client holding the value,
    # so the console can offer to unify the two (R3.3).
    conflicting_client_id: str | None = None


def error(code: ErrorCode, message: str, *field: str, conflicting: str | None = None) -> UserError:
    return UserError(
        code=code, message=message, field=field or None, conflicting_client_id=conflicting
    )


class UserErrors(Exception):
    """Raised inside a transaction to roll it back and answer with these errors."""

    def __init__(self, errors: Sequence[UserError]) -> None:
        super().__init__(", ".join(e.code for e in errors))
        self.errors = list(errors)


class Unauthenticated(Exception):
    """No credentials, or credentials that are not valid (any more)."""


class PermissionDenied(Exception):
    """The credentials are valid but do not grant this operation."""


class BadInput(Exception):
    """A query argument that is not the caller's data: a bad cursor, `first` out of range."""
