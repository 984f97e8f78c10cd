"""Running an import job (R10.6): a worker leases the job, checks the whole file
(encoding, header, syntax: a bad file is refused whole, nothing written), and imports it
batch by batch (`import_batch`), reading and checking the next batch while the database
writes the current one. A job killed mid-way resumes after its last committed batch when
its lease ends (or is marked failed, with what was done, when its file is gone).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from tortoise.expressions import Q

from models import ImportIssue, ImportJob, ImportKey
from models.access import Permission
from models.enums import ActorType
from models.imports import ImportStatus
from resolvers.access.actor import Actor
from resolvers.clients.client_write import organization_country
from resolvers.imports import batch_reader, import_batch
from resolvers.imports.batch_reader import BatchReader, Source
from resolvers.imports.import_batch import LEASE, LeaseLost
from resolvers.imports.import_file import FileRefused, scan

log = logging.getLogger("clientela.imports")

Progress = Callable[[int, int], None]


def _actor(job: ImportJob) -> Actor:
    return Actor(
        type=ActorType(job.actor_type),
        id=job.actor_id,
        name=job.actor_name,
        organization_id=job.organization_id,
        permissions=frozenset(Permission(p) for p in job.permissions),
    )


async def _claim(job_id: int) -> datetime | None:
    now = datetime.now(UTC)
    lease = now + LEASE
    claimed = await ImportJob.filter(
        Q(status=ImportStatus.QUEUED) | Q(status=ImportStatus.RUNNING, lease_until__lt=now),
        id=job_id,
    ).update(status=ImportStatus.RUNNING, lease_until=lease)
    return lease if claimed else None


async def _finish(job: ImportJob, status: ImportStatus, error: str | None = None) -> None:
    await ImportJob.filter(id=job.id).update(
        status=status, error=error, finished_at=datetime.now(UTC), lease_until=None, path=None
    )
    await ImportKey.filter(job_id=job.id).delete()
    if job.path:
        await asyncio.to_thread(Path(job.path).unlink, missing_ok=True)


async def run_job(job_id: int, *, progress: Progress | None = None) -> ImportJob | None:
    """Import a queued job (or resume a stale one). Returns it as it ended."""
    lease = await _claim(job_id)
    if lease is None:
        return None
    job = await ImportJob.get(id=job_id)
    path = Path(job.path) if job.path else None
    if path is None or not path.exists():
        await _finish(job, ImportStatus.FAILED, "upload_missing: the file is gone")
        return await ImportJob.get(id=job_id)
    try:
        total = await asyncio.to_thread(scan, path, job.format)
    except FileRefused as refused:
        await ImportIssue.create(
            job_id=job.id,
            row=refused.row,
            column=refused.column,
            code=refused.code,
            message=refused.message,
        )
        await _finish(job, ImportStatus.FAILED, f"{refused.code}: {refused.message}")
        return await ImportJob.get(id=job_id)
    try:
        await _import(job, path, total, lease, progress)
    except LeaseLost:
        log.warning("import job %s was taken over by another worker", job.uuid)
        return await ImportJob.get(id=job_id)
    except Exception:
        log.exception("import job %s stopped", job.uuid)
        await _finish(job, ImportStatus.FAILED, "internal_error: the import stopped")
        return await ImportJob.get(id=job_id)
    await _finish(job, ImportStatus.SUCCEEDED)
    return await ImportJob.get(id=job_id)


async def _import(
    job: ImportJob, path: Path, total: int, lease: datetime, progress: Progress | None
) -> None:
    actor = _actor(job)
    country = await organization_country(actor)
    done = job.rows_done
    if progress:
        progress(done, total)
    source = Source(str(path), job.format, done, actor, job.match_by, country, batch_reader.BATCH)
    async with BatchReader(source, total - done) as reader:
        following = reader.next()
        try:
            while (prepared := await following) is not None:
                following = reader.next()  # the next batch is read and checked meanwhile
                lease = await import_batch.write_batch(job, actor, country, prepared, lease)
                done += prepared.size
                if progress:
                    progress(done, total)
        finally:
            if not following.done():
                with contextlib.suppress(Exception):
                    await following
