"""What the staff-management operations answer."""

from __future__ import annotations

from dataclasses import dataclass, field

from models import StaffUser
from resolvers.errors import UserError


@dataclass
class StaffResult:
    staff: StaffUser | None = None
    token: str | None = None  # a console session, for acceptStaffInvite only
    errors: list[UserError] = field(default_factory=list)
