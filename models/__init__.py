"""Tortoise models, one module per aggregate, and the database configuration."""

from models.account import Account, AccountSession, AccountToken
from models.activity import ActivityEntry
from models.client import Client, ClientTag
from models.level import Level
from models.note import Note
from models.notification import InboxMessage, Notification
from models.organization import FieldLabel, Organization
from models.staff import ApiKey, StaffSession, StaffUser
from models.tag import Tag

__all__ = [
    "Account",
    "AccountSession",
    "AccountToken",
    "ActivityEntry",
    "ApiKey",
    "Client",
    "ClientTag",
    "FieldLabel",
    "InboxMessage",
    "Level",
    "Note",
    "Notification",
    "Organization",
    "StaffSession",
    "StaffUser",
    "Tag",
]
