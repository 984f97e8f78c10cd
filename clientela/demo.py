"""Demo data for development: one gym with levels, tags and a few hundred varied clients."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from models import (
    Account,
    Client,
    ClientTag,
    GiftList,
    Level,
    Note,
    Order,
    Organization,
    PointsEntry,
    StaffUser,
    Tag,
)
from models.access import API_KEY_SCOPES
from models.enums import (
    ActorType,
    ClientStatus,
    Gender,
    GiftListStatus,
    IdentificationType,
    OrderStatus,
    PointsSource,
    StaffRole,
)
from models.security import hash_password
from models.tag import tag_key
from resolvers.access.api_keys import issue_api_key
from resolvers.clients.client_write import new_share_code

DEMO_SLUG = "demo"
DEMO_OWNER_EMAIL = "owner@demo.clientela.localhost"
DEMO_OWNER_PASSWORD = "demo-password"  # noqa: S105 - a development convenience, printed on purpose

# First names with the gender they are usually given, so the demo looks like real people.
FEMALE = [
    "Giulia",
    "Sofia",
    "Martina",
    "Chiara",
    "Lucía",
    "Valentina",
    "Elena",
    "Sara",
    "Anna",
    "Carmen",
    "Irene",
]
MALE = ["Marco", "Luca", "Alessandro", "Matteo", "Hugo", "Pablo", "Diego", "Javier", "Paolo"]
FIRST = [*FEMALE, *MALE]
LAST = [
    "Rossi",
    "Bianchi",
    "Romano",
    "Colombo",
    "Ricci",
    "Marino",
    "Greco",
    "Bruno",
    "García",
    "Fernández",
    "López",
    "Martínez",
    "Sánchez",
    "Pérez",
    "Gómez",
    "Conti",
    "Esposito",
    "Ferrari",
    "Moreno",
    "Navarro",
]
CITIES = [
    "Milano",
    "Roma",
    "Torino",
    "Bologna",
    "Firenze",
    "Napoli",
    "Madrid",
    "Barcelona",
    "Valencia",
    "Sevilla",
]
TAGS = ["VIP", "Yoga", "Pilates", "Newsletter", "Morning", "Evening", "CrossFit", "Lapsed"]
TAG_WEIGHTS = [1, 6, 4, 8, 3, 3, 2, 2]


def _ascii(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()


@dataclass
class DemoCredentials:
    organization: Organization
    owner: StaffUser
    api_key: str | None  # only when created by this run: keys are shown once


async def _shop_records(rng: random.Random, saved: list[Client], now: datetime) -> None:
    """A few orders and gift lists, so the console shows every kind of related record."""
    products = [("Borraccia", "12.00"), ("Tappetino yoga", "29.90"), ("Asciugamano", "9.50")]
    orders = []
    for n, client in enumerate(saved[::7]):
        name, price = rng.choice(products)
        quantity = rng.randint(1, 3)
        orders.append(
            Order(
                client=client,
                external_id=f"demo-order-{n}",
                status=rng.choice([OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.DELIVERED]),
                total=Decimal(price) * quantity,
                currency="EUR",
                ordered_at=now - timedelta(days=rng.randint(0, 200)),
                items=[{"name": name, "quantity": quantity, "unitPrice": price}],
            )
        )
    await Order.bulk_create(orders, batch_size=500)
    await GiftList.bulk_create(
        [
            GiftList(
                client=client,
                name="Compleanno",
                event_date=(now + timedelta(days=rng.randint(10, 120))).date(),
                status=GiftListStatus.OPEN,
                items=[{"name": "Lezione privata", "quantity": 1, "link": None}],
            )
            for client in saved[::25]
        ]
    )


async def _ledgers(rng: random.Random, saved: list[Client], owner: StaffUser) -> None:
    """Every balance is its ledger's sum (R5.1): a few entries per client add up to it."""
    reasons = ["Welcome bonus", "Monthly pass", "Personal training", "Referral bonus"]
    entries = []
    for client in saved:
        left, balance = client.points, 0
        when = client.registered_at
        while left > 0:
            amount = left if left < 50 or rng.random() < 0.4 else rng.randint(1, left)
            left -= amount
            balance += amount
            when = when + timedelta(days=rng.randint(1, 30))
            entries.append(
                PointsEntry(
                    organization_id=client.organization_id,
                    client_id=client.id,
                    amount=amount,
                    balance_after=balance,
                    reason=rng.choice(reasons),
                    source=PointsSource.MANUAL,
                    actor_type=ActorType.STAFF,
                    actor_id=owner.id,
                    actor_name=owner.name,
                    created_at=min(when, datetime.now(UTC)),
                )
            )
    await PointsEntry.bulk_create(entries, batch_size=1000)


