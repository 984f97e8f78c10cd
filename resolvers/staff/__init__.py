"""Staff management (R9.3): invitations, roles, deactivation; owners and admins only."""
