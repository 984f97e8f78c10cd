"""The Mutation root: every domain's mutations, composed."""

from __future__ import annotations

import strawberry

from schema.access.mutations import AccessMutation
from schema.access.staff import StaffMutation
from schema.accounts.inbox import InboxMutation
from schema.accounts.links import AccountLinkMutation
from schema.accounts.mutations import AccountMutation
from schema.clients.mutations import ClientMutation
from schema.corrections import CorrectionMutation
from schema.imports import ImportMutation
from schema.lifecycle import LifecycleMutation, MergeMutation
from schema.loyalty.mutations import LoyaltyMutation
from schema.loyalty.orders import OrderMutation
from schema.notifications import NotificationMutation
from schema.segments import SegmentMutation
from schema.webhooks import WebhookMutation


@strawberry.type(description="Changes.")
class Mutation(
    AccessMutation,
    ClientMutation,
    AccountMutation,
    InboxMutation,
    LoyaltyMutation,
    OrderMutation,
    SegmentMutation,
    NotificationMutation,
    MergeMutation,
    LifecycleMutation,
    StaffMutation,
    CorrectionMutation,
    AccountLinkMutation,
    WebhookMutation,
    ImportMutation,
):
    pass
