"""`clientela inbound-mail`: the mail that comes back (R11.3, R11.4), received over LMTP or
SMTP from the MTA that holds the service's mail domain (docs/operations.md, "Inbound mail").

Two mailboxes, each answered only with a tag the service signed:

- UNSUBSCRIBE_MAILTO, the `mailto:` of List-Unsubscribe: `unsubscribe+<tag>@domain` (or
  the bare mailbox with the token in the subject) withdraws the marketing consent the
  claim names (resolvers/consent/unsubscribe_mail.py). A claim that does not hold is
  refused (550 5.7.1) and changes nothing. Auto-replies (RFC 3834) are dropped.
- BOUNCE_ADDRESS, the VERP envelope sender: `bounce+<tag>@domain` names one notification;
  a delivery status report stating a permanent failure marks its address undeliverable
  (resolvers/consent/bounces.py). An unsigned or altered tag is refused at RCPT; anything
  that is no report (an out-of-office reply), or a report of a delay or a 4.x.x failure,
  is accepted and dropped, so that the MTA sends nothing back.

Every other address is refused at RCPT. A database failure answers 451 (the MTA keeps the
message and tries again; both operations are idempotent). It is a server of its own, not
a job of clientela/jobs.py: a job runs in every worker process, and only one process can
listen on the port. Log lines hold outcomes and notification ids, never an address, a
subject or a token; aiosmtpd's own logger (which would log the commands) is kept at
WARNING.
"""

from __future__ import annotations

import asyncio
import contextlib
import email
import email.policy
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from aiosmtpd.lmtp import LMTP
from aiosmtpd.smtp import SMTP, Envelope, Session

from clientela.infra.log_safety import stack
from clientela.settings import Settings
from mailer.bounces import (
    Failure,
    auto_submitted,
    is_report,
    permanent_failures,
    read_bounce_tag,
)
from mailer.unsubscribe import Claim, read_mail_tag, read_subject
from resolvers.consent.bounces import record_bounce
from resolvers.consent.unsubscribe_mail import MailOutcome, unsubscribe_by_mail

log = logging.getLogger("clientela.inbound_mail")

NO_SUCH_MAILBOX = "550 5.1.1 No such mailbox here"
NOT_SIGNED = "550 5.7.1 This address was not issued by this service"
INVALID_REQUEST = "550 5.7.1 Not a valid unsubscribe request; use the link in the message"
TRY_LATER = "451 4.3.0 Cannot record this now; try again later"
UNREADABLE = "550 5.6.0 Cannot read this message"


@dataclass(frozen=True)
class Route:
    """Which mailbox an address is, and what its tag says."""

    unsubscribe: bool
    claim: Claim | None = None  # unsubscribe: the tag's claim (None: read the subject)
    notification: UUID | None = None  # bounce: the notification the tag names


def _mailbox(address: str | None) -> tuple[str, str] | None:
    if not address:
        return None
    local, _, domain = address.rpartition("@")
    return local.lower(), domain.lower()


