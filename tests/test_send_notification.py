"""sendNotification (R7.2), R3.5 in practice, the notification log (R7.4) and the inbox (R7.5)."""

from __future__ import annotations

import pytest

from mailer.outbox import Outbox, Policy
from mailer.transport import SmtpPool
from models import InboxMessage, Notification
from models.enums import ClientStatus, NotificationStatus, StaffRole
from tests.factories import (
    make_account,
    make_account_token,
    make_actor,
    make_client,
    make_org,
    make_reachable_client,
)
from tests.helpers import error_codes, http_client, run

SEND = """
mutation($input: SendNotificationInput!) {
  sendNotification(input: $input) {
    recipients queued delivered
    skipped { channel reason count }
    userErrors { field code }
  }
}
"""
MANUAL = {"title": "Closed tomorrow", "body": "The gym is closed tomorrow.\n\nSee you soon!"}


async def send(actor, **input_):
    return (await run(SEND, {"input": input_}, actor=actor))["sendNotification"]


@pytest.fixture
async def audience(db):
    """One client of each situation R3.5 and R8.1 tell apart."""
    org = await make_org(name="Gym")
    reachable = await make_reachable_client(
        org, "ok@example.com", first_name="Ok", last_name="Reader"
    )
    unverified = await make_client(
        org, email="new@example.com", account=await make_account("new@example.com", verified=False)
    )
    no_account = await make_client(org, email="plain@example.com")
    no_email = await make_client(org, email=None, account=await make_account("noemail@example.com"))
    other_address = await make_client(
        org, email="staff-typed@example.com", account=await make_account("real@example.com")
    )
    muted = await make_client(
        org,
        email="muted@example.com",
        account=await make_account(
            "muted@example.com", email_notifications=False, in_app_notifications=False
        ),
    )
    disabled = await make_reachable_client(org, "blocked@example.com", status=ClientStatus.DISABLED)
    return org, {
        "reachable": reachable,
        "unverified": unverified,
        "no_account": no_account,
        "no_email": no_email,
        "other_address": other_address,
        "muted": muted,
        "disabled": disabled,
    }


async def test_each_client_is_sent_to_or_skipped_for_its_reason(audience):
    org, clients = audience
    actor = await make_actor(org, StaffRole.MARKETING)

    result = await send(
        actor, type="MANUAL", channels=["EMAIL", "IN_APP"], filter={}, params=MANUAL
    )

    assert result["userErrors"] == []
    assert (result["recipients"], result["queued"], result["delivered"]) == (7, 1, 3)
    assert sorted((s["channel"], s["reason"], s["count"]) for s in result["skipped"]) == [
        ("EMAIL", "CHANNEL_OFF", 1),
        ("EMAIL", "DISABLED", 1),
        ("EMAIL", "NO_EMAIL", 1),
        ("EMAIL", "NO_VERIFIED_EMAIL", 3),  # no account, unverified, a different address
        ("IN_APP", "CHANNEL_OFF", 1),
        ("IN_APP", "DISABLED", 1),
        ("IN_APP", "NO_ACCOUNT", 1),
        ("IN_APP", "NO_VERIFIED_EMAIL", 1),
    ]
    queued = await Notification.filter(status=NotificationStatus.QUEUED)
    assert [(n.client_id, n.to_address) for n in queued] == [
        (clients["reachable"].id, "ok@example.com")
    ]
    inboxes = {m.account_id for m in await InboxMessage.all()}
    # the inbox is the account's: a verified account gets it whatever the record's email says
    assert inboxes == {clients[k].account_id for k in ("reachable", "no_email", "other_address")}


async def test_the_unverified_client_gets_no_mail_over_smtp(audience, smtp_server, mail_settings):
    org, clients = audience
    actor = await make_actor(org)
    await send(
        actor,
        type="MANUAL",
        channels=["EMAIL"],
        clientIds=[str(c.uuid) for c in clients.values()],
        params=MANUAL,
    )
    worker = Outbox(mail_settings, SmtpPool(mail_settings, 1), Policy())
    while await worker.deliver_due():
        pass
    await worker.pool.close()
    assert [m["To"] for m in smtp_server.messages] == ["Ok Reader <ok@example.com>"]
    assert smtp_server.messages[0]["Subject"] == "Closed tomorrow"