async def seed_demo(clients: int = 300, seed: int = 7) -> DemoCredentials:
    """Create the demo organization unless it exists; idempotent."""
    organization = await Organization.filter(slug=DEMO_SLUG).first()
    if organization is not None:
        owner = await StaffUser.get(organization=organization, role=StaffRole.OWNER)
        return DemoCredentials(organization, owner, None)

    rng = random.Random(seed)
    organization = await Organization.create(
        name="Palestra Demo", slug=DEMO_SLUG, default_locale="it", country="IT"
    )
    owner = await StaffUser.create(
        organization=organization,
        email=DEMO_OWNER_EMAIL,
        name="Demo Owner",
        role=StaffRole.OWNER,
        password_hash=hash_password(DEMO_OWNER_PASSWORD),
    )
    levels = [
        await Level.create(organization=organization, name=name, name_key=name.lower(), threshold=t)
        for name, t in (("Bronze", 0), ("Silver", 500), ("Gold", 2000))
    ]
    tags = [await Tag.create(organization=organization, name=n, key=tag_key(n)) for n in TAGS]

    now = datetime.now(UTC)
    records = []
    for i in range(clients):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        gender = Gender.FEMALE if first in FEMALE else Gender.MALE
        points = int(rng.paretovariate(1.2) * 100) if rng.random() < 0.8 else 0
        client = Client(
            organization=organization,
            first_name=first,
            last_name=last,
            email=f"{_ascii(first)}.{_ascii(last)}.{i}@example.com" if rng.random() < 0.9 else None,
            phone=f"+39 3{rng.randint(10, 99)}{rng.randint(1000000, 9999999)}".replace(" ", "")
            if rng.random() < 0.7
            else None,
            identification_type=IdentificationType.NATIONAL_ID if rng.random() < 0.3 else None,
            gender=gender if rng.random() < 0.95 else None,
            city=rng.choice(CITIES),
            birthday=date(rng.randint(1950, 2006), rng.randint(1, 12), rng.randint(1, 28)),
            points=points,
            registered_at=now - timedelta(days=rng.randint(0, 1500), minutes=rng.randint(0, 1440)),
            share_code=new_share_code(),
            status=ClientStatus.INACTIVE if rng.random() < 0.05 else ClientStatus.ACTIVE,
            level=max((lv for lv in levels if lv.threshold <= points), key=lambda lv: lv.threshold),
            int1=rng.choice([None, 36, 38, 40, 42, 44]),
        )
        if client.identification_type is not None:
            client.identification_number = f"CA{rng.randint(10000, 99999)}XY"
        client.derive()
        records.append(client)
    # Half of the clients with an email use the app: most verified, so notifications
    # reach them; some not yet, so R3.5 can be seen skipping them.
    accounts = [
        Account(
            email=c.email,
            email_key=c.email_key,
            first_name=c.first_name,
            last_name=c.last_name,
            verified_at=now if rng.random() < 0.8 else None,
        )
        for c in records
        if c.email and rng.random() < 0.5
    ]
    await Account.bulk_create(accounts, batch_size=500)
    account_ids = dict(
        await Account.filter(email_key__in=[a.email_key for a in accounts]).values_list(
            "email_key", "id"
        )
    )
    for client in records:
        client.account_id = account_ids.get(client.email_key)
    await Client.bulk_create(records, batch_size=500)
    saved = await Client.filter(organization=organization).order_by("id")

    links = []
    for client in saved:
        chosen = {rng.choices(tags, TAG_WEIGHTS)[0] for _ in range(rng.randint(0, 3))}
        links += [ClientTag(client=client, tag=tag) for tag in chosen]
    await ClientTag.bulk_create(links, batch_size=1000)
    await Note.bulk_create(
        [
            Note(
                client=client,
                body=rng.choice(["Prefers morning classes.", "Asked about the annual plan."]),
                author_type=ActorType.STAFF,
                author_id=owner.id,
                author_name=owner.name,
            )
            for client in saved[::10]
        ]
    )
    await _ledgers(rng, saved, owner)
    await _shop_records(rng, saved, now)
    _key, secret = await issue_api_key(organization, "Demo integration", sorted(API_KEY_SCOPES))
    return DemoCredentials(organization, owner, secret)
