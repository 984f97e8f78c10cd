"""Webhooks (PRODUCT.md §10): endpoints, events derived from the activity log, delivery."""
