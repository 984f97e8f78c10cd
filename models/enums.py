"""Domain enumerations shared by the models, the resolvers and the GraphQL schema."""

from __future__ import annotations

from enum import StrEnum


class ClientStatus(StrEnum):
    """Lifecycle of a client record (PRODUCT.md R8.1)."""

    ACTIVE = "active"
    INACTIVE = "inactive"
    DISABLED = "disabled"
    MERGED = "merged"
    DELETED = "deleted"


class Gender(StrEnum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"


class IdentificationType(StrEnum):
    NATIONAL_ID = "national_id"
    PASSPORT = "passport"
    TAX_ID = "tax_id"
    OTHER = "other"


class GenericField(StrEnum):
    """The organization-labelled extra fields of a client record (PRODUCT.md §2)."""

    TEXT1 = "text1"
    TEXT2 = "text2"
    TEXT3 = "text3"
    TEXT4 = "text4"
    TEXT5 = "text5"
    INT1 = "int1"
    INT2 = "int2"
    INT3 = "int3"
    INT4 = "int4"
    INT5 = "int5"
    DATE1 = "date1"
    DATE2 = "date2"

    @property
    def kind(self) -> str:
        return self.value.rstrip("0123456789")


class StaffRole(StrEnum):
    OWNER = "owner"
    ADMIN = "admin"
    AGENT = "agent"
    MARKETING = "marketing"
    READ_ONLY = "read_only"


class ActorType(StrEnum):
    """Who made a change written to the activity log (R8.2)."""

    STAFF = "staff"
    API_KEY = "api_key"
    SYSTEM = "system"


class Channel(StrEnum):
    EMAIL = "email"
    IN_APP = "in_app"


class NotificationType(StrEnum):
    """The catalogue of seed 002 (PRODUCT.md R7.1) plus what this product adds.

    Events the seed lists once as an app notification and once as an email (a
    cancelled session, a waiting-list turn, a manual notice...) are one type with
    two channels.
    """

    WELCOME = "welcome"
    VERIFY_EMAIL = "verify_email"
    PASSWORD_RESET = "password_reset"  # noqa: S105 - a name, not a password
    LOGIN_LINK = "login_link"
    PASSWORD_CHANGED = "password_changed"  # noqa: S105
    EMAIL_CHANGED = "email_changed"
    PAYMENT_REQUEST = "payment_request"
    SESSION_CANCELLED = "session_cancelled"
    WAITLIST_SPOT_AVAILABLE = "waitlist_spot_available"
    WAITLIST_EXPIRED = "waitlist_expired"
    WAITLIST_BOOKED = "waitlist_booked"
    CONFIRM_ATTENDANCE = "confirm_attendance"
    MANUAL = "manual"
    SALE = "sale"
    REVIEW_REQUEST = "review_request"
    PAYMENT_RECEIPT = "payment_receipt"
    CONFIRM_PURCHASE = "confirm_purchase"
    GIFT = "gift"
    STAFF_INVITE = "staff_invite"
    # To an organization's owners: a webhook endpoint failed for a day and was switched off.
    WEBHOOK_DISABLED = "webhook_disabled"


class NotificationStatus(StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    SKIPPED = "skipped"


class SkipReason(StrEnum):
    NO_EMAIL = "no_email"
    NO_ACCOUNT = "no_account"
    NO_VERIFIED_EMAIL = "no_verified_email"
    CHANNEL_OFF = "channel_off"
    DISABLED = "disabled"
    ALREADY_VERIFIED = "already_verified"  # a "verify your email" reminder not needed


class TokenPurpose(StrEnum):
    """What a one-time account token is for (R3.10)."""

    VERIFY_EMAIL = "verify_email"
    PASSWORD_RESET = "password_reset"  # noqa: S105 - a purpose, not a password
    LOGIN_LINK = "login_link"
    EMAIL_CHANGE = "email_change"
    # Staff invite the person into the app at the record's notification email (R4.6, R9.3):
    # following the link proves that address, sets a password and links the record to it.
    INVITE = "invite"


class AccountRequestKind(StrEnum):
    """A self-service request the background worker carries out (models/account_request.py)."""

    REGISTER = "register"
    PASSWORD_RESET = "password_reset"  # noqa: S105 - a kind, not a password
    LOGIN_LINK = "login_link"


class LevelMode(StrEnum):
    """How an organization's clients get their level (R5.2)."""

    AUTOMATIC = "automatic"
    MANUAL = "manual"


class PointsSource(StrEnum):
    """Where a ledger entry comes from (R5.1)."""

    MANUAL = "manual"
    PURCHASE = "purchase"
    GIFT = "gift"
    EXPIRY = "expiry"
    MERGE = "merge"


class PurchaseStatus(StrEnum):
    PAID = "paid"
    PENDING_PAYMENT = "pending_payment"


class BookingStatus(StrEnum):
    BOOKED = "booked"
    PENDING_REDEMPTION = "pending_redemption"
    CANCELLED = "cancelled"
    ATTENDED = "attended"


class OrderStatus(StrEnum):
    PENDING = "pending"
    PAID = "paid"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"


class GiftListStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class ConsentPurpose(StrEnum):
    """What a client consents to (R11.1). Service messages need no consent."""

    MARKETING_EMAIL = "marketing_email"
    MARKETING_IN_APP = "marketing_in_app"


class ConsentSource(StrEnum):
    """How a consent was given or withdrawn (R11.1)."""

    STAFF = "staff"
    CLIENT_APP = "client_app"
    IMPORT = "import"
    API = "api"
    UNSUBSCRIBE_LINK = "unsubscribe_link"
