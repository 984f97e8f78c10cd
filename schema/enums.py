"""GraphQL enums: the domain enums themselves, registered with Strawberry and described,
so values never need translating between layers."""

from __future__ import annotations

from enum import Enum

import strawberry
from strawberry.types.enum import StrawberryEnumDefinition

from models import enums as domain
from models.access import Permission as DomainPermission
from resolvers.client_queries import ClientOrder as DomainClientOrder
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
        "OWNER": "Everything, including API keys and settings.",
        "ADMIN": "Everything, including API keys and settings.",
        "AGENT": "Read and edit clients, write notes.",
        "MARKETING": "Read clients, write notes.",
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
    },
)
