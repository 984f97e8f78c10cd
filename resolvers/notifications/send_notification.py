"""sendNotification: a catalogue notification to some clients, on the chosen channels (R7.2).

The target is a list of client ids, a client filter or a saved segment. Everything is checked
before anything is written: the type must be one that is sent on demand (account
mails belong to their own flows), the channels must be the type's, the parameters
the type needs must be there, single-line values cannot break a header (no CR, LF
or NUL) and every value is bounded. Unknown ids refuse the whole request. Then one
transaction writes every notification (queued, delivered in-app, or skipped with
its reason); delivery happens after commit (R7.3).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from tortoise.transactions import in_transaction

from mailer import outbox
from mailer.catalogue import CATALOGUE
from models import Organization
from models.access import Permission
from models.enums import Channel, NotificationType
from resolvers.access.actor import Actor, require
from resolvers.clients.client_fields import camel
from resolvers.clients.client_filter import ClientFilter
from resolvers.clients.client_targets import target
from resolvers.errors import ErrorCode, UserError, UserErrors, error
from resolvers.notifications.notifications import Tally, queue_for_clients
from resolvers.segments.segments import find_segment

_LONG = {"body": 5000}
_DEFAULT_LIMIT = 300
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_BREAK = re.compile(r"[\r\n\x00]")
_URL = re.compile(r"^https?://[^\s<>\"']+$")


@dataclass
class SendResult:
    tally: Tally | None = None
    errors: list[UserError] = field(default_factory=list)


def clean_params(
    kind: NotificationType, raw: dict[str, Any]
) -> tuple[dict[str, str], list[UserError]]:
    spec = CATALOGUE[kind]
    allowed = set(spec.params) | set(spec.optional)
    params: dict[str, str] = {}
    errors: list[UserError] = []
    for name, value in raw.items():
        if value is None:
            continue
        path = ("params", camel(name))
        text = str(value).strip()
        if name not in allowed:
            errors.append(error(ErrorCode.INVALID, f"{kind.value} takes no {name}", *path))
        elif len(text) > _LONG.get(name, _DEFAULT_LIMIT):
            errors.append(error(ErrorCode.TOO_LONG, "The value is too long", *path))
        elif _CONTROL.search(text):
            errors.append(error(ErrorCode.INVALID, "Control characters are not allowed", *path))
        elif name not in _LONG and _LINE_BREAK.search(text):
            errors.append(error(ErrorCode.INVALID, "Must be one line", *path))
        elif name == "action_url" and not _URL.match(text):
            errors.append(error(ErrorCode.INVALID, "Must be an http(s) address", *path))
        elif text:
            params[name] = text
    for name in spec.params:
        path = ("params", camel(name))
        if name not in params and not any(e.field == path for e in errors):
            errors.append(error(ErrorCode.REQUIRED, f"{kind.value} needs {camel(name)}", *path))
    return params, errors


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
    clean, param_errors = clean_params(kind, params or {})
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
        organization = await Organization.filter(id=actor.organization_id).using_db(conn).get()
        assert query is not None
        tally = await queue_for_clients(conn, organization, query, kind, wanted, clean)
    if tally.queued:
        outbox.nudge()
    return SendResult(tally=tally)
