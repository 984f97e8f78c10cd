"""Data the product corpus needs on top of the read benchmark's clients (`bench.readdata`):
what the console's client page shows (notes, activity, notifications, purchases, bookings,
memberships, gift cards, orders, gift lists, referrals) for one client in five, partners'
external ids, two segments, and one client-app account with an inbox.

Added once to the kept database (set-based SQL, a few minutes for 1,000,000 clients).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import timedelta

from tortoise import connections

from bench.common import NO_TRIGGERS, bulk_load
from bench.segments import vacuum
from models import Account, Client, InboxMessage, Notification, Organization, Segment
from models.access import Permission
from models.enums import Channel, NotificationStatus, NotificationType
from resolvers.access.api_keys import issue_api_key
from resolvers.accounts.account_tokens import open_session
from resolvers.clients.client_filter import ClientFilter

EVERY = 5  # one client in EVERY has records

RECORDS = f"""
UPDATE client SET external_id = 'ext-' || id WHERE id % {EVERY} = 0 AND organization_id = $ORG;
UPDATE client SET referred_by_id = id - {EVERY}
    WHERE id % {EVERY} = 1 AND id > {EVERY} AND organization_id = $ORG;
INSERT INTO note (uuid, client_id, body, author_type, author_name, created_at)
SELECT gen_random_uuid(), c.id, 'Nota ' || k || ' del cliente', 'staff', 'Staff',
       now() - k * interval '9 day'
FROM client c CROSS JOIN LATERAL generate_series(1, 1 + (c.id % 7)::int) AS k
WHERE c.id % {EVERY} = 0 AND c.organization_id = $ORG;
INSERT INTO activity_entry (organization_id, client_id, action, actor_type, actor_name,
    changes, created_at)
SELECT c.organization_id, c.id, 'client.updated', 'api_key', 'shop',
       json_build_object('points', json_build_array(k, k + 10)), now() - k * interval '5 day'
FROM client c CROSS JOIN LATERAL generate_series(1, 2 + (c.id % 9)::int) AS k
WHERE c.id % {EVERY} = 0 AND c.organization_id = $ORG;
INSERT INTO notification (uuid, organization_id, client_id, type, channel, status, locale,
    params, attempts, created_at, sent_at)
SELECT gen_random_uuid(), c.organization_id, c.id, 'welcome', 'email', 'sent', 'it', '{{}}', 1,
       now() - k * interval '20 day', now() - k * interval '20 day'
FROM client c CROSS JOIN LATERAL generate_series(1, 1 + (c.id % 4)::int) AS k
WHERE c.id % {EVERY} = 0 AND c.organization_id = $ORG;
INSERT INTO purchase (uuid, client_id, external_id, description, amount, currency, status,
    value_date, points_earned, created_at)
SELECT gen_random_uuid(), c.id, 'p-' || c.id || '-' || k, 'Abbonamento', 10 + (c.id % 90),
       'EUR', 'paid', current_date - k * 30, 10, now() - k * interval '30 day'
FROM client c CROSS JOIN LATERAL generate_series(1, 1 + (c.id % 6)::int) AS k
WHERE c.id % {EVERY} = 0 AND c.organization_id = $ORG;
INSERT INTO client_order (uuid, client_id, external_id, status, total, currency, ordered_at, items,
    created_at, updated_at)
SELECT gen_random_uuid(), c.id, 'o-' || c.id || '-' || k, 'paid', 25.50, 'EUR',
       now() - k * interval '40 day',
       '[{{"name": "Tè", "quantity": 2, "unitPrice": "12.75"}}]',
       now() - k * interval '40 day', now() - k * interval '40 day'
