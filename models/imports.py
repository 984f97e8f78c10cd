"""Client imports (PRODUCT.md R10.6): a job per uploaded file, its refused rows, and the
match keys it has seen (so a key repeated in one file is reported, in constant memory).

The uploaded file waits on disk until the job has run; the job row says how far it got
(`rows_done`), so a restarted worker resumes after the last committed batch.
"""

from __future__ import annotations

from enum import StrEnum
from uuid import uuid4

from tortoise import fields
from tortoise.indexes import Index
from tortoise.models import Model

from models.organization import Organization


class ImportStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class ImportFormat(StrEnum):
    CSV = "csv"
    JSONL = "jsonl"


class MatchBy(StrEnum):
    EXTERNAL_ID = "external_id"
    EMAIL = "email"


class ImportJob(Model):
    id = fields.IntField(primary_key=True)
    uuid = fields.UUIDField(unique=True, default=uuid4)
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="import_jobs", on_delete=fields.CASCADE
    )
    # Who started it, as the activity log names them (R8.2).
    actor_type = fields.CharField(max_length=10)
    actor_id = fields.IntField(null=True)
    actor_name = fields.CharField(max_length=200)
    # The permissions of the caller who uploaded it: the job acts with them.
    permissions: list[str] = fields.JSONField(default=list)
    format = fields.CharEnumField(ImportFormat, max_length=5)
    match_by = fields.CharEnumField(MatchBy, max_length=11)
    dry_run = fields.BooleanField(default=False)
    status = fields.CharEnumField(ImportStatus, max_length=9, default=ImportStatus.QUEUED)
    # Where the upload waits (removed once the job has finished).
    path = fields.CharField(max_length=500, null=True)
    # The file's name as the importer gave it, and their declaration of where the
    # consent in it was given (R11.1): both recorded in the proof of consent it grants.
    file_name = fields.CharField(max_length=200, default="")
    consent_proof = fields.TextField(null=True)
    rows_done = fields.IntField(default=0)
    created = fields.IntField(default=0)
    updated = fields.IntField(default=0)
    unchanged = fields.IntField(default=0)
    refused = fields.IntField(default=0)
    # Why the whole file was refused or the job stopped (a code, never file content).
    error = fields.CharField(max_length=200, null=True)
    lease_until = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    finished_at = fields.DatetimeField(null=True)

    organization_id: int

    class Meta:
        table = "import_job"
        indexes = (Index(fields=("status",)),)


class ImportIssue(Model):
    """A refused row of an import: where and why, never the value (it may be personal)."""

    id = fields.BigIntField(primary_key=True)
    job: fields.ForeignKeyRelation[ImportJob] = fields.ForeignKeyField(
        "models.ImportJob", related_name="issues", on_delete=fields.CASCADE
    )
    row = fields.IntField()
    column = fields.CharField(max_length=100, null=True)
    code = fields.CharField(max_length=40)
    message = fields.CharField(max_length=300)

    job_id: int

    class Meta:
        table = "import_issue"
        indexes = (Index(fields=("job_id", "row")),)


class ImportKey(Model):
    """A match key (a digest, not the value) a job has already written."""

    id = fields.BigIntField(primary_key=True)
    job: fields.ForeignKeyRelation[ImportJob] = fields.ForeignKeyField(
        "models.ImportJob", related_name="keys", on_delete=fields.CASCADE
    )
    key = fields.CharField(max_length=64)
    row = fields.IntField()

    job_id: int

    class Meta:
        table = "import_key"
        unique_together = (("job", "key"),)
