"""The parameters of a notification, checked and typed before anything is written (R7.2, R7.6).

Datetimes are stored in UTC (ISO 8601) and amounts as `{"amount", "currency"}`, so that
each message words them for its reader (mailer/wording.py). A datetime given without an
offset is read in the organization's time zone; an amount given without a currency is in
the organization's currency. Single-line values cannot break a header (no CR, LF or NUL)
and every value is bounded.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from mailer.catalogue import CATALOGUE, PARAM_TYPES, Param
from mailer.wording import zone
from models import Organization
from models.enums import NotificationType
from resolvers.clients.client_fields import camel
from resolvers.errors import ErrorCode, UserError, error
from resolvers.loyalty.money import currency, money

_LONG = {"body": 5000, "message": 1000}
_DEFAULT_LIMIT = 300
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_BREAK = re.compile(r"[\r\n\x00]")
_URL = re.compile(r"^https?://[^\s<>\"']+$")
_MONEY_TEXT = re.compile(r"^\s*(?:([A-Za-z]{3})\s+)?([0-9]+(?:\.[0-9]+)?)\s*(?:([A-Za-z]{3}))?\s*$")


class Refused(ValueError):
    def __init__(self, code: ErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _datetime(value: Any, organization: Organization) -> str:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            raise Refused(ErrorCode.INVALID, "Use an ISO 8601 date and time") from None
    if not isinstance(value, datetime):
        raise Refused(ErrorCode.INVALID, "Use an ISO 8601 date and time")
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone(organization.time_zone))
    return str(value.astimezone(UTC).isoformat())


def _date(value: Any) -> str:
    if isinstance(value, datetime):
        raise Refused(ErrorCode.INVALID, "Use an ISO 8601 date")
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value.strip())
        except ValueError:
            raise Refused(ErrorCode.INVALID, "Use an ISO 8601 date") from None
    if not isinstance(value, date):
        raise Refused(ErrorCode.INVALID, "Use an ISO 8601 date")
    return value.isoformat()


def _money(value: Any, organization: Organization) -> dict[str, str]:
    code: str | None = None
    if isinstance(value, Mapping):
        amount, code = value.get("amount"), value.get("currency")
    elif isinstance(value, str):
        found = _MONEY_TEXT.match(value)
        if found is None or (found.group(1) and found.group(3)):
            raise Refused(ErrorCode.INVALID, "Use an amount such as 25.00 or 25.00 EUR")
        amount, code = found.group(2), found.group(1) or found.group(3)
    else:
        amount = value
    try:
        number = Decimal(str(amount))
    except (InvalidOperation, ValueError):
        raise Refused(ErrorCode.INVALID, "Use an amount such as 25.00") from None
    if problems := money(number):
        raise Refused(problems[0].code, problems[0].message)
    iso, bad = currency(code or organization.currency)
    if bad:
        raise Refused(bad[0].code, bad[0].message)
    return {"amount": str(number.quantize(Decimal("0.01"))), "currency": iso}


def _text(name: str, kind: Param, value: Any) -> str:
    text = str(value).strip()
    if len(text) > _LONG.get(name, _DEFAULT_LIMIT):
        raise Refused(ErrorCode.TOO_LONG, "The value is too long")
    if _CONTROL.search(text):
        raise Refused(ErrorCode.INVALID, "Control characters are not allowed")
    if kind is not Param.TEXT and _LINE_BREAK.search(text):
        raise Refused(ErrorCode.INVALID, "Must be one line")
    if kind is Param.URL and not _URL.match(text):
        raise Refused(ErrorCode.INVALID, "Must be an http(s) address")
    return text


def typed(name: str, value: Any, organization: Organization) -> Any:
    """One parameter as it is stored, or Refused."""
    kind = PARAM_TYPES.get(name, Param.LINE)
    if kind is Param.DATETIME:
        return _datetime(value, organization)
    if kind is Param.DATE:
        return _date(value)
    if kind is Param.MONEY:
        return _money(value, organization)
    if kind is Param.INTEGER:
        if isinstance(value, bool) or not isinstance(value, int):
            raise Refused(ErrorCode.INVALID, "Must be a whole number")
        return value
    return _text(name, kind, value)


def clean_params(
    kind: NotificationType, raw: Mapping[str, Any], organization: Organization
) -> tuple[dict[str, Any], list[UserError]]:
    spec = CATALOGUE[kind]
    allowed = set(spec.params) | set(spec.optional)
    params: dict[str, Any] = {}
    errors: list[UserError] = []
    values = dict(raw)
    # `currency` is not a parameter of its own: it says in which currency the amounts are.
    money_currency = values.pop("currency", None)
    if money_currency is not None:
        if not any(PARAM_TYPES.get(name) is Param.MONEY for name in allowed):
            errors.append(
                error(ErrorCode.INVALID, f"{kind.value} takes no currency", "params", "currency")
            )
        else:
            money_currency, problems = currency(str(money_currency), "params", "currency")
            errors += problems
    bad_currency = any(e.field == ("params", "currency") for e in errors)
    for name, value in values.items():
        if value is None:
            continue
        path = ("params", camel(name))
        if name not in allowed:
            errors.append(error(ErrorCode.INVALID, f"{kind.value} takes no {name}", *path))
            continue
        if PARAM_TYPES.get(name) is Param.MONEY:
            if bad_currency:
                continue  # the amount's currency is already refused
            if not isinstance(value, Mapping):
                value = {"amount": value, "currency": money_currency}
        try:
            stored = typed(name, value, organization)
        except Refused as refused:
            errors.append(error(refused.code, refused.message, *path))
            continue
        if stored != "":
            params[name] = stored
    for name in spec.params:
        path = ("params", camel(name))
        if bad_currency and PARAM_TYPES.get(name) is Param.MONEY:
            continue
        if name not in params and not any(e.field == path for e in errors):
            errors.append(error(ErrorCode.REQUIRED, f"{kind.value} needs {camel(name)}", *path))
    return params, errors
