"""Client imports (R10.6): HTTP upload and job, the report, round trip with the export,
bad files, restart, and a 10,000-row file."""

from __future__ import annotations

import asyncio
import csv
import io
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import orjson
import pytest

from clientela.settings import Settings
from models import (
    ActivityEntry,
    Client,
    ClientTag,
    ImportJob,
    ImportKey,
    Segment,
    WebhookDelivery,
    WebhookEvent,
)
from models.access import Permission
from models.enums import StaffRole
from models.imports import ImportFormat, ImportStatus, MatchBy
from models.search_text import client_search_text
from models.webhook import WebhookEventType
from resolvers.access.auth import authenticate
from resolvers.imports import batch_reader, import_batch, import_jobs, import_run
from resolvers.segments.export_segment import export_csv, export_jsonl
from resolvers.webhooks.create_webhook_endpoint import create_webhook_endpoint
from tests.factories import make_actor, make_api_key, make_client, make_org, make_staff
from tests.helpers import run, served

JOB = """query($id: ID!) { importJob(id: $id) { id status dryRun processed created updated
  unchanged refused error reportUrl } }"""


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(imports_dir=tmp_path / "imports")


@pytest.fixture
async def shop(db):
    org = await make_org()
    return org, await make_actor(org)


async def chunks(data: bytes, size: int = 7000):
    for i in range(0, len(data), size):
        yield data[i : i + size]


async def import_bytes(
    actor,
    data: bytes,
    settings,
    *,
    fmt=ImportFormat.CSV,
    match_by=MatchBy.EXTERNAL_ID,
    dry_run=False,
) -> ImportJob:
    job = await import_jobs.create_job(
        actor, chunks(data), fmt=fmt, match_by=match_by, dry_run=dry_run, settings=settings
    )
    done = await import_run.run_job(job.id)
    assert done is not None
    return done


async def report(job: ImportJob) -> list[list[str]]:
    body = b"".join([chunk async for chunk in import_jobs.report_csv(job)])
    return list(csv.reader(io.StringIO(body.decode())))


def counts(job: ImportJob) -> tuple:
    return (job.status, job.rows_done, job.created, job.updated, job.unchanged, job.refused)


CSV = (
    "external_id,first_name,last_name,email,phone,gender,birthday,int1,tags\n"
    "E1,Ada,Lovelace,ada@example.com,+39 333 1234567,female,1990-05-01,7,vip;yoga\n"
    'E2,"Rossi, Mario",,mario@example.com,,male,,,\n'
    "E3,Bad,Email,not-an-email,,,,,\n"
    "E4,Bad,Date,,,,1990-13-45,,\n"
    "E5,Too,Many,,,,,,,extra\n"
)


