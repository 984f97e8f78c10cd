"""Delivering the outbox to the test SMTP server and reading what arrived."""

from __future__ import annotations

import re
from email.message import EmailMessage
from urllib.parse import unquote

from clientela.settings import Settings
from mailer.outbox import Outbox, Policy
from mailer.transport import SmtpPool
from resolvers.accounts.account_requests import carry_out_pending

_TOKEN = re.compile(r"token=([A-Za-z0-9_%-]+)")


async def deliver(settings: Settings) -> None:
    """Carry out the waiting self-service requests, then send everything queued."""
    await carry_out_pending(settings)
    worker = Outbox(settings, SmtpPool(settings, 1), Policy())
    while await worker.deliver_due():
        pass
    await worker.pool.close()


def text(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()  # type: ignore[union-attr]


def token_in(message: EmailMessage) -> str:
    found = _TOKEN.search(text(message))
    assert found, "no link with a token in the mail"
    return unquote(found.group(1))


def to(message: EmailMessage) -> str:
    return str(message["To"]).rpartition("<")[2].rstrip(">")
