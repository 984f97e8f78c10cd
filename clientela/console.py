"""The admin console at /console: its built files, served by the service itself (R12.1).

Vite writes content-hashed files under `assets/`, so those are cached for a year and
never revalidated; `index.html` (and the few unhashed files beside it) must be
revalidated on every load, or a browser would keep running an old console against a
new API. Any other path under /console is a screen of the single-page application and
gets `index.html` (the console's router reads the address). A strict Content Security
Policy lets the page load only its own scripts, styles and images and talk only to this
origin, so an injected string cannot run or phone home.
"""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "manifest-src 'self'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"

NOT_BUILT = (
    "The admin console is not built. Run `make console` (or `make run`, which builds it), "
    "or set CONSOLE_DIR to a folder holding a build.\n"
)


def console_routes(folder: Path) -> list[BaseRoute]:
    root = folder.resolve()

    def _file(relative: str) -> Path | None:
        if not relative or "\x00" in relative:
            return None
        candidate = (root / relative).resolve()
        if not candidate.is_relative_to(root) or not candidate.is_file():
            return None
        return candidate

    def _send(path: Path, cache: str) -> Response:
        response = FileResponse(path, headers={"Cache-Control": cache, **SECURITY_HEADERS})
        return response

    async def console(request: Request) -> Response:
        relative = request.path_params.get("path", "")
        index = _file("index.html")
        if index is None:
            return PlainTextResponse(NOT_BUILT, status_code=503, headers=SECURITY_HEADERS)
        found = _file(relative)
        if found is not None and found != index:
            hashed = relative.startswith("assets/")
            return _send(found, IMMUTABLE if hashed else REVALIDATE)
        if relative.startswith("assets/") or "." in relative.rsplit("/", 1)[-1]:
            # A missing file, not a screen: answering index.html would hide a broken build.
            return PlainTextResponse("Not found\n", status_code=404, headers=SECURITY_HEADERS)
        return _send(index, REVALIDATE)

    async def to_console(request: Request) -> Response:
        return RedirectResponse("/console/", status_code=308)

    return [
        Route("/console", to_console, methods=["GET", "HEAD"]),
        Route("/console/{path:path}", console, methods=["GET", "HEAD"]),
    ]
