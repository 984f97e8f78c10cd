"""Reads of consent and deliverability: a client's undeliverable mark, an organization's
consent wording (R11.1, R11.4)."""

from __future__ import annotations

from models import Client, Organization, UndeliverableAddress
from resolvers.consent.set_my_consent import wording_for


async def undeliverable_mark(client: Client) -> UndeliverableAddress | None:
    if not client.email_key:
        return None
    return await UndeliverableAddress.filter(
        organization_id=client.organization_id, email_key=client.email_key
    ).first()


async def consent_wording(slug: str, locale: str | None) -> str | None:
    organization = await Organization.filter(slug=slug.strip().lower()).first()
    if organization is None:
        return None
    return wording_for(organization, locale)
