"""Validation and normalisation of client fields (PRODUCT.md §2), pure: no database.

Emails are stored normalised (trimmed, lower-cased domain), phones in E.164; a
bad value is refused with a field error and never stored. Field paths in the
errors use the GraphQL (camelCase) names of the input.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from email_validator.rfc_constants import CASE_INSENSITIVE_MAILBOX_NAMES

from models.search_text import remember_phone_digits
from resolvers.errors import ErrorCode, UserError, error

LOCALES = ("it", "es", "en")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_MULTILINE_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SHARE_CODE = re.compile(r"^[A-Z0-9-]{4,32}$")
_EARLIEST_BIRTHDAY = date(1900, 1, 1)
_CLOCK_SKEW = timedelta(minutes=5)


class Invalid(Exception):
    def __init__(self, code: ErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@functools.lru_cache(maxsize=1024)
def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def single_line(max_length: int, *, blank_is_none: bool = True) -> Callable[[Any], Any]:
    def clean(value: Any) -> Any:
        if value is None:
            return None if blank_is_none else ""
        if _CONTROL.search(str(value)):
            raise Invalid(ErrorCode.INVALID, "Must be a single line without control characters")
        text = " ".join(str(value).split())
        if len(text) > max_length:
            raise Invalid(ErrorCode.TOO_LONG, f"Must be at most {max_length} characters")
        if not text and blank_is_none:
            return None
        return text

    return clean


def multi_line(max_length: int) -> Callable[[Any], Any]:
    def clean(value: Any) -> Any:
        if value is None:
            return None
        text = str(value).strip()
        if _MULTILINE_CONTROL.search(text):
            raise Invalid(ErrorCode.INVALID, "Must not contain control characters")
        if len(text) > max_length:
            raise Invalid(ErrorCode.TOO_LONG, f"Must be at most {max_length} characters")
        return text or None

    return clean


# An unquoted ASCII local part (RFC 5322 dot-atom): the validator accepts it as it is, so
# only the part after the @ needs it (once per domain: a file has few of them).
_ATEXT = r"[a-zA-Z0-9!#$%&'*+/=?^_`{|}~-]"
_PLAIN_LOCAL = re.compile(rf"{_ATEXT}+(?:\.{_ATEXT}+)*\Z")


@functools.lru_cache(maxsize=4096)
def _email_domain(domain: str) -> str | None:
    """The normalised domain the validator makes of `domain`, or None when it refuses it."""
    try:
        return validate_email(f"a@{domain}", check_deliverability=False).domain.lower()
    except EmailNotValidError:
        return None


def clean_email(value: Any) -> str | None:
    if value is None or not str(value).strip():
        return None
    raw = str(value).strip()
    if len(raw) > 254:
        raise Invalid(ErrorCode.TOO_LONG, "Must be at most 254 characters")
    local, at, domain = raw.rpartition("@")
    if at and len(local) <= 64 and domain.isascii() and _PLAIN_LOCAL.match(local):
        normal = _email_domain(domain)
        if normal is not None and len(local) + 1 + len(normal) <= 254:
            # RFC 2142 role mailboxes (info@, postmaster@ …) are lower-cased, as the validator does.
            if local.lower() in CASE_INSENSITIVE_MAILBOX_NAMES:
                local = local.lower()
            return f"{local}@{normal}"
    # Anything else (quoted or international local parts, a refused domain) the validator
    # reads whole, and words its refusal.
    try:
        result = validate_email(raw, check_deliverability=False)
    except EmailNotValidError:
        raise Invalid(ErrorCode.INVALID_EMAIL, "Enter a valid email address") from None
    local, _, domain = result.normalized.rpartition("@")
    return f"{local}@{domain.lower()}"


@functools.lru_cache(maxsize=8192)
def _phone(raw: str, country: str) -> str | None:
    """The E.164 form of a phone number as typed, or None when it is not a valid one."""
    try:
        number = phonenumbers.parse(raw, country)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    # The search text reads both forms: parsed once here instead of again there.
    remember_phone_digits(e164, national)
    return e164


def phone_cleaner(country: str) -> Callable[[Any], Any]:
    def clean(value: Any) -> str | None:
        if value is None or not str(value).strip():
            return None
        raw = str(value).strip()
        if len(raw) > 32:
            raise Invalid(ErrorCode.TOO_LONG, "Must be at most 32 characters")
        e164 = _phone(raw, country)
        if e164 is None:
            raise Invalid(ErrorCode.INVALID_PHONE, "Enter a valid phone number")
        return e164

    return clean


def clean_birthday(value: Any) -> date | None:
    if value is None:
        return None
    if value > datetime.now(UTC).date() or value < _EARLIEST_BIRTHDAY:
        raise Invalid(ErrorCode.OUT_OF_RANGE, "Must be between 1900-01-01 and today")
    return value  # type: ignore[no-any-return]


def clean_registered_at(value: Any) -> datetime | None:
    if value is None:
        return None
    moment: datetime = value if value.tzinfo else value.replace(tzinfo=UTC)
    if moment > datetime.now(UTC) + _CLOCK_SKEW:
        raise Invalid(ErrorCode.OUT_OF_RANGE, "Must not be in the future")
    return moment


def clean_share_code(value: Any) -> str | None:
    if value is None:
        return None
    code = str(value).strip().upper()
    if not _SHARE_CODE.match(code):
        raise Invalid(ErrorCode.INVALID, "Use 4 to 32 letters, digits or dashes")
    return code


def clean_locale(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if value not in LOCALES:
        raise Invalid(ErrorCode.INVALID, f"Must be one of {', '.join(LOCALES)}")
    return str(value)


def _same(value: Any) -> Any:
    return value


@functools.cache
def cleaners(country: str) -> dict[str, Callable[[Any], Any]]:
    """Every client field a caller may write, with its cleaner."""
    return {
        "first_name": single_line(100, blank_is_none=False),
        "last_name": single_line(100, blank_is_none=False),
        "email": clean_email,
        "phone": phone_cleaner(country),
        "identification_type": _same,
        "identification_number": single_line(50),
        "external_id": single_line(100),
        "gender": _same,
        "city": single_line(100),
        "birthday": clean_birthday,
        "locale": clean_locale,
        "registered_at": clean_registered_at,
        "registration_code": single_line(50),
        "share_code": clean_share_code,
        **{f"text{i}": multi_line(500) for i in range(1, 6)},
        **{f"int{i}": _same for i in range(1, 6)},
        **{f"date{i}": _same for i in range(1, 3)},
    }


# Written on the record only through their own rules, never by create/update as-is.
NOT_NULLABLE = frozenset({"share_code", "registered_at"})


def clean_client_fields(
    raw: Mapping[str, Any], *, country: str
) -> tuple[dict[str, Any], list[UserError]]:
    """Normalise the given fields; unknown names are a programming error."""
    table = cleaners(country)
    cleaned: dict[str, Any] = {}
    errors: list[UserError] = []
    for name, value in raw.items():
        try:
            result = table[name](value)
        except Invalid as exc:
            errors.append(error(exc.code, exc.message, camel(name)))
            continue
        if result is None and name in NOT_NULLABLE:
            errors.append(error(ErrorCode.REQUIRED, "This field cannot be cleared", camel(name)))
            continue
        cleaned[name] = result
    return cleaned, errors


def required_line(
    value: Any, max_length: int, field: str, what: str
) -> tuple[str | None, UserError | None]:
    """A mandatory single-line text (a name): the cleaned text, or the error about it."""
    try:
        text = single_line(max_length)(value)
    except Invalid as exc:
        return None, error(exc.code, exc.message, field)
    if not text:
        return None, error(ErrorCode.REQUIRED, f"{what} needs a {field}", field)
    return text, None
