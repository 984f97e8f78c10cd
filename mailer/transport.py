"""SMTP delivery over aiosmtplib, with a small pool of reused connections.

Failures are sorted by what to do next: `TransientFailure` (the server or the
network is not available now, or answered 4xx: retry later) and
`PermanentFailure` (the server refused this message with 5xx: give up).
Connection and authentication problems are transient: they are about our
configuration or the server, not about the message.
"""

from __future__ import annotations

import asyncio
from email.message import EmailMessage

import aiosmtplib

from clientela.settings import Settings


class DeliveryFailure(Exception):
    def __init__(self, description: str) -> None:
        super().__init__(description)
        self.description = description


class TransientFailure(DeliveryFailure):
    pass


class PermanentFailure(DeliveryFailure):
    def __init__(self, description: str, *, address_refused: bool = False) -> None:
        super().__init__(description)
        # R11.4: the server refused this recipient (5xx on RCPT or DATA), not our sender
        # or our configuration: the address is undeliverable.
        self.address_refused = address_refused


def classify(exc: BaseException) -> DeliveryFailure:
    if isinstance(exc, aiosmtplib.SMTPRecipientsRefused) and exc.recipients:
        exc = exc.recipients[0]
    if isinstance(exc, aiosmtplib.SMTPResponseException) and not isinstance(
        exc, aiosmtplib.SMTPAuthenticationError | aiosmtplib.SMTPHeloError
    ):
        description = f"{exc.code} {exc.message}".strip()
        if 500 <= exc.code < 600:
            refused = isinstance(exc, aiosmtplib.SMTPRecipientRefused | aiosmtplib.SMTPDataError)
            return PermanentFailure(description, address_refused=refused)
        return TransientFailure(description)
    return TransientFailure(f"{type(exc).__name__}: {exc}".strip())


class SmtpPool:
    """Up to `size` open connections, handed to one sender at a time and reused."""

    def __init__(self, settings: Settings, size: int = 4) -> None:
        self.settings = settings
        self.size = size
        self._idle: asyncio.LifoQueue[aiosmtplib.SMTP] = asyncio.LifoQueue()
        self._slots = asyncio.Semaphore(size)

    def _client(self) -> aiosmtplib.SMTP:
        s = self.settings
        return aiosmtplib.SMTP(
            hostname=s.smtp_host,
            port=s.smtp_port,
            username=s.smtp_username,
            password=s.smtp_password.get_secret_value() if s.smtp_password else None,
            use_tls=s.smtp_security == "ssl",
            start_tls=s.smtp_security == "starttls",
            timeout=s.smtp_timeout,
        )

    async def _connection(self) -> aiosmtplib.SMTP:
        while not self._idle.empty():
            smtp = self._idle.get_nowait()
            if smtp.is_connected:
                return smtp
        smtp = self._client()
        await smtp.connect()
        return smtp

    async def send(self, message: EmailMessage, *, sender: str | None = None) -> None:
        """Deliver one message or raise a DeliveryFailure saying whether to retry.
        `sender`: the envelope sender (MAIL FROM), when it is not the From address."""
        async with self._slots:
            for attempt in (1, 2):
                smtp: aiosmtplib.SMTP | None = None
                try:
                    smtp = await self._connection()
                    await smtp.send_message(message, sender=sender)
                except aiosmtplib.SMTPServerDisconnected as exc:
                    # An idle connection the server closed: one fresh try, then report.
                    await _close(smtp)
                    if attempt == 2:
                        raise classify(exc) from exc
                    continue
                except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
                    await _close(smtp)
                    raise classify(exc) from exc
                self._idle.put_nowait(smtp)
                return

    async def close(self) -> None:
        while not self._idle.empty():
            await _close(self._idle.get_nowait())


async def _close(smtp: aiosmtplib.SMTP | None) -> None:
    if smtp is None or not smtp.is_connected:
        return
    try:
        await smtp.quit()
    except (aiosmtplib.SMTPException, OSError, TimeoutError):
        smtp.close()
