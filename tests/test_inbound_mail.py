"""`clientela inbound-mail` (R11.3, R11.4): unsubscribe mail and bounce reports, in a real
SMTP (and LMTP) conversation with the receiver running in the test's event loop.

The marketing mail and the receipt leave through the outbox to the test SMTP server; what
comes back is sent with aiosmtplib, as the MTA in front of the receiver would."""

from __future__ import annotations

import asyncio
import email
import email.policy
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from email.message import EmailMessage
from urllib.parse import unquote
from uuid import uuid4

import aiosmtplib
import pytest

from clientela import inbound_mail
from clientela.settings import Settings, SettingsError
from mailer.bounces import Failure, bounce_tag
from mailer.outbox import Outbox, Policy
from mailer.transport import SmtpPool
from mailer.unsubscribe import mail_tag, make_token
from models import (
    ClientConsent,
    ConsentEvent,
    Notification,
    UndeliverableAddress,
    WebhookEvent,
)
from models.enums import ConsentPurpose, ConsentSource, NotificationStatus
from models.webhook import WebhookEventType
from resolvers.consent.bounces import BounceOutcome, record_bounce
from resolvers.webhooks.create_webhook_endpoint import create_webhook_endpoint
from tests.factories import make_actor, make_org, make_reachable_client
from tests.helpers import run
from tests.mail import deliver
from tests.smtp import SmtpServer, free_port

SEND = """mutation($input: SendNotificationInput!) { sendNotification(input: $input) {
    queued skipped { channel reason count } userErrors { field code } } }"""
MANUAL = {"title": "Offerta di dicembre", "body": "Dieci ingressi al prezzo di otto."}
RECEIPT = {"amount": "30", "reason": "Quota"}
UNSUBSCRIBE = "unsubscribe@mail.clientela.test"
BOUNCE = "bounce@mail.clientela.test"


@pytest.fixture
def settings(smtp_server: SmtpServer) -> Settings:
    return Settings(
        smtp_host="127.0.0.1",
        smtp_port=smtp_server.port,
        smtp_timeout=2.0,
        mail_from="Clientela <no-reply@clientela.test>",
        public_url="https://crm.example.com",
        unsubscribe_mailto=UNSUBSCRIBE,
        bounce_address=BOUNCE,
        inbound_mail_protocol="smtp",
    )


@pytest.fixture
async def receiver(db, settings: Settings) -> AsyncIterator[int]:
    """The receiver on a free port of 127.0.0.1; its port."""
    port = free_port()
    server = await inbound_mail.start(settings, "127.0.0.1", port)
    yield port
    server.close()
    await server.wait_closed()


@pytest.fixture
async def gym(db):
    org = await make_org(name="Palestra Sole", slug="sole", reply_to="info@palestrasole.example")
    return org, await make_actor(org)


async def send(actor, kind, client, params):
    given = {"type": kind, "channels": ["EMAIL"], "clientIds": [str(client.uuid)]}
    result = await run(SEND, {"input": {**given, "params": params}}, actor=actor)
    return result["sendNotification"]


async def mail_to(port: int, to: str, message: EmailMessage | bytes, sender: str = "") -> None:
    """One message over SMTP to the receiver (an empty sender: MAIL FROM:<>, as reports)."""
    data = message if isinstance(message, bytes) else message.as_bytes(policy=email.policy.SMTP)
    async with aiosmtplib.SMTP(hostname="127.0.0.1", port=port, timeout=10) as smtp:
        await smtp.sendmail(sender, [to], data)


async def refusal(port: int, to: str, message: EmailMessage | bytes) -> str:
    """The receiver's refusal of a message (at RCPT or after DATA)."""
    try:
        await mail_to(port, to, message, sender="someone@example.net")
    except aiosmtplib.SMTPRecipientsRefused as exc:
        return f"{exc.recipients[0].code} {exc.recipients[0].message}"
    except aiosmtplib.SMTPResponseException as exc:
        return f"{exc.code} {exc.message}"
    raise AssertionError("the receiver accepted the message")


