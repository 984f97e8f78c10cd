"""Mail speaks for the organization, in the person's language (R7.6), read at a real SMTP server.

Every catalogue email in Italian, Spanish and English, with a date that depends on the
organization's time zone and an amount in its currency; account mails in the client's
language; gift cards with their code and expiry; the organization's mail settings.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from tortoise.transactions import in_transaction

from mailer.catalogue import CATALOGUE, LOCALES
from models import Client, Notification, Organization
from models.enums import Channel, LevelMode, NotificationStatus, NotificationType, StaffRole
from resolvers.notifications.notifications import queue_account_mail
from tests.factories import make_actor, make_org, make_reachable_client
from tests.helpers import error_codes, run
from tests.mail import deliver, text, to, token_in

STARTS = "2026-12-01T17:00:00+00:00"  # 18:00 in Rome
TYPED = {
    "title": "Orari di dicembre",
    "body": "Dal 24 al 26 dicembre siamo chiusi.",
    "activity": "Yoga",
    "starts_at": STARTS,
    "amount": {"amount": "1250.50", "currency": "EUR"},
    "reason": "Abbonamento annuale",
    "description": "Pacchetto 10 ingressi",
    "balance": {"amount": "75.00", "currency": "EUR"},
    "action_url": "https://app.example.com/act",
    "gift_kind": "gift_card",
    "code": "ABCD2345EFGH",
    "expires_on": "2026-12-31",
    "endpoint_url": "https://hooks.example.com/clientela",
}
WHEN = {
    "it": "martedì 1 dicembre 2026 alle 18:00",
    "es": "martes 1 de diciembre de 2026 a las 18:00",
    "en": "Tuesday 1 December 2026 at 18:00",
}
MONEY = {"it": "1.250,50\xa0€", "es": "1250,50\xa0€", "en": "€1,250.50"}
# What a native reader gets: subject and first line of the body, for a few types.
READS = {
    ("it", NotificationType.SESSION_CANCELLED): (
        "Seduta cancellata: Yoga",
        "La seduta di Yoga prevista per martedì 1 dicembre 2026 alle 18:00, che avevi "
        "prenotato, è stata cancellata.",
    ),
    ("es", NotificationType.SESSION_CANCELLED): (
        "Sesión cancelada: Yoga",
        "La sesión de Yoga del martes 1 de diciembre de 2026 a las 18:00 que habías "
        "reservado se ha cancelado.",
    ),
    ("en", NotificationType.SESSION_CANCELLED): (
        "Session cancelled: Yoga",
        "The Yoga session you booked for Tuesday 1 December 2026 at 18:00 has been cancelled.",
    ),
    ("it", NotificationType.PAYMENT_RECEIPT): (
        "Ricevuta del tuo pagamento",
        "Abbiamo ricevuto il tuo pagamento di 1.250,50\xa0€ per «Abbonamento annuale». Grazie!",
    ),
    ("es", NotificationType.PAYMENT_RECEIPT): (
        "Recibo de tu pago",
        "Hemos recibido tu pago de 1250,50\xa0€ por «Abbonamento annuale». ¡Gracias!",
    ),
    ("en", NotificationType.PAYMENT_RECEIPT): (
        "Receipt of your payment",
        'We received your payment of €1,250.50 for "Abbonamento annuale". Thank you!',
    ),
    ("it", NotificationType.WELCOME): (
        "Ti diamo il benvenuto in Palestra Sole",
        "Ti diamo il benvenuto in Palestra Sole! Da ora puoi prenotare, seguire i tuoi punti "
        "e ricevere le nostre novità dall'app.",
    ),
    ("es", NotificationType.WELCOME): (
        "Te damos la bienvenida a Palestra Sole",
        "¡Te damos la bienvenida a Palestra Sole! Desde ahora puedes reservar, consultar tus "
        "puntos y recibir nuestras novedades en la app.",
    ),
    ("en", NotificationType.GIFT): (
        "A gift for you from Palestra Sole",
        "Palestra Sole has given you a gift card worth €1,250.50.",
    ),
}
GREETING = {"it": "Ciao Giulia,", "es": "Hola, Giulia:", "en": "Hi Giulia,"}
# Masculine-only forms that must not reach everyone.
GENDERED = ("Benvenuto", "Bienvenido", "Caro ", "Estimado", "sei stato", "Gentile cliente")


@pytest.fixture
async def palestra(db):
    return await make_org(
        name="Palestra Sole",
        slug="sole",
        sender_name="Palestra Sole Milano",
        reply_to="info@palestrasole.example",
        time_zone="Europe/Rome",
        currency="EUR",
    )


def first_line(message) -> str:
    lines = [line for line in text(message).splitlines() if line.strip()]
    return lines[1]  # after the greeting


async def test_each_email_type_in_each_language_reads_for_its_reader(
    palestra, smtp_server, mail_settings
):
    clients = {
        locale: await make_reachable_client(
            palestra, f"giulia.{locale}@example.com", first_name="Giulia", locale=locale
        )
        for locale in LOCALES
    }
    for locale, client in clients.items():
        for kind, spec in CATALOGUE.items():
            if Channel.EMAIL not in spec.channels:
                continue
            await Notification.create(
                organization=palestra,
                client=client,
                type=kind,
                channel=Channel.EMAIL,
                status=NotificationStatus.QUEUED,
                to_address=client.email,
                next_attempt_at=datetime.now(UTC),
                locale=locale,
                params={k: TYPED[k] for k in (*spec.params, *spec.optional) if k in TYPED},
            )
    await deliver(mail_settings)

    per_locale = sum(Channel.EMAIL in k.channels for k in CATALOGUE.values())
    assert len(smtp_server.messages) == 3 * per_locale
    by_locale = {to(m).split("@")[0].split(".")[1]: [] for m in smtp_server.messages}
    for message in smtp_server.messages:
        by_locale[to(message).split("@")[0].split(".")[1]].append(message)
    for locale, messages in by_locale.items():
        subjects = set()
        for message in messages:
            assert message["From"] == "Palestra Sole Milano <no-reply@clientela.test>"
            assert message["Reply-To"] == "Palestra Sole Milano <info@palestrasole.example>"
            body = text(message)
            assert body.startswith(GREETING[locale])
            for word in GENDERED:
                assert word not in body and word not in message["Subject"], (locale, word)
            # Typed values are worded, never shown as data.
            assert "2026-12-01" not in body and "1250.50" not in body and "{" not in body
            subjects.add(message["Subject"])
        assert len(subjects) == len(messages) - 1 or len(subjects) == len(messages)
        words = "\n".join(text(m) for m in messages)
        assert WHEN[locale] in words and MONEY[locale] in words
        assert f"{TYPED['code']}" in words
    for (locale, kind), (subject, line) in READS.items():
        (message,) = [
            m
            for m in by_locale[locale]
            if (n := await Notification.get(uuid=_uuid(m))) and n.type is kind
        ]
        assert (message["Subject"], first_line(message)) == (subject, line)


def _uuid(message) -> str:
    digits = str(message["Message-ID"]).strip("<>").split(".")[0]
    return f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:]}"


async def test_dates_follow_the_organizations_time_zone_and_amounts_its_currency(
    db, smtp_server, mail_settings
):
    org = await make_org(name="Gym NY", time_zone="America/New_York", currency="GBP")
    client = await make_reachable_client(org, "ana@example.com", first_name="Ana", locale="es")
    actor = await make_actor(org)
    send = """mutation($input: SendNotificationInput!) { sendNotification(input: $input) {
        queued userErrors { field code } } }"""
    for type_, params in (
        ("CONFIRM_ATTENDANCE", {"activity": "Spinning", "startsAt": "2026-12-01T17:00:00Z"}),
        ("PAYMENT_RECEIPT", {"amount": "1250.5", "reason": "Cuota"}),
    ):
        result = await run(
            send,
            {
                "input": {
                    "type": type_,
                    "channels": ["EMAIL"],
                    "clientIds": [str(client.uuid)],
                    "params": params,
                }
            },
            actor=actor,
        )
        assert result["sendNotification"] == {"queued": 1, "userErrors": []}
    await deliver(mail_settings)
    receipt, attendance = sorted(smtp_server.messages, key=lambda m: m["Subject"])
    assert attendance["Subject"] == "¿Confirmas tu asistencia a Spinning?"
    assert first_line(attendance).startswith(
        "La sesión de Spinning es el martes 1 de diciembre de 2026 a las 12:00."
    )
    assert first_line(receipt) == "Hemos recibido tu pago de 1250,50\xa0GBP por «Cuota». ¡Gracias!"
    assert receipt["From"] == "Gym NY <no-reply@clientela.test>" and receipt["Reply-To"] is None


async def test_a_bad_typed_parameter_is_refused_and_nothing_is_queued(db):
    org = await make_org()
    client = await make_reachable_client(org, "x@example.com")
    actor = await make_actor(org)
    send = """mutation($input: SendNotificationInput!) { sendNotification(input: $input) {
        queued userErrors { field code } } }"""

    def payload(type_, params):
        channels = ["EMAIL"]
        return {
            "input": {
                "type": type_,
                "channels": channels,
                "clientIds": [str(client.uuid)],
                "params": params,
            }
        }

    # Not a date at all: GraphQL refuses it before anything runs.
    assert await error_codes(
        send,
        payload("SESSION_CANCELLED", {"activity": "Yoga", "startsAt": "martedì alle 18"}),
        actor=actor,
    ) == ["BAD_USER_INPUT"]
    for type_, params, field, code in (
        ("PAYMENT_RECEIPT", {"amount": "-5", "reason": "x"}, "amount", "OUT_OF_RANGE"),
        ("PAYMENT_RECEIPT", {"amount": "5.001", "reason": "x"}, "amount", "OUT_OF_RANGE"),
        (
            "PAYMENT_RECEIPT",
            {"amount": "5", "currency": "EURO", "reason": "x"},
            "currency",
            "INVALID",
        ),
        ("MANUAL", {"title": "t", "body": "b", "currency": "EUR"}, "currency", "INVALID"),
    ):
        result = await run(send, payload(type_, params), actor=actor)
        assert result["sendNotification"] == {
            "queued": 0,
            "userErrors": [{"field": ["params", field], "code": code}],
        }
    assert await Notification.all().count() == 0


RESET_REQUEST = """mutation($org: String!, $email: String!) { requestPasswordReset(input: {
    organization: $org, email: $email}) { accepted } }"""
LINK_REQUEST = """mutation($org: String!, $email: String!) { requestLoginLink(input: {
    organization: $org, email: $email}) { accepted } }"""
RESET = """mutation($token: String!, $password: String!) { resetPassword(input: {token: $token,
    password: $password}) { userErrors { code } } }"""


async def test_account_mails_are_in_the_clients_language(db, smtp_server, mail_settings):
    # The organization speaks Italian and so did the person at sign-up; the client record
    # says English: every account mail is in English.
    org = await make_org(name="Palestra Sole", slug="sole", default_locale="it")
    client = await make_reachable_client(org, "mary@example.com", first_name="Mary", locale="en")
    account = await client.account
    account.locale = "it"
    await account.save(update_fields=["locale"])

    await run(RESET_REQUEST, {"org": "sole", "email": "mary@example.com"}, actor=None)
    await run(LINK_REQUEST, {"org": "sole", "email": "mary@example.com"}, actor=None)
    await deliver(mail_settings)
    reset = next(m for m in smtp_server.messages if m["Subject"] == "Reset your password")
    assert any(m["Subject"] == "Your login link" for m in smtp_server.messages)
    result = await run(
        RESET, {"token": token_in(reset), "password": "a long and unusual passphrase"}, actor=None
    )
    assert result["resetPassword"]["userErrors"] == []
    await deliver(mail_settings)
    subjects = [m["Subject"] for m in smtp_server.messages]
    assert subjects[-1] == "Your password was changed"
    assert all(text(m).startswith("Hi Mary,") for m in smtp_server.messages)


async def test_account_mails_fall_back_to_the_account_then_the_organization(db):
    org = await make_org(default_locale="es")
    with_account_locale = await make_reachable_client(org, "a@example.com")
    account = await with_account_locale.account
    account.locale = "en"
    await account.save(update_fields=["locale"])
    bare = await make_reachable_client(org, "b@example.com")
    async with in_transaction("default") as conn:
        for client in (with_account_locale, bare):
            linked = await client.account
            await queue_account_mail(
                conn,
                org,
                NotificationType.PASSWORD_CHANGED,
                to_address=linked.email,
                params={},
                account_id=linked.id,
                locale=linked.locale,
            )
    assert [n.locale for n in await Notification.all().order_by("id")] == ["en", "es"]


GIFT = (
    """mutation($input: SendGiftInput!) { sendGift(input: $input) { userErrors { field code } } }"""
)


async def test_a_gift_card_mail_carries_its_code_amount_and_expiry(
    palestra, smtp_server, mail_settings
):
    client = await make_reachable_client(
        palestra, "luca@example.com", first_name="Luca", locale="it"
    )
    actor = await make_actor(palestra)
    result = await run(
        GIFT,
        {
            "input": {
                "clientId": str(client.uuid),
                "giftCard": {"amount": "50", "currency": "EUR", "expiresOn": "2026-12-31"},
            }
        },
        actor=actor,
    )
    assert result["sendGift"]["userErrors"] == []
    await deliver(mail_settings)
    (message,) = smtp_server.messages
    card = await (await Client.get(id=client.id)).gift_cards.all().first()
    assert message["Subject"] == "Un regalo per te da Palestra Sole"
    assert text(message).splitlines()[2:6] == [
        "Palestra Sole ti ha regalato una gift card da 50,00\xa0€.",
        "",
        f"Codice: {card.code}",
        "Scadenza: 31 dicembre 2026",
    ]


SETTINGS = """mutation($input: UpdateOrganizationSettingsInput!) {
    updateOrganizationSettings(input: $input) {
        organization { senderName replyTo timeZone currency } userErrors { field code } } }"""


async def test_mail_settings_are_checked_and_a_bad_one_changes_nothing(db):
    org = await make_org()
    actor = await make_actor(org)
    unchanged = {"senderName": None, "replyTo": None, "timeZone": "Europe/Rome", "currency": "EUR"}
    for bad, code in (
        ({"timeZone": "Mars/Olympus"}, "INVALID"),
        ({"currency": "EURO"}, "INVALID"),
        ({"replyTo": "not an address"}, "INVALID_EMAIL"),
        ({"senderName": "Gym\r\nBcc: x@example.com"}, "INVALID"),
    ):
        result = await run(SETTINGS, {"input": {"senderName": "Changed", **bad}}, actor=actor)
        assert result["updateOrganizationSettings"] == {
            "organization": unchanged,
            "userErrors": [{"field": list(bad), "code": code}],
        }
    changed = await run(
        SETTINGS,
        {
            "input": {
                "senderName": " Palestra  Sole ",
                "replyTo": "Info@PalestraSole.example",
                "timeZone": "Europe/Madrid",
                "currency": "gbp",
            }
        },
        actor=actor,
    )
    assert changed["updateOrganizationSettings"]["organization"] == {
        "senderName": "Palestra Sole",
        "replyTo": "info@palestrasole.example",
        "timeZone": "Europe/Madrid",
        "currency": "GBP",
    }
    cleared = await run(SETTINGS, {"input": {"senderName": "", "replyTo": ""}}, actor=actor)
    assert cleared["updateOrganizationSettings"]["organization"]["senderName"] is None
    assert cleared["updateOrganizationSettings"]["organization"]["replyTo"] is None
    stored = await Organization.get(id=org.id)
    assert (stored.sender_name, stored.reply_to, stored.time_zone) == (None, None, "Europe/Madrid")


SWITCHES = """mutation($input: UpdateOrganizationSettingsInput!) {
    updateOrganizationSettings(input: $input) {
        organization { levelMode clientAccountsEnabled staffPasswordAssignment }
        userErrors { field code } } }"""
READ_SWITCHES = (
    "{ me { organization { levelMode clientAccountsEnabled staffPasswordAssignment } } }"
)


async def test_the_organization_switches_are_read_back_as_they_were_set(db):
    """The console shows each switch's current value (issue 19), so staff of any role read
    them with `me` and an owner sees the change they made."""
    org = await make_org()
    owner = await make_actor(org)
    agent = await make_actor(org, StaffRole.AGENT)
    defaults = {
        "levelMode": "AUTOMATIC",
        "clientAccountsEnabled": True,
        "staffPasswordAssignment": True,
    }
    assert (await run(READ_SWITCHES, actor=agent))["me"]["organization"] == defaults
    changed = {
        "levelMode": "MANUAL",
        "clientAccountsEnabled": False,
        "staffPasswordAssignment": False,
    }
    result = await run(SWITCHES, {"input": changed}, actor=owner)
    assert result["updateOrganizationSettings"] == {"organization": changed, "userErrors": []}
    assert (await run(READ_SWITCHES, actor=agent))["me"]["organization"] == changed
    stored = await Organization.get(id=org.id)
    assert (
        stored.level_mode,
        stored.client_accounts_enabled,
        stored.staff_password_assignment,
    ) == (
        LevelMode.MANUAL,
        False,
        False,
    )
    assert await error_codes(SWITCHES, {"input": {"levelMode": "AUTOMATIC"}}, actor=agent) == [
        "FORBIDDEN"
    ]
