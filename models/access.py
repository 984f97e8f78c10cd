"""Permissions, and the staff roles that grant them (PRODUCT.md R9.1).

API-key scopes are permission names themselves, so a key is granted exactly the
permissions its scopes list and a role is a named set of permissions.
"""

from __future__ import annotations

from enum import StrEnum

from models.enums import StaffRole


class Permission(StrEnum):
    CLIENTS_READ = "clients:read"
    CLIENTS_WRITE = "clients:write"
    NOTES_WRITE = "notes:write"
    LEVELS_MANAGE = "levels:manage"
    SETTINGS_MANAGE = "settings:manage"
    API_KEYS_MANAGE = "api_keys:manage"
    NOTIFICATIONS_SEND = "notifications:send"
    ACCOUNTS_MANAGE = "accounts:manage"
    PASSWORDS_ASSIGN = "passwords:assign"
    POINTS_WRITE = "points:write"
    TAGS_WRITE = "tags:write"
    SEGMENTS_MANAGE = "segments:manage"
    CLIENTS_DISABLE = "clients:disable"
    CLIENTS_DELETE = "clients:delete"
    STAFF_MANAGE = "staff:manage"
    NOTES_MANAGE = "notes:manage"
    WEBHOOKS_MANAGE = "webhooks:manage"


_ALL = frozenset(Permission)

ROLE_PERMISSIONS: dict[StaffRole, frozenset[Permission]] = {
    StaffRole.OWNER: _ALL,
    StaffRole.ADMIN: _ALL,
    StaffRole.AGENT: frozenset(
        {
            Permission.CLIENTS_READ,
            Permission.CLIENTS_WRITE,
            Permission.NOTES_WRITE,
            Permission.NOTIFICATIONS_SEND,
            Permission.ACCOUNTS_MANAGE,
            Permission.POINTS_WRITE,
            Permission.TAGS_WRITE,
        }
    ),
    StaffRole.MARKETING: frozenset(
        {
            Permission.CLIENTS_READ,
            Permission.NOTES_WRITE,
            Permission.NOTIFICATIONS_SEND,
            Permission.TAGS_WRITE,
            Permission.SEGMENTS_MANAGE,
        }
    ),
    StaffRole.READ_ONLY: frozenset({Permission.CLIENTS_READ}),
}

# What a partner integration or a marketing tool may be given; managing keys and
# settings stays with staff.
API_KEY_SCOPES: frozenset[Permission] = frozenset(
    {
        Permission.CLIENTS_READ,
        Permission.CLIENTS_WRITE,
        Permission.NOTES_WRITE,
        Permission.NOTIFICATIONS_SEND,
        Permission.POINTS_WRITE,
        Permission.TAGS_WRITE,
        Permission.SEGMENTS_MANAGE,
        Permission.WEBHOOKS_MANAGE,
    }
)
