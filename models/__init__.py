"""Tortoise models, one module per aggregate, and the database configuration."""

from models.account import Account, AccountSession, AccountToken
from models.account_request import AccountRequest
from models.activity import ActivityEntry
from models.audit import AuditEntry
from models.client import Client, ClientTag
from models.consent import ClientConsent, ConsentEvent, UndeliverableAddress
from models.imports import ImportIssue, ImportJob, ImportKey
from models.level import Level
from models.loyalty import Booking, GiftCard, Membership, PointsEntry, Purchase
from models.note import Note
from models.notification import InboxMessage, Notification
from models.orders import GiftList, Order
from models.organization import FieldLabel, Organization
from models.segment import Segment
from models.staff import ApiKey, StaffSession, StaffToken, StaffUser
from models.tag import Tag
from models.webhook import WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookEvent

__all__ = [
    "Account",
    "AccountRequest",
    "AccountSession",
    "AccountToken",
    "ActivityEntry",
    "ApiKey",
    "AuditEntry",
    "Booking",
    "Client",
    "ClientConsent",
    "ClientTag",
    "ConsentEvent",
    "FieldLabel",
    "GiftCard",
    "GiftList",
    "ImportIssue",
    "ImportJob",
    "ImportKey",
    "InboxMessage",
    "Level",
    "Membership",
    "Note",
    "Notification",
    "Order",
    "Organization",
    "PointsEntry",
    "Purchase",
    "Segment",
    "StaffSession",
    "StaffToken",
    "StaffUser",
    "Tag",
    "UndeliverableAddress",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookEndpoint",
    "WebhookEvent",
]
