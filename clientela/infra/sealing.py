"""Secrets kept encrypted at rest under the service's SECRET_KEY (webhook signing secrets).

A value is sealed with AES-256-GCM (the `cryptography` package) under a key derived from
SECRET_KEY by HKDF-SHA256 for one purpose, so the key that seals webhook secrets is no
key used for anything else; the purpose is also bound as associated data. A sealed value
is text: `sealed:v1:` + base64url(12-byte nonce + ciphertext + tag). A database dump or
a backup alone no longer gives away the secrets; whoever has SECRET_KEY and the database
still can (the service must sign with them). While SECRET_KEY changes, values are opened
with SECRET_KEY and then the keys of SECRET_KEY_PREVIOUS (`Settings.secret_keys()`), and
`clientela reseal-secrets` seals them again under SECRET_KEY (docs/operations.md).
"""

from __future__ import annotations

import base64
import functools
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from clientela.settings import SecretKeys, key_list

PREFIX = "sealed:v1:"
_NONCE = 12


class Unsealable(Exception):
    """A sealed value that this SECRET_KEY did not seal (or that was altered)."""


@functools.lru_cache(maxsize=8)
def _cipher(secret_key: str, purpose: str) -> AESGCM:
    key = HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=b"clientela sealing",
        info=purpose.encode(),
    ).derive(secret_key.encode())
    return AESGCM(key)


def is_sealed(value: str) -> bool:
    return value.startswith(PREFIX)


def seal(secret_key: str, purpose: str, plain: str) -> str:
    nonce = os.urandom(_NONCE)
    sealed = _cipher(secret_key, purpose).encrypt(nonce, plain.encode(), purpose.encode())
    return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode()


def unseal(keys: SecretKeys, purpose: str, value: str) -> str:
    """The value sealed under one of `keys` (tried in order)."""
    return opened(keys, purpose, value)[0]


def opened(keys: SecretKeys, purpose: str, value: str) -> tuple[str, int]:
    """The value, and the position in `keys` of the key that sealed it (0: the current)."""
    if not is_sealed(value):
        raise Unsealable("not a sealed value")
    try:
        raw = base64.urlsafe_b64decode(value.removeprefix(PREFIX))
    except ValueError:
        raise Unsealable("not a sealed value") from None
    for i, key in enumerate(key_list(keys)):
        try:
            plain = _cipher(key, purpose).decrypt(raw[:_NONCE], raw[_NONCE:], purpose.encode())
        except InvalidTag:
            continue
        return plain.decode(), i
    raise Unsealable("sealed under another key, or altered")
