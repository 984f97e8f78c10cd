"""The background jobs, in one registry: `clientela worker` runs them all, and so does
`clientela serve` unless MAIL_WORKER=false (then run `clientela worker` beside it).

Every job is safe to run in several processes at once (rows are leased or locked), so
workers scale out. To add one (webhook delivery, imports, …): write an async function
`run(settings, stop)` that works until `stop` is set, and add a `Job` line to JOBS.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from clientela.settings import Settings
from mailer.outbox import Outbox
from mailer.transport import SmtpPool
from resolvers.accounts import account_requests
from resolvers.imports import import_worker
from resolvers.loyalty import expire_points
from resolvers.webhooks.delivery import WebhookWorker, run_retention

log = logging.getLogger("clientela.jobs")


@dataclass(frozen=True)
class Job:
    name: str
    description: str
    run: Callable[[Settings, asyncio.Event], Awaitable[None]]


async def _mail(settings: Settings, stop: asyncio.Event) -> None:
    await Outbox(settings, SmtpPool(settings, settings.smtp_pool_size)).run(stop)


async def _points_expiry(settings: Settings, stop: asyncio.Event) -> None:
    await expire_points.run_periodically(stop)


async def _webhooks(settings: Settings, stop: asyncio.Event) -> None:
    await WebhookWorker(settings).run(stop)


async def _webhook_retention(settings: Settings, stop: asyncio.Event) -> None:
    await run_retention(settings, stop)


async def _imports(settings: Settings, stop: asyncio.Event) -> None:
    await import_worker.run_queued(stop)


async def _account_requests(settings: Settings, stop: asyncio.Event) -> None:
    await account_requests.run(settings, stop)


JOBS: list[Job] = [
    Job("mail", "delivers the outbox's messages over SMTP, with retries (mailer/outbox.py)", _mail),
    Job(
        "points-expiry", "expires loyalty points on their date, every minute (R5.1)", _points_expiry
    ),
    Job(
        "account-requests",
        "carries out sign-ups, reset and login-link requests off the request path (R3.10)",
        _account_requests,
    ),
    Job(
        "webhooks",
        "delivers webhook events with retries (resolvers/webhooks/delivery.py)",
        _webhooks,
    ),
    Job("webhook-retention", "purges delivered webhook events past retention", _webhook_retention),
    Job("imports", "runs queued client imports, resuming after a restart", _imports),
]


async def run_jobs(settings: Settings, stop: asyncio.Event, jobs: list[Job] | None = None) -> None:
    """Run every job until `stop` is set; one that fails is logged and the others go on."""

    async def guarded(job: Job) -> None:
        try:
            await job.run(settings, stop)
        except Exception:
            log.exception("background job %s stopped with an error", job.name)

    await asyncio.gather(*(guarded(job) for job in (JOBS if jobs is None else jobs)))