async def test_an_upload_over_http_becomes_a_job_with_counts_and_a_report(shop, settings):
    org, actor = shop
    staff = await make_staff(org, StaffRole.OWNER)
    from tests.factories import make_session_token

    token = await make_session_token(staff)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "text/csv"}
    async with served(settings) as (http, _app):
        response = await http.post(
            "/imports/clients?matchBy=external_id", content=CSV, headers=headers
        )
        assert response.status_code == 202, response.text
        job_id = response.json()["jobId"]
        job = await ImportJob.get(uuid=job_id)
        assert job.status is ImportStatus.QUEUED
        await import_run.run_job(job.id)
        data = await run(JOB, {"id": job_id}, actor=actor)
        assert data["importJob"] == {
            "id": job_id,
            "status": "SUCCEEDED",
            "dryRun": False,
            "processed": 5,
            "created": 2,
            "updated": 0,
            "unchanged": 0,
            "refused": 3,
            "error": None,
            "reportUrl": f"/imports/{job_id}/report.csv",
        }
        got = await http.get(f"/imports/{job_id}/report.csv", headers=headers)
        assert got.status_code == 200 and got.headers["content-type"].startswith("text/csv")
        assert list(csv.reader(io.StringIO(got.text))) == [
            ["row", "column", "code", "message"],
            ["3", "email", "invalid_email", "Enter a valid email address"],
            ["4", "birthday", "invalid", "The value does not parse"],
            ["5", "", "wrong_cell_count", "10 cells where the header has 9"],
        ]
        # No values from the file in the report (it may hold personal data).
        assert "not-an-email" not in got.text
        # Auth as for exports, and clients:write.
        assert (await http.post("/imports/clients", content=CSV)).status_code == 401
        reader = await make_api_key(org, Permission.CLIENTS_READ)
        denied = await http.post(
            "/imports/clients",
            content=CSV,
            headers={"Authorization": f"Bearer {reader}", "Content-Type": "text/csv"},
        )
        assert denied.status_code == 403
        other = await make_session_token(await make_staff(await make_org()))
        assert (
            await http.get(
                f"/imports/{job_id}/report.csv", headers={"Authorization": f"Bearer {other}"}
            )
        ).status_code == 404
        odd = await http.post(
            "/imports/clients", content=b"x", headers={**headers, "Content-Type": "application/pdf"}
        )
        assert odd.status_code == 415
    ada = await Client.get(external_id="E1")
    assert (ada.first_name, ada.phone, ada.gender.value, ada.int1) == (
        "Ada",
        "+393331234567",
        "female",
        7,
    )
    assert sorted(await ClientTag.filter(client_id=ada.id).values_list("tag__name", flat=True)) == [
        "vip",
        "yoga",
    ]
    assert (await Client.get(external_id="E2")).first_name == "Rossi, Mario"
    assert not await Client.filter(external_id__in=["E3", "E4", "E5"]).exists()
    assert await ActivityEntry.filter(client_id=ada.id, action="client.created").count() == 1
    assert not await asyncio.to_thread(Path(job.path).exists)  # gone once imported
    assert await ImportKey.all().count() == 0


async def test_a_dry_run_writes_nothing_and_counts_what_would_happen(shop, settings):
    org, actor = shop
    await make_client(org, external_id="E1", first_name="Old")
    job = await import_bytes(actor, CSV.encode(), settings, dry_run=True)
    assert counts(job) == (ImportStatus.SUCCEEDED, 5, 1, 1, 0, 3)
    assert await Client.all().count() == 1
    assert (await Client.get(external_id="E1")).first_name == "Old"
    assert await ActivityEntry.all().count() == 0


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
async def test_export_then_import_is_a_no_op(shop, settings, fmt):
    org, actor = shop
    for i in range(30):
        await make_client(
            org,
            first_name=f"=cmd{i}" if i == 3 else f"N{i}",
            email=f"c{i}@example.com",
            phone=f"+3933312345{i:02d}",
            city="Milano" if i % 2 else None,
            external_id=f"X{i}" if i % 3 else None,
            tags=["vip", "Yoga"] if i % 4 == 0 else [],
        )
    segment = await Segment.create(organization=org, name="all", name_key="all", conditions={})
    stream = export_csv if fmt == "csv" else export_jsonl
    exported = b"".join([chunk async for chunk in stream(actor, segment)])
    before = [
        (c.id, c.first_name, c.email, c.phone, c.city, c.external_id, c.updated_at)
        for c in await Client.all().order_by("id")
    ]
    entries = await ActivityEntry.all().count()
    job = await import_bytes(
        actor, exported, settings, fmt=ImportFormat(fmt), match_by=MatchBy.EMAIL
    )
    assert counts(job) == (ImportStatus.SUCCEEDED, 30, 0, 0, 30, 0), await report(job)
    after = [
        (c.id, c.first_name, c.email, c.phone, c.city, c.external_id, c.updated_at)
        for c in await Client.all().order_by("id")
    ]
    assert after == before
    assert await ActivityEntry.all().count() == entries


