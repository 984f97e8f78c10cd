"""Clientela: the service package (settings, command line, demo data)."""