async def test_the_log_follows_each_notification(audience, smtp_server, mail_settings):
    org, clients = audience
    actor = await make_actor(org)
    query = """query($id: ID!) { client(id: $id) { notifications { totalCount nodes {
        type channel status skipReason attempts toAddress sentAt } } } }"""
    await send(
        actor,
        type="MANUAL",
        channels=["EMAIL", "IN_APP"],
        clientIds=[str(clients["reachable"].uuid), str(clients["unverified"].uuid)],
        params=MANUAL,
    )

    log = (await run(query, {"id": str(clients["reachable"].uuid)}, actor=actor))["client"][
        "notifications"
    ]
    assert log["totalCount"] == 2
    assert {(n["channel"], n["status"]) for n in log["nodes"]} == {
        ("EMAIL", "QUEUED"),
        ("IN_APP", "SENT"),
    }

    worker = Outbox(mail_settings, SmtpPool(mail_settings, 1), Policy())
    await worker.deliver_due()
    await worker.pool.close()
    log = (await run(query, {"id": str(clients["reachable"].uuid)}, actor=actor))["client"][
        "notifications"
    ]
    email = next(n for n in log["nodes"] if n["channel"] == "EMAIL")
    assert (email["status"], email["attempts"], email["toAddress"]) == ("SENT", 1, "ok@example.com")
    assert email["sentAt"] is not None

    skipped = (await run(query, {"id": str(clients["unverified"].uuid)}, actor=actor))["client"][
        "notifications"
    ]
    assert {(n["status"], n["skipReason"]) for n in skipped["nodes"]} == {
        ("SKIPPED", "NO_VERIFIED_EMAIL")
    }


@pytest.mark.parametrize(
    ("input_", "errors"),
    [
        (
            {
                "type": "MANUAL",
                "channels": ["EMAIL"],
                "filter": {},
                "params": {"title": "Hi\r\nBcc: x@example.com", "body": "b"},
            },
            [(["params", "title"], "INVALID")],
        ),
        (
            {
                "type": "MANUAL",
                "channels": ["EMAIL"],
                "filter": {},
                "params": {"title": "Hi", "body": "x" * 5001},
            },
            [(["params", "body"], "TOO_LONG")],
        ),
        (
            {"type": "MANUAL", "channels": ["EMAIL"], "filter": {}, "params": {"title": "Hi"}},
            [(["params", "body"], "REQUIRED")],
        ),
        (
            {
                "type": "MANUAL",
                "channels": ["EMAIL"],
                "filter": {},
                "params": {"title": "Hi", "body": "b\x00"},
            },
            [(["params", "body"], "INVALID")],
        ),
        (
            {
                "type": "SALE",
                "channels": ["EMAIL"],
                "filter": {},
                "params": {"description": "d", "balance": "1"},
            },
            [(["channels"], "INVALID")],
        ),
        ({"type": "WELCOME", "channels": ["EMAIL"], "filter": {}}, [(["type"], "INVALID")]),
        (
            {
                "type": "REVIEW_REQUEST",
                "channels": ["EMAIL"],
                "filter": {},
                "params": {"actionUrl": "javascript:alert(1)"},
            },
            [(["params", "actionUrl"], "INVALID")],
        ),
        (
            {"type": "MANUAL", "channels": [], "filter": {}, "params": MANUAL},
            [(["channels"], "REQUIRED")],
        ),
        ({"type": "MANUAL", "channels": ["EMAIL"], "params": MANUAL}, [(None, "REQUIRED")]),
        (
            {
                "type": "MANUAL",
                "channels": ["EMAIL"],
                "filter": {"birthdayMonth": 13},
                "params": MANUAL,
            },
            [(["filter"], "INVALID")],
        ),
        (
            {
                "type": "MANUAL",
                "channels": ["EMAIL"],
                "clientIds": ["3f2b8f0e-1111-4222-8333-444455556666"],
                "params": MANUAL,
            },
            [(["clientIds", "0"], "NOT_FOUND")],
        ),
    ],
)
async def test_bad_requests_write_nothing(audience, input_, errors):
    org, _ = audience
    result = await send(await make_actor(org), **input_)
    assert [(e["field"], e["code"]) for e in result["userErrors"]] == errors
    assert await Notification.all().count() == 0
    assert await InboxMessage.all().count() == 0


