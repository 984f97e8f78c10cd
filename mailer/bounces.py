"""Bounces that arrive later (R11.4): the VERP envelope sender and delivery status reports.

Most permanent failures are not answered during our SMTP conversation: the next server
accepts the message and reports the failure later, in a delivery status notification
(RFC 3464) mailed to the envelope sender. With BOUNCE_ADDRESS set, every message leaves
with the envelope sender `bounce+<tag>@domain`, where the tag is the notification's id and
an HMAC-SHA256 signature of it (base32: an MTA that lower-cases addresses cannot break
it), so a report names the message it is about, and one that is not signed by us is
refused before it is read.

A report is a `multipart/report; report-type=delivery-status` message; each recipient
block says `Action` and `Status`: `failed` with a 5.x.x status is permanent, anything else
(`delayed`, `failed` with 4.x.x when a queue gave up, `delivered`, `relayed`, `expanded`)
says nothing about the address. Auto-replies (RFC 3834: out of office, "I changed job")
are not reports and are never read as bounces.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass
from email.message import Message
from uuid import UUID

from clientela.settings import SecretKeys, key_list
from mailer.unsubscribe import decode_tag

_MAC_BYTES = 16
_STATUS = re.compile(r"^([245])\.\d{1,3}\.\d{1,3}$")
DIAGNOSTIC_LENGTH = 500


def _mac(secret_key: str, notification_uuid: UUID) -> bytes:
    key = hmac.new(secret_key.encode(), b"clientela:bounce:v1", hashlib.sha256).digest()
    return hmac.new(key, notification_uuid.bytes, hashlib.sha256).digest()[:_MAC_BYTES]


def bounce_tag(secret_key: str, notification_uuid: UUID) -> str:
    raw = notification_uuid.bytes + _mac(secret_key, notification_uuid)
    return base64.b32encode(raw).decode().rstrip("=").lower()


def envelope_sender(secret_key: str, bounce_address: str, notification_uuid: UUID) -> str:
    """The VERP envelope sender of one notification's message."""
    local, _, domain = bounce_address.rpartition("@")
    return f"{local}+{bounce_tag(secret_key, notification_uuid)}@{domain}"


def read_bounce_tag(keys: SecretKeys, tag: str) -> UUID | None:
    """The notification a tag names, when we signed it (with SECRET_KEY, or a previous key
    while it changes: reports of mail sent before come back later); None otherwise."""
    raw = decode_tag(tag)
    if raw is None:
        return None
    notification_uuid = UUID(bytes=raw[:16])
    for key in key_list(keys):
        if hmac.compare_digest(_mac(key, notification_uuid), raw[16:]):
            return notification_uuid
    return None


@dataclass(frozen=True)
class Failure:
    """One recipient block of a report that says the address is refused for good."""

    status: str
    diagnostic: str  # the remote server's answer when given, else the status


def _field(block: Message, name: str) -> str:
    value = block.get(name)
    return " ".join(str(value).split()) if value is not None else ""


def _typed(value: str) -> str:
    """`smtp; 550 5.1.1 …` -> `550 5.1.1 …` (the type before the `;` is RFC 3464's)."""
    kind, semicolon, text = value.partition(";")
    return text.strip() if semicolon and " " not in kind.strip() else value


def is_report(message: Message) -> bool:
    return (
        message.get_content_type() == "multipart/report"
        and str(message.get_param("report-type", "")).lower() == "delivery-status"
    )


def permanent_failures(message: Message) -> list[Failure] | None:
    """The permanent failures a delivery status report states (maybe none); None when
    the message is no such report (an auto-reply, a person writing back, anything else)."""
    if not is_report(message):
        return None
    failures: list[Failure] = []
    for part in message.walk():
        if part.get_content_type() != "message/delivery-status":
            continue
        blocks = part.get_payload()
        if not isinstance(blocks, list):
            continue
        # The first block is about the message (Reporting-MTA, Arrival-Date); the others
        # are one per recipient.
        for block in blocks[1:]:
            if not isinstance(block, Message):
                continue
            action = _field(block, "Action").lower()
            status = _field(block, "Status").split(" ")[0]
            matched = _STATUS.match(status)
            if action != "failed" or matched is None or matched.group(1) != "5":
                continue
            diagnostic = _typed(_field(block, "Diagnostic-Code")) or f"Status {status}"
            failures.append(Failure(status, diagnostic[:DIAGNOSTIC_LENGTH]))
    return failures


def auto_submitted(message: Message) -> str:
    """RFC 3834's Auto-Submitted keyword ("no" when absent: a person sent it)."""
    value = str(message.get("Auto-Submitted", "no")).split(";")[0].strip().lower()
    return value or "no"
