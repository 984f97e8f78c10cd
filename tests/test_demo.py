"""Demo data that looks like the real thing: balances are ledger sums, names and genders agree."""

from __future__ import annotations

from clientela.demo import FEMALE, MALE, seed_demo
from models import Client, PointsEntry
from models.enums import Gender
from resolvers.access.actor import Actor
from tests.helpers import run


async def test_every_demo_balance_is_its_ledgers_sum_and_genders_match_names(db):
    credentials = await seed_demo(clients=120)
    clients = await Client.filter(organization=credentials.organization).order_by("id")
    sums: dict[int, int] = {}
    for client_id, amount in await PointsEntry.all().values_list("client_id", "amount"):
        sums[client_id] = sums.get(client_id, 0) + amount
    assert any(client.points for client in clients)
    assert [c.points for c in clients] == [sums.get(c.id, 0) for c in clients]
    for client in clients:
        expected = Gender.FEMALE if client.first_name in FEMALE else Gender.MALE
        assert client.first_name in FEMALE + MALE
        assert client.gender in (expected, None)

    rich = next(c for c in clients if c.points > 0)
    actor = Actor.for_staff(credentials.owner)
    await run(
        'mutation($id: ID!) { addPoints(input: {clientId: $id, amount: 5, reason: "visit"}) '
        "{ userErrors { code } } }",
        {"id": str(rich.uuid)},
        actor=actor,
    )
    history = await PointsEntry.filter(client_id=rich.id).order_by("created_at", "id")
    assert sum(e.amount for e in history) == (await Client.get(id=rich.id)).points
    assert history[-1].balance_after == rich.points + 5
