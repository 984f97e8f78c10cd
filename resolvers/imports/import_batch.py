"""One batch of an import job (R10.6), read and checked (`batch_reader`), then written
with its counts, its refused rows and the match keys it wrote in one
transaction, which also renews the job's lease — so a job resumes after its last
committed batch. A key repeated in the file is refused on its later rows (DUPLICATE_ROW).
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from models import ImportIssue, ImportJob, ImportKey
from models.bulk_rows import insert_rows, rows_in
from resolvers.access.actor import Actor
from resolvers.imports.batch_reader import Prepared
from resolvers.imports.import_columns import Issue
from resolvers.imports.upsert_rows import ImportProof, RowOutcome, RowStatus, upsert_batch

LEASE = timedelta(minutes=5)


class LeaseLost(Exception):
    """Another worker took the job over (this one was too slow); stop quietly."""


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


async def write_batch(
    job: ImportJob,
    actor: Actor,
    country: str,
    prepared: Prepared,
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
