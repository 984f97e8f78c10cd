"""Where a webhook may be sent (R10.1, R10.4): no server-side request forgery.

An endpoint URL is absolute https (http only to a loopback address outside production),
without credentials. In production its host must not be, or resolve to, a private,
loopback, link-local, multicast, reserved or unspecified address: checked when the
endpoint is saved and again at every delivery, where the request then goes to the very
address that was checked (so a DNS answer that changes in between cannot redirect it).
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from models.webhook import URL_LENGTH
from resolvers.errors import ErrorCode, UserError, error

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class RefusedTarget(Exception):
    """The URL or what its host resolves to may not be called."""

    def __init__(self, code: ErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Target:
    """What to connect to: the URL to request (host replaced by the checked address in
    production), the Host header and the TLS server name to present."""

    url: str
    host: str
    sni_hostname: str | None


def _ip(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def is_public(address: IPAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return is_public(address.ipv4_mapped)
    return not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or not address.is_global
    )


def _is_loopback_host(host: str) -> bool:
    address = _ip(host)
    return host == "localhost" or (address is not None and address.is_loopback)


def parse(url: str, *, production: bool) -> tuple[str, str, int]:
    """(scheme, host, port) of an acceptable URL; RefusedTarget otherwise. No network."""
    if len(url) > URL_LENGTH or any(ch.isspace() for ch in url):
        raise RefusedTarget(ErrorCode.INVALID_URL, "Not a valid URL")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise RefusedTarget(ErrorCode.INVALID_URL, "Not a valid URL") from None
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("https", "http") or not host:
        raise RefusedTarget(ErrorCode.INVALID_URL, "Use an absolute https:// URL")
    if parts.username is not None or parts.password is not None:
        raise RefusedTarget(ErrorCode.INVALID_URL, "Credentials do not belong in the URL")
    if parts.fragment:
        raise RefusedTarget(ErrorCode.INVALID_URL, "A webhook URL has no #fragment")
    if parts.scheme == "http" and (production or not _is_loopback_host(host)):
        raise RefusedTarget(
            ErrorCode.INVALID_URL, "Use https (http only to a loopback address in development)"
        )
    address = _ip(host)
    if production and (host == "localhost" or (address is not None and not is_public(address))):
        raise RefusedTarget(
            ErrorCode.URL_NOT_ALLOWED, "Private, loopback and link-local targets are refused"
        )
    return parts.scheme, host, port or (443 if parts.scheme == "https" else 80)


async def resolve(host: str, port: int) -> list[IPAddress]:
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise RefusedTarget(ErrorCode.INVALID_URL, "The host name does not resolve") from None
    found: list[IPAddress] = []
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if address not in found:
            found.append(address)
    if not found:
        raise RefusedTarget(ErrorCode.INVALID_URL, "The host name does not resolve")
    return found


async def check_url(url: str, *, production: bool) -> UserError | None:
    """The user error for a URL that may not be registered, or None."""
    try:
        await target(url, production=production)
    except RefusedTarget as refused:
        return error(refused.code, refused.message, "url")
    return None


async def target(url: str, *, production: bool) -> Target:
    """Where to send a delivery to `url` now (RefusedTarget if nowhere)."""
    scheme, host, port = parse(url, production=production)
    if not production:
        return Target(url=url, host=host, sni_hostname=None)
    literal = _ip(host)
    addresses = [literal] if literal is not None else await resolve(host, port)
    if not all(is_public(address) for address in addresses):
        raise RefusedTarget(
            ErrorCode.URL_NOT_ALLOWED, "The host resolves to a private or loopback address"
        )
    parts = urlsplit(url)
    chosen = addresses[0]
    netloc = f"[{chosen}]" if chosen.version == 6 else str(chosen)
    if parts.port:
        netloc += f":{parts.port}"
    pinned = urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))
    host_header = host if not parts.port else f"{host}:{parts.port}"
    return Target(url=pinned, host=host_header, sni_hostname=host if literal is None else None)
