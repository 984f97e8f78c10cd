"""Loyalty: business operations of this domain and their helpers."""
