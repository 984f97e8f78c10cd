"""The webhook worker (R10.3, R10.4): deliveries leave after commit, signed, in order per
client, retried for a day; an endpoint failing for a day is switched off and its
organization's owners are told by email.

Claims: `FOR UPDATE SKIP LOCKED` on PostgreSQL (several workers share the queue) and a
lease: a delivery whose worker died goes back to the queue when its lease ends, and an
outcome is written only while the row still carries the lease of the worker writing
it. A delivery is claimable only when no earlier delivery of the same client to the
same endpoint is still pending or being sent, so a client's events arrive in order
(a retry holds the ones after it). With each such first delivery a pass also claims the
due deliveries that follow it for the same client and endpoint (up to `Policy.chain`) and
sends them one after the other, each once the one before was accepted: several events
of a client per pass, still in order; a failure stops the chain, and what it did not try
goes back to the queue untouched, held behind the retry. A redelivery carries the same
`webhook-id`: the only duplicates are a crash between the receiver's answer and the
write of it.

Each attempt is logged with its status code, duration and a fixed error description;
the receiver's body is never read beyond its status, and redirects are not followed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from collections.abc import Coroutine
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import orjson
from tortoise.expressions import F, Subquery
from tortoise.transactions import in_transaction

from clientela.infra.sealing import Unsealable
from clientela.settings import Settings
from mailer import outbox
from models import (
    Notification,
    Organization,
    StaffUser,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from models.enums import Channel, NotificationStatus, NotificationType, StaffRole
from models.webhook import ERROR_LENGTH, FAILING, DeliveryStatus
from resolvers.webhooks import signing
from resolvers.webhooks.endpoint_url import RefusedTarget, target
from resolvers.webhooks.endpoints import open_secret
from resolvers.webhooks.scopes import visible_data

log = logging.getLogger("clientela.webhooks")


class _Unsigned(Exception):
    """The endpoint's secret cannot be opened: nothing goes out unsigned."""


_wakers: set[asyncio.Event] = set()


def nudge() -> None:
    """Tell this process's workers that deliveries were committed."""
    for event in list(_wakers):
        event.set()


@dataclass(frozen=True)
class Policy:
    batch: int = 100
    connect_timeout: float = 2.0
    total_timeout: float = 10.0
    base_delay: float = 5.0
    max_delay: float = 3600.0
    # Retries stop, and an endpoint failing throughout is switched off, after this long.
    window: timedelta = timedelta(hours=24)
    lease: timedelta = timedelta(minutes=2)
    poll_interval: float = 0.5
    max_connections: int = 50
    # Deliveries of one client to one endpoint sent in order in one pass (1: the first only).
    chain: int = 20

    def retry_delay(self, attempts: int) -> timedelta:
        ceiling = min(self.max_delay, self.base_delay * 2 ** max(attempts - 1, 0))
        return timedelta(seconds=random.uniform(ceiling / 2, ceiling))  # noqa: S311 - jitter


@dataclass(frozen=True)
class Outcome:
    delivery: WebhookDelivery
    started_at: datetime
    duration_ms: int
    code: int | None
    error: str | None

    @property
    def ok(self) -> bool:
        return self.code is not None and 200 <= self.code < 300


_CLAIM = """
SELECT d.id FROM webhook_delivery d
JOIN webhook_endpoint e ON e.id = d.endpoint_id
WHERE ((d.status = 'pending' AND d.next_attempt_at <= {now})
       OR (d.status = 'sending' AND d.lease_until < {now}))
  AND e.enabled
  AND NOT EXISTS (
    SELECT 1 FROM webhook_delivery p
    WHERE p.endpoint_id = d.endpoint_id AND p.client_id = d.client_id AND p.id < d.id
      AND p.status IN ('pending', 'sending'))
ORDER BY d.id
LIMIT {limit}
"""

# What follows claimed first deliveries, for the same clients (filtered to their endpoints
# in Python): pending ones in id order, due or not (a chain stops at the first not due).
_FOLLOWERS = """
SELECT id, endpoint_id, client_id, next_attempt_at FROM webhook_delivery
WHERE status = 'pending' AND id > {first} AND client_id IN ({clients})
ORDER BY id
LIMIT {limit}
"""