FROM client c CROSS JOIN LATERAL generate_series(1, (c.id % 5)::int) AS k
WHERE c.id % {EVERY} = 0 AND c.organization_id = $ORG;
INSERT INTO booking (uuid, client_id, external_id, activity, starts_at, status, created_at)
SELECT gen_random_uuid(), c.id, 'b-' || c.id, 'Yoga', now() + interval '2 day', 'booked', now()
FROM client c WHERE c.id % {EVERY * 2} = 0 AND c.organization_id = $ORG;
INSERT INTO membership (uuid, client_id, name, starts_on, ends_on, created_at)
SELECT gen_random_uuid(), c.id, 'Annuale', current_date - 100, current_date + 265, now()
FROM client c WHERE c.id % {EVERY * 2} = 0 AND c.organization_id = $ORG;
INSERT INTO gift_card (uuid, client_id, code, amount, currency, created_at)
SELECT gen_random_uuid(), c.id, 'GC' || c.id, 50, 'EUR', now()
FROM client c WHERE c.id % {EVERY * 4} = 0 AND c.organization_id = $ORG;
INSERT INTO gift_list (uuid, client_id, name, status, items, created_at, updated_at)
SELECT gen_random_uuid(), c.id, 'Compleanno', 'open', '[{{"name": "Libro", "quantity": 1}}]',
       now(), now()
FROM client c WHERE c.id % {EVERY * 4} = 0 AND c.organization_id = $ORG;
"""


@dataclass(frozen=True)
class CorpusData:
    detail_uuid: str  # a client with every kind of record
    external_id: str
    segment_uuid: str
    account_id: int
    account_token: str
    writer_key: str  # an integration's key: reads clients, writes points, notes, clients


async def prepare_corpus(organization_id: int) -> CorpusData:
    conn = connections.get("default")
    if not await Segment.filter(organization_id=organization_id).exists():
        start = time.perf_counter()
        tables = ("client", "note", "activity_entry", "notification", "purchase", "client_order")
        tables += ("booking", "membership", "gift_card", "gift_list")
        async with bulk_load(*tables):
            script = RECORDS.replace("$ORG", str(int(organization_id)))
            await conn.execute_script(NO_TRIGGERS + script)
        await vacuum(
            "client",
            "note",
            "activity_entry",
            "notification",
            "purchase",
            "client_order",
            "booking",
            "membership",
            "gift_card",
            "gift_list",
        )
        await Segment.create(
            organization_id=organization_id,
            name="Yoga a Roma",
            name_key="yoga a roma",
            conditions=ClientFilter(tags_any=("Yoga",), cities=("Roma",)).to_data(),
        )
        await Segment.create(
            organization_id=organization_id,
            name="Gold",
            name_key="gold",
            conditions=ClientFilter(points_min=2000).to_data(),
        )
        account = await Account.create(
            email="app@bench.test",
            email_key="app@bench.test",
            first_name="App",
            last_name="User",
        )
        client = await Client.filter(organization_id=organization_id).order_by("id").first()
        assert client is not None
        await Client.filter(id=client.id).update(account_id=account.id)
        notification = await Notification.create(
            organization_id=organization_id,
            client_id=client.id,
            type=NotificationType.WELCOME,
            channel=Channel.IN_APP,
            status=NotificationStatus.SENT,
            locale="it",
        )
        for k in range(60):
            await InboxMessage.create(
                account=account,
                organization_id=organization_id,
                notification=notification,
                type=NotificationType.WELCOME,
                title=f"Messaggio {k}",
                body="Benvenuto!",
            )
        print(f"added the corpus records in {time.perf_counter() - start:.0f} s")
    row = (
        await conn.execute_query_dict(
            f"SELECT uuid::text AS uuid, external_id FROM client WHERE organization_id = $1 "
            f"AND id % {EVERY * 20} = 0 AND id > (SELECT max(id) / 2 FROM client) ORDER BY id LIMIT 1",
            [organization_id],
        )
    )[0]
    segment = await Segment.get(organization_id=organization_id, name_key="yoga a roma")
    account = await Account.get(email_key="app@bench.test")
    token = await open_session(conn, account, timedelta(days=1))
    org = await Organization.get(id=organization_id)
    _, writer = await issue_api_key(
        org,
        "corpus writes",
        [
            Permission.CLIENTS_READ,
            Permission.POINTS_WRITE,
            Permission.NOTES_WRITE,
            Permission.CLIENTS_WRITE,
            Permission.TAGS_WRITE,
        ],
    )
    return CorpusData(row["uuid"], row["external_id"], str(segment.uuid), account.id, token, writer)
