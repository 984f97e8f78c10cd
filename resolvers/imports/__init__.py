"""Bulk writes (PRODUCT.md R10.5, R10.6): upsertClients and file imports."""
