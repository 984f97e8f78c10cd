"""Orders and gift lists (seed 004): partners record them, the console lists them, a
retry by external id records once, a merged id writes to the survivor (R4.2)."""

from __future__ import annotations

import asyncio
from decimal import Decimal

import pytest

from models import ActivityEntry, GiftList, Order
from models.access import Permission
from models.enums import GiftListStatus, OrderStatus, StaffRole
from resolvers.access.auth import authenticate
from resolvers.lifecycle.unify_clients import unify_clients
from resolvers.loyalty.gift_lists import create_gift_list
from resolvers.loyalty.record_order import record_order
from tests.factories import counts, make_actor, make_api_key, make_client, make_org
from tests.helpers import error_codes, run

RECORD = """mutation($input: RecordOrderInput!) { recordOrder(input: $input) {
  order { id externalId status total currency orderedAt items { name quantity unitPrice } }
  client { id } userErrors { field code } } }"""
STATUS = """mutation($input: UpdateOrderStatusInput!) { updateOrderStatus(input: $input) {
  order { id status } userErrors { field code } } }"""
CREATE = """mutation($input: CreateGiftListInput!) { createGiftList(input: $input) {
  giftList { id externalId name eventDate status items { name quantity link } }
  client { id } userErrors { field code } } }"""
UPDATE = """mutation($input: UpdateGiftListInput!) { updateGiftList(input: $input) {
  giftList { id name eventDate status items { name quantity link } } userErrors { field code } } }"""
LISTS = """query($id: ID!) { client(id: $id) {
  orders(first: 10) { totalCount nodes { id status total } }
  giftLists(first: 10) { totalCount nodes { id name status } } } }"""

ORDER = {
    "status": "PAID",
    "total": "59.90",
    "currency": "eur",
    "orderedAt": "2026-11-20T10:00:00Z",
    "items": [
        {"name": "Yoga mat", "quantity": 1, "unitPrice": "39.90"},
        {"name": "Water bottle", "quantity": 2, "unitPrice": "10"},
    ],
}
GIFT_LIST = {
    "name": "Wedding of Anna and Luca",
    "eventDate": "2027-06-12",
    "items": [
        {"name": "Espresso machine", "link": "https://shop.example.com/espresso"},
        {"name": "Towels", "quantity": 6},
    ],
}


@pytest.fixture
async def shop(db):
    org = await make_org()
    return org, await make_actor(org), await make_client(org, first_name="Anna")


async def record(actor, client, **fields):
    data = await run(
        RECORD, {"input": {"clientId": str(client.uuid), **ORDER, **fields}}, actor=actor
    )
    return data["recordOrder"]


async def create(actor, client, **fields):
    data = await run(
        CREATE, {"input": {"clientId": str(client.uuid), **GIFT_LIST, **fields}}, actor=actor
    )
    return data["createGiftList"]


