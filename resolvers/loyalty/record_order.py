"""recordOrder and updateOrderStatus: the orders a shop's integration pushes about a
client (seed 004, "ver pedidos"; PRODUCT.md §2 related records).

Same rules as recordPurchase: the partner's external id makes a retry safe (the same
external id for the same client returns the first order and writes nothing), and a
client id of a merged record writes to its survivor (R4.2). A partner then pushes the
order's progress with updateOrderStatus; a cancelled order is final. Orders are
accounting records: they stay, unchanged, when the client is deleted permanently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

import orjson
from tortoise.transactions import in_transaction

from models import Client, Order
from models.access import Permission
from models.enums import OrderStatus
from resolvers.access.actor import Actor, require
from resolvers.activity import log_activity
from resolvers.clients.lookup import find_client_record
from resolvers.conflicts import retrying
from resolvers.errors import ErrorCode, UserError, UserErrors, error
from resolvers.loyalty import order_fields
from resolvers.loyalty.money import money
from resolvers.loyalty.order_fields import OrderItemSpec
from resolvers.loyalty.record_with_points import record_with_points


@dataclass
class OrderResult:
    order: Order | None = None
    client: Client | None = None
    errors: list[UserError] = field(default_factory=list)


async def record_order(
    actor: Actor | None,
    client_id: str,
    *,
    status: OrderStatus,
    total: Decimal,
    currency: str,
    ordered_at: datetime,
    items: list[OrderItemSpec] | None = None,
    external_id: str | None = None,
) -> OrderResult:
    actor = require(actor, Permission.POINTS_WRITE)
    errors = money(total, "total")
    code, problems = order_fields.currency(currency)
    reference, reference_problems = order_fields.external_id(external_id)
    stored_items, item_problems = order_fields.order_items(items or [])
    errors += problems + reference_problems + item_problems
    if errors:
        return OrderResult(errors=errors)
    # The lean write (issue 16): BEGIN, one locking read, one write, COMMIT.
    values = {
        "external_id": reference,
        "status": status.value,
        "total": total,
        "currency": code,
        "ordered_at": ordered_at,
        "items": orjson.dumps(stored_items).decode(),
        "updated_at": None,  # the record's `created_at`, set by the writer
    }
    try:
        order, client = await record_with_points(
            actor, client_id, Order, reference, values, "order.recorded"
        )
    except LookupError:
        return OrderResult(errors=[error(ErrorCode.NOT_FOUND, "No such client", "clientId")])
    return OrderResult(order=order, client=client)


@retrying
async def update_order_status(
    actor: Actor | None, order_id: str, status: OrderStatus
) -> OrderResult:
    actor = require(actor, Permission.POINTS_WRITE)
    try:
        async with in_transaction("default") as conn:
            found = await find_client_record(actor, Order, order_id, using_db=conn)
            if found is None:
                raise UserErrors([error(ErrorCode.NOT_FOUND, "No such order", "orderId")])
            order, client = found
            if order.status is status:
                return OrderResult(order=order, client=client)
            if order.status is OrderStatus.CANCELLED:
                raise UserErrors(
                    [error(ErrorCode.INVALID_STATUS, "A cancelled order is final", "status")]
                )
            before = order.status
            order.status = status
            await order.save(using_db=conn, update_fields=["status", "updated_at"])
            await log_activity(
                actor,
                client,
                "order.status_changed",
                {"order": [None, str(order.uuid)], "status": [before.value, status.value]},
                using_db=conn,
            )
    except UserErrors as exc:
        return OrderResult(errors=exc.errors)
    return OrderResult(order=order, client=client)
