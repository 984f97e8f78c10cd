"""Building messages: pure functions from a notification's data to its text and MIME message.

Templates are Jinja2, one per type and language, each with a subject, a body and
(optionally) the label of its action link; one HTML and one text layout wrap them,
so every message gets both parts with the same words. HTML is autoescaped; the
subject is checked for line breaks, so no value can add a header.

Typed parameters (dates, amounts) are worded by `mailer.wording` for the message's
language and the organization's time zone (R7.6). A marketing message gets the
one-click unsubscribe link in its footer and the RFC 8058 headers (R11.3).
"""

from __future__ import annotations

from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, parseaddr
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template, select_autoescape

from mailer.catalogue import LOCALES
from mailer.wording import worded
from models.enums import NotificationType

TEMPLATES = Path(__file__).parent / "templates"

# Greetings that suit anyone, named or not (no gendered "Caro/Cara", "Estimado/a").
_GREETING = {"it": "Ciao {name},", "es": "Hola, {name}:", "en": "Hi {name},"}
_ANONYMOUS_GREETING = {"it": "Buongiorno,", "es": "Hola:", "en": "Hello,"}
_FOOTER = {
    "it": "Ricevi questo messaggio perché sei cliente di {organization}.",
    "es": "Recibes este mensaje porque eres cliente de {organization}.",
    "en": "You receive this message because you are a client of {organization}.",
}
_UNSUBSCRIBE = {
    "it": "Non vuoi più ricevere queste comunicazioni? Annulla l'iscrizione",
    "es": "¿No quieres recibir más estas comunicaciones? Date de baja",
    "en": "Don't want these messages any more? Unsubscribe",
}

_text = Environment(
    loader=FileSystemLoader(TEMPLATES),
    undefined=StrictUndefined,
    autoescape=False,  # noqa: S701 - plain-text parts and subjects are not HTML
    keep_trailing_newline=True,
)
_html = Environment(
    loader=FileSystemLoader(TEMPLATES),
    undefined=StrictUndefined,
    autoescape=select_autoescape(default=True, default_for_string=True),
)


class HeaderInjection(ValueError):
    """A value meant for a header holds a line break."""


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str
    title: str  # the subject, for in-app messages
    body: str  # the body alone, for in-app messages


def pick_locale(*candidates: str | None) -> str:
    for locale in candidates:
        if locale in LOCALES:
            return locale
    return "en"


def _block(template: Template, name: str, context: dict[str, Any]) -> str:
    if name not in template.blocks:
        return ""
    return "".join(template.blocks[name](template.new_context(context))).strip()


def render(
    kind: NotificationType,
    locale: str,
    *,
    organization: str,
    first_name: str,
    params: dict[str, Any],
    time_zone: str | None = None,
    unsubscribe_url: str | None = None,
) -> Rendered:
    locale = pick_locale(locale)
    shown = worded(params, locale, time_zone)
    context = {"organization": organization, "first_name": first_name, **shown}
    name = f"{locale}/{kind.value}.jinja"
    source = _text.get_template(name)
    subject = _block(source, "subject", context)
    if "\r" in subject or "\n" in subject or "\x00" in subject:
        raise HeaderInjection("a subject must be one line")
    body = _block(source, "body", context)
    action = _block(source, "action", context)
    greeting = (
        _GREETING[locale].format(name=first_name) if first_name else _ANONYMOUS_GREETING[locale]
    )
    footer = _FOOTER[locale].format(organization=organization)
    layout = {
        "locale": locale,
        "organization": organization,
        "subject": subject,
        "greeting": greeting,
        "body": body,
        "paragraphs": [p.splitlines() for p in body.split("\n\n") if p.strip()],
        "action_label": action,
        "action_url": params.get("action_url"),
        "footer": footer,
        "unsubscribe_label": _UNSUBSCRIBE[locale] if unsubscribe_url else "",
        "unsubscribe_url": unsubscribe_url,
    }
    return Rendered(
        subject=subject,
        text=_text.get_template("layout/message.txt.jinja").render(layout),
        html=_html.get_template("layout/message.html.jinja").render(layout),
        title=subject,
        body=body,
    )


@dataclass(frozen=True)
class Sender:
    """Who a message speaks for (R7.6): the organization's name on the service's address
    (which SPF, DKIM and DMARC vouch for), and the organization's address for replies."""

    name: str
    address: str
    reply_to: str | None = None


@dataclass(frozen=True)
class Unsubscribe:
    """RFC 8058 one-click unsubscribe: an https URL that takes a POST, and a mailto."""

    url: str
    mailto: str | None = None


def build_message(
    rendered: Rendered,
    *,
    sender: Sender,
    to_address: str,
    to_name: str,
    message_id: str,
    unsubscribe: Unsubscribe | None = None,
) -> EmailMessage:
    """One recipient per message, never a list; a Message-ID that stays the same on retries."""
    values = [to_address, to_name, sender.name, sender.address, sender.reply_to or ""]
    if unsubscribe is not None:
        values += [unsubscribe.url, unsubscribe.mailto or ""]
    for value in values:
        if any(c in value for c in "\r\n\x00"):
            raise HeaderInjection("header values must be one line")
    if "," in to_address or ";" in to_address:
        raise HeaderInjection("one recipient per message")
    message = EmailMessage()
    message["From"] = Address(display_name=sender.name, addr_spec=sender.address)
    message["To"] = Address(display_name=to_name, addr_spec=to_address)
    if sender.reply_to:
        message["Reply-To"] = Address(display_name=sender.name, addr_spec=sender.reply_to)
    message["Subject"] = rendered.subject
    message["Date"] = formatdate(localtime=False, usegmt=True)
    message["Message-ID"] = message_id
    message["Auto-Submitted"] = "auto-generated"
    if unsubscribe is not None:
        targets = [f"<{unsubscribe.url}>"]
        if unsubscribe.mailto:
            targets.append(f"<{unsubscribe.mailto}>")
        message["List-Unsubscribe"] = ", ".join(targets)
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(rendered.text)
    message.add_alternative(rendered.html, subtype="html")
    return message


def message_id(notification_uuid: str, sender: str) -> str:
    domain = parseaddr(sender)[1].rpartition("@")[2] or "clientela.localhost"
    # Short enough to stay on one header line; the same for every attempt of one notification.
    return f"<{notification_uuid.replace('-', '')}.n@{domain}>"