async def test_an_order_is_recorded_listed_and_moved_on(shop):
    _org, actor, client = shop
    result = await record(actor, client)
    assert result["userErrors"] == []
    order = result["order"]
    assert {k: v for k, v in order.items() if k != "id"} == {
        "externalId": None,
        "status": "PAID",
        "total": "59.90",
        "currency": "EUR",
        "orderedAt": "2026-11-20T10:00:00+00:00",
        "items": [
            {"name": "Yoga mat", "quantity": 1, "unitPrice": "39.90"},
            {"name": "Water bottle", "quantity": 2, "unitPrice": "10.00"},
        ],
    }
    assert result["client"] == {"id": str(client.uuid)}
    stored = await Order.get(uuid=order["id"])
    assert (stored.client_id, stored.total, stored.status) == (
        client.id,
        Decimal("59.90"),
        OrderStatus.PAID,
    )
    assert await ActivityEntry.filter(client=client, action="order.recorded").count() == 1

    shipped = await run(
        STATUS, {"input": {"orderId": order["id"], "status": "SHIPPED"}}, actor=actor
    )
    assert shipped["updateOrderStatus"] == {
        "order": {"id": order["id"], "status": "SHIPPED"},
        "userErrors": [],
    }
    entry = await ActivityEntry.get(client=client, action="order.status_changed")
    assert entry.changes == {"order": [None, order["id"]], "status": ["paid", "shipped"]}
    same = await run(STATUS, {"input": {"orderId": order["id"], "status": "SHIPPED"}}, actor=actor)
    assert same["updateOrderStatus"]["userErrors"] == []
    assert await ActivityEntry.filter(client=client, action="order.status_changed").count() == 1

    await run(STATUS, {"input": {"orderId": order["id"], "status": "CANCELLED"}}, actor=actor)
    before = await counts()
    final = await run(STATUS, {"input": {"orderId": order["id"], "status": "PAID"}}, actor=actor)
    assert final["updateOrderStatus"] == {
        "order": None,
        "userErrors": [{"field": ["status"], "code": "INVALID_STATUS"}],
    }
    assert (await Order.get(uuid=order["id"])).status is OrderStatus.CANCELLED
    assert await counts() == before

    second = await record(actor, client, status="PENDING", total="5", items=[])
    listed = (await run(LISTS, {"id": str(client.uuid)}, actor=actor))["client"]["orders"]
    assert listed == {
        "totalCount": 2,
        "nodes": [
            {"id": second["order"]["id"], "status": "PENDING", "total": "5.00"},
            {"id": order["id"], "status": "CANCELLED", "total": "59.90"},
        ],
    }


async def test_a_retried_order_is_recorded_once(shop):
    org, actor, client = shop
    first = await record(actor, client, externalId="WEB-1001")
    again = await record(actor, client, externalId="WEB-1001", total="1")
    assert again["order"] == first["order"]
    assert await Order.filter(client=client).count() == 1
    assert await ActivityEntry.filter(client=client, action="order.recorded").count() == 1
    other = await make_client(org)
    elsewhere = await record(actor, other, externalId="WEB-1001")
    assert elsewhere["order"]["id"] != first["order"]["id"]


BAD_ORDERS = [
    ({"total": "-0.01"}, ["total"], "OUT_OF_RANGE"),
    ({"total": "1.234"}, ["total"], "OUT_OF_RANGE"),
    ({"total": "10000000000"}, ["total"], "OUT_OF_RANGE"),
    # The Decimal scalar lets these through; they are refused as values, not crashes.
    ({"total": "NaN"}, ["total"], "OUT_OF_RANGE"),
    ({"total": "Infinity"}, ["total"], "OUT_OF_RANGE"),
    (
        {"items": [{"name": "Mat", "unitPrice": "sNaN"}]},
        ["items", "0", "unitPrice"],
        "OUT_OF_RANGE",
    ),
    ({"currency": "EURO"}, ["currency"], "INVALID"),
    ({"currency": "€"}, ["currency"], "INVALID"),
    ({"externalId": "WEB\n1"}, ["externalId"], "INVALID"),
    ({"externalId": "x" * 101}, ["externalId"], "TOO_LONG"),
    ({"items": [{"name": "Mat", "unitPrice": "1"}] * 51}, ["items"], "OUT_OF_RANGE"),
    ({"items": [{"name": " ", "unitPrice": "1"}]}, ["items", "0", "name"], "REQUIRED"),
    ({"items": [{"name": "a\tb", "unitPrice": "1"}]}, ["items", "0", "name"], "INVALID"),
    ({"items": [{"name": "x" * 201, "unitPrice": "1"}]}, ["items", "0", "name"], "TOO_LONG"),
    (
        {
            "items": [
                {"name": "Mat", "unitPrice": "1"},
                {"name": "Mat", "quantity": 0, "unitPrice": "1"},
            ]
        },
        ["items", "1", "quantity"],
        "OUT_OF_RANGE",
    ),
    ({"items": [{"name": "Mat", "unitPrice": "-1"}]}, ["items", "0", "unitPrice"], "OUT_OF_RANGE"),
    (
        {"items": [{"name": "Mat", "unitPrice": "0.001"}]},
        ["items", "0", "unitPrice"],
        "OUT_OF_RANGE",
    ),
    ({"clientId": "3f2b8f0e-1111-4222-8333-444455556666"}, ["clientId"], "NOT_FOUND"),
    ({"clientId": "not-a-uuid"}, ["clientId"], "NOT_FOUND"),
]


