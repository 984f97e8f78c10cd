"""Bounded counts (R6.5): exact up to a cap, "at least the cap" beyond it, exact when asked;
the same on every list, through the schema and through the resolvers both read paths call."""

from __future__ import annotations

import pytest

from clientela.settings import Settings, SettingsError
from models.enums import ClientStatus
from resolvers.clients.client_count import client_list_count
from resolvers.clients.client_filter import ClientFilter
from resolvers.pagination import BoundedCount, bounded, capped_count_sql
from tests.factories import (
    make_client,
    make_org,
    make_tag,
)


@pytest.fixture
async def five(db):
    org = await make_org()
    await make_tag(org, "VIP")
    for i in range(5):
        await make_client(org, first_name=f"Anna{i}", last_name="Rossi", tags=["VIP"])
    await make_client(org, first_name="Gone", last_name="Rossi", status=ClientStatus.DELETED)
    return org


@pytest.mark.parametrize(
    ("spec", "cap", "expected"),
    [
        (ClientFilter(), 10, BoundedCount(5, True)),
        (ClientFilter(), 5, BoundedCount(5, True)),
        (ClientFilter(), 4, BoundedCount(4, False)),
        (ClientFilter(), 1, BoundedCount(1, False)),
        (ClientFilter(tags_any=("vip",)), 3, BoundedCount(3, False)),
        (ClientFilter(search="rossi anna"), 5, BoundedCount(5, True)),
        (ClientFilter(search="rossi anna"), 2, BoundedCount(2, False)),
        (ClientFilter(search="anna3"), 2, BoundedCount(1, True)),
        (ClientFilter(search="nobody"), 2, BoundedCount(0, True)),
        (ClientFilter(statuses=(ClientStatus.DELETED,)), 1, BoundedCount(1, True)),
    ],
)
async def test_capped_client_count(five, spec, cap, expected):
    assert await client_list_count(five.id, spec, cap=cap) == expected


async def test_exact_when_asked(five):
    counted = await client_list_count(five.id, ClientFilter(tags_any=("vip",)), cap=1, exact=True)
    assert counted == BoundedCount(5, True)


def test_the_statement_stops_past_the_cap():
    assert capped_count_sql("SELECT id FROM t", 10) == (
        "SELECT count(*) AS n FROM (SELECT id FROM t LIMIT 11) AS capped"
    )
    assert bounded(11, 10) == BoundedCount(10, False)
    assert bounded(10, 10) == BoundedCount(10, True)


def test_the_cap_is_a_setting():
    assert Settings().count_cap == 10_000
    assert Settings.from_env({"COUNT_CAP": "500"}).count_cap == 500
    with pytest.raises(SettingsError):
        Settings.from_env({"COUNT_CAP": "0"})
