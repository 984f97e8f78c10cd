"""Unsubscribe by mail (R11.3): a message to the `mailto:` of a marketing email's
List-Unsubscribe header withdraws the consent its token names, as the one-click POST does.

`clientela inbound-mail` (clientela/inbound_mail.py) receives the message from the MTA and
hands over the claim it carries (the signed tag of the address it was sent to, or the
token in its subject). The withdrawal is recorded with source UNSUBSCRIBE_LINK (the mailto
is the header's other link; docs/consent.md) by the actor "unsubscribe mail", and is
idempotent: a repeated message writes nothing. A claim whose signature does not hold for
the client's organization changes nothing.
"""

from __future__ import annotations

from enum import StrEnum

from clientela.settings import SecretKeys
from mailer.unsubscribe import Claim
from resolvers.consent.unsubscribe import claimed_client, withdraw

UNSUBSCRIBE_MAIL = "unsubscribe mail"
PROOF = (
    "Unsubscribe request mailed to the List-Unsubscribe address (RFC 2369) of a marketing email."
)


class MailOutcome(StrEnum):
    WITHDRAWN = "withdrawn"
    ALREADY = "already"  # withdrawn before (or never given): nothing written
    INVALID = "invalid"  # no claim, altered, or of nobody we hold


async def unsubscribe_by_mail(keys: SecretKeys, claim: Claim | None) -> MailOutcome:
    if claim is None:
        return MailOutcome.INVALID
    found = await claimed_client(keys, claim)
    if found is None:
        return MailOutcome.INVALID
    client, purpose = found
    changed = await withdraw(client, purpose, UNSUBSCRIBE_MAIL, PROOF)
    return MailOutcome.WITHDRAWN if changed else MailOutcome.ALREADY
