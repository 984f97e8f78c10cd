"""Tortoise models, one module per aggregate, and the database configuration."""

from models.activity import ActivityEntry
from models.client import Client, ClientTag
from models.level import Level
from models.note import Note
from models.organization import FieldLabel, Organization
from models.staff import ApiKey, StaffSession, StaffUser
from models.tag import Tag

__all__ = [
    "ActivityEntry",
    "ApiKey",
    "Client",
    "ClientTag",
    "FieldLabel",
    "Level",
    "Note",
    "Organization",
    "StaffSession",
    "StaffUser",
    "Tag",
]
