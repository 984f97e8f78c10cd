"""One-click unsubscribe tokens (R11.3, RFC 8058).

A token names a client and a purpose and is signed with HMAC-SHA256 under a key derived
from SECRET_KEY, over the client's public id, its organization's public id and the
purpose: it cannot be altered into another person's, another organization's or another
purpose's, and it needs no storage, so it stays valid however often it is used (the
withdrawal it triggers is idempotent).

The mailto of List-Unsubscribe carries the same claim twice: in the address, as a tag
of the mailbox (`unsubscribe+<tag>@domain`; base32 of the client's id and the signature,
so that an MTA that lower-cases addresses cannot break it, 52 characters: the purpose is
always MARKETING_EMAIL), and in the subject as the link's token. `clientela
inbound-mail` reads the tag, or the subject when a mail program dropped the tag.

Tokens are made with SECRET_KEY and accepted when SECRET_KEY or a key of
SECRET_KEY_PREVIOUS signed them, so a changed SECRET_KEY does not break the links of mails
already sent while the previous key is kept (docs/operations.md).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
from dataclasses import dataclass
from uuid import UUID

from clientela.settings import SecretKeys, key_list
from models.enums import ConsentPurpose

_PURPOSES = {ConsentPurpose.MARKETING_EMAIL: b"e", ConsentPurpose.MARKETING_IN_APP: b"a"}
_BY_CODE = {code: purpose for purpose, code in _PURPOSES.items()}
_MAC_BYTES = 16


@dataclass(frozen=True)
class Claim:
    """What a token says, before its signature is checked against the organization."""

    client_uuid: UUID
    purpose: ConsentPurpose
    mac: bytes


def _key(secret_key: str) -> bytes:
    return hmac.new(secret_key.encode(), b"clientela:unsubscribe:v1", hashlib.sha256).digest()


def _mac(secret_key: str, client_uuid: UUID, organization_uuid: UUID, code: bytes) -> bytes:
    message = b"|".join((client_uuid.bytes, organization_uuid.bytes, code))
    return hmac.new(_key(secret_key), message, hashlib.sha256).digest()[:_MAC_BYTES]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def make_token(
    secret_key: str, client_uuid: UUID, organization_uuid: UUID, purpose: ConsentPurpose
) -> str:
    code = _PURPOSES[purpose]
    mac = _mac(secret_key, client_uuid, organization_uuid, code)
    return f"{_b64(client_uuid.bytes + code)}.{_b64(mac)}"


def read_token(token: str) -> Claim | None:
    """The token's claim, or None when it is not a token at all."""
    head, dot, tail = token.partition(".")
    if not dot or len(token) > 100:
        return None
    try:
        body = base64.urlsafe_b64decode(head + "=" * (-len(head) % 4))
        mac = base64.urlsafe_b64decode(tail + "=" * (-len(tail) % 4))
    except (binascii.Error, ValueError):
        return None
    if len(body) != 17 or len(mac) != _MAC_BYTES or body[16:] not in _BY_CODE:
        return None
    return Claim(UUID(bytes=body[:16]), _BY_CODE[body[16:]], mac)


def signed_by(keys: SecretKeys, claim: Claim, organization_uuid: UUID) -> bool:
    """Whether one of `keys` signed the claim for that organization: SECRET_KEY, or while
    it changes a previous one (links in mails already sent keep working)."""
    code = _PURPOSES[claim.purpose]
    return any(
        hmac.compare_digest(_mac(key, claim.client_uuid, organization_uuid, code), claim.mac)
        for key in key_list(keys)
    )


def unsubscribe_url(public_url: str, token: str) -> str:
    return f"{public_url}/unsubscribe/{token}"


def mail_tag(secret_key: str, client_uuid: UUID, organization_uuid: UUID) -> str:
    """The tag of the unsubscribe mailbox for a marketing email (always MARKETING_EMAIL)."""
    code = _PURPOSES[ConsentPurpose.MARKETING_EMAIL]
    mac = _mac(secret_key, client_uuid, organization_uuid, code)
    return base64.b32encode(client_uuid.bytes + mac).decode().rstrip("=").lower()


def decode_tag(tag: str) -> bytes | None:
    """The 32 bytes of a mailbox tag (a public id and a MAC in lower-case base32, as the
    unsubscribe mailbox and the bounce address carry them), or None when it is not one."""
    if len(tag) != 52:
        return None
    try:
        raw = base64.b32decode(tag.upper() + "====")
    except (binascii.Error, ValueError):
        return None
    return raw if len(raw) == 16 + _MAC_BYTES else None


def read_mail_tag(tag: str) -> Claim | None:
    """The claim of a mailbox tag, or None when it is not one (case does not matter)."""
    raw = decode_tag(tag)
    if raw is None:
        return None
    return Claim(UUID(bytes=raw[:16]), ConsentPurpose.MARKETING_EMAIL, raw[16:])


_SUBJECT_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,40}\.[A-Za-z0-9_-]{20,30}")


def read_subject(subject: str) -> Claim | None:
    """The claim of the first token in a subject ("unsubscribe <token>", "Re: …")."""
    for found in _SUBJECT_TOKEN.finditer(subject):
        claim = read_token(found.group(0))
        if claim is not None:
            return claim
    return None


def unsubscribe_mailto(mailbox: str, token: str, tag: str | None) -> str:
    """`mailto:` of List-Unsubscribe: the mailbox (tagged when the service reads it)."""
    if tag is not None:
        local, _, domain = mailbox.rpartition("@")
        mailbox = f"{local}+{tag}@{domain}"
    return f"mailto:{mailbox}?subject=unsubscribe%20{token}"