@pytest.mark.parametrize(("fields", "field", "code"), BAD_ORDERS)
async def test_a_bad_order_changes_nothing(shop, fields, field, code):
    _org, actor, client = shop
    before = await counts()
    result = await record(actor, client, **fields)
    assert result == {"order": None, "client": None, "userErrors": [{"field": field, "code": code}]}
    assert await counts() == before


async def test_an_unknown_order_is_not_found(shop):
    _org, actor, _client = shop
    for order_id in ("3f2b8f0e-1111-4222-8333-444455556666", "nonsense"):
        data = await run(STATUS, {"input": {"orderId": order_id, "status": "PAID"}}, actor=actor)
        assert data["updateOrderStatus"]["userErrors"] == [
            {"field": ["orderId"], "code": "NOT_FOUND"}
        ]


async def test_a_gift_list_is_created_listed_and_changed(shop):
    _org, actor, client = shop
    result = await create(actor, client)
    assert result["userErrors"] == []
    created = result["giftList"]
    assert {k: v for k, v in created.items() if k != "id"} == {
        "externalId": None,
        "name": "Wedding of Anna and Luca",
        "eventDate": "2027-06-12",
        "status": "OPEN",
        "items": [
            {
                "name": "Espresso machine",
                "quantity": 1,
                "link": "https://shop.example.com/espresso",
            },
            {"name": "Towels", "quantity": 6, "link": None},
        ],
    }
    assert await ActivityEntry.filter(client=client, action="gift_list.created").count() == 1

    changes = {"giftListId": created["id"], "status": "CLOSED", "eventDate": None, "items": []}
    updated = (await run(UPDATE, {"input": changes}, actor=actor))["updateGiftList"]
    assert updated == {
        "giftList": {
            "id": created["id"],
            "name": "Wedding of Anna and Luca",
            "eventDate": None,
            "status": "CLOSED",
            "items": [],
        },
        "userErrors": [],
    }
    stored = await GiftList.get(uuid=created["id"])
    assert (stored.status, stored.event_date, stored.items) == (GiftListStatus.CLOSED, None, [])
    entry = await ActivityEntry.get(client=client, action="gift_list.updated")
    assert entry.changes == {
        "status": ["open", "closed"],
        "eventDate": ["2027-06-12", None],
        "items": [2, 0],
        "giftList": [None, created["id"]],
    }
    unchanged = await run(
        UPDATE, {"input": {"giftListId": created["id"], "status": "CLOSED"}}, actor=actor
    )
    assert unchanged["updateGiftList"]["userErrors"] == []
    assert await ActivityEntry.filter(client=client, action="gift_list.updated").count() == 1

    listed = (await run(LISTS, {"id": str(client.uuid)}, actor=actor))["client"]["giftLists"]
    assert listed == {
        "totalCount": 1,
        "nodes": [{"id": created["id"], "name": "Wedding of Anna and Luca", "status": "CLOSED"}],
    }


async def test_a_retried_gift_list_is_created_once(shop):
    _org, actor, client = shop
    first = await create(actor, client, externalId="LIST-7")
    again = await create(actor, client, externalId="LIST-7", name="Another")
    assert again["giftList"] == first["giftList"]
    assert await GiftList.filter(client=client).count() == 1


