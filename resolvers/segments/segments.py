"""Segments (R6.3): saved, named client filters; their members are counted, paged, exported.

A segment stores its filter as data and is evaluated when used, so its members are
always today's. Names are unique per organization, case-insensitively.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tortoise.exceptions import IntegrityError
from tortoise.queryset import QuerySet

from models import Client, Segment
from models.access import Permission
from resolvers.access.actor import Actor, require
from resolvers.clients.client_count import count_clients
from resolvers.clients.client_fields import required_line
from resolvers.clients.client_filter import ClientFilter, filter_clients
from resolvers.clients.lookup import parse_id
from resolvers.errors import BadInput, ErrorCode, UserError, UserErrors, error


@dataclass
class SegmentResult:
    segment: Segment | None = None
    errors: list[UserError] = field(default_factory=list)


def _checked(spec: ClientFilter) -> dict[str, object]:
    try:
        spec.check()
    except BadInput as exc:
        raise UserErrors([error(ErrorCode.INVALID, str(exc), "filter")]) from None
    return spec.to_data()


async def find_segment(actor: Actor, segment_id: str) -> Segment | None:
    uuid = parse_id(segment_id)
    return (
        await Segment.filter(uuid=uuid, organization_id=actor.organization_id).first()
        if uuid
        else None
    )


async def members(actor: Actor | None, segment: Segment) -> QuerySet[Client]:
    """The segment's clients now; reading them needs clients:read like any client list."""
    actor = require(actor, Permission.CLIENTS_READ)
    return await filter_clients(actor.organization_id, ClientFilter.from_data(segment.conditions))


async def count_members(actor: Actor | None, segment: Segment) -> int:
    """How many clients the segment holds now: one exact count (resolvers/client_count.py)."""
    actor = require(actor, Permission.CLIENTS_READ)
    return await count_clients(actor.organization_id, ClientFilter.from_data(segment.conditions))


async def create_segment(actor: Actor | None, name: str, spec: ClientFilter) -> SegmentResult:
    actor = require(actor, Permission.SEGMENTS_MANAGE)
    try:
        text, problem = required_line(name, 100, "name", "A segment")
        if problem:
            raise UserErrors([problem])
        data = _checked(spec)
        segment = await Segment.create(
            organization_id=actor.organization_id,
            name=text,
            name_key=(text or "").casefold(),
            conditions=data,
        )
    except UserErrors as exc:
        return SegmentResult(errors=exc.errors)
    except IntegrityError:
        return SegmentResult(
            errors=[error(ErrorCode.NAME_IN_USE, "A segment has this name", "name")]
        )
    return SegmentResult(segment=segment)


async def update_segment(
    actor: Actor | None,
    segment_id: str,
    *,
    name: str | None = None,
    spec: ClientFilter | None = None,
) -> SegmentResult:
    actor = require(actor, Permission.SEGMENTS_MANAGE)
    segment = await find_segment(actor, segment_id)
    if segment is None:
        return SegmentResult(errors=[error(ErrorCode.NOT_FOUND, "No such segment", "segmentId")])
    try:
        if name is not None:
            text, problem = required_line(name, 100, "name", "A segment")
            if problem:
                raise UserErrors([problem])
            segment.name, segment.name_key = text or "", (text or "").casefold()
        if spec is not None:
            segment.conditions = _checked(spec)
        await segment.save()
    except UserErrors as exc:
        return SegmentResult(errors=exc.errors)
    except IntegrityError:
        return SegmentResult(
            errors=[error(ErrorCode.NAME_IN_USE, "A segment has this name", "name")]
        )
    return SegmentResult(segment=segment)


async def delete_segment(actor: Actor | None, segment_id: str) -> SegmentResult:
    actor = require(actor, Permission.SEGMENTS_MANAGE)
    segment = await find_segment(actor, segment_id)
    if segment is None:
        return SegmentResult(errors=[error(ErrorCode.NOT_FOUND, "No such segment", "segmentId")])
    await segment.delete()
    return SegmentResult(segment=segment)


async def list_segments(actor: Actor | None) -> list[Segment]:
    actor = require(actor, Permission.CLIENTS_READ)
    return await Segment.filter(organization_id=actor.organization_id).order_by("name_key")


async def get_segment(actor: Actor | None, segment_id: str) -> Segment | None:
    actor = require(actor, Permission.CLIENTS_READ)
    return await find_segment(actor, segment_id)