def test_every_client_field_is_exported_imported_written_and_merged():
    """One list of the record's fields (models.client.CLIENT_FIELDS): the export writes each
    as a column, the import reads every column of the export, createClient/updateClient take
    each, and a merge chooses between all but the share code."""
    from models.client import CLIENT_FIELDS
    from resolvers.imports.import_columns import READ_ONLY, column_name
    from resolvers.lifecycle.merge_plan import MERGEABLE
    from resolvers.segments.export_segment import COLUMNS
    from schema.clients.inputs import ClientFieldsInput

    assert set(CLIENT_FIELDS) | set(READ_ONLY) <= set(COLUMNS)
    assert all(column_name(c) is not None for c in COLUMNS)
    assert {column_name(c) for c in CLIENT_FIELDS} == set(CLIENT_FIELDS)
    given = ClientFieldsInput(**dict.fromkeys(CLIENT_FIELDS))
    assert set(given.client_fields()) == set(CLIENT_FIELDS)
    assert set(MERGEABLE) == set(CLIENT_FIELDS) - {"share_code"}
    assert set(CLIENT_FIELDS) <= set(Client._meta.fields_map)


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ("external_id,first_name\nE1,Zoë\n".encode("latin-1"), "bad_encoding"),
        (b"E1,Ada,ada@example.com\nE2,Bea,bea@example.com\n", "unknown_column"),
        (b"external_id,first_name,shoe_size\nE1,Ada,42\n", "unknown_column"),
        (b"external_id,first_name,external_id\nE1,Ada,E1\n", "duplicate_column"),
        (b"", "empty_file"),
        (b'external_id,first_name\nE1,Ada\nE2,"unterminated\n', "malformed_csv"),
        (b'external_id,first_name\nE1,Ada\nE2,"bad"quote\n', "malformed_csv"),
    ],
)
async def test_a_bad_file_is_refused_whole_with_nothing_written(shop, settings, data, code):
    _org, actor = shop
    job = await import_bytes(actor, data, settings)
    assert job.status is ImportStatus.FAILED
    assert job.error and job.error.startswith(code)
    assert (job.created, job.updated) == (0, 0)
    assert await Client.all().count() == 0
    rows = await report(job)
    assert rows[1][2] == code
    assert "Ada" not in job.error and "Ada" not in str(rows)


async def test_cells_quotes_and_a_10_mb_cell(shop, settings):
    _org, actor = shop
    big = "x" * (10 * 1024 * 1024)
    data = (
        "external_id,first_name,text1\n"
        'Q1,"Anna ""Nan"" Rossi","line one\nline two, with comma"\n'
        f"Q2,Big,{big}\n"
        "Q3,After,\n"
    ).encode()
    job = await import_bytes(actor, data, settings)
    assert counts(job) == (ImportStatus.SUCCEEDED, 3, 2, 0, 0, 1)
    assert (await report(job))[1] == ["2", "text1", "too_long", "Must be at most 500 characters"]
    quoted = await Client.get(external_id="Q1")
    assert quoted.first_name == 'Anna "Nan" Rossi'
    assert quoted.text1 == "line one\nline two, with comma"


async def test_duplicate_keys_across_batches_are_refused_on_later_rows(shop, settings, monkeypatch):
    monkeypatch.setattr(batch_reader, "BATCH", 2)
    _org, actor = shop
    data = (
        b"email,first_name\n"
        b"a@example.com,A\nb@example.com,B\nc@example.com,C\n"
        b"A@EXAMPLE.COM,Again\nd@example.com,D\n"
    )
    job = await import_bytes(actor, data, settings, match_by=MatchBy.EMAIL)
    assert counts(job) == (ImportStatus.SUCCEEDED, 5, 4, 0, 0, 1)
    assert (await report(job))[1:] == [
        ["4", "", "duplicate_row", "An earlier row has the same match key"]
    ]
    assert (await Client.get(email="a@example.com")).first_name == "A"