def request(to: str, subject: str, sender: str, **headers: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content("Please unsubscribe me.")
    return message


def mailto_of(message: EmailMessage) -> tuple[str, str]:
    found = re.search(r"<mailto:([^?>]+)\?subject=([^>]+)>", message["List-Unsubscribe"])
    assert found, message["List-Unsubscribe"]
    return found.group(1), unquote(found.group(2))


async def marketing_consent(client) -> bool:
    row = await ClientConsent.get(client_id=client.id, purpose=ConsentPurpose.MARKETING_EMAIL)
    return row.granted


async def test_mail_to_the_unsubscribe_address_withdraws_consent(
    gym, settings, smtp_server, receiver
):
    org, actor = gym
    ada = await make_reachable_client(org, "ada@example.com", locale="it")
    bob = await make_reachable_client(org, "bob@example.com", locale="it")
    for client in (ada, bob):
        assert (await send(actor, "MANUAL", client, MANUAL))["queued"] == 1
    await deliver(settings)
    offers = {str(m["To"]).rpartition("<")[2].rstrip(">"): m for m in smtp_server.messages}
    address, subject = mailto_of(offers["ada@example.com"])
    secret = settings.secret_key.get_secret_value()
    assert address == f"unsubscribe+{mail_tag(secret, ada.uuid, org.uuid)}@mail.clientela.test"
    assert len(address.partition("@")[0]) <= 64
    assert subject == "unsubscribe " + make_token(
        secret, ada.uuid, org.uuid, ConsentPurpose.MARKETING_EMAIL
    )

    # What a mail program sends for the mailto, to the tagged address.
    await mail_to(receiver, address, request(address, subject, "ada@example.com"), "ada@ex.com")
    assert not await marketing_consent(ada) and await marketing_consent(bob)
    in_app = await ClientConsent.get(client_id=ada.id, purpose=ConsentPurpose.MARKETING_IN_APP)
    assert in_app.granted  # the mail withdrew marketing email only
    (event,) = await ConsentEvent.filter(client_id=ada.id, granted=False)
    assert (event.source, event.actor_name) == (ConsentSource.UNSUBSCRIBE_LINK, "unsubscribe mail")
    assert "List-Unsubscribe address" in (event.proof or "")

    # Idempotent: again, and in upper case (an MTA may fold the address), writes nothing.
    await mail_to(receiver, address.upper(), request(address, subject, "ada@example.com"))
    assert await ConsentEvent.filter(client_id=ada.id, granted=False).count() == 1

    assert (await send(actor, "MANUAL", ada, MANUAL))["skipped"] == [
        {"channel": "EMAIL", "reason": "NO_CONSENT", "count": 1}
    ]

    # A mail program that drops the tag still sends the subject: the token there counts.
    _, bob_subject = mailto_of(offers["bob@example.com"])
    await mail_to(receiver, UNSUBSCRIBE, request(UNSUBSCRIBE, f"Re: {bob_subject}", "b@ex.com"))
    assert not await marketing_consent(bob)


async def test_a_tampered_unsubscribe_changes_nothing(gym, settings, receiver):
    org, _ = gym
    ada = await make_reachable_client(org, "ada@example.com")
    bob = await make_reachable_client(org, "bob@example.com")
    other_org = await make_org()
    secret = settings.secret_key.get_secret_value()
    tag = mail_tag(secret, ada.uuid, org.uuid)
    bobs_tag = mail_tag(secret, bob.uuid, org.uuid)
    token = make_token(secret, ada.uuid, org.uuid, ConsentPurpose.MARKETING_EMAIL)
    head, _, mac = token.partition(".")

    def tagged(t: str) -> str:
        return f"unsubscribe+{t}@mail.clientela.test"

    flipped = tag[:-3] + ("b" if tag[-3] != "b" else "c") + tag[-2:]
    attempts = [
        (tagged(flipped), "unsubscribe"),  # altered signature
        (tagged(bobs_tag[:26] + tag[26:]), "unsubscribe"),  # Bob's id, Ada's signature
        (tagged(mail_tag(secret, ada.uuid, other_org.uuid)), "unsubscribe"),  # other org
        (tagged(mail_tag("another secret", ada.uuid, org.uuid)), "unsubscribe"),
        (tagged("x" * 10), "unsubscribe"),  # no tag at all
        (UNSUBSCRIBE, f"unsubscribe {head}.{mac[:-2]}{'AA' if mac[-2:] != 'AA' else 'BB'}"),
        (UNSUBSCRIBE, "unsubscribe"),  # nothing to go by
        ("postmaster@mail.clientela.test", f"unsubscribe {token}"),  # not our mailbox
        (f"unsubscribe+{tag}@elsewhere.example", "unsubscribe"),
    ]
    for to, subject in attempts:
        answer = await refusal(receiver, to, request(to, subject, "ada@example.com"))
        assert answer.startswith(("550 5.7.1", "550 5.1.1")), (to, subject, answer)
    assert await marketing_consent(ada) and await marketing_consent(bob)
    assert await ConsentEvent.filter(granted=False).count() == 0

    # An auto-reply to the address (RFC 3834) is dropped, whatever it carries.
    vacation = request(
        tagged(tag), "Fuori ufficio", "ada@example.com", Auto_Submitted="auto-replied"
    )
    await mail_to(receiver, tagged(tag), vacation)
    assert await marketing_consent(ada)


def postfix_report(
    to: str, original: EmailMessage, *, action: str, status: str, diagnostic: str
) -> bytes:
    """A delivery status notification as Postfix writes it (bounce(8)): a failure in
    reply to RCPT TO, or a delay notice, with the original message attached."""
    failed = action == "failed"
    recipient = str(original["To"]).rpartition("<")[2].rstrip(">")
    queue_id = "4Q7kZL1d2Vz9sQ"
    boundary = f"{queue_id}.1795957802/mx1.relay.example.net"
    subject = (
        "Undelivered Mail Returned to Sender" if failed else "Delayed Mail (still being retried)"
    )
    if failed:
        explanation = (
            "I'm sorry to have to inform you that your message could not\n"
            "be delivered to one or more recipients. It's attached below.\n\n"
            "For further assistance, please send mail to postmaster.\n\n"
            "If you do so, please include this problem report. You can\n"
            "delete your own text from the attached returned message.\n\n"
            "                   The mail system\n\n"
            f"<{recipient}>: host mx.example.com[203.0.113.25] said: 550 5.1.1\n"
            f"    <{recipient}>: Recipient address rejected: User unknown in virtual\n"
            "    mailbox table (in reply to RCPT TO command)\n"
        )
        per_recipient = (
            f"Final-Recipient: rfc822; {recipient}\n"
            f"Original-Recipient: rfc822;{recipient}\n"
            f"Action: {action}\n"
            f"Status: {status}\n"
            "Remote-MTA: dns; mx.example.com\n"
            f"Diagnostic-Code: smtp; {diagnostic}\n"
        )
    else:
        explanation = (
            "####################################################################\n"
            "# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #\n"
            "####################################################################\n\n"
            "Your message could not be delivered for more than 4 hour(s).\n"
            "It will be retried until it is 5 day(s) old.\n\n"
            "                   The mail system\n\n"
            f"<{recipient}>: {diagnostic}\n"
        )
        per_recipient = (
            f"Final-Recipient: rfc822; {recipient}\n"
            f"Original-Recipient: rfc822;{recipient}\n"
            f"Action: {action}\n"
            f"Status: {status}\n"
            f"Diagnostic-Code: X-Postfix; {diagnostic}\n"
            "Will-Retry-Until: Fri, 4 Dec 2026 13:10:01 +0000 (UTC)\n"
        )
    text = f"""Return-Path: <>
Received: by mx1.relay.example.net (Postfix)
\tid {queue_id}; Sun, 29 Nov 2026 13:10:02 +0000 (UTC)
Date: Sun, 29 Nov 2026 13:10:02 +0000 (UTC)
From: MAILER-DAEMON@mx1.relay.example.net (Mail Delivery System)
Subject: {subject}
To: {to}
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
\tboundary="{boundary}"
Content-Transfer-Encoding: 8bit
Message-Id: <20261129131002.{queue_id}@mx1.relay.example.net>

This is a MIME-encapsulated message.

--{boundary}
Content-Description: Notification
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

This is the mail system at host mx1.relay.example.net.

{explanation}
--{boundary}
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mx1.relay.example.net
X-Postfix-Queue-ID: {queue_id}
X-Postfix-Sender: rfc822; {to}
Arrival-Date: Sun, 29 Nov 2026 13:10:01 +0000 (UTC)

{per_recipient}
--{boundary}
Content-Description: {"Undelivered Message" if failed else "Undelivered Message Headers"}
Content-Type: {"message/rfc822" if failed else "text/rfc822-headers"}
Content-Transfer-Encoding: 8bit

"""
    attached = original.as_bytes(policy=email.policy.SMTP)
    if not failed:
        attached = attached.split(b"\r\n\r\n", 1)[0] + b"\r\n"
    return text.replace("\n", "\r\n").encode() + attached + f"\r\n--{boundary}--\r\n".encode()


REJECTED = (
    "550 5.1.1 <gone@example.com>: Recipient address rejected: User unknown in virtual "
    "mailbox table"
)


async def receipt_sent(settings, smtp_server, actor, client) -> tuple[EmailMessage, str]:
    """A service mail accepted by the next server; the message and its envelope sender."""
    assert (await send(actor, "PAYMENT_RECEIPT", client, RECEIPT))["queued"] == 1
    await deliver(settings)
    (message,) = smtp_server.messages
    (envelope_from, recipients) = smtp_server.recorder.envelopes[0]
    assert recipients == [client.email]
    assert await Notification.filter(status=NotificationStatus.SENT).count() == 1
    return message, envelope_from


async def test_a_later_permanent_failure_report_makes_the_address_undeliverable(
    gym, settings, smtp_server, receiver
):
    org, actor = gym
    hook = await create_webhook_endpoint(
        actor,
        "https://hooks.example.com/in",
        ["NOTIFICATION_FAILED"],
        production=False,
        secret_key=settings.secret_key.get_secret_value(),
    )
    assert hook.errors == []
    gone = await make_reachable_client(org, "gone@example.com")
    message, envelope_from = await receipt_sent(settings, smtp_server, actor, gone)
    notification = await Notification.get(client_id=gone.id)
    secret = settings.secret_key.get_secret_value()
    assert envelope_from == f"bounce+{bounce_tag(secret, notification.uuid)}@mail.clientela.test"
    assert message["From"] == "Palestra Sole <no-reply@clientela.test>"  # From is unchanged

    report = postfix_report(
        envelope_from, message, action="failed", status="5.1.1", diagnostic=REJECTED
    )
    await mail_to(receiver, envelope_from, report)

    (mark,) = await UndeliverableAddress.all()
    assert (mark.organization_id, mark.email_key, mark.reply) == (
        org.id,
        "gone@example.com",
        REJECTED,
    )
    failed = await Notification.get(id=notification.id)
    assert failed.status is NotificationStatus.FAILED and failed.failed_at is not None
    assert failed.last_error == f"bounced later: {REJECTED}"
    (event,) = await WebhookEvent.filter(type=WebhookEventType.NOTIFICATION_FAILED)
    assert event.data == {
        "clientId": str(gone.uuid),
        "notificationId": str(notification.uuid),
        "notificationType": "PAYMENT_RECEIPT",
        "channel": "EMAIL",
    }
    assert (await send(actor, "PAYMENT_RECEIPT", gone, RECEIPT))["skipped"] == [
        {"channel": "EMAIL", "reason": "UNDELIVERABLE", "count": 1}
    ]

    # Staff clear the mark; the same report coming again does not set it back.
    clear = """mutation($id: ID!) { clearUndeliverableEmail(input: {clientId: $id}) {
        cleared userErrors { code } } }"""
    assert (await run(clear, {"id": str(gone.uuid)}, actor=actor))["clearUndeliverableEmail"][
        "cleared"
    ]
    await mail_to(receiver, envelope_from.upper(), report)
    assert await UndeliverableAddress.all().count() == 0
    assert await WebhookEvent.filter(type=WebhookEventType.NOTIFICATION_FAILED).count() == 1


async def test_delays_auto_replies_and_unsigned_reports_change_nothing(
    gym, settings, smtp_server, receiver
):
    org, actor = gym
    client = await make_reachable_client(org, "slow@example.com")
    message, envelope_from = await receipt_sent(settings, smtp_server, actor, client)

    delayed = postfix_report(
        envelope_from,
        message,
        action="delayed",
        status="4.4.1",
        diagnostic="connect to mx.example.com[203.0.113.25]:25: Connection timed out",
    )
    await mail_to(receiver, envelope_from, delayed)
    # A queue that gave up on a server that never answered: not the address's fault.
    gave_up = postfix_report(
        envelope_from, message, action="failed", status="4.4.1", diagnostic="Connection timed out"
    )
    await mail_to(receiver, envelope_from, gave_up)
    out_of_office = request(
        envelope_from,
        "Fuori ufficio: Ricevuta di pagamento",
        "slow@example.com",
        Auto_Submitted="auto-replied",
        X_Autoreply="yes",
    )
    await mail_to(receiver, envelope_from, out_of_office, "slow@example.com")

    failing = postfix_report(
        envelope_from, message, action="failed", status="5.1.1", diagnostic=REJECTED
    )
    secret = settings.secret_key.get_secret_value()
    notification = await Notification.get(client_id=client.id)
    tag = bounce_tag(secret, notification.uuid)
    forged = tag[:-3] + ("b" if tag[-3] != "b" else "c") + tag[-2:]
    for to in (
        BOUNCE,  # unsigned
        f"bounce+{forged}@mail.clientela.test",  # altered
        f"bounce+{bounce_tag('another secret', notification.uuid)}@mail.clientela.test",
        f"bounce+{tag}@elsewhere.example",
    ):
        assert (await refusal(receiver, to, failing)).startswith(("550 5.7.1", "550 5.1.1")), to

    # Signed by us, but of no notification we hold (erased since): accepted, dropped.
    unknown = f"bounce+{bounce_tag(secret, uuid4())}@mail.clientela.test"
    await mail_to(receiver, unknown, failing)

    assert await UndeliverableAddress.all().count() == 0
    assert (await Notification.get(id=notification.id)).status is NotificationStatus.SENT
    assert (await send(actor, "PAYMENT_RECEIPT", client, RECEIPT))["queued"] == 1


async def _lmtp(port: int, lines: list[str], data: bytes) -> list[str]:
    """A raw LMTP conversation; the server's replies after each command, then to DATA."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)

    async def reply() -> str:
        answer = []
        while True:
            line = (await reader.readline()).decode().rstrip("\r\n")
            answer.append(line)
            if line[3:4] != "-":
                return "\n".join(answer)

    try:
        await reply()  # greeting
        for line in lines:
            writer.write(line.encode() + b"\r\n")
            await reply()
        writer.write(b"DATA\r\n")
        assert (await reply()).startswith("354")
        writer.write(data + b"\r\n.\r\n")
        rcpts = sum(1 for line in lines if line.startswith("RCPT"))
        return [await reply() for _ in range(rcpts)]
    finally:
        writer.close()
        await writer.wait_closed()


async def test_lmtp_answers_each_recipient(gym, settings, db):
    org, _ = gym
    ada = await make_reachable_client(org, "ada@example.com")
    lmtp = settings.replace(inbound_mail_protocol="lmtp")
    port = free_port()
    server = await inbound_mail.start(lmtp, "127.0.0.1", port)
    secret = settings.secret_key.get_secret_value()
    good = f"unsubscribe+{mail_tag(secret, ada.uuid, org.uuid)}@mail.clientela.test"
    bad = f"unsubscribe+{mail_tag('another secret', ada.uuid, org.uuid)}@mail.clientela.test"
    try:
        answers = await _lmtp(
            port,
            [
                "LHLO relay.example.net",
                "MAIL FROM:<ada@example.com>",
                f"RCPT TO:<{good}>",
                f"RCPT TO:<{bad}>",
            ],
            request(good, "unsubscribe", "ada@example.com")
            .as_bytes(policy=email.policy.SMTP)
            .rstrip(b"\r\n"),
        )
    finally:
        server.close()
        await server.wait_closed()
    assert [a[:9] for a in answers] == ["250 2.0.0", "550 5.7.1"]
    assert not await marketing_consent(ada)


@pytest.mark.parametrize(
    "address", ["unsubscribe+x@mail.example.com", "unsubscribers@mail.example.com", "nobody", "a@b"]
)
def test_the_mailboxes_must_leave_room_for_the_tag(address):
    with pytest.raises(SettingsError, match="BOUNCE_ADDRESS"):
        Settings.from_env({"BOUNCE_ADDRESS": address})
    assert Settings.from_env({"BOUNCE_ADDRESS": "Bounce@Mail.Example.com"}).bounce_address == (
        "Bounce@mail.example.com"
    )


def test_the_two_mailboxes_differ():
    same = {"UNSUBSCRIBE_MAILTO": "mail@x.example", "BOUNCE_ADDRESS": "Mail@X.example"}
    with pytest.raises(SettingsError, match="two mailboxes"):
        Settings.from_env(same)


def test_a_report_is_read_with_the_email_package():
    original = EmailMessage()
    original["To"] = "gone@example.com"
    original["Subject"] = "x"
    original.set_content("x")
    report = postfix_report(
        "bounce+x@mail.clientela.test",
        original,
        action="failed",
        status="5.1.1",
        diagnostic=REJECTED,
    )
    from mailer.bounces import permanent_failures

    parsed = email.message_from_bytes(report, policy=email.policy.default)
    assert permanent_failures(parsed) == [Failure("5.1.1", REJECTED)]
    assert permanent_failures(email.message_from_bytes(original.as_bytes())) is None


async def _listening(port: int, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, "clientela inbound-mail stopped"
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            await asyncio.sleep(0.2)
            continue
        writer.close()
        await writer.wait_closed()
        return
    raise AssertionError("clientela inbound-mail did not listen")


async def test_the_command_receives_and_logs_nothing_personal(database_url, gym, tmp_path):
    org, _ = gym
    ada = await make_reachable_client(org, "ada.lovelace@example.com")
    port = free_port()
    secret = "a-production-like-secret-of-at-least-32-characters"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": secret,
        "UNSUBSCRIBE_MAILTO": UNSUBSCRIBE,
        "BOUNCE_ADDRESS": BOUNCE,
        "INBOUND_MAIL_PORT": str(port),
        "INBOUND_MAIL_PROTOCOL": "smtp",
        "LOG_LEVEL": "DEBUG",
        "LOG_FORMAT": "json",
        "CLIENTELA_VAR_DIR": str(tmp_path),
    }
    log = tmp_path / "inbound.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "clientela.cli", "inbound-mail"], env=env, stdout=out, stderr=out
        )
    try:
        await _listening(port, process)
        tag = mail_tag(secret, ada.uuid, org.uuid)
        to = f"unsubscribe+{tag}@mail.clientela.test"
        await mail_to(port, to, request(to, "unsubscribe", "ada.lovelace@example.com"))
        bad = f"unsubscribe+{mail_tag('another secret', ada.uuid, org.uuid)}@mail.clientela.test"
        assert (await refusal(port, bad, request(bad, "x", "ada.lovelace@example.com")))[
            :3
        ] == "550"
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    assert not await marketing_consent(ada)
    written = log.read_text()
    assert "unsubscribe withdrawn" in written and "unsubscribe invalid" in written
    for secret_or_personal in ("ada.lovelace", tag, tag.upper(), "example.com"):
        assert secret_or_personal not in written, secret_or_personal


async def test_a_report_before_the_worker_wrote_sent_keeps_the_failure(gym, settings):
    """The next server may report a failure before our worker has written SENT (it wrote
    it right after the acceptance): the report wins, the worker's write finds the row
    taken."""
    org, actor = gym
    client = await make_reachable_client(org, "quick@example.com")
    assert (await send(actor, "PAYMENT_RECEIPT", client, RECEIPT))["queued"] == 1
    outbox = Outbox(settings, SmtpPool(settings, 1), Policy())
    (claimed,) = await outbox.claim()
    row = await Notification.get(id=claimed)
    assert row.status is NotificationStatus.SENDING

    assert await record_bounce(row.uuid, Failure("5.1.1", REJECTED)) is BounceOutcome.MARKED
    await outbox._write_outcome(row, status=NotificationStatus.SENT)  # the worker, late
    assert (await Notification.get(id=row.id)).status is NotificationStatus.FAILED
    assert await UndeliverableAddress.filter(email_key="quick@example.com").exists()
    again = await record_bounce(row.uuid, Failure("5.1.1", REJECTED))
    assert again is BounceOutcome.REPEATED


async def test_a_report_that_cannot_be_recorded_now_is_asked_again(
    gym, settings, smtp_server, receiver, db
):
    """The database is not usable for a moment: the receiver answers 451, so that the MTA
    keeps the report and offers it again; the second time it is recorded."""
    org, actor = gym
    gone = await make_reachable_client(org, "gone@example.com")
    message, envelope_from = await receipt_sent(settings, smtp_server, actor, gone)
    report = postfix_report(
        envelope_from, message, action="failed", status="5.1.1", diagnostic=REJECTED
    )
    conn = db.connections.get("default")
    await conn.execute_script("ALTER TABLE undeliverable_address RENAME TO moved_away")
    try:
        with pytest.raises(aiosmtplib.SMTPDataError) as refused:
            await mail_to(receiver, envelope_from, report)
        assert refused.value.code == 451
    finally:
        await conn.execute_script("ALTER TABLE moved_away RENAME TO undeliverable_address")
    assert (await Notification.get(client_id=gone.id)).status is NotificationStatus.SENT

    await mail_to(receiver, envelope_from, report)
    assert await UndeliverableAddress.filter(email_key="gone@example.com").exists()
