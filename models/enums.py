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