async def test_a_large_file_is_checked_in_a_process_of_its_own_with_the_same_results(
    shop, settings, monkeypatch
):
    """Batches of 2 read by a checking process (spawned: it sees none of this test's
    patches but what it is given) answer as the thread does: refused rows, a repeated key
    in a later batch, tags, the search text (phone digits as dialled), counts."""
    org, actor = shop
    monkeypatch.setattr(batch_reader, "BATCH", 2)
    monkeypatch.setattr(batch_reader, "PROCESS_FROM", 1)
    started = []
    real_pool = batch_reader.ProcessPoolExecutor

    def pool(*args, **kwargs):
        started.append(args)
        return real_pool(*args, **kwargs)

    monkeypatch.setattr(batch_reader, "ProcessPoolExecutor", pool)
    data = CSV + (
        "E6,Édith,Piaf,edith@example.com,+39 333 7654321,female,1915-12-19,,vip\n"
        "E1,Again,Ada,,,,,,\n"
    )
    job = await import_bytes(actor, data.encode(), settings)
    assert len(started) == 1
    assert counts(job) == (ImportStatus.SUCCEEDED, 7, 3, 0, 0, 4)
    assert [row[:3] for row in (await report(job))[1:]] == [
        ["3", "email", "invalid_email"],
        ["4", "birthday", "invalid"],
        ["5", "", "wrong_cell_count"],
        ["7", "", "duplicate_row"],
    ]
    edith = await Client.get(external_id="E6", organization_id=org.id)
    assert (edith.first_name, edith.phone, edith.birthday) == (
        "Édith",
        "+393337654321",
        date(1915, 12, 19),
    )
    assert edith.search_text == client_search_text(
        "Édith", "Piaf", "edith@example.com", "+393337654321", None
    )
    assert "3337654321" in edith.search_text
    ada = await Client.get(external_id="E1", organization_id=org.id)
    assert ada.first_name == "Ada"
    tags = ClientTag.filter(client_id=ada.id).values_list("tag__name", flat=True)
    assert sorted(await tags) == ["vip", "yoga"]


async def test_rows_matching_two_clients_are_refused(shop, settings):
    org, actor = shop
    await make_client(org, external_id="A1", email="one@example.com")
    await make_client(org, external_id="B1", email="two@example.com")
    job = await import_bytes(actor, b"external_id,email\nA1,two@example.com\n", settings)
    assert counts(job) == (ImportStatus.SUCCEEDED, 1, 0, 0, 0, 1)
    assert (await report(job))[1][1:3] == ["email", "ambiguous_match"]


async def test_json_lines_with_bad_lines(shop, settings):
    _org, actor = shop
    lines = [
        orjson.dumps({"externalId": "J1", "firstName": "Ada", "tags": ["vip"]}),
        b"{not json",
        b"[1, 2]",
        orjson.dumps({"external_id": "J2", "shoeSize": 42}),
        orjson.dumps({"external_id": "J3", "int1": "seven"}),
        orjson.dumps({"external_id": "J4", "int1": 4, "birthday": "1980-01-02"}),
    ]
    job = await import_bytes(actor, b"\n".join(lines) + b"\n", settings, fmt=ImportFormat.JSONL)
    assert counts(job) == (ImportStatus.SUCCEEDED, 6, 2, 0, 0, 4)
    assert [r[2] for r in (await report(job))[1:]] == [
        "malformed_row",
        "malformed_row",
        "unknown_column",
        "invalid",
    ]


async def test_a_job_killed_mid_way_resumes_after_its_last_batch(shop, settings, monkeypatch):
    monkeypatch.setattr(batch_reader, "BATCH", 10)
    _org, actor = shop
    data = "external_id,first_name\n" + "".join(f"K{i},N{i}\n" for i in range(35))
    job = await import_jobs.create_job(
        actor,
        chunks(data.encode()),
        fmt=ImportFormat.CSV,
        match_by=MatchBy.EXTERNAL_ID,
        dry_run=False,
        settings=settings,
    )
    real_batch = import_batch.write_batch
    calls = 0

    async def dies_on_the_third(*args, **kwargs):
        nonlocal calls
        calls += 1
        if calls == 3:
            raise asyncio.CancelledError  # the process dies: nothing of this batch commits
        return await real_batch(*args, **kwargs)

    monkeypatch.setattr(import_batch, "write_batch", dies_on_the_third)
    with pytest.raises(asyncio.CancelledError):
        await import_run.run_job(job.id)
    stalled = await ImportJob.get(id=job.id)
    assert (stalled.status, stalled.rows_done, stalled.created) == (ImportStatus.RUNNING, 20, 20)
    # While its lease runs, no one else takes it; when it ends, a worker resumes.
    monkeypatch.setattr(import_batch, "write_batch", real_batch)
    assert await import_run.run_job(job.id) is None
    await ImportJob.filter(id=job.id).update(lease_until=datetime.now(UTC) - timedelta(seconds=1))
    done = await import_run.run_job(job.id)
    assert counts(done) == (ImportStatus.SUCCEEDED, 35, 35, 0, 0, 0)
    assert await Client.all().count() == 35


