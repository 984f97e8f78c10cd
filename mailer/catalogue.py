"""What each notification type is: its channels, its parameters, whether it is an account mail.

Account mails (R3.5) are the ones that exist to reach a verified address, so they
may go to an address that is not verified yet; every other type needs one.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.enums import Channel, NotificationType

EMAIL = frozenset({Channel.EMAIL})
IN_APP = frozenset({Channel.IN_APP})
BOTH = EMAIL | IN_APP
_SESSION = ("activity", "starts_at")
_PAYMENT = ("amount", "reason")
_LINK = ("action_url",)


@dataclass(frozen=True)
class Kind:
    channels: frozenset[Channel]
    params: tuple[str, ...] = ()
    # Types whose template has an action button take an optional link for it.
    optional: tuple[str, ...] = ()
    account_mail: bool = False
    # Sent by staff or an integration through sendNotification; the others are sent
    # by the account flows that own them (verification, password reset...).
    on_demand: bool = True


CATALOGUE: dict[NotificationType, Kind] = {
    NotificationType.WELCOME: Kind(EMAIL, (), _LINK, account_mail=True, on_demand=False),
    NotificationType.VERIFY_EMAIL: Kind(EMAIL, _LINK, (), account_mail=True, on_demand=False),
    NotificationType.PASSWORD_RESET: Kind(EMAIL, _LINK, (), account_mail=True, on_demand=False),
    NotificationType.LOGIN_LINK: Kind(EMAIL, _LINK, (), account_mail=True, on_demand=False),
    # Security notices: queued by their flows straight to a verified login email.
    NotificationType.PASSWORD_CHANGED: Kind(EMAIL, account_mail=True, on_demand=False),
    NotificationType.EMAIL_CHANGED: Kind(EMAIL, account_mail=True, on_demand=False),
    NotificationType.PAYMENT_REQUEST: Kind(IN_APP, _PAYMENT, _LINK),
    NotificationType.SESSION_CANCELLED: Kind(BOTH, _SESSION),
    NotificationType.WAITLIST_SPOT_AVAILABLE: Kind(IN_APP, _SESSION, _LINK),
    NotificationType.WAITLIST_EXPIRED: Kind(BOTH, _SESSION),
    NotificationType.WAITLIST_BOOKED: Kind(BOTH, _SESSION),
    NotificationType.CONFIRM_ATTENDANCE: Kind(BOTH, _SESSION, _LINK),
    NotificationType.MANUAL: Kind(BOTH, ("title", "body")),
    NotificationType.SALE: Kind(IN_APP, ("description", "balance")),
    NotificationType.REVIEW_REQUEST: Kind(EMAIL, (), _LINK),
    NotificationType.PAYMENT_RECEIPT: Kind(EMAIL, _PAYMENT),
    NotificationType.CONFIRM_PURCHASE: Kind(EMAIL, _PAYMENT, _LINK),
    # R5.4: sent by sendGift with what was given.
    NotificationType.GIFT: Kind(BOTH, ("gift_kind", "gift_value"), ("message",), on_demand=False),
    # R9.3: to a staff user invited by inviteStaff, with the set-password link.
    NotificationType.STAFF_INVITE: Kind(EMAIL, _LINK, (), account_mail=True, on_demand=False),
}

LOCALES = ("it", "es", "en")
