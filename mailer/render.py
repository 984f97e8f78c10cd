"""Building messages: pure functions from a notification's data to its text and MIME message.

Templates are Jinja2, one per type and language, each with a subject, a body and
(optionally) the label of its action link; one HTML and one text layout wrap them,
so every message gets both parts with the same words. HTML is autoescaped; the
subject is checked for line breaks, so no value can add a header.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, formatdate, parseaddr
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template, select_autoescape

from mailer.catalogue import LOCALES
from models.enums import NotificationType

TEMPLATES = Path(__file__).parent / "templates"

_GREETING = {"it": "Ciao{name},", "es": "Hola{name}:", "en": "Hi{name},"}
_FOOTER = {
    "it": "Ricevi questo messaggio perché sei cliente di {organization}.",
    "es": "Recibes este mensaje porque eres cliente de {organization}.",
    "en": "You receive this message because you are a client of {organization}.",
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
) -> Rendered:
    locale = pick_locale(locale)
    context = {"organization": organization, "first_name": first_name, **params}
    name = f"{locale}/{kind.value}.jinja"
    source = _text.get_template(name)
    subject = _block(source, "subject", context)
    if "\r" in subject or "\n" in subject or "\x00" in subject:
        raise HeaderInjection("a subject must be one line")
    body = _block(source, "body", context)
    action = _block(source, "action", context)
    greeting = _GREETING[locale].format(name=f" {first_name}" if first_name else "")
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
    }
    return Rendered(
        subject=subject,
        text=_text.get_template("layout/message.txt.jinja").render(layout),
        html=_html.get_template("layout/message.html.jinja").render(layout),
        title=subject,
        body=body,
    )


def build_message(
    rendered: Rendered,
    *,
    sender: str,
    to_address: str,
    to_name: str,
    message_id: str,
) -> EmailMessage:
    """One recipient per message, never a list; a Message-ID that stays the same on retries."""
    for value in (to_address, to_name, sender):
        if any(c in value for c in "\r\n\x00"):
            raise HeaderInjection("header values must be one line")
    if "," in to_address or ";" in to_address:
        raise HeaderInjection("one recipient per message")
    message = EmailMessage()
    message["From"] = sender
    message["To"] = formataddr((to_name, to_address)) if to_name else to_address
    message["Subject"] = rendered.subject
    message["Date"] = formatdate(localtime=False, usegmt=True)
    message["Message-ID"] = message_id
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(rendered.text)
    message.add_alternative(rendered.html, subtype="html")
    return message


def message_id(notification_uuid: str, sender: str) -> str:
    domain = parseaddr(sender)[1].rpartition("@")[2] or "clientela.localhost"
    # Short enough to stay on one header line; the same for every attempt of one notification.
    return f"<{notification_uuid.replace('-', '')}.n@{domain}>"