class InboundMail:
    """The aiosmtpd handler: RCPT decides which mailbox, DATA acts on the message."""

    def __init__(self, settings: Settings) -> None:
        # Tags and tokens signed with SECRET_KEY or, while it changes, a previous key.
        self.keys = settings.secret_keys()
        self.unsubscribe = _mailbox(settings.unsubscribe_mailto)
        self.bounce = _mailbox(settings.bounce_address)
        self.lmtp = settings.inbound_mail_protocol == "lmtp"

    def route(self, address: str) -> Route | str:
        """The address's route, or the refusal to answer."""
        local, at, domain = address.rpartition("@")
        base, plus, tag = local.partition("+")
        mailbox = (base.lower(), domain.lower())
        if not at or mailbox not in (self.unsubscribe, self.bounce):
            return NO_SUCH_MAILBOX
        if mailbox == self.unsubscribe:
            if not plus:
                return Route(unsubscribe=True)
            claim = read_mail_tag(tag)
            return Route(unsubscribe=True, claim=claim) if claim else NOT_SIGNED
        notification = read_bounce_tag(self.keys, tag) if plus else None
        return Route(unsubscribe=False, notification=notification) if notification else NOT_SIGNED

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: Any
    ) -> str:
        route = self.route(address)
        if isinstance(route, str):
            log.info("inbound mail refused at RCPT: %s", route[:9])
            return route
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(options)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        answers = []
        for address in envelope.rcpt_tos:
            route = self.route(address)
            assert isinstance(route, Route)  # RCPT refused the others
            try:
                action = self._read(route, envelope.original_content or b"")
            except Exception as exc:  # the email package met something it cannot read
                log.warning("inbound mail unreadable: %s", type(exc).__name__)
                answers.append(UNREADABLE)
                continue
            try:
                answers.append(await action() if callable(action) else action)
            except Exception as exc:
                log.error("inbound mail not recorded; the MTA will retry: %s", stack(exc))
                answers.append(TRY_LATER)
        if self.lmtp:  # one answer per recipient (RFC 2033)
            return "\r\n".join(answers)
        return max(answers, key=lambda answer: {"2": 0, "5": 1, "4": 2}[answer[0]])

    def _read(self, route: Route, content: bytes) -> str | Callable[[], Awaitable[str]]:
        """What the message asks (read without the database): the answer, or the action
        that writes and answers."""
        message = email.message_from_bytes(content, policy=email.policy.default)
        if route.unsubscribe:
            if auto_submitted(message) == "auto-replied" or is_report(message):
                log.info("inbound mail: unsubscribe mailbox got an automatic reply; dropped")
                return "250 2.0.0 Automatic reply dropped"
            claim = route.claim or read_subject(str(message.get("Subject", "")))
            return lambda: self._unsubscribe(claim)
        failures = permanent_failures(message)
        notification = route.notification
        if not failures or notification is None:
            what = "not a delivery report" if failures is None else "no permanent failure"
            log.info("inbound mail: bounce mailbox, %s; dropped", what)
            return f"250 2.0.0 Accepted: {what}"
        return lambda: self._bounce(notification, failures[0])

    async def _unsubscribe(self, claim: Claim | None) -> str:
        outcome = await unsubscribe_by_mail(self.keys, claim)
        log.info("inbound mail: unsubscribe %s", outcome.value)
        return INVALID_REQUEST if outcome is MailOutcome.INVALID else "250 2.0.0 Unsubscribed"

    async def _bounce(self, notification: UUID, failure: Failure) -> str:
        recorded = await record_bounce(notification, failure)
        log.info("inbound mail: bounce of notification %s %s", notification, recorded.value)
        return f"250 2.0.0 Bounce {recorded.value}"


async def start(settings: Settings, host: str | None = None, port: int | None = None) -> Any:
    """Listen (in the running loop, beside the database connections); the asyncio server."""
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    loop = asyncio.get_running_loop()
    handler = InboundMail(settings)
    protocol = LMTP if handler.lmtp else SMTP
    mailboxes = [m for m in (handler.unsubscribe, handler.bounce) if m is not None]
    hostname = mailboxes[0][1] if mailboxes else "localhost"

    def connection() -> SMTP:
        return protocol(
            handler,
            data_size_limit=settings.inbound_mail_max_bytes,
            enable_SMTPUTF8=True,
            hostname=hostname,
            ident="clientela",
            loop=loop,
        )

    return await loop.create_server(
        connection,
        host or settings.inbound_mail_host,
        settings.inbound_mail_port if port is None else port,
    )


async def serve(settings: Settings, stop: asyncio.Event) -> None:
    """Receive until `stop` is set."""
    server = await start(settings)
    try:
        await stop.wait()
    finally:
        server.close()
        # An MTA may keep an idle connection open (LMTP connection caching).
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(server.wait_closed(), timeout=5)
