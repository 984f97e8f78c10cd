"""The import worker (R10.6): imports queued jobs one after another, and resumes those
whose worker died (their lease ran out); an upload nudges it awake.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, datetime

from tortoise.expressions import Q

from models import ImportJob
from models.imports import ImportStatus
from resolvers.imports.import_run import run_job

log = logging.getLogger("clientela.imports")

_wakers: set[asyncio.Event] = set()


def nudge() -> None:
    """Tell this process's import worker that a job was queued."""
    for event in list(_wakers):
        event.set()


async def run_queued(stop: asyncio.Event, poll: float = 2.0) -> None:
    """The worker: import queued jobs, and resume those whose worker died."""
    wake = asyncio.Event()
    _wakers.add(wake)
    try:
        await _run_queued(stop, wake, poll)
    finally:
        _wakers.discard(wake)


async def _run_queued(stop: asyncio.Event, wake: asyncio.Event, poll: float) -> None:
    while not stop.is_set():
        now = datetime.now(UTC)
        try:
            due = (
                await ImportJob.filter(
                    Q(status=ImportStatus.QUEUED)
                    | Q(status=ImportStatus.RUNNING, lease_until__lt=now)
                )
                .order_by("id")
                .values_list("id")
            )
            for (job_id,) in due:
                if stop.is_set():
                    break
                await run_job(job_id)
        except Exception:
            log.exception("import worker pass failed; retrying shortly")
        wake.clear()
        stopping = asyncio.ensure_future(stop.wait())
        waking = asyncio.ensure_future(wake.wait())
        await asyncio.wait({stopping, waking}, timeout=poll, return_when=asyncio.FIRST_COMPLETED)
        for task in (stopping, waking):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
