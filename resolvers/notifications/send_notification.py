"""sendNotification: a catalogue notification to some clients, on the chosen channels (R7.2).

The target is a list of client ids, a client filter or a saved segment. Everything is checked
before anything is written: the type must be one that is sent on demand (account
mails belong to their own flows), the channels must be the type's, the parameters
the type needs must be there and typed (notification_params.py). Unknown ids refuse
the whole request. Then one transaction writes every notification (queued, delivered
in-app, or skipped with its reason); delivery happens after commit (R7.3).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tortoise.transactions import in_transaction

from mailer import outbox
from mailer.catalogue import CATALOGUE
from models import Organization
from models.access import Permission
from models.enums import Channel, NotificationType
from resolvers.access.actor import Actor, require
from resolvers.clients.client_filter import ClientFilter
from resolvers.clients.client_targets import target
from resolvers.errors import ErrorCode, UserError, UserErrors, error
from resolvers.notifications.notification_params import clean_params
from resolvers.notifications.notifications import Tally, queue_for_clients
from resolvers.segments.segments import find_segment


@dataclass
class SendResult:
    tally: Tally | None = None
    errors: list[UserError] = field(default_factory=list)


async def send_notification(
    actor: Actor | None,
    kind: NotificationType,
    channels: list[Channel],
    *,
    client_ids: list[str] | None = None,
    spec: ClientFilter | None = None,
    segment_id: str | None = None,
    params: dict[str, Any] | None = None,
) -> SendResult:
    actor = require(actor, Permission.NOTIFICATIONS_SEND)
    errors: list[UserError] = []
    catalogue = CATALOGUE[kind]
    if not catalogue.on_demand:
        errors.append(error(ErrorCode.INVALID, "This type is sent by its own flow", "type"))
    wanted = list(dict.fromkeys(channels))
    if not wanted:
        errors.append(error(ErrorCode.REQUIRED, "Choose at least one channel", "channels"))
    elif not set(wanted) <= catalogue.channels:
        errors.append(error(ErrorCode.INVALID, "This type is not sent on that channel", "channels"))
    organization = await Organization.get(id=actor.organization_id)
    clean, param_errors = clean_params(kind, params or {}, organization)
    errors += param_errors
    if segment_id is not None:
        if client_ids is not None or spec is not None:
            errors.append(error(ErrorCode.INVALID, "Give one of clientIds, filter or segmentId"))
        segment = await find_segment(actor, segment_id)
        if segment is None:
            errors.append(error(ErrorCode.NOT_FOUND, "No such segment", "segmentId"))
        else:
            spec = ClientFilter.from_data(segment.conditions)
    query = None
    try:
        query = await target(actor, client_ids, spec)
    except UserErrors as exc:
        errors += exc.errors
    if errors:
        return SendResult(errors=errors)

    async with in_transaction("default") as conn:
        assert query is not None
        tally = await queue_for_clients(conn, organization, query, kind, wanted, clean)
    if tally.queued:
        outbox.nudge()
    return SendResult(tally=tally)
