"""One-click unsubscribe (R11.3, RFC 8058): the link in a marketing email, without login.

Reading the link (GET) changes nothing, so mail scanners that follow links withdraw
nothing; it tells the page what to show. POST withdraws the consent the token names,
for that client at that organization only, recorded with source UNSUBSCRIBE_LINK; a
repeated POST finds it already withdrawn and writes nothing. A token that is not
signed for the client's organization is refused, whatever it names.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from tortoise.transactions import in_transaction

from clientela.settings import SecretKeys
from mailer.render import pick_locale
from mailer.unsubscribe import Claim, read_token, signed_by
from models import Client, ClientConsent
from models.enums import ClientStatus, ConsentPurpose, ConsentSource
from resolvers.consent.consent_records import person_actor, record_consent

UNSUBSCRIBE_LINK = "unsubscribe link"
PROOF = "One-click unsubscribe (RFC 8058) from a marketing email."


class Outcome(StrEnum):
    ASK = "ask"  # GET: a valid link, consent not withdrawn yet
    DONE = "done"  # withdrawn (now or before)
    INVALID = "invalid"  # not a token, altered, or of nobody we hold


@dataclass(frozen=True)
class Answer:
    outcome: Outcome
    locale: str = "en"
    organization: str = ""
    purpose: ConsentPurpose | None = None


async def _client(keys: SecretKeys, token: str) -> tuple[Client, ConsentPurpose] | None:
    claim = read_token(token)
    if claim is None:
        return None
    return await claimed_client(keys, claim)


async def claimed_client(keys: SecretKeys, claim: Claim) -> tuple[Client, ConsentPurpose] | None:
    """The client (the survivor of a merge) a claim names, when its signature holds for
    that client's organization; None otherwise."""
    client = (
        await Client.filter(uuid=claim.client_uuid)
        .select_related("organization", "account")
        .first()
    )
    if client is None or not signed_by(keys, claim, client.organization.uuid):
        return None
    if client.merged_into_id is not None:  # R4.2: the survivor holds the person's consent
        survivor = (
            await Client.filter(id=client.merged_into_id, organization_id=client.organization_id)
            .select_related("organization", "account")
            .first()
        )
        if survivor is None:
            return None
        client = survivor
    if client.status == ClientStatus.DELETED:
        return None
    return client, claim.purpose


def _answer(outcome: Outcome, client: Client, purpose: ConsentPurpose) -> Answer:
    account_locale = client.account.locale if client.account else None
    locale = pick_locale(client.locale, account_locale, client.organization.default_locale)
    return Answer(outcome, locale, client.organization.name, purpose)


async def look(keys: SecretKeys, token: str) -> Answer:
    """GET: what the link is about; changes nothing."""
    found = await _client(keys, token)
    if found is None:
        return Answer(Outcome.INVALID)
    client, purpose = found
    withdrawn = not await ClientConsent.filter(
        client_id=client.id, purpose=purpose, granted=True
    ).exists()
    return _answer(Outcome.DONE if withdrawn else Outcome.ASK, client, purpose)


async def unsubscribe(keys: SecretKeys, token: str) -> Answer:
    """POST: withdraw the consent the token names (idempotent)."""
    found = await _client(keys, token)
    if found is None:
        return Answer(Outcome.INVALID)
    client, purpose = found
    await withdraw(client, purpose, UNSUBSCRIBE_LINK, PROOF)
    return _answer(Outcome.DONE, client, purpose)


async def withdraw(client: Client, purpose: ConsentPurpose, actor_name: str, proof: str) -> bool:
    """Withdraw `purpose` for the client, as the person asking through an unsubscribe
    link of ours (source UNSUBSCRIBE_LINK); whether anything changed."""
    async with in_transaction("default") as conn:
        locked = await Client.filter(id=client.id).using_db(conn).select_for_update().get()
        event = await record_consent(
            conn,
            person_actor(locked.organization_id, actor_name),
            locked,
            purpose,
            False,
            ConsentSource.UNSUBSCRIBE_LINK,
            proof,
        )
    return event is not None
