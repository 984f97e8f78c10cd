"""Business operations: one module per operation (its rule, transaction and audit entry)."""
