"""Consent and deliverability (PRODUCT.md §11): business operations and their helpers."""
