"""Typed parameters worded for the reader (R7.6): dates in the organization's time zone,
amounts with their currency, numbers with the language's separators, all by Babel.

English is written the way European businesses write it (day before month, 24-hour
clock: Babel's en_GB); Italian and Spanish follow their own conventions (Babel's it_IT
and es_ES). A value that is not of its declared type (a row queued before parameters
were typed) is shown as it was given.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import format_date, format_time
from babel.numbers import format_currency, format_decimal

from mailer.catalogue import PARAM_TYPES, Param

BABEL_LOCALES = {"it": "it_IT", "es": "es_ES", "en": "en_GB"}
_DAY = {"it": "EEEE d MMMM y", "es": "EEEE d 'de' MMMM 'de' y", "en": "EEEE d MMMM y"}
_DATE = {"it": "d MMMM y", "es": "d 'de' MMMM 'de' y", "en": "d MMMM y"}
_TIME = {"it": "H:mm", "es": "H:mm", "en": "HH:mm"}
# CLDR's minimum grouping digits, which Babel does not apply: Spanish writes 1250,50 €
# and 1500 but 12.500 (RAE: no separator in numbers of four digits).
_MIN_GROUPED: dict[str, Decimal] = {"es": Decimal(10000)}


def zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _at(locale: str, hour: int) -> str:
    """The word before a time: "alle 18:00" but "all'1:30"; "a las 18:00" but "a la 1:30"."""
    if locale == "it":
        return "all'" if hour == 1 else "alle "
    if locale == "es":
        return "a la " if hour == 1 else "a las "
    return "at "


def when(value: datetime, locale: str, time_zone: str | None) -> str:
    """ "martedì 1 dicembre 2026 alle 18:00", "martes 1 de diciembre de 2026 a las 18:00",
    "Tuesday 1 December 2026 at 18:00" — in the organization's zone."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    local = value.astimezone(zone(time_zone))
    babel = BABEL_LOCALES[locale]
    day = format_date(local.date(), _DAY[locale], locale=babel)
    time = format_time(local.time(), _TIME[locale], locale=babel)
    return f"{day} {_at(locale, local.hour)}{time}"


def day(value: date, locale: str) -> str:
    return format_date(value, _DATE[locale], locale=BABEL_LOCALES[locale])


def _grouped(value: Decimal | int, locale: str) -> bool:
    least: Decimal = _MIN_GROUPED.get(locale, Decimal(1000))
    return bool(abs(Decimal(value)) >= least)


def money(amount: Decimal, currency: str, locale: str) -> str:
    return format_currency(
        amount, currency, locale=BABEL_LOCALES[locale], group_separator=_grouped(amount, locale)
    )


def number(value: int, locale: str) -> str:
    return format_decimal(
        value, locale=BABEL_LOCALES[locale], group_separator=_grouped(value, locale)
    )


def _word(kind: Param, value: Any, locale: str, time_zone: str | None) -> Any:
    if kind is Param.DATETIME and isinstance(value, str):
        return when(datetime.fromisoformat(value), locale, time_zone)
    if kind is Param.DATE and isinstance(value, str):
        return day(date.fromisoformat(value), locale)
    if kind is Param.MONEY and isinstance(value, Mapping):
        return money(Decimal(str(value["amount"])), str(value["currency"]), locale)
    if kind is Param.INTEGER and isinstance(value, int):
        return number(value, locale)
    return value


def worded(params: Mapping[str, Any], locale: str, time_zone: str | None) -> dict[str, Any]:
    """The parameters as the template shows them, in `locale` and `time_zone`."""
    shown: dict[str, Any] = {}
    for name, value in params.items():
        kind = PARAM_TYPES.get(name, Param.LINE)
        try:
            shown[name] = _word(kind, value, locale, time_zone)
        except (ValueError, KeyError, InvalidOperation):
            shown[name] = value if isinstance(value, str) else str(value)
    return shown
