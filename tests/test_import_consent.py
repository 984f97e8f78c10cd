"""Imports carry consent (R11.1, docs/consent.md): the export's consent columns round-trip,
a grant needs a proof (a proof column, or the importer's declaration on the upload),
withdrawals need none, and each change is recorded with source IMPORT, its proof and a
CONSENT_CHANGED event."""

from __future__ import annotations

import csv
import io

import pytest

from clientela.settings import Settings
from models import ActivityEntry, Client, ClientConsent, ConsentEvent, Segment, WebhookEvent
from models.enums import ConsentPurpose, ConsentSource
from models.imports import ImportFormat, ImportJob, ImportStatus, MatchBy
from models.webhook import WebhookEventType
from resolvers.consent.set_client_consent import set_client_consent
from resolvers.imports import import_jobs, import_run
from resolvers.segments.export_segment import export_csv, export_jsonl
from resolvers.webhooks.create_webhook_endpoint import create_webhook_endpoint
from tests.factories import make_actor, make_client, make_org, make_session_token, make_staff
from tests.helpers import served

KEY = Settings().secret_key.get_secret_value()
EMAIL = ConsentPurpose.MARKETING_EMAIL
IN_APP = ConsentPurpose.MARKETING_IN_APP


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(imports_dir=tmp_path / "imports")


@pytest.fixture
async def shop(db):
    org = await make_org()
    actor = await make_actor(org)
    await create_webhook_endpoint(
        actor, "https://hooks.example.com/", ["CONSENT_CHANGED"], production=False, secret_key=KEY
    )
    return org, actor


async def chunks(data: bytes):
    yield data


async def run_import(
    actor, data: str, settings, *, proof=None, name="clients.csv", fmt=ImportFormat.CSV
) -> ImportJob:
    job = await import_jobs.create_job(
        actor,
        chunks(data.encode()),
        fmt=fmt,
        match_by=MatchBy.EXTERNAL_ID,
        dry_run=False,
        settings=settings,
        file_name=name,
        consent_proof=proof,
    )
    done = await import_run.run_job(job.id)
    assert done is not None
    return done


async def report(job: ImportJob) -> list[list[str]]:
    body = b"".join([chunk async for chunk in import_jobs.report_csv(job)])
    return list(csv.reader(io.StringIO(body.decode())))[1:]


async def states() -> dict[tuple[str, ConsentPurpose], bool]:
    rows = await ClientConsent.all().prefetch_related("client")
    return {(row.client.external_id, row.purpose): row.granted for row in rows}


def counts(job: ImportJob) -> tuple:
    return (job.status, job.created, job.updated, job.unchanged, job.refused)


async def test_a_grant_with_its_proof_column_is_recorded_with_source_import(shop, settings):
    _org, actor = shop
    data = (
        "external_id,first_name,consent_marketing_email,consent_marketing_email_proof,"
        "consent_marketing_in_app\n"
        "A1,Ada,yes,Sign-up form v3 2024-05-01,\n"
        "A2,Bea,TRUE,Paper form 17,false\n"
    )
    job = await run_import(actor, data, settings, name="crm-export.csv")
    assert counts(job) == (ImportStatus.SUCCEEDED, 2, 0, 0, 0)
    # A2's "false" for in-app, never asked before, records nothing (not given either way).
    assert await states() == {("A1", EMAIL): True, ("A2", EMAIL): True}
    events = await ConsentEvent.all().order_by("id").prefetch_related("client")
    assert [(e.client.external_id, e.purpose, e.granted, e.source) for e in events] == [
        ("A1", EMAIL, True, ConsentSource.IMPORT),
        ("A2", EMAIL, True, ConsentSource.IMPORT),
    ]
    assert events[0].proof == (
        f"Import {job.uuid} of 'crm-export.csv', row 1, column consent_marketing_email: "
        "Sign-up form v3 2024-05-01"
    )
    assert events[0].actor_name == actor.name
    changed = await WebhookEvent.filter(type=WebhookEventType.CONSENT_CHANGED).order_by("id")
    assert [e.data["clientId"] for e in changed] == [
        str((await Client.get(external_id=x)).uuid) for x in ("A1", "A2")
    ]
    assert changed[0].data["changedFields"] == ["consentMarketingEmail", "consentSource"]
    assert await ActivityEntry.filter(action="consent.changed").count() == 2


async def test_a_bare_yes_never_grants_consent_silently(shop, settings):
    _org, actor = shop
    data = "external_id,first_name,consent_marketing_email\nB1,Ada,yes\nB2,Bea,\n"
    job = await run_import(actor, data, settings)
    assert counts(job) == (ImportStatus.SUCCEEDED, 1, 0, 0, 1)
    assert await report(job) == [
        [
            "1",
            "consentMarketingEmailProof",
            "required",
            "Granting consent needs its proof (a proof column or the upload's consentProof)",
        ]
    ]
    # The refused row wrote nothing at all (no client without its consent either).
    assert [c.external_id for c in await Client.all()] == ["B2"]
    assert await ConsentEvent.all().count() == 0
    assert await ClientConsent.all().count() == 0