async def test_clients_of_another_organization_are_not_found(audience):
    _org, clients = audience
    other = await make_actor(await make_org())
    result = await send(
        other,
        type="MANUAL",
        channels=["EMAIL"],
        clientIds=[str(clients["reachable"].uuid)],
        params=MANUAL,
    )
    assert [(e["field"], e["code"]) for e in result["userErrors"]] == [
        (["clientIds", "0"], "NOT_FOUND")
    ]
    assert await Notification.all().count() == 0


async def test_read_only_staff_cannot_send(audience):
    org, _ = audience
    actor = await make_actor(org, StaffRole.READ_ONLY)
    assert await error_codes(
        SEND,
        {"input": {"type": "MANUAL", "channels": ["EMAIL"], "filter": {}, "params": MANUAL}},
        actor=actor,
    ) == ["FORBIDDEN"]


async def test_the_client_app_reads_and_marks_its_inbox(audience):
    org, clients = audience
    actor = await make_actor(org)
    await send(
        actor,
        type="SALE",
        channels=["IN_APP"],
        clientIds=[str(clients["reachable"].uuid)],
        params={"description": "10-class pass", "balance": "20", "currency": "EUR"},
    )
    await send(
        actor,
        type="MANUAL",
        channels=["IN_APP"],
        clientIds=[str(clients["reachable"].uuid)],
        params=MANUAL,
    )
    account = await clients["reachable"].account
    token = await make_account_token(account)
    stranger = await make_account_token(await make_account("stranger@example.com"))
    inbox = "query($unread: Boolean!) { inbox(unreadOnly: $unread) { totalCount nodes { id type title body organizationName readAt } } }"
    mark = "mutation($input: MarkInboxReadInput!) { markInboxRead(input: $input) { updated userErrors { field code } } }"

    async with http_client() as http:

        async def call(query, variables, who):
            response = await http.post(
                "/graphql",
                json={"query": query, "variables": variables},
                headers={"Authorization": f"Bearer {who}"},
            )
            return response.json()

        body = await call(inbox, {"unread": True}, token)
        nodes = body["data"]["inbox"]["nodes"]
        assert [(n["type"], n["organizationName"]) for n in nodes] == [
            ("MANUAL", "Gym"),
            ("SALE", "Gym"),
        ]
        assert nodes[0]["title"] == "Closed tomorrow"
        assert (
            nodes[1]["title"] == "Novità sul tuo profilo: 10-class pass"
        )  # the organization speaks Italian
        assert (await call(inbox, {"unread": True}, stranger))["data"]["inbox"]["totalCount"] == 0
        assert (await call(mark, {"input": {"messageIds": [nodes[0]["id"]]}}, stranger))["data"][
            "markInboxRead"
        ]["updated"] == 0

        assert (await call(mark, {"input": {"messageIds": [nodes[0]["id"]]}}, token))["data"][
            "markInboxRead"
        ]["updated"] == 1
        assert (await call(inbox, {"unread": True}, token))["data"]["inbox"]["totalCount"] == 1
        assert (await call(mark, {"input": {"all": True}}, token))["data"]["markInboxRead"][
            "updated"
        ] == 1
        assert (await call(inbox, {"unread": False}, token))["data"]["inbox"]["totalCount"] == 2

        staff_token_body = await call(inbox, {"unread": False}, None)
    assert staff_token_body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_in_app_text_is_in_the_clients_language(audience):
    org, clients = audience
    client = clients["reachable"]
    client.locale = "es"
    await client.save(update_fields=["locale"])
    await send(
        await make_actor(org),
        type="SESSION_CANCELLED",
        channels=["IN_APP"],
        clientIds=[str(client.uuid)],
        params={"activity": "Pilates", "startsAt": "2026-11-30T18:00:00"},
    )
    (message,) = await InboxMessage.all()
    assert message.title == "Sesión cancelada: Pilates"
    # Without an offset, the time is the organization's (Europe/Rome), worded in Spanish.
    assert "del lunes 30 de noviembre de 2026 a las 18:00" in message.body
