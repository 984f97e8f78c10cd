"""Reading what belongs to the caller's organization: levels, tags, labels, keys, the caller."""

from __future__ import annotations

from dataclasses import dataclass

from models import ApiKey, FieldLabel, Level, Organization, StaffUser, Tag
from models.access import Permission
from models.enums import ActorType
from resolvers.access.actor import Actor, require


async def list_levels(actor: Actor | None) -> list[Level]:
    actor = require(actor, Permission.CLIENTS_READ)
    return await Level.filter(organization_id=actor.organization_id).order_by("threshold")


async def list_tags(actor: Actor | None) -> list[Tag]:
    actor = require(actor, Permission.CLIENTS_READ)
    return await Tag.filter(organization_id=actor.organization_id).order_by("key")


async def list_field_labels(actor: Actor | None) -> list[FieldLabel]:
    actor = require(actor, Permission.CLIENTS_READ)
    return await FieldLabel.filter(organization_id=actor.organization_id).order_by("field")


async def list_api_keys(actor: Actor | None) -> list[ApiKey]:
    actor = require(actor, Permission.API_KEYS_MANAGE)
    return await ApiKey.filter(organization_id=actor.organization_id).order_by("-id")


@dataclass
class Viewer:
    organization: Organization
    permissions: list[Permission]
    staff_user: StaffUser | None
    api_key: ApiKey | None


async def viewer(actor: Actor | None) -> Viewer:
    """Who is calling: any valid token may ask."""
    actor = require(actor)
    organization = await Organization.get(id=actor.organization_id)
    staff = await StaffUser.get(id=actor.id) if actor.type is ActorType.STAFF else None
    key = await ApiKey.get(id=actor.id) if actor.type is ActorType.API_KEY else None
    return Viewer(organization, sorted(actor.permissions), staff, key)
