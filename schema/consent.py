"""Data protection: consent and deliverability (PRODUCT.md §11) — consent on the client card,
its history, setClientConsent, the client app's own switch, undeliverable addresses — and
the data-subject export (R8.4)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

import models
from models import enums as domain
from resolvers import errors
from resolvers.clients.export_client_data import prepare_export
from resolvers.consent import clear_undeliverable, consent_queries, set_client_consent
from resolvers.consent.set_my_consent import set_my_consent
from schema.common import After, Connection, First, nested, orm, public_id, readable
from schema.context import Info
from schema.enums import ActorType, described
from schema.errors import ERRORS, INPUT, UserError, user_errors
from schema.sources import from_sources

if TYPE_CHECKING:
    from schema.clients.types import Client

ConsentPurpose = domain.ConsentPurpose
described(
    ConsentPurpose,
    "What a client consents to (R11.1). Service messages (bookings, receipts, account) need none.",
    {
        "MARKETING_EMAIL": "Marketing by email: manual notices, review requests, gift news.",
        "MARKETING_IN_APP": "Marketing in the client app's inbox.",
    },
)
ConsentSource = domain.ConsentSource
described(
    ConsentSource,
    "How a consent was given or withdrawn.",
    {
        "STAFF": "Recorded by staff (at the desk, on paper, on the phone).",
        "CLIENT_APP": "The person's own switch in the client app.",
        "IMPORT": "Brought in by an import (or the 0010 migration: see docs/consent.md).",
        "API": "Sent by a partner integration.",
        "UNSUBSCRIBE_LINK": "The person used the unsubscribe link or button of a message.",
    },
)

LazyClient = Annotated["Client", strawberry.lazy("schema.clients.types")]


@strawberry.type(description="A client's current answer for one purpose.")
class ClientConsent:
    purpose: ConsentPurpose = strawberry.field(description="What it is for.")
    granted: bool = strawberry.field(description="Given; false when withdrawn or never asked.")
    source: ConsentSource | None = strawberry.field(
        description="How the current answer was given; null when never asked."
    )
    changed_at: datetime | None = strawberry.field(
        description="When the current answer was given; null when never asked."
    )


@from_sources
@strawberry.type(description="One change of a client's consent; the history is never rewritten.")
class ConsentEvent:
    id: strawberry.ID = strawberry.field(resolver=public_id)
    purpose: ConsentPurpose = strawberry.field(description="What it is for.")
    granted: bool = strawberry.field(description="Given (true) or withdrawn (false).")
    source: ConsentSource = strawberry.field(description="How.")
    proof: str | None = strawberry.field(description="The wording shown, or other proof.")
    actor_type: ActorType = strawberry.field(description="Who recorded it.")
    actor_name: str = strawberry.field(
        description="Staff user, API key, or the person's flow (client app, unsubscribe link)."
    )
    created_at: datetime = strawberry.field(description="When.")


@from_sources
@strawberry.type(description="An address the mail server refused permanently (R11.4).")
class UndeliverableEmail:
    since: datetime = strawberry.field()
    reply: str = strawberry.field(description="The mail server's answer, e.g. 550 5.1.1 …")


@strawberry.type(description="Consent and deliverability on the client card.")
class ClientConsentFields:
    @strawberry.field
    @staticmethod
    async def consents(parent: strawberry.Parent[models.Client], info: Info) -> list[ClientConsent]:
        return await info.context.loaders.consents.load(parent.id)  # type: ignore[return-value]

    @strawberry.field
    @staticmethod
    async def consent_history(
        parent: strawberry.Parent[models.Client],
        info: Info,
        first: First = 20,
        after: After = None,
    ) -> Connection[ConsentEvent]:
        return await nested(info, models.ConsentEvent, parent.id, first, after)

    @strawberry.field
    @staticmethod
    async def undeliverable_email(
        parent: strawberry.Parent[models.Client],
    ) -> UndeliverableEmail | None:
        mark = await consent_queries.undeliverable_mark(parent)
        if mark is None:
            return None
        return UndeliverableEmail(since=mark.created_at, reply=mark.reply)


@strawberry.input(
    description="A client's consent for one purpose, given or withdrawn, as setClientConsent "
    "records it (R11.1)."
)
class ConsentInput:
    purpose: ConsentPurpose = strawberry.field(description="What it is for.")
    granted: bool = strawberry.field(description="True: given. False: withdrawn.")
    source: ConsentSource | None = strawberry.field(
        default=None,
        description="How it was given: STAFF, IMPORT or API (default: STAFF for staff, API for "
        "keys). CLIENT_APP and UNSUBSCRIBE_LINK belong to the person's own flows.",
    )
    proof: str | None = strawberry.field(
        default=None,
        description="The wording shown or other proof (≤ 2000); required when granting.",
    )


@strawberry.input(description="A client's consent for one purpose, given or withdrawn.")
class SetClientConsentInput(ConsentInput):
    client_id: strawberry.ID = strawberry.field(description="The client.")


@strawberry.type(description="Result of setClientConsent.")
class SetClientConsentPayload:
    client: LazyClient | None = strawberry.field(description="The client as it is now.")
    event: ConsentEvent | None = strawberry.field(
        description="The change recorded; null when the client already had that answer."
    )
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.input(description="Client app: the person's own marketing switch.")
class SetMyConsentInput:
    organization: str = strawberry.field(description="The organization's slug (whose app).")
    purpose: ConsentPurpose = strawberry.field(description="What it is for.")
    granted: bool = strawberry.field(description="True: on. False: off.")
    wording: str | None = strawberry.field(
        default=None,
        description="The wording the app showed; recorded when the organization has none "
        "(see consentWording).",
    )


@strawberry.type(description="Result of setMyConsent.")
class SetMyConsentPayload:
    consents: list[ClientConsent] = strawberry.field(description="The person's consents now.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.input(description="The client whose undeliverable mark to clear.")
class ClearUndeliverableEmailInput:
    client_id: strawberry.ID = strawberry.field(description="The client.")


@strawberry.type(description="Result of clearUndeliverableEmail.")
class ClearUndeliverableEmailPayload:
    client: LazyClient | None = strawberry.field(description="The client as it is now.")
    cleared: bool = strawberry.field(description="A mark was there and is gone.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.input(description="The client whose data to export.")
class ExportClientDataInput:
    client_id: strawberry.ID = strawberry.field(description="The client.")


@strawberry.type(description="Result of exportClientData.")
class ExportClientDataPayload:
    url: str | None = strawberry.field(
        description="Where to GET the JSON document, with the same bearer token; each download "
        "is audited on the client's activity log."
    )
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Consent, deliverability and the data-subject export.")
class ConsentMutation:
    @strawberry.mutation(
        description="A copy of everything held about a client, for a data-subject request "
        "(R8.4): the address of one JSON document, streamed (clients:export)."
    )
    async def export_client_data(
        self, info: Info, input: Annotated[ExportClientDataInput, INPUT]
    ) -> ExportClientDataPayload:
        client = await prepare_export(info.context.actor, str(input.client_id))
        if client is None:
            missing = [errors.error(errors.ErrorCode.NOT_FOUND, "No such client", "clientId")]
            return ExportClientDataPayload(url=None, user_errors=user_errors(missing))
        return ExportClientDataPayload(url=f"/export/clients/{client.uuid}.json", user_errors=[])

    @strawberry.mutation(description="Record a client's consent or its withdrawal (R11.1).")
    async def set_client_consent(
        self, info: Info, input: Annotated[SetClientConsentInput, INPUT]
    ) -> SetClientConsentPayload:
        result = await set_client_consent.set_client_consent(
            info.context.actor,
            str(input.client_id),
            input.purpose,
            input.granted,
            source=input.source,
            proof=input.proof,
        )
        return SetClientConsentPayload(
            client=readable(info, result.client),
            event=orm(result.event),
            user_errors=user_errors(result.errors),
        )

    @strawberry.mutation(
        description="Client app: switch marketing on or off for this organization (R11.1)."
    )
    async def set_my_consent(
        self, info: Info, input: Annotated[SetMyConsentInput, INPUT]
    ) -> SetMyConsentPayload:
        result = await set_my_consent(
            info.context.account,
            input.organization,
            input.purpose,
            input.granted,
            wording=input.wording,
        )
        return SetMyConsentPayload(
            consents=orm(result.consents), user_errors=user_errors(result.errors)
        )

    @strawberry.mutation(
        description="Clear a client's undeliverable mark: mail goes to the address again (R11.4)."
    )
    async def clear_undeliverable_email(
        self, info: Info, input: Annotated[ClearUndeliverableEmailInput, INPUT]
    ) -> ClearUndeliverableEmailPayload:
        result = await clear_undeliverable.clear_undeliverable_email(
            info.context.actor, str(input.client_id)
        )
        return ClearUndeliverableEmailPayload(
            client=readable(info, result.client),
            cleared=result.cleared,
            user_errors=user_errors(result.errors),
        )


@strawberry.type(description="Consent reads for the client app.")
class ConsentQuery:
    @strawberry.field(
        description="Client app: the organization's consent wording in a language (it, es, en; "
        "else its default), to show beside the marketing switch. Null when it has none."
    )
    async def consent_wording(
        self,
        organization: Annotated[str, strawberry.argument(description="The organization's slug.")],
        locale: Annotated[
            str | None, strawberry.argument(description="The person's language.")
        ] = None,
    ) -> str | None:
        return await consent_queries.consent_wording(organization, locale)
