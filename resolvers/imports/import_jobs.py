"""Import jobs (R10.6): a file of clients, uploaded once, imported in batches by a worker.

The upload is streamed to disk as it arrives (any size), then a job row is queued. A
worker leases the job, checks the whole file (encoding, header, syntax: a bad file is
refused whole, nothing written), and imports it 1,000 rows at a time; each batch, its
counts, its refused rows and the match keys it wrote commit together, so a job
killed mid-way resumes after its last committed batch when its lease ends (or is
marked failed, with what was done, when its file is gone). A key repeated in the file
is refused on its later rows (DUPLICATE_ROW). The report lists every refused row:
row number, column, code, message — never a value from the file.
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import hashlib
import io
import logging
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import islice
from pathlib import Path
from uuid import uuid4

from tortoise.expressions import F, Q
from tortoise.transactions import in_transaction

from clientela.settings import Settings
from models import ImportIssue, ImportJob, ImportKey
from models.access import Permission
from models.bulk_rows import insert_rows, rows_in
from models.consent import PROOF_LENGTH
from models.enums import ActorType
from models.imports import ImportFormat, ImportStatus, MatchBy
from resolvers.access.actor import Actor, require
from resolvers.clients.client_fields import multi_line
from resolvers.clients.client_write import organization_country
from resolvers.clients.lookup import parse_id
from resolvers.imports.import_file import FileRefused, Issue, rows, scan
from resolvers.imports.upsert_plan import Checked, validate
from resolvers.imports.upsert_rows import ImportProof, Row, RowOutcome, RowStatus, upsert_batch

log = logging.getLogger("clientela.imports")

BATCH = 1000
LEASE = timedelta(minutes=5)
Progress = Callable[[int, int], None]


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


async def create_job(
    actor: Actor | None,
    chunks: AsyncIterator[bytes],
    *,
    fmt: ImportFormat,
    match_by: MatchBy,
    dry_run: bool,
    settings: Settings,
    file_name: str = "",
    consent_proof: str | None = None,
) -> ImportJob:
    """Store the upload (streamed, never whole in memory) and queue its job.
    `consent_proof`: the importer's declaration of how the consent the file grants was
    given (R11.1), for rows without a proof column of their own (docs/consent.md)."""
    actor = require(actor, Permission.CLIENTS_WRITE)
    proof = multi_line(PROOF_LENGTH // 2)(consent_proof)
    folder = Path(settings.imports_dir)
    await asyncio.to_thread(folder.mkdir, parents=True, exist_ok=True)
    uuid = uuid4()
    path = folder / f"{uuid}.upload"
    try:
        with path.open("wb") as out:
            async for chunk in chunks:
                out.write(chunk)
        return await ImportJob.create(
            uuid=uuid,
            organization_id=actor.organization_id,
            actor_type=actor.type.value,
            actor_id=actor.id,
            actor_name=actor.name,
            permissions=sorted(p.value for p in actor.permissions),
            format=fmt,
            match_by=match_by,
            dry_run=dry_run,
            path=str(path),
            file_name=" ".join(file_name.split())[:200],
            consent_proof=proof,
        )
    except BaseException:
        path.unlink(missing_ok=True)
        raise


async def get_job(actor: Actor | None, job_id: str) -> ImportJob | None:
    actor = require(actor, Permission.CLIENTS_WRITE)
    uuid = parse_id(job_id)
    if uuid is None:
        return None
    return await ImportJob.filter(uuid=uuid, organization_id=actor.organization_id).first()


def report_path(job: ImportJob) -> str:
    return f"/imports/{job.uuid}/report.csv"


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


class LeaseLost(Exception):
    """Another worker took the job over (this one was too slow); stop quietly."""


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


@dataclass
class _Prepared:
    """A batch read from the file and checked (pure work, done in a thread while the
    database writes the batch before it)."""

    size: int
    issues: list[Issue]
    rows: list[Row]
    checked: Checked


def _prepare(
    reader: Iterator[Row | list[Issue]], actor: Actor, match_by: MatchBy, country: str
) -> _Prepared | None:
    batch = list(islice(reader, BATCH))
    if not batch:
        return None
    issues = [issue for item in batch if isinstance(item, list) for issue in item]
    good = [item for item in batch if isinstance(item, Row)]
    if Permission.TAGS_WRITE not in actor.permissions:
        tagged = {row.index for row in good if row.tags}
        message = "Adding tags needs tags:write"
        issues += [Issue(row.index, "tags", "forbidden", message) for row in good if row.tags]
        good = [row for row in good if row.index not in tagged]
    return _Prepared(len(batch), issues, good, validate(good, match_by, country))


async def _import(
    job: ImportJob, path: Path, total: int, lease: datetime, progress: Progress | None
) -> None:
    actor = _actor(job)
    country = await organization_country(actor)
    reader = rows(path, job.format, skip=job.rows_done)
    done = job.rows_done
    if progress:
        progress(done, total)

    def ahead() -> asyncio.Future[_Prepared | None]:
        return asyncio.ensure_future(
            asyncio.to_thread(_prepare, reader, actor, job.match_by, country)
        )

    following = ahead()
    try:
        while (prepared := await following) is not None:
            following = ahead()  # the next batch is read and checked meanwhile
            lease = await _batch(job, actor, country, prepared, lease)
            done += prepared.size
            if progress:
                progress(done, total)
    finally:
        if not following.done():
            with contextlib.suppress(Exception):
                await following


async def _batch(
    job: ImportJob,
    actor: Actor,
    country: str,
    prepared: _Prepared,
    lease: datetime,
) -> datetime:
    issues = list(prepared.issues)
    good = prepared.rows

    async def known(keys: list[str]) -> set[str]:
        digests = {_digest(k): k for k in keys}
        found = await rows_in(conn, ImportKey, ("key",), {"job_id": job.id}, "key", list(digests))
        return {digests[row["key"]] for row in found}

    new_lease = datetime.now(UTC) + LEASE
    async with in_transaction("default") as conn:
        proof = ImportProof(job.uuid, job.file_name or "upload", job.consent_proof)
        outcomes = await upsert_batch(
            actor,
            good,
            job.match_by,
            country=country,
            dry_run=job.dry_run,
            known=known,
            proof=proof,
            checked=prepared.checked,
        )
        issues += [_issue(o) for o in outcomes if o.status is RowStatus.REFUSED]
        written = [o for o in outcomes if o.status is not RowStatus.REFUSED and o.key]
        await insert_rows(
            conn,
            ImportKey,
            ("job_id", "key", "row"),
            [(job.id, _digest(o.key or ""), o.index) for o in written],
        )
        await insert_rows(
            conn,
            ImportIssue,
            ("job_id", "row", "column", "code", "message"),
            [
                (job.id, i.row, i.column, i.code, i.message)
                for i in sorted(issues, key=lambda i: i.row)
            ],
        )
        count = {status: sum(o.status is status for o in outcomes) for status in RowStatus}
        updated = await ImportJob.filter(id=job.id, lease_until=lease).update(
            rows_done=F("rows_done") + prepared.size,
            created=F("created") + count[RowStatus.CREATED],
            updated=F("updated") + count[RowStatus.UPDATED],
            unchanged=F("unchanged") + count[RowStatus.UNCHANGED],
            refused=F("refused") + len({i.row for i in issues}),
            lease_until=new_lease,
        )
        if not updated:
            raise LeaseLost
    return new_lease


def _issue(outcome: RowOutcome) -> Issue:
    first = outcome.errors[0]
    column = ".".join(first.field) if first.field else None
    return Issue(outcome.index, column, first.code.value, first.message)


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


async def report_csv(job: ImportJob) -> AsyncIterator[bytes]:
    """The refused rows as CSV (row, column, code, message), streamed by pages."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["row", "column", "code", "message"])
    last = 0
    while True:
        page = await ImportIssue.filter(job_id=job.id, id__gt=last).order_by("id").limit(1000)
        if not page:
            break
        last = page[-1].id
        for issue in page:
            writer.writerow([issue.row, issue.column or "", issue.code, issue.message])
        yield buffer.getvalue().encode()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue().encode()
