"""Exporting a segment's members as CSV or JSON lines (R6.3), as a stream in constant memory.

Every client field is exported (generic fields under the organization's labels in the CSV
header; JSON lines keep the field names). No CSV cell starts with a formula character.

Rows are read in keyset batches of 1,000 (one statement for the clients, one for their
tags), written out and forgotten, so memory does not grow with the segment's size.
"""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from datetime import date, datetime
from typing import Any

import orjson

from models import ClientConsent, ClientTag, FieldLabel, Level, Segment
from models.access import Permission
from models.client import CLIENT_FIELDS
from models.enums import ConsentPurpose, GenericField
from resolvers.access.actor import Actor, require
from resolvers.segments.segments import members

BATCH = 1000
# Every field of the client record (PRODUCT.md §2, R6.3), in the order of the seed's card,
# with the balance, level and status (an import reads them and leaves them: R10.6) after
# the birthday.
_SPLIT = CLIENT_FIELDS.index("registered_at")
_PLAIN = (*CLIENT_FIELDS[:_SPLIT], "points")
_AFTER_LEVEL = ("status", *CLIENT_FIELDS[_SPLIT:])
GENERIC = tuple(field.value for field in GenericField)
# R11.1: current marketing consent (true: given; false: withdrawn or never asked).
CONSENT = ("consent_marketing_email", "consent_marketing_in_app")
COLUMNS = ("id", *_PLAIN, "level", *_AFTER_LEVEL, "tags", *CONSENT)
_FIELDS = ("id", "uuid", "level_id", *_PLAIN, *_AFTER_LEVEL)
# OWASP "CSV injection": a cell starting with one of these is run as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if hasattr(value, "value"):
        return value.value
    return value


def _cell(value: Any) -> Any:
    """OWASP's rule, in every column: a text cell that a spreadsheet would run as a formula
    is prefixed with a single quote, which spreadsheets show as text. Phone numbers
    (E.164, "+39...") get it too: the spreadsheet then shows the number, not a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


async def export_header(actor: Actor) -> list[str]:
    """The CSV header: generic fields under the organization's labels (R6.3)."""
    labels = dict(
        await FieldLabel.filter(organization_id=actor.organization_id).values_list("field", "label")
    )
    return [labels.get(GenericField(c), c) if c in GENERIC else c for c in COLUMNS]


async def export_rows(actor: Actor | None, segment: Segment) -> AsyncIterator[dict[str, Any]]:
    actor = require(actor, Permission.CLIENTS_READ, Permission.SEGMENTS_MANAGE)
    levels = dict(
        await Level.filter(organization_id=actor.organization_id).values_list("id", "name")
    )
    query = await members(actor, segment)
    last_id = 0
    while True:
        rows = await query.filter(id__gt=last_id).order_by("id").limit(BATCH).values(*_FIELDS)
        if not rows:
            return
        last_id = rows[-1]["id"]
        tags: dict[int, list[str]] = {}
        for client_id, name in await ClientTag.filter(
            client_id__in=[r["id"] for r in rows]
        ).values_list("client_id", "tag__name"):
            tags.setdefault(client_id, []).append(name)
        consented = set(
            await ClientConsent.filter(
                client_id__in=[r["id"] for r in rows], granted=True
            ).values_list("client_id", "purpose")
        )
        for row in rows:
            yield {
                "consent_marketing_email": (row["id"], ConsentPurpose.MARKETING_EMAIL) in consented,
                "consent_marketing_in_app": (row["id"], ConsentPurpose.MARKETING_IN_APP)
                in consented,
                "id": str(row["uuid"]),
                **{k: _value(row[k]) for k in _FIELDS if k not in ("id", "uuid", "level_id")},
                "level": levels.get(row["level_id"]),
                "tags": sorted(tags.get(row["id"], [])),
            }


async def export_csv(actor: Actor | None, segment: Segment) -> AsyncIterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_cell(name) for name in await export_header(require(actor))])
    pending = 0
    async for row in export_rows(actor, segment):
        writer.writerow(
            [
                _cell(";".join(row["tags"]))
                if c == "tags"
                else ("" if row[c] is None else _cell(row[c]))
                for c in COLUMNS
            ]
        )
        pending += 1
        if pending >= BATCH:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
            pending = 0
    yield buffer.getvalue().encode()


async def export_jsonl(actor: Actor | None, segment: Segment) -> AsyncIterator[bytes]:
    chunk: list[bytes] = []
    async for row in export_rows(actor, segment):
        chunk.append(orjson.dumps(row) + b"\n")
        if len(chunk) >= BATCH:
            yield b"".join(chunk)
            chunk = []
    yield b"".join(chunk)
