"""setClientConsent (R11.1): staff or an integration record a client's consent for a purpose.

Granting needs its proof (GDPR art. 7(1): the organization must be able to show that the
person consented): the wording shown, or a reference to where it was given. The source
says how it was given; CLIENT_APP and UNSUBSCRIBE_LINK belong to the person's own flows
and cannot be claimed here. Nothing changes when the client already has that answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tortoise.transactions import in_transaction

from models import Client, ConsentEvent
from models.access import Permission
from models.consent import PROOF_LENGTH
from models.enums import ActorType, ConsentPurpose, ConsentSource
from resolvers.access.actor import Actor, require
from resolvers.clients.client_fields import Invalid, multi_line
from resolvers.clients.lookup import find_client
from resolvers.consent.consent_records import record_consent
from resolvers.errors import ErrorCode, UserError, UserErrors, error

_PERSONS_OWN = (ConsentSource.CLIENT_APP, ConsentSource.UNSUBSCRIBE_LINK)


@dataclass
class ConsentResult:
    client: Client | None = None
    event: ConsentEvent | None = None
    errors: list[UserError] = field(default_factory=list)


def clean_consent(
    actor: Actor, granted: bool, source: ConsentSource | None, proof: str | None
) -> tuple[ConsentSource, str | None]:
    """The source and the cleaned proof of an answer (upsertClients checks its rows'
    answers with this too); UserErrors on `source` and `proof` otherwise."""
    errors: list[UserError] = []
    if source is None:
        source = ConsentSource.API if actor.type is ActorType.API_KEY else ConsentSource.STAFF
    elif source in _PERSONS_OWN:
        errors.append(
            error(ErrorCode.INVALID, "This source is recorded by the person's own flow", "source")
        )
    try:
        clean = multi_line(PROOF_LENGTH)(proof)
    except Invalid as exc:
        errors.append(error(exc.code, exc.message, "proof"))
        clean = None
    if granted and not clean and not errors:
        errors.append(
            error(ErrorCode.REQUIRED, "Give the wording shown or another proof of consent", "proof")
        )
    if errors:
        raise UserErrors(errors)
    return source, clean


async def set_client_consent(
    actor: Actor | None,
    client_id: str,
    purpose: ConsentPurpose,
    granted: bool,
    *,
    source: ConsentSource | None = None,
    proof: str | None = None,
) -> ConsentResult:
    actor = require(actor, Permission.CLIENTS_WRITE)
    try:
        how, clean = clean_consent(actor, granted, source, proof)
        async with in_transaction("default") as conn:
            client = await find_client(actor, client_id, for_update=True, using_db=conn)
            if client is None:
                raise UserErrors([error(ErrorCode.NOT_FOUND, "No such client", "clientId")])
            event = await record_consent(conn, actor, client, purpose, granted, how, clean)
    except UserErrors as exc:
        return ConsentResult(errors=exc.errors)
    return ConsentResult(client=client, event=event)