BAD_GIFT_LISTS = [
    ({"name": "  "}, ["name"], "REQUIRED"),
    ({"name": "x" * 201}, ["name"], "TOO_LONG"),
    ({"name": "Wedding\r\nBcc: x"}, ["name"], "INVALID"),
    ({"externalId": "L\x00"}, ["externalId"], "INVALID"),
    ({"items": [{"name": "Towels"}] * 101}, ["items"], "OUT_OF_RANGE"),
    ({"items": [{"name": ""}]}, ["items", "0", "name"], "REQUIRED"),
    (
        {"items": [{"name": "Towels", "quantity": 10001}]},
        ["items", "0", "quantity"],
        "OUT_OF_RANGE",
    ),
    ({"items": [{"name": "A", "link": "javascript:alert(1)"}]}, ["items", "0", "link"], "INVALID"),
    (
        {"items": [{"name": "A", "link": "ftp://files.example.com/a"}]},
        ["items", "0", "link"],
        "INVALID",
    ),
    ({"items": [{"name": "A", "link": "https://"}]}, ["items", "0", "link"], "INVALID"),
    (
        {"items": [{"name": "A", "link": "https://e.com/" + "a" * 500}]},
        ["items", "0", "link"],
        "TOO_LONG",
    ),
    ({"clientId": "3f2b8f0e-1111-4222-8333-444455556666"}, ["clientId"], "NOT_FOUND"),
]


@pytest.mark.parametrize(("fields", "field", "code"), BAD_GIFT_LISTS)
async def test_a_bad_gift_list_changes_nothing(shop, fields, field, code):
    _org, actor, client = shop
    before = await counts()
    result = await create(actor, client, **fields)
    assert result == {
        "giftList": None,
        "client": None,
        "userErrors": [{"field": field, "code": code}],
    }
    assert await counts() == before


BAD_UPDATES = [
    ({"name": None}, ["name"], "REQUIRED"),
    ({"name": "a\x07"}, ["name"], "INVALID"),
    ({"status": None}, ["status"], "REQUIRED"),
    ({"items": None}, ["items"], "REQUIRED"),
    ({"items": [{"name": "A", "quantity": -1}]}, ["items", "0", "quantity"], "OUT_OF_RANGE"),
    (
        {"giftListId": "3f2b8f0e-1111-4222-8333-444455556666", "name": "X"},
        ["giftListId"],
        "NOT_FOUND",
    ),
]


@pytest.mark.parametrize(("fields", "field", "code"), BAD_UPDATES)
async def test_a_bad_gift_list_update_changes_nothing(shop, fields, field, code):
    _org, actor, client = shop
    created = (await create(actor, client))["giftList"]
    before = (await counts(), await GiftList.all().values())
    data = await run(UPDATE, {"input": {"giftListId": created["id"], **fields}}, actor=actor)
    assert data["updateGiftList"] == {
        "giftList": None,
        "userErrors": [{"field": field, "code": code}],
    }
    assert (await counts(), await GiftList.all().values()) == before


async def test_a_merged_id_records_on_the_survivor(shop):
    org, actor, survivor = shop
    absorbed = await make_client(org, first_name="Old")
    assert (await unify_clients(actor, str(survivor.uuid), str(absorbed.uuid))).errors == []
    order = await record(actor, absorbed)
    gift_list = await create(actor, absorbed)
    assert order["client"] == gift_list["client"] == {"id": str(survivor.uuid)}
    assert await Order.filter(client=survivor).count() == 1
    assert await GiftList.filter(client=survivor).count() == 1
    assert await Order.filter(client=absorbed).count() == 0


async def test_who_may_record(shop):
    org, _actor, client = shop
    marketing = await make_actor(org, StaffRole.MARKETING)
    variables = {"input": {"clientId": str(client.uuid), **ORDER}}
    assert await error_codes(RECORD, variables, actor=marketing) == ["FORBIDDEN"]
    assert await error_codes(
        CREATE, {"input": {"clientId": str(client.uuid), **GIFT_LIST}}, actor=marketing
    ) == ["FORBIDDEN"]
    assert await Order.all().count() + await GiftList.all().count() == 0
    # a point-of-sale key writes orders but does not read the client back
    shop_key = await authenticate(await make_api_key(org, Permission.POINTS_WRITE))
    result = await record(shop_key, client)
    assert (result["userErrors"], result["client"]) == ([], None)
    assert result["order"]["status"] == "PAID"


