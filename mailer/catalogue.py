"""What each notification type is: its channels, its parameters, whether it is an account
mail, whether it is marketing.

Account mails (R3.5) are the ones that exist to reach a verified address, so they
may go to an address that is not verified yet; every other type needs one.
Marketing types (R11.2) need the client's marketing consent for the channel, and their
emails carry a one-click unsubscribe (R11.3); the others are service messages.

Parameters are typed (R7.6): a datetime, an amount of money or a date is stored as
data (ISO 8601, `{"amount": "25.00", "currency": "EUR"}`) and worded when the message
is built, in the person's language and the organization's time zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from models.enums import Channel, NotificationType


class Param(StrEnum):
    LINE = "line"  # one line of text
    TEXT = "text"  # several lines
    URL = "url"
    DATETIME = "datetime"  # ISO 8601 with an offset, stored in UTC
    DATE = "date"  # ISO 8601 date
    MONEY = "money"  # {"amount": "25.00", "currency": "EUR"}
    INTEGER = "integer"


# Every parameter name a template may use, with its type.
PARAM_TYPES: dict[str, Param] = {
    "title": Param.LINE,
    "body": Param.TEXT,
    "activity": Param.LINE,
    "starts_at": Param.DATETIME,
    "amount": Param.MONEY,
    "reason": Param.LINE,
    "description": Param.LINE,
    "balance": Param.MONEY,
    "action_url": Param.URL,
    "gift_kind": Param.LINE,
    "points": Param.INTEGER,
    "code": Param.LINE,
    "expires_on": Param.DATE,
    "membership": Param.LINE,
    "message": Param.TEXT,
    "endpoint_url": Param.URL,
}

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
    # R11.2: needs marketing consent for its channel and carries an unsubscribe (R11.3).
    marketing: bool = False


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
    # R11.2: manual notices are the organization's own messages to its clients.
    NotificationType.MANUAL: Kind(BOTH, ("title", "body"), marketing=True),
    NotificationType.SALE: Kind(IN_APP, ("description", "balance")),
    # Asking for a review promotes the business: treated as marketing (ePrivacy art. 13).
    NotificationType.REVIEW_REQUEST: Kind(EMAIL, (), _LINK, marketing=True),
    NotificationType.PAYMENT_RECEIPT: Kind(EMAIL, _PAYMENT),
    NotificationType.CONFIRM_PURCHASE: Kind(EMAIL, _PAYMENT, _LINK),
    # R5.4, R11.2: sent by sendGift with what was given; a gift's announcement is marketing.
    NotificationType.GIFT: Kind(
        BOTH,
        ("gift_kind",),
        ("points", "amount", "code", "expires_on", "membership", "message"),
        on_demand=False,
        marketing=True,
    ),
    # R9.3: to a staff user invited by inviteStaff, with the set-password link.
    NotificationType.STAFF_INVITE: Kind(EMAIL, _LINK, (), account_mail=True, on_demand=False),
    # R10.3: to the organization's owners, about their own settings.
    NotificationType.WEBHOOK_DISABLED: Kind(
        EMAIL, ("endpoint_url",), account_mail=True, on_demand=False
    ),
}

LOCALES = ("it", "es", "en")
