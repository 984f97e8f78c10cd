"""The one-click unsubscribe endpoint (R11.3, RFC 8058): GET shows a page, POST withdraws.

`POST /unsubscribe/{token}` is what a mailbox provider sends for the
`List-Unsubscribe-Post: List-Unsubscribe=One-Click` header, and what the page's button
sends: it withdraws the consent and answers 200. `GET` shows a small page in the
person's language with that button, and changes nothing. No login; the token is the
authority (mailer/unsubscribe.py).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from jinja2 import Environment, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from clientela.settings import Settings
from resolvers.consent.unsubscribe import Answer, Outcome, look, unsubscribe

_TEXT = {
    "it": {
        "title": "Annulla l'iscrizione",
        "ask": "Non vuoi più ricevere comunicazioni promozionali via email da {org}?",
        "button": "Sì, annulla l'iscrizione",
        "done": "Fatto: {org} non ti invierà più comunicazioni promozionali via email. "
        "Continuerai a ricevere i messaggi di servizio (prenotazioni, ricevute, account).",
        "invalid": "Questo link non è valido.",
    },
    "es": {
        "title": "Darse de baja",
        "ask": "¿No quieres recibir más comunicaciones promocionales por email de {org}?",
        "button": "Sí, darme de baja",
        "done": "Hecho: {org} no te enviará más comunicaciones promocionales por email. "
        "Seguirás recibiendo los mensajes de servicio (reservas, recibos, cuenta).",
        "invalid": "Este enlace no es válido.",
    },
    "en": {
        "title": "Unsubscribe",
        "ask": "Don't want promotional emails from {org} any more?",
        "button": "Yes, unsubscribe me",
        "done": "Done: {org} will send you no more promotional emails. You will still "
        "get service messages (bookings, receipts, your account).",
        "invalid": "This link is not valid.",
    },
}
_IN_APP = {
    "it": ("comunicazioni promozionali via email", "messaggi promozionali nell'app"),
    "es": ("comunicaciones promocionales por email", "mensajes promocionales en la app"),
    "en": ("promotional emails", "promotional messages in the app"),
}

_PAGE = Environment(
    autoescape=select_autoescape(default=True, default_for_string=True)
).from_string(
    """<!doctype html>
<html lang="{{ locale }}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width"><meta name="robots" content="noindex">
<title>{{ title }}</title></head>
<body style="font-family:Helvetica,Arial,sans-serif;max-width:480px;margin:48px auto;
padding:0 16px;color:#18181b">
{% if organization %}<p style="color:#71717a">{{ organization }}</p>{% endif %}
<h1 style="font-size:20px">{{ title }}</h1>
<p>{{ message }}</p>
{% if ask %}<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit" style="padding:10px 18px">{{ button }}</button></form>{% endif %}
</body></html>
"""
)


def _page(answer: Answer, status: int) -> HTMLResponse:
    words = _TEXT[answer.locale]
    message = words[answer.outcome.value].format(org=answer.organization)
    if answer.purpose is not None and answer.purpose.value == "marketing_in_app":
        email, in_app = _IN_APP[answer.locale]
        message = message.replace(email, in_app)
    html = _PAGE.render(
        locale=answer.locale,
        title=words["title"],
        organization=answer.organization,
        message=message,
        ask=answer.outcome is Outcome.ASK,
        button=words["button"],
    )
    # Never cached: the page shows the current state of the consent.
    return HTMLResponse(html, status_code=status, headers={"Cache-Control": "no-store"})


Endpoint = Callable[[Request], Awaitable[HTMLResponse]]


def routes_for(settings: Settings) -> tuple[Endpoint, Endpoint]:
    # SECRET_KEY, and while it changes the previous ones: links in mails sent before work.
    keys = settings.secret_keys()

    async def show(request: Request) -> HTMLResponse:
        answer = await look(keys, request.path_params["token"])
        return _page(answer, 400 if answer.outcome is Outcome.INVALID else 200)

    async def withdraw(request: Request) -> HTMLResponse:
        answer = await unsubscribe(keys, request.path_params["token"])
        return _page(answer, 400 if answer.outcome is Outcome.INVALID else 200)

    return show, withdraw
