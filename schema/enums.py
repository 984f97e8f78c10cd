"""GraphQL enums: the domain enums themselves, registered with Strawberry and described,
so values never need translating between layers."""

from __future__ import annotations

from enum import Enum

import strawberry
from strawberry.types.enum import StrawberryEnumDefinition

from models import enums as domain
from models.access import Permission as DomainPermission
from resolvers.clients.client_queries import ClientOrder as DomainClientOrder
from resolvers.errors import ErrorCode as DomainErrorCode


def described(enum: type[Enum], description: str, values: dict[str, str]) -> None:
    """Expose a domain enum with a description for the type and for every value."""
    missing = {member.name for member in enum} - set(values)
    if missing:
        raise ValueError(f"{enum.__name__}: describe {sorted(missing)}")
    strawberry.enum(enum, description=description)  # registers the class itself, in place
    definition: StrawberryEnumDefinition = enum.__strawberry_definition__  # type: ignore[attr-defined]
    for value in definition.values:
        value.description = values[value.name]


ClientStatus = domain.ClientStatus
described(
    ClientStatus,
    "Where a client record is in its lifecycle.",
    {
        "ACTIVE": "A current client.",
        "INACTIVE": "Deactivated by staff; can be reactivated.",
        "DISABLED": "Blocked: no login, no notifications; only an admin can enable it again.",
        "MERGED": "Unified into another record; its id resolves to the survivor.",
        "DELETED": "Deleted permanently; personal data erased.",
    },
)
Gender = domain.Gender
described(
    Gender,
    "The gender a client gave.",
    {"FEMALE": "Female.", "MALE": "Male.", "OTHER": "Another gender, or not said."},
)
IdentificationType = domain.IdentificationType
described(
    IdentificationType,
    "The kind of identity document a number belongs to.",
    {
        "NATIONAL_ID": "National identity card.",
        "PASSPORT": "Passport.",
        "TAX_ID": "Tax identification number.",
        "OTHER": "Any other document.",
    },
)
GenericField = domain.GenericField
described(
    GenericField,
    "The generic fields of a client record that an organization can label.",
    {
        **{f"TEXT{i}": f"Generic text field {i}." for i in range(1, 6)},
        **{f"INT{i}": f"Generic integer field {i}." for i in range(1, 6)},
        **{f"DATE{i}": f"Generic date field {i}." for i in range(1, 3)},
    },
)
StaffRole = domain.StaffRole
described(
    StaffRole,
    "The role of a staff user; it decides their permissions.",
    {
        "OWNER": "Everything, including API keys, settings and assigning passwords.",
        "ADMIN": "Everything, including API keys, settings and assigning passwords.",
        "AGENT": "Read and edit clients, notes, notifications, help clients with access.",
        "MARKETING": "Read clients, write notes, send notifications.",
        "READ_ONLY": "Read clients only.",
    },
)
ActorType = domain.ActorType
described(
    ActorType,
    "Who made a change.",
    {
        "STAFF": "A staff user in the admin console.",
        "API_KEY": "A partner integration or tool, through an API key.",
        "SYSTEM": "Clientela itself.",
    },
)
Permission = DomainPermission
described(
    Permission,
    "A permission. Staff get them from their role; API keys from their scopes.",
    {
        "CLIENTS_READ": "Read client records (scope clients:read).",
        "CLIENTS_WRITE": "Create and edit client records (scope clients:write).",
        "NOTES_WRITE": "Add notes to clients (scope notes:write).",
        "LEVELS_MANAGE": "Create loyalty levels.",
        "SETTINGS_MANAGE": "Change organization settings such as field labels.",
        "API_KEYS_MANAGE": "Create and revoke API keys.",
        "NOTIFICATIONS_SEND": "Send notifications to clients (scope notifications:send).",
        "ACCOUNTS_MANAGE": "Help clients with access: emails, welcome and setup mails.",
        "PASSWORDS_ASSIGN": "Set a client's password (owner and admin only).",
        "POINTS_WRITE": "Add and redeem points, record purchases and bookings, send gifts.",
        "TAGS_WRITE": "Add and remove tags, in bulk too.",
        "SEGMENTS_MANAGE": "Create, change and export segments.",
        "CLIENTS_DISABLE": "Disable and enable clients (owner and admin).",
        "CLIENTS_DELETE": "Delete clients permanently (owner and admin).",
        "STAFF_MANAGE": "Invite staff, change their roles, deactivate them (owner and admin).",
        "NOTES_MANAGE": "Edit and delete anyone's notes (owner and admin); authors edit their own.",
        "WEBHOOKS_MANAGE": "Register and manage webhook endpoints, replay deliveries.",
    },
)
ClientOrder = DomainClientOrder
described(
    ClientOrder,
    "How a list of clients is sorted.",
    {
        "REGISTERED_AT_DESC": "Newest registration first (the default).",
        "REGISTERED_AT_ASC": "Oldest registration first.",
        "NAME_ASC": "By last name, then first name.",
        "POINTS_DESC": "Most points first.",
        "UPDATED_AT_DESC": "Most recently changed first.",
    },
)
ErrorCode = DomainErrorCode
described(
    ErrorCode,
    "What went wrong with an input; consumers branch on this, never on the message.",
    {
        "REQUIRED": "A value is required.",
        "INVALID": "The value is not acceptable for this field.",
        "TOO_LONG": "The value is longer than allowed.",
        "OUT_OF_RANGE": "The value is outside the allowed range.",
        "INVALID_EMAIL": "Not a valid email address.",
        "INVALID_PHONE": "Not a valid phone number.",
        "NOT_FOUND": "No such record in this organization.",
        "EMAIL_IN_USE": "Another client of the organization has this email.",
        "EXTERNAL_ID_IN_USE": "Another client of the organization has this external id.",
        "SHARE_CODE_IN_USE": "Another client of the organization has this share code.",
        "NAME_IN_USE": "Another record of the organization has this name.",
        "THRESHOLD_IN_USE": "Another level of the organization has this threshold.",
        "INVALID_CREDENTIALS": "Wrong email or password.",
        "WEAK_PASSWORD": "The password breaks the policy: 8+ characters, not the email or common.",
        "INVALID_TOKEN": "The link or token is unknown, used or expired.",
        "RATE_LIMITED": "Too many attempts; wait and try again.",
        "NO_ACCOUNT": "The client has no client-app account.",
        "NO_EMAIL": "The client has no email address.",
        "ACCOUNT_EMAIL_OWNED_BY_CLIENT": (
            "The login email is verified: only its owner can change it. Create a new record "
            "with the right email and unify the old one into it."
        ),
        "LOGIN_EMAIL_IN_USE": "Another account logs in with this email.",
        "CLIENT_ACCOUNTS_DISABLED": "The organization does not use client-app accounts.",
        "PASSWORD_ASSIGNMENT_DISABLED": "The organization switched staff password assignment off.",
        "ACCOUNT_DISABLED": "The client is disabled: no login.",
        "INSUFFICIENT_POINTS": "A redemption larger than the balance.",
        "EMAIL_NOT_VERIFIED": "Right password, but the email is not verified yet.",
        "SAME_CLIENT": "A client cannot be unified with itself.",
        "INVALID_STATUS": "The client's status does not allow this change.",
        "CLIENT_MERGED": "The client was already merged or deleted.",
        "ACCOUNT_CHOICE_REQUIRED": "Both clients have accounts: say which stays linked.",
        "MERGE_IN_PROGRESS": "A merge (or another change) is running on one of these clients.",
        "SURVIVOR_UNREACHABLE": (
            "A warning: the survivor's notification email is not its linked account's login "
            "email, so no notification would reach the person. Send the welcome email: its "
            "link lets the person in with the notification email (R4.6)."
        ),
        "NOT_NOTE_AUTHOR": "Only the note's author or an admin can change or delete it.",
        "ACCOUNT_EMAIL_MISMATCH": (
            "No verified account logs in with the client's notification email: the person "
            "verifies it first (the welcome email invites them)."
        ),
        "ACCOUNT_ALREADY_LINKED": "The client, or the account here, already has a link.",
        "LAST_OWNER": "An organization keeps at least one active owner.",
        "STAFF_EMAIL_IN_USE": "A staff user already has this email.",
        "STATUS_CHOICE_FORBIDDEN": (
            "Only staff who may enable clients can choose another status for a disabled one."
        ),
        "CONFLICT_RETRY": "Another change to the same records won a race, also when retried:"
        " nothing changed; send the same request again.",
        "INVALID_URL": "Not an absolute https URL (http only to loopback in development).",
        "URL_NOT_ALLOWED": "The URL targets a private, loopback or link-local address.",
        "TOO_MANY_ROWS": "More rows than one call takes.",
        "DUPLICATE_ROW": "An earlier row of the same call or file has the same match key.",
        "AMBIGUOUS_MATCH": "The row's email and external id belong to two different clients.",
    },
)
Channel = domain.Channel
described(
    Channel,
    "How a notification reaches a person.",
    {
        "EMAIL": "An email to the client's verified address.",
        "IN_APP": "The account's in-app inbox.",
    },
)
NotificationType = domain.NotificationType
described(
    NotificationType,
    "The notification catalogue. Account mails (WELCOME, VERIFY_EMAIL, PASSWORD_RESET, "
    "LOGIN_LINK) and PASSWORD_CHANGED / EMAIL_CHANGED are sent by their own flows.",
    {
        "WELCOME": "Email: welcome to the organization.",
        "VERIFY_EMAIL": "Email: verify your email address.",
        "PASSWORD_RESET": "Email: reset your password.",
        "LOGIN_LINK": "Email: one-click login link.",
        "PASSWORD_CHANGED": "Email: your password was changed.",
        "EMAIL_CHANGED": "Email: your email address was changed.",
        "PAYMENT_REQUEST": "In-app: the organization requests a payment (amount, reason).",
        "SESSION_CANCELLED": "In-app and email: a session was cancelled (activity, startsAt).",
        "WAITLIST_SPOT_AVAILABLE": "In-app: a spot is free on a waiting list (activity, startsAt).",
        "WAITLIST_EXPIRED": "In-app and email: time to take a spot ran out (activity, startsAt).",
        "WAITLIST_BOOKED": "In-app and email: a waiting-list spot is booked (activity, startsAt).",
        "CONFIRM_ATTENDANCE": "In-app and email: confirm attendance (activity, startsAt).",
        "MANUAL": "In-app and email: a notice written by staff (title, body).",
        "SALE": "In-app: a sale or new balance on the profile (description, balance).",
        "REVIEW_REQUEST": "Email: please review the service (optional actionUrl).",
        "PAYMENT_RECEIPT": "Email: receipt of an in-app payment (amount, reason).",
        "CONFIRM_PURCHASE": "Email: approve an in-app payment (amount, reason).",
        "GIFT": "In-app and email: a gift was given (sent by sendGift).",
        "STAFF_INVITE": "Email to a new staff user: set a password (sent by inviteStaff).",
        "WEBHOOK_DISABLED": "Email to owners: a webhook endpoint failed for a day, switched off.",
    },
)
NotificationStatus = domain.NotificationStatus
described(
    NotificationStatus,
    "Where a notification is.",
    {
        "QUEUED": "Waiting for delivery (or for its next attempt).",
        "SENDING": "Being delivered now.",
        "SENT": "Accepted by the mail server, or delivered to the inbox.",
        "FAILED": "Delivery was given up; see lastError.",
        "SKIPPED": "Not sent; see skipReason.",
    },
)
SkipReason = domain.SkipReason
described(
    SkipReason,
    "Why a notification was not sent.",
    {
        "NO_EMAIL": "The client has no email address.",
        "NO_ACCOUNT": "The client has no account, so no inbox.",
        "NO_VERIFIED_EMAIL": "No verified email: nothing reaches a person before that.",
        "CHANNEL_OFF": "The person switched this channel off.",
        "DISABLED": "The client is disabled.",
        "ALREADY_VERIFIED": "A verification reminder: the account's email is verified already.",
    },
)
LevelMode = domain.LevelMode
described(
    LevelMode,
    "How clients get their level.",
    {
        "AUTOMATIC": "The level follows the points balance (unless set by hand).",
        "MANUAL": "Levels are only ever set by hand.",
    },
)
PointsSource = domain.PointsSource
described(
    PointsSource,
    "Where a points entry comes from.",
    {
        "MANUAL": "addPoints by staff or an integration.",
        "PURCHASE": "Points earned by a purchase.",
        "GIFT": "A gift (sendGift).",
        "EXPIRY": "Expired points leaving the balance.",
        "MERGE": "Points moved by unifying two clients.",
    },
)
PurchaseStatus = domain.PurchaseStatus
described(
    PurchaseStatus,
    "Whether a purchase is paid.",
    {"PAID": "Paid.", "PENDING_PAYMENT": "Waiting for payment."},
)
BookingStatus = domain.BookingStatus
described(
    BookingStatus,
    "Where a booking is.",
    {
        "BOOKED": "Booked.",
        "PENDING_REDEMPTION": "Booked, waiting to be redeemed.",
        "CANCELLED": "Cancelled.",
        "ATTENDED": "The client came.",
    },
)
OrderStatus = domain.OrderStatus
described(
    OrderStatus,
    "Where an order is.",
    {
        "PENDING": "Placed, not paid yet.",
        "PAID": "Paid, not shipped yet.",
        "SHIPPED": "On its way.",
        "DELIVERED": "Delivered to the client.",
        "CANCELLED": "Cancelled; final.",
    },
)
GiftListStatus = domain.GiftListStatus
described(
    GiftListStatus,
    "Whether a gift list still takes gifts.",
    {"OPEN": "Open: friends can still give from it.", "CLOSED": "Closed: no more gifts."},
)
