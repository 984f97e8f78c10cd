"""setMyConsent (R11.1): the person switches marketing on or off in the client app, for the
organization whose app it is.

The proof recorded for a grant is the organization's consent wording in the person's
language (what the app shows, from `consentWording`); an organization without wording
records the wording the app says it showed. Without either, a grant is refused: consent
without the words it answered cannot be shown later. Withdrawing needs no words.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tortoise.transactions import in_transaction

from mailer.render import pick_locale
from models import Client, Organization
from models.consent import PROOF_LENGTH
from models.enums import ConsentPurpose, ConsentSource
from resolvers.access.actor import AccountCaller, require_account
from resolvers.accounts.self_service import app_organization
from resolvers.clients.client_fields import Invalid, multi_line
from resolvers.consent.consent_records import (
    ConsentState,
    consent_states,
    person_actor,
    record_consent,
)
from resolvers.errors import ErrorCode, UserError, UserErrors, error

CLIENT_APP = "client app"


@dataclass
class MyConsentResult:
    consents: list[ConsentState] = field(default_factory=list)
    errors: list[UserError] = field(default_factory=list)


def wording_for(organization: Organization, locale: str | None) -> str | None:
    texts = organization.consent_texts or {}
    return texts.get(pick_locale(locale, organization.default_locale)) or None


async def _my_client(caller: AccountCaller, organization: Organization, conn: object) -> Client:
    client = (
        await Client.filter(organization_id=organization.id, account_id=caller.account_id)
        .using_db(conn)  # type: ignore[arg-type]
        .select_for_update()
        .first()
    )
    if client is None:
        raise UserErrors(
            [
                error(
                    ErrorCode.NOT_FOUND, "You are not a client of this organization", "organization"
                )
            ]
        )
    return client


async def set_my_consent(
    caller: AccountCaller | None,
    organization_slug: str,
    purpose: ConsentPurpose,
    granted: bool,
    *,
    wording: str | None = None,
) -> MyConsentResult:
    caller = require_account(caller)
    try:
        organization = await app_organization(organization_slug)
        try:
            shown = multi_line(PROOF_LENGTH)(wording)
        except Invalid as exc:
            raise UserErrors([error(exc.code, exc.message, "wording")]) from None
        async with in_transaction("default") as conn:
            client = await _my_client(caller, organization, conn)
            proof = wording_for(organization, client.locale) or shown if granted else shown
            if granted and not proof:
                raise UserErrors(
                    [error(ErrorCode.REQUIRED, "Give the wording the app showed", "wording")]
                )
            await record_consent(
                conn,
                person_actor(organization.id, CLIENT_APP),
                client,
                purpose,
                granted,
                ConsentSource.CLIENT_APP,
                proof,
                account_id=caller.account_id,
            )
    except UserErrors as exc:
        return MyConsentResult(errors=exc.errors)
    states = await consent_states([client.id])
    return MyConsentResult(consents=states[client.id])
