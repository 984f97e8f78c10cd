"""Import jobs (R10.6): a file of clients, uploaded once, imported in batches by a worker.

The upload is streamed to disk as it arrives (any size), then a job row is queued
(`create_job`); a worker imports it (`import_run`, `import_worker`). The report lists
every refused row: row number, column, code, message — never a value from the file.
"""

from __future__ import annotations

import asyncio
import csv
import io
from collections.abc import AsyncIterator
from pathlib import Path
from uuid import uuid4

from clientela.settings import Settings
from models import ImportIssue, ImportJob
from models.access import Permission
from models.consent import PROOF_LENGTH
from models.imports import ImportFormat, MatchBy
from resolvers.access.actor import Actor, require
from resolvers.clients.client_fields import multi_line
from resolvers.clients.lookup import parse_id


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