class WebhookWorker:
    def __init__(
        self,
        settings: Settings,
        policy: Policy | None = None,
        client: httpx.AsyncClient | None = None,
    ) -> None:
        self.settings = settings
        self.policy = policy or Policy()
        self._own_client = client is None
        self.client = client or httpx.AsyncClient(
            follow_redirects=False,
            timeout=httpx.Timeout(self.policy.total_timeout, connect=self.policy.connect_timeout),
            limits=httpx.Limits(max_connections=self.policy.max_connections),
            trust_env=False,
        )
        self._lease = datetime.now(UTC)

    async def claim(self) -> list[int]:
        now = datetime.now(UTC)
        self._lease = now + self.policy.lease
        async with in_transaction("default") as conn:
            if conn.capabilities.dialect == "postgres":
                sql = _CLAIM.format(now="$1", limit="$2") + " FOR UPDATE OF d SKIP LOCKED"
                rows = await conn.execute_query_dict(sql, [now, self.policy.batch])
            else:  # SQLite: one writer at a time, no row locks to skip
                sql = _CLAIM.format(now="?", limit="?")
                rows = await conn.execute_query_dict(sql, [now, now, self.policy.batch])
            ids = [row["id"] for row in rows]
            ids += await self._followers(conn, ids, now)
            if ids:
                await (
                    WebhookDelivery.filter(id__in=ids)
                    .using_db(conn)
                    .update(
                        status=DeliveryStatus.SENDING,
                        lease_until=self._lease,
                        attempts=F("attempts") + 1,
                    )
                )
        return ids

    async def _followers(self, conn: Any, heads: list[int], now: datetime) -> list[int]:
        """The due deliveries that follow the claimed first ones of their client and
        endpoint, in order, up to `chain` per client and endpoint. Nobody else can claim
        them meanwhile: an earlier delivery of theirs is being sent."""
        if self.policy.chain <= 1 or not heads:
            return []
        firsts = await (
            WebhookDelivery.filter(id__in=heads, client_id__isnull=False)
            .using_db(conn)
            .values_list("id", "endpoint_id", "client_id")
        )
        if not firsts:
            return []
        head_of = {(endpoint, client): first for first, endpoint, client in firsts}
        clients = sorted({client for _, _, client in firsts})
        postgres = conn.capabilities.dialect == "postgres"
        marks = [f"${i + 2}" if postgres else "?" for i in range(len(clients))]
        sql = _FOLLOWERS.format(
            first="$1" if postgres else "?",
            clients=", ".join(marks),
            limit=int(len(firsts) * (self.policy.chain - 1)),
        )
        rows = await conn.execute_query_dict(sql, [min(head_of.values()), *clients])
        taken: dict[tuple[int, int], int] = {}
        stopped: set[tuple[int, int]] = set()
        ids = []
        for row in rows:
            key = (row["endpoint_id"], row["client_id"])
            if key not in head_of or key in stopped or row["id"] < head_of[key]:
                continue
            due = row["next_attempt_at"]
            if isinstance(due, str):  # SQLite answers text
                due = datetime.fromisoformat(due)
            if due > now or taken.get(key, 1) >= self.policy.chain:
                stopped.add(key)  # nothing after a delivery not due yet leaves before it
                continue
            taken[key] = taken.get(key, 1) + 1
            ids.append(row["id"])
        return ids

    async def deliver_due(self) -> int:
        """One pass: claim what is due, send it (a client's deliveries to an endpoint one
        after the other, the others at once), record each outcome. Returns how many were
        attempted."""
        ids = await self.claim()
        if not ids:
            return 0
        rows = await WebhookDelivery.filter(id__in=ids).order_by("id")
        events = {e.id: e for e in await WebhookEvent.filter(id__in={r.event_id for r in rows})}
        endpoints = {
            e.id: e for e in await WebhookEndpoint.filter(id__in={r.endpoint_id for r in rows})
        }
        chains: dict[tuple[int, int], list[WebhookDelivery]] = {}
        for row in rows:
            key = (row.endpoint_id, row.client_id if row.client_id is not None else -row.id)
            chains.setdefault(key, []).append(row)
        deadline = time.monotonic() + self.policy.lease.total_seconds() / 2

        async def send_in_order(
            chain: list[WebhookDelivery],
        ) -> tuple[list[Outcome], list[WebhookDelivery]]:
            sent: list[Outcome] = []
            for i, row in enumerate(chain):
                if i and time.monotonic() > deadline:  # keep well inside the lease
                    return sent, chain[i:]
                outcome = await self._send(row, events[row.event_id], endpoints[row.endpoint_id])
                sent.append(outcome)
                if not outcome.ok:
                    return sent, chain[i + 1 :]
            return sent, []

        results = await asyncio.gather(*(send_in_order(c) for c in chains.values()))
        outcomes = [o for sent, _ in results for o in sent]
        await self._record(outcomes, endpoints, [d for _, rest in results for d in rest])
        return len(outcomes)

    async def _send(
        self, delivery: WebhookDelivery, event: WebhookEvent, endpoint: WebhookEndpoint
    ) -> Outcome:
        started = datetime.now(UTC)
        clock = time.monotonic()
        code: int | None = None
        failure: str | None = None
        body = orjson.dumps(
            {
                "type": event.type.value,
                "timestamp": event.created_at.isoformat(),
                "data": visible_data(event.type, event.data, endpoint.scopes),
            }
        )
        keys = self.settings.secret_keys()
        try:
            secrets = [open_secret(keys, endpoint.secret)]
            if endpoint.previous_secret and (endpoint.previous_secret_until or started) > started:
                secrets.append(open_secret(keys, endpoint.previous_secret))
        except Unsealable:
            # SECRET_KEY changed without the old one in SECRET_KEY_PREVIOUS or the secrets
            # sealed again: nothing can be signed; the attempt fails (and is retried)
            # instead of going out unsigned.
            secrets = []
        try:
            where = await target(endpoint.url, production=self.settings.is_production)
            if not secrets:
                raise _Unsigned
            headers = signing.headers(secrets, str(event.uuid), int(started.timestamp()), body)
            headers["host"] = where.host
            extensions = {"sni_hostname": where.sni_hostname} if where.sni_hostname else None
            async with asyncio.timeout(self.policy.total_timeout):
                request = self.client.build_request(
                    "POST", where.url, content=body, headers=headers, extensions=extensions
                )
                response = await self.client.send(request, stream=True)
                code = response.status_code
                await response.aclose()  # the body is never read: nothing of it is kept
            if not 200 <= code < 300:
                failure = f"HTTP {code}" + (" (redirects are not followed)" if code < 400 else "")
        except _Unsigned:
            failure = "unsigned: the signing secret does not open with SECRET_KEY(_PREVIOUS)"
        except RefusedTarget as refused:
            failure = f"refused target: {refused.message}"
        except TimeoutError:
            failure = f"no answer within {self.policy.total_timeout:g} s"
        except httpx.TimeoutException:
            failure = "timed out"
        except httpx.ConnectError:
            failure = "connection failed"
        except httpx.HTTPError as exc:
            failure = f"transport error: {type(exc).__name__}"
        duration = int((time.monotonic() - clock) * 1000)
        return Outcome(delivery, started, duration, code, failure and failure[:ERROR_LENGTH])

    async def _record(
        self,
        outcomes: list[Outcome],
        endpoints: dict[int, WebhookEndpoint],
        untried: list[WebhookDelivery] | None = None,
    ) -> None:
        """Write the attempts' outcomes; `untried` (after a failure in their chain) go back
        to the queue as they were."""
        now = datetime.now(UTC)
        async with in_transaction("default") as conn:
            if untried:
                await (
                    WebhookDelivery.filter(id__in=[d.id for d in untried], lease_until=self._lease)
                    .using_db(conn)
                    .update(
                        status=DeliveryStatus.PENDING,
                        lease_until=None,
                        attempts=F("attempts") - 1,
                    )
                )
            await WebhookAttempt.bulk_create(
                [
                    WebhookAttempt(
                        delivery_id=o.delivery.id,
                        started_at=o.started_at,
                        duration_ms=o.duration_ms,
                        response_code=o.code,
                        error=o.error,
                        succeeded=o.ok,
                    )
                    for o in outcomes
                ],
                using_db=conn,
            )
            by_code: dict[int, list[int]] = {}
            for o in outcomes:
                if o.ok:
                    by_code.setdefault(o.code or 200, []).append(o.delivery.id)
            for code, ids in by_code.items():
                await (
                    WebhookDelivery.filter(id__in=ids, lease_until=self._lease)
                    .using_db(conn)
                    .update(
                        status=DeliveryStatus.DELIVERED,
                        delivered_at=now,
                        response_code=code,
                        last_error=None,
                        lease_until=None,
                    )
                )
            for o in outcomes:
                if o.ok:
                    continue
                first = o.delivery.first_attempt_at or o.started_at
                gave_up = now - first >= self.policy.window
                await (
                    WebhookDelivery.filter(id=o.delivery.id, lease_until=self._lease)
                    .using_db(conn)
                    .update(
                        status=DeliveryStatus.FAILED if gave_up else DeliveryStatus.PENDING,
                        first_attempt_at=first,
                        next_attempt_at=now + self.policy.retry_delay(o.delivery.attempts),
                        response_code=o.code,
                        last_error=o.error,
                        lease_until=None,
                    )
                )
            succeeded = {o.delivery.endpoint_id for o in outcomes if o.ok}
            failed = {o.delivery.endpoint_id for o in outcomes if not o.ok} - succeeded
            if succeeded:
                await (
                    WebhookEndpoint.filter(id__in=succeeded, failing_since__isnull=False)
                    .using_db(conn)
                    .update(failing_since=None)
                )
            for endpoint_id in sorted(failed):
                began = min(o.started_at for o in outcomes if o.delivery.endpoint_id == endpoint_id)
                await (
                    WebhookEndpoint.filter(id=endpoint_id, failing_since__isnull=True)
                    .using_db(conn)
                    .update(failing_since=began)
                )
            mailed = False
            for endpoint_id in sorted(failed):
                switched = await (
                    WebhookEndpoint.filter(
                        id=endpoint_id, enabled=True, failing_since__lte=now - self.policy.window
                    )
                    .using_db(conn)
                    .update(enabled=False, disabled_reason=FAILING)
                )
                if switched:
                    log.warning(
                        "webhook endpoint %s switched off after a day of failures",
                        endpoints[endpoint_id].uuid,
                    )
                    await _tell_owners(endpoints[endpoint_id], conn)
                    mailed = True
        if mailed:
            outbox.nudge()

    async def run(self, stop: asyncio.Event) -> None:
        """Deliver until `stop` is set; wake early when `nudge()` is called."""
        wake = asyncio.Event()
        _wakers.add(wake)
        try:
            while not stop.is_set():
                try:
                    handled = await self.deliver_due()
                except Exception:
                    log.exception("webhook delivery pass failed; retrying shortly")
                    handled = 0
                if handled:
                    continue
                wake.clear()
                await _first(stop.wait(), wake.wait(), wait_at_most=self.policy.poll_interval)
        finally:
            _wakers.discard(wake)
            if self._own_client:
                await self.client.aclose()