async def test_a_job_whose_file_is_gone_is_failed_with_what_was_done(shop, settings):
    _org, actor = shop
    job = await import_jobs.create_job(
        actor,
        chunks(b"external_id\nA\n"),
        fmt=ImportFormat.CSV,
        match_by=MatchBy.EXTERNAL_ID,
        dry_run=False,
        settings=settings,
    )
    await asyncio.to_thread(Path(job.path).unlink)
    await ImportJob.filter(id=job.id).update(rows_done=7, created=7)
    done = await import_run.run_job(job.id)
    assert counts(done) == (ImportStatus.FAILED, 7, 7, 0, 0, 0)
    assert done.error.startswith("upload_missing")


async def test_ten_thousand_rows(shop, settings):
    org, actor = shop
    await make_client(org, external_id="T5", first_name="Old")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["external_id", "first_name", "last_name", "email", "city", "tags"])
    for i in range(10_000):
        writer.writerow([f"T{i}", f"Name{i}", "Rossi", f"t{i}@example.com", "Milano", "import"])
    writer.writerow(["T7", "Dup", "", "", "", ""])
    await create_webhook_endpoint(
        actor,
        "https://hooks.example.com/",
        ["CLIENT_CREATED", "CLIENT_UPDATED", "TAGS_CHANGED"],
        production=False,
        secret_key=settings.secret_key.get_secret_value(),
    )
    job = await import_bytes(actor, out.getvalue().encode(), settings)
    assert counts(job) == (ImportStatus.SUCCEEDED, 10_001, 9_999, 1, 0, 1)
    assert await Client.all().count() == 10_000
    assert await ClientTag.all().count() == 10_000
    assert await ActivityEntry.filter(action="client.created").count() == 9_999
    # Every created or updated client has its event (R10.2), through the activity log, and
    # one delivery each; the bulk writer keeps the search text as Client.save() does.
    kinds = await WebhookEvent.all().values_list("type", flat=True)
    assert Counter(kinds) == {
        WebhookEventType.CLIENT_CREATED: 9_999,
        WebhookEventType.CLIENT_UPDATED: 1,
        WebhookEventType.TAGS_CHANGED: 10_000,
    }
    assert await WebhookDelivery.all().count() == 20_000
    rows = await Client.all().values_list(
        "first_name", "last_name", "email", "phone", "identification_number", "search_text"
    )
    assert all(text == client_search_text(*fields) for *fields, text in rows)
    assert (await Client.get(external_id="T5")).first_name == "Name5"
    again = await import_bytes(actor, out.getvalue().encode(), settings)
    assert counts(again) == (ImportStatus.SUCCEEDED, 10_001, 0, 0, 10_000, 1)
    assert await WebhookEvent.all().count() == 20_000  # nothing changed, nothing told


async def test_the_job_is_read_only_by_its_organization(shop, settings):
    org, actor = shop
    job = await import_bytes(actor, b"external_id\nA\n", settings)
    other = await make_actor(await make_org())
    assert (await run(JOB, {"id": str(job.uuid)}, actor=other)) == {"importJob": None}
    key = await authenticate(await make_api_key(org, Permission.CLIENTS_WRITE))
    assert (await run(JOB, {"id": str(job.uuid)}, actor=key))["importJob"]["status"] == "SUCCEEDED"
