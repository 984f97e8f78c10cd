"""updateOrganizationSettings: the switches an organization has (R5.2, R3.9, seed 003) and how
its mail speaks (R7.6): sender name, reply-to address, time zone, currency.

Text settings given as "" are cleared; omitted ones stay. A bad value refuses the whole
change with a field error and nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from zoneinfo import available_timezones

from models import Organization
from models.access import Permission
from models.enums import LevelMode
from resolvers.access.actor import Actor, require
from resolvers.clients.client_fields import Invalid, clean_email, single_line
from resolvers.errors import ErrorCode, UserError, error
from resolvers.loyalty.money import currency as clean_currency

_ZONES = frozenset(available_timezones())


@dataclass
class SettingsResult:
    organization: Organization
    errors: list[UserError] = field(default_factory=list)


def _mail_settings(
    sender_name: str | None,
    reply_to: str | None,
    time_zone: str | None,
    currency: str | None,
) -> tuple[dict[str, Any], list[UserError]]:
    given: dict[str, Any] = {}
    errors: list[UserError] = []
    if sender_name is not None:
        try:
            given["sender_name"] = single_line(100)(sender_name)
        except Invalid as exc:
            errors.append(error(exc.code, exc.message, "senderName"))
    if reply_to is not None:
        try:
            given["reply_to"] = clean_email(reply_to)
        except Invalid as exc:
            errors.append(error(exc.code, exc.message, "replyTo"))
    if time_zone is not None:
        if time_zone.strip() in _ZONES:
            given["time_zone"] = time_zone.strip()
        else:
            errors.append(
                error(ErrorCode.INVALID, "Use an IANA time zone such as Europe/Rome", "timeZone")
            )
    if currency is not None:
        code, problems = clean_currency(currency, "currency")
        errors += problems
        given["currency"] = code
    return given, errors


async def update_organization_settings(
    actor: Actor | None,
    *,
    level_mode: LevelMode | None = None,
    client_accounts_enabled: bool | None = None,
    staff_password_assignment: bool | None = None,
    sender_name: str | None = None,
    reply_to: str | None = None,
    time_zone: str | None = None,
    currency: str | None = None,
) -> SettingsResult:
    actor = require(actor, Permission.SETTINGS_MANAGE)
    mail, errors = _mail_settings(sender_name, reply_to, time_zone, currency)
    organization = await Organization.get(id=actor.organization_id)
    if errors:
        return SettingsResult(organization, errors)
    changes = {
        "level_mode": level_mode,
        "client_accounts_enabled": client_accounts_enabled,
        "staff_password_assignment": staff_password_assignment,
    }
    given = {name: value for name, value in changes.items() if value is not None}
    given.update(mail)
    for name, value in given.items():
        setattr(organization, name, value)
    if given:
        await organization.save(update_fields=list(given))
    return SettingsResult(organization)
