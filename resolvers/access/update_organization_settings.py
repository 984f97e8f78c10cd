"""updateOrganizationSettings: the switches an organization has (R5.2, R3.9, seed 003)."""

from __future__ import annotations

from models import Organization
from models.access import Permission
from models.enums import LevelMode
from resolvers.access.actor import Actor, require


async def update_organization_settings(
    actor: Actor | None,
    *,
    level_mode: LevelMode | None = None,
    client_accounts_enabled: bool | None = None,
    staff_password_assignment: bool | None = None,
) -> Organization:
    actor = require(actor, Permission.SETTINGS_MANAGE)
    organization = await Organization.get(id=actor.organization_id)
    changes = {
        "level_mode": level_mode,
        "client_accounts_enabled": client_accounts_enabled,
        "staff_password_assignment": staff_password_assignment,
    }
    given = {name: value for name, value in changes.items() if value is not None}
    for name, value in given.items():
        setattr(organization, name, value)
    if given:
        await organization.save(update_fields=list(given))
    return organization