async def _tell_owners(endpoint: WebhookEndpoint, conn: Any) -> None:
    """Queue the WEBHOOK_DISABLED mail to every active owner (R10.3), in this transaction."""
    organization = await Organization.filter(id=endpoint.organization_id).using_db(conn).get()
    owners = await StaffUser.filter(
        organization_id=endpoint.organization_id, role=StaffRole.OWNER, is_active=True
    ).using_db(conn)
    now = datetime.now(UTC)
    for owner in owners:
        await Notification.create(
            organization_id=organization.id,
            type=NotificationType.WEBHOOK_DISABLED,
            channel=Channel.EMAIL,
            status=NotificationStatus.QUEUED,
            to_address=owner.email,
            locale=organization.default_locale,
            params={"endpoint_url": endpoint.url},
            next_attempt_at=now,
            using_db=conn,
        )


async def purge_old_log(retention: timedelta) -> int:
    """The delivery log is kept for `retention` (R10.4): older finished deliveries (with
    their attempts) go, and then events no delivery needs any more."""
    cutoff = datetime.now(UTC) - retention
    removed = 0
    while True:
        ids = [
            i
            for (i,) in await WebhookDelivery.filter(
                created_at__lt=cutoff,
                status__in=(DeliveryStatus.DELIVERED, DeliveryStatus.FAILED),
            )
            .limit(5000)
            .values_list("id")
        ]
        if not ids:
            break
        await WebhookDelivery.filter(id__in=ids).delete()
        removed += len(ids)
    await (
        WebhookEvent.filter(created_at__lt=cutoff)
        .exclude(id__in=Subquery(WebhookDelivery.all().values("event_id")))
        .delete()
    )
    return removed


async def run_retention(settings: Settings, stop: asyncio.Event, every: float = 3600.0) -> None:
    while not stop.is_set():
        try:
            await purge_old_log(timedelta(days=settings.webhook_log_retention_days))
        except Exception:
            log.exception("webhook log retention pass failed")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=every)


async def _first(*waits: Coroutine[Any, Any, Any], wait_at_most: float) -> None:
    tasks = [asyncio.ensure_future(w) for w in waits]
    try:
        await asyncio.wait(tasks, timeout=wait_at_most, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