async def test_the_importers_declaration_is_the_proof_of_rows_without_one(shop, settings):
    _org, actor = shop
    data = (
        "external_id,consent_marketing_email,consent_marketing_email_proof\n"
        "C1,yes,\nC2,yes,Kiosk 4\n"
    )
    job = await run_import(actor, data, settings, proof="Double opt-in on our shop, 2023")
    assert counts(job) == (ImportStatus.SUCCEEDED, 2, 0, 0, 0)
    proofs = [e.proof for e in await ConsentEvent.all().order_by("id")]
    assert proofs == [
        f"Import {job.uuid} of 'clients.csv', row 1, column consent_marketing_email: "
        "Double opt-in on our shop, 2023",
        f"Import {job.uuid} of 'clients.csv', row 2, column consent_marketing_email: Kiosk 4",
    ]


async def test_withdrawals_need_no_proof_and_repeats_change_nothing(shop, settings):
    org, actor = shop
    client = await make_client(org, external_id="D1")
    granted = await set_client_consent(actor, str(client.uuid), EMAIL, True, proof="Form 1")
    assert granted.errors == []
    data = "external_id,consent_marketing_email\nD1,no\n"
    job = await run_import(actor, data, settings)
    assert counts(job) == (ImportStatus.SUCCEEDED, 0, 1, 0, 0)
    assert await states() == {("D1", EMAIL): False}
    last = await ConsentEvent.all().order_by("-id").first()
    assert last is not None and (last.granted, last.source, last.proof) == (
        False,
        ConsentSource.IMPORT,
        None,
    )
    again = await run_import(actor, data, settings)
    assert counts(again) == (ImportStatus.SUCCEEDED, 0, 0, 1, 0)
    assert await ConsentEvent.all().count() == 2
    # A yes for the withdrawn client is a new grant: it needs a proof again.
    refused = await run_import(actor, "external_id,consent_marketing_email\nD1,1\n", settings)
    assert counts(refused) == (ImportStatus.SUCCEEDED, 0, 0, 0, 1)
    assert await states() == {("D1", EMAIL): False}


async def test_a_consent_cell_that_is_no_answer_is_refused(shop, settings):
    _org, actor = shop
    data = "external_id,consent_marketing_in_app\nE1,maybe\n"
    job = await run_import(actor, data, settings, proof="Form")
    assert counts(job) == (ImportStatus.SUCCEEDED, 0, 0, 0, 1)
    assert (await report(job))[0][:3] == ["1", "consentMarketingInApp", "invalid"]
    assert await Client.all().count() == 0


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
async def test_the_exports_consent_columns_round_trip_as_a_no_op(shop, settings, fmt):
    org, actor = shop
    for i in range(6):
        client = await make_client(org, external_id=f"R{i}", email=f"r{i}@example.com")
        if i % 2:
            await set_client_consent(actor, str(client.uuid), EMAIL, True, proof="Form")
        if i % 3 == 0:
            await set_client_consent(actor, str(client.uuid), IN_APP, True, proof="App")
    await set_client_consent(actor, str((await Client.get(external_id="R3")).uuid), EMAIL, False)
    before = await states()
    history = await ConsentEvent.all().count()
    segment = await Segment.create(organization=org, name="all", name_key="all", conditions={})
    stream = export_csv if fmt == "csv" else export_jsonl
    exported = b"".join([chunk async for chunk in stream(actor, segment)]).decode()
    assert "consent_marketing_email" in exported.splitlines()[0]
    # No consentProof given: the file only repeats what is known, so nothing needs one.
    job = await run_import(actor, exported, settings, fmt=ImportFormat(fmt))
    assert counts(job) == (ImportStatus.SUCCEEDED, 0, 0, 6, 0), await report(job)
    assert await states() == before
    assert await ConsentEvent.all().count() == history


async def test_consent_proof_on_the_upload_over_http(shop, settings):
    org, _actor = shop
    token = await make_session_token(await make_staff(org))
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "text/csv"}
    data = b"external_id,consent_marketing_email\nH1,yes\n"
    async with served(settings) as (http, _app):
        response = await http.post(
            "/imports/clients?fileName=shop.csv&consentProof=Checkbox%20at%20checkout",
            content=data,
            headers=headers,
        )
        assert response.status_code == 202, response.text
        job = await ImportJob.get(uuid=response.json()["jobId"])
        assert (job.file_name, job.consent_proof) == ("shop.csv", "Checkbox at checkout")
        too_long = await http.post(
            "/imports/clients?consentProof=" + "x" * 1001, content=data, headers=headers
        )
        assert too_long.status_code == 400
    done = await import_run.run_job(job.id)
    assert done is not None and done.created == 1
    event = await ConsentEvent.get()
    assert event.proof is not None and event.proof.endswith(
        "'shop.csv', row 1, column consent_marketing_email: Checkbox at checkout"
    )