@pytest.mark.postgres
async def test_racing_retries_record_one_order_and_one_gift_list(shop):
    _org, actor, client = shop
    orders = await asyncio.gather(
        *(
            record_order(
                actor,
                str(client.uuid),
                status=OrderStatus.PAID,
                total=Decimal("5"),
                currency="EUR",
                ordered_at=client.created_at,
                external_id="RACE-1",
            )
            for _ in range(8)
        )
    )
    lists = await asyncio.gather(
        *(
            create_gift_list(actor, str(client.uuid), name="Birthday", external_id="RACE-2")
            for _ in range(8)
        )
    )
    assert {r.order.id for r in orders if r.order} == {(await Order.get(client=client)).id}
    assert {r.gift_list.id for r in lists if r.gift_list} == {
        (await GiftList.get(client=client)).id
    }
    assert all(r.errors == [] for r in [*orders, *lists])


@pytest.mark.postgres
async def test_status_changes_racing_a_merge_neither_deadlock_nor_get_lost(shop):
    from resolvers.loyalty.gift_lists import update_gift_list
    from resolvers.loyalty.record_order import update_order_status

    org, actor, survivor = shop
    for round_ in range(5):
        absorbed = await make_client(org, first_name=f"Old {round_}")
        order = (await record(actor, absorbed))["order"]["id"]
        gift_list = (await create(actor, absorbed))["giftList"]["id"]
        results = await asyncio.gather(
            update_order_status(actor, order, OrderStatus.SHIPPED),
            update_gift_list(actor, gift_list, {"name": "Renamed"}),
            unify_clients(actor, str(survivor.uuid), str(absorbed.uuid)),
            update_order_status(actor, order, OrderStatus.DELIVERED),
            update_gift_list(actor, gift_list, {"status": GiftListStatus.CLOSED}),
        )
        assert all(r.errors == [] for r in results)
        stored = await Order.get(uuid=order)
        # the two changes run in either order; both happen, each logged once, on the survivor
        assert stored.client_id == survivor.id
        assert stored.status in (OrderStatus.SHIPPED, OrderStatus.DELIVERED)
        logged = await ActivityEntry.filter(action="order.status_changed").values_list(
            "client_id", "changes"
        )
        mine = [client_id for client_id, changes in logged if changes["order"][1] == order]
        assert mine == [survivor.id, survivor.id]
        kept = await GiftList.get(uuid=gift_list)
        assert (kept.client_id, kept.name, kept.status) == (
            survivor.id,
            "Renamed",
            GiftListStatus.CLOSED,
        )


async def test_purchases_and_gift_cards_refuse_amounts_that_are_not_numbers(shop):
    _org, actor, client = shop
    purchase = """mutation($input: RecordPurchaseInput!) { recordPurchase(input: $input) {
      purchase { id } userErrors { field code } } }"""
    gift = """mutation($input: SendGiftInput!) { sendGift(input: $input) {
      client { id } userErrors { field code } } }"""
    before = await counts()
    for amount in ("NaN", "-Infinity", "sNaN"):
        bought = await run(
            purchase,
            {
                "input": {
                    "clientId": str(client.uuid),
                    "amount": amount,
                    "currency": "EUR",
                    "status": "PAID",
                    "valueDate": "2026-11-20",
                }
            },
            actor=actor,
        )
        assert bought["recordPurchase"] == {
            "purchase": None,
            "userErrors": [{"field": ["amount"], "code": "OUT_OF_RANGE"}],
        }
        card = {"amount": amount, "currency": "EUR"}
        given = await run(
            gift, {"input": {"clientId": str(client.uuid), "giftCard": card}}, actor=actor
        )
        assert given["sendGift"]["userErrors"] == [
            {"field": ["giftCard", "amount"], "code": "OUT_OF_RANGE"}
        ]
    assert await counts() == before
