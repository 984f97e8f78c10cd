"""Outgoing mail: templates, message building, SMTP transport and outbox delivery."""
