"""The Query root: every domain's reads, composed."""

from __future__ import annotations

import strawberry

from schema.access.queries import AccessQuery
from schema.access.staff import StaffQuery
from schema.accounts.inbox import AccountQuery
from schema.clients.queries import ClientQuery
from schema.imports import ImportQuery
from schema.lifecycle import MergeQuery
from schema.segments import SegmentQuery
from schema.webhooks import WebhookQuery


@strawberry.type(description="Reads.")
class Query(
    ClientQuery,
    SegmentQuery,
    AccessQuery,
    AccountQuery,
    MergeQuery,
    WebhookQuery,
    ImportQuery,
    StaffQuery,
):
    pass
