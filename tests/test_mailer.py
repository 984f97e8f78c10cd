"""Templates, message building and durable delivery against a real SMTP server (R7.1, R7.3)."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta

import pytest
from tortoise.transactions import in_transaction

from mailer.catalogue import CATALOGUE, LOCALES
from mailer.outbox import Outbox, Policy
from mailer.render import HeaderInjection, Sender, build_message, render
from mailer.transport import SmtpPool
from models import Notification
from models.enums import Channel, NotificationStatus, NotificationType
from resolvers.notifications.notifications import queue_account_mail
from tests.factories import make_client, make_org, make_reachable_client

PARAMS = {
    "title": "Chiusura straordinaria",
    "body": "Domani la palestra resta chiusa.\n\nA presto!",
    "activity": "Yoga",
    "starts_at": "2026-12-01T17:00:00+00:00",
    "amount": {"amount": "1250.50", "currency": "EUR"},
    "reason": "Abbonamento dicembre",
    "description": "Pacchetto 10 ingressi",
    "balance": {"amount": "120.00", "currency": "EUR"},
    "action_url": "https://app.example.com/x?token=abc",
    "gift_kind": "gift_card",
    "points": 150,
    "code": "ABCD2345EFGH",
    "expires_on": "2026-12-31",
    "membership": "Open",
    "message": "Grazie di essere con noi",
    "endpoint_url": "https://hooks.example.com/clientela",
}
# How the typed parameters read in each language, in Europe/Rome (R7.6).
SHOWN = {
    "it": {
        "starts_at": "martedì 1 dicembre 2026 alle 18:00",
        "amount": "1.250,50\xa0€",
        "balance": "120,00\xa0€",
        "expires_on": "31 dicembre 2026",
    },
    "es": {
        "starts_at": "martes 1 de diciembre de 2026 a las 18:00",
        "amount": "1250,50\xa0€",
        "balance": "120,00\xa0€",
        "expires_on": "31 de diciembre de 2026",
    },
    "en": {
        "starts_at": "Tuesday 1 December 2026 at 18:00",
        "amount": "€1,250.50",
        "balance": "€120.00",
        "expires_on": "31 December 2026",
    },
}


def outbox(settings, **policy) -> Outbox:
    return Outbox(settings, SmtpPool(settings, size=2), Policy(**{"base_delay": 0.01, **policy}))


async def queue(org, client, kind, *, count=1, params=None, locale="it"):
    spec = CATALOGUE[kind]
    wanted = (
        params if params is not None else {k: PARAMS[k] for k in (*spec.params, *spec.optional)}
    )
    return [
        await Notification.create(
            organization=org,
            client=client,
            type=kind,
            channel=Channel.EMAIL,
            status=NotificationStatus.QUEUED,
            to_address=client.email,
            next_attempt_at=datetime.now(UTC),
            locale=locale,
            params=wanted,
        )
        for _ in range(count)
    ]


@pytest.mark.parametrize("locale", LOCALES)
def test_every_email_template_renders_with_the_names(locale):
    for kind, spec in CATALOGUE.items():
        params = {k: PARAMS[k] for k in (*spec.params, *spec.optional)}
        rendered = render(
            kind,
            locale,
            organization="Palestra Sole",
            first_name="Giulia",
            params=params,
            time_zone="Europe/Rome",
        )
        assert rendered.subject and "\n" not in rendered.subject, kind
        assert "Giulia" in rendered.text and "Giulia" in rendered.html, kind
        assert "Palestra Sole" in rendered.text and "Palestra Sole" in rendered.html, kind
        shown = f"{rendered.subject}\n{rendered.text}"
        for name in (*spec.params, *spec.optional):
            if name in SHOWN[locale]:
                assert SHOWN[locale][name] in shown, (kind, name)
            elif name not in ("action_url", "gift_kind", "points", "membership"):
                assert str(PARAMS[name]).split("\n")[0] in shown, (kind, name)
        assert "2026-12" not in shown and "1250.50" not in shown, kind
        if "action_url" in params:
            assert 'href="https://app.example.com/x?token=abc"' in rendered.html, kind


def test_languages_differ_and_html_is_escaped():
    subjects = {
        locale: render(
            NotificationType.WELCOME, locale, organization="A&B <Gym>", first_name="Ana", params={}
        ).subject
        for locale in LOCALES
    }
    assert subjects == {
        "it": "Ti diamo il benvenuto in A&B <Gym>",
        "es": "Te damos la bienvenida a A&B <Gym>",
        "en": "Welcome to A&B <Gym>",
    }
    html = render(
        NotificationType.WELCOME, "en", organization="A&B <Gym>", first_name="<b>", params={}
    ).html
    assert "A&amp;B &lt;Gym&gt;" in html and "<b>" not in html


@pytest.mark.parametrize(
    "fields",
    [
        {"to_address": "a@example.com\r\nBcc: victim@example.com"},
        {"to_address": "a@example.com, b@example.com"},
        {"to_name": "Eve\nBcc: x@example.com"},
    ],
)
def test_header_injection_is_refused(fields):
    rendered = render(
        NotificationType.WELCOME, "en", organization="Gym", first_name="Ann", params={}
    )
    with pytest.raises(HeaderInjection):
        build_message(
            rendered,
            sender=Sender("Gym", "no-reply@gym.test"),
            message_id="<x@gym.test>",
            **{"to_address": "a@example.com", "to_name": "Ann", **fields},
        )


def test_a_subject_cannot_carry_a_header():
    with pytest.raises(HeaderInjection):
        render(
            NotificationType.MANUAL,
            "en",
            organization="Gym",
            first_name="A",
            params={"title": "Hi\r\nBcc: x@example.com", "body": "b"},
        )


async def test_each_type_and_language_arrives_over_smtp(db, smtp_server, mail_settings):
    org = await make_org(name="Palestra Sole")
    client = await make_reachable_client(
        org, "giulia@example.com", first_name="Giulia", last_name="Rossi"
    )
    for locale in LOCALES:
        for kind, spec in CATALOGUE.items():
            if Channel.EMAIL in spec.channels:
                await queue(org, client, kind, locale=locale)
    expected = await Notification.all().count()

    while await outbox(mail_settings).deliver_due():
        pass

    assert (
        len(smtp_server.messages)
        == expected
        == 3 * sum(Channel.EMAIL in k.channels for k in CATALOGUE.values())
    )
    assert await Notification.filter(status=NotificationStatus.SENT).count() == expected
    for message in smtp_server.messages:
        assert message["To"] == "Giulia Rossi <giulia@example.com>"
        assert message["From"] == "Palestra Sole <no-reply@clientela.test>"
        assert message.get_body(("plain",)) is not None and message.get_body(("html",)) is not None
        assert "Giulia" in message.get_body(("plain",)).get_content()
    assert {envelope[1][0] for envelope in smtp_server.recorder.envelopes} == {"giulia@example.com"}
    assert len({m["Message-ID"] for m in smtp_server.messages}) == expected


async def test_smtp_down_then_up_loses_nothing_and_sends_nothing_twice(
    db, smtp_server, mail_settings
):
    org = await make_org()
    clients = [await make_reachable_client(org, f"c{i}@example.com") for i in range(5)]
    for client in clients:
        await queue(org, client, NotificationType.REVIEW_REQUEST, count=2)
    worker = outbox(mail_settings, base_delay=0.4)

    smtp_server.stop()
    assert await worker.deliver_due() == 10
    rows = await Notification.all()
    assert {r.status for r in rows} == {NotificationStatus.QUEUED}
    assert all(r.attempts == 1 and r.last_error and r.next_attempt_at > r.created_at for r in rows)
    assert await worker.deliver_due() == 0  # backoff: nothing is due yet

    smtp_server.start()
    await asyncio.sleep(0.05)
    while await Notification.filter(status=NotificationStatus.QUEUED).count():
        await asyncio.sleep(0.02)
        await worker.deliver_due()
    await worker.pool.close()

    assert len(smtp_server.messages) == 10
    assert len({m["Message-ID"] for m in smtp_server.messages}) == 10
    assert await Notification.filter(status=NotificationStatus.SENT, attempts__gte=2).count() == 10


async def test_a_5xx_answer_ends_in_failed_with_the_error(db, smtp_server, mail_settings, caplog):
    org = await make_org()
    good = await make_reachable_client(org, "good@example.com")
    bad = await make_reachable_client(org, "gone@example.com")
    smtp_server.recorder.refuse["gone@example.com"] = "550 5.1.1 Mailbox does not exist"
    await queue(org, good, NotificationType.REVIEW_REQUEST)
    (refused,) = await queue(org, bad, NotificationType.REVIEW_REQUEST)
    caplog.set_level(logging.WARNING, logger="clientela.mailer")

    await outbox(mail_settings).deliver_due()

    refused = await Notification.get(id=refused.id)
    assert refused.status is NotificationStatus.FAILED
    assert refused.last_error.startswith("550")
    assert refused.failed_at is not None and refused.attempts == 1
    assert len(smtp_server.messages) == 1
    assert any(str(refused.uuid) in r.getMessage() for r in caplog.records)
    assert not any("gone@example.com" in r.getMessage() for r in caplog.records)


async def test_4xx_is_retried_and_gives_up_after_the_last_attempt(db, smtp_server, mail_settings):
    org = await make_org()
    client = await make_reachable_client(org, "busy@example.com")
    smtp_server.recorder.refuse["busy@example.com"] = "451 4.3.0 Try again later"
    (row,) = await queue(org, client, NotificationType.REVIEW_REQUEST)
    worker = outbox(mail_settings, max_attempts=3)
    for attempt in (1, 2, 3):
        await Notification.filter(id=row.id).update(next_attempt_at=datetime.now(UTC))
        await worker.deliver_due()
        row = await Notification.get(id=row.id)
        assert row.attempts == attempt
    assert row.status is NotificationStatus.FAILED
    assert row.last_error.startswith("451")


def test_backoff_grows_exponentially_with_jitter_and_a_ceiling():
    policy = Policy(base_delay=2, max_delay=60)
    for attempts, ceiling in ((1, 2), (2, 4), (3, 8), (10, 60)):
        delays = {policy.retry_delay(attempts).total_seconds() for _ in range(50)}
        assert all(ceiling / 2 <= d <= ceiling for d in delays)
        assert len(delays) > 1


async def test_a_row_stuck_in_flight_goes_back_to_the_queue(db, smtp_server, mail_settings):
    org = await make_org()
    client = await make_reachable_client(org, "stuck@example.com")
    (row,) = await queue(org, client, NotificationType.REVIEW_REQUEST)
    await Notification.filter(id=row.id).update(
        status=NotificationStatus.SENDING,
        attempts=1,
        lease_until=datetime.now(UTC) - timedelta(seconds=1),
    )
    await outbox(mail_settings).deliver_due()
    row = await Notification.get(id=row.id)
    assert (row.status, row.attempts) == (NotificationStatus.SENT, 2)
    assert len(smtp_server.messages) == 1


async def test_a_row_leased_by_a_live_worker_is_left_alone(db, smtp_server, mail_settings):
    org = await make_org()
    client = await make_reachable_client(org, "leased@example.com")
    (row,) = await queue(org, client, NotificationType.REVIEW_REQUEST)
    await Notification.filter(id=row.id).update(
        status=NotificationStatus.SENDING, lease_until=datetime.now(UTC) + timedelta(minutes=1)
    )
    assert await outbox(mail_settings).deliver_due() == 0
    assert smtp_server.messages == []


async def test_an_account_mail_reaches_an_unverified_address(db, smtp_server, mail_settings):
    org = await make_org(name="Gym")
    client = await make_client(org, email="new@example.com", first_name="Nora")
    async with in_transaction("default") as conn:
        await queue_account_mail(
            conn,
            org,
            NotificationType.VERIFY_EMAIL,
            client=client,
            to_address="new@example.com",
            params={"action_url": "https://app.example.com/verify?t=1"},
            locale="en",
        )
    await outbox(mail_settings).deliver_due()
    (message,) = smtp_server.messages
    assert message["Subject"] == "Verify your email address"
    assert "https://app.example.com/verify?t=1" in message.get_body(("plain",)).get_content()


@pytest.mark.postgres
async def test_several_workers_share_the_queue_without_sending_twice(
    db, smtp_server, mail_settings
):
    org = await make_org()
    client = await make_reachable_client(org, "many@example.com")
    await queue(org, client, NotificationType.REVIEW_REQUEST, count=120)
    workers = [
        Outbox(mail_settings, SmtpPool(mail_settings, 2), Policy(batch=10)) for _ in range(3)
    ]

    async def drain(worker):
        handled = 0
        while n := await worker.deliver_due():
            handled += n
        await worker.pool.close()
        return handled

    counts = await asyncio.gather(*(drain(w) for w in workers))
    assert sum(counts) == 120
    assert sum(1 for c in counts if c) >= 2
    assert len(smtp_server.messages) == 120
    assert len({m["Message-ID"] for m in smtp_server.messages}) == 120
