"""GraphiQL served by the service itself, so that it works without the internet.

Strawberry's GraphiQL page loads React, GraphiQL and its explorer plugin from a CDN. The
same files, at the versions the page names, are installed from the npm registry at build
time (`make graphiql-assets`: npm ci in clientela/graphiql_assets/, then `build_assets` copies the
files the page loads into clientela/graphiql_assets/static/, checking their SRI hashes). At run
time the page is strawberry's with each CDN address replaced by the local copy, and a
Content-Security-Policy that lets it load nothing else. Development only, as GraphiQL is.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
from pathlib import Path

from starlette.responses import HTMLResponse, Response
from strawberry.http.ides import get_graphql_ide_html

HERE = Path(__file__).resolve().parent / "graphiql_assets"
STATIC = HERE / "static"
PREFIX = "/graphiql/static/"
_CDN = re.compile(r"https://unpkg\.com/((?:@[\w.-]+/)?[\w.-]+)@([\w.-]+)/([\w./-]+)")
_TAG = re.compile(r"<(?:script|link)\b[^>]*>", re.S)


def _strawberry_page() -> str:
    return get_graphql_ide_html(graphql_ide="graphiql")


def cdn_files(page: str) -> list[tuple[str, str, str, str | None]]:
    """(package, version, path, integrity) of every file the page loads from the CDN."""
    found = []
    for tag in _TAG.findall(page):
        match = _CDN.search(tag)
        if match:
            integrity = re.search(r'integrity="([^"]+)"', tag)
            found.append((match[1], match[2], match[3], integrity[1] if integrity else None))
    return found


def _sri(data: bytes, integrity: str) -> bool:
    algorithm, _, expected = integrity.partition("-")
    digest = hashlib.new(algorithm, data).digest()
    return base64.b64encode(digest).decode() == expected


def build_assets(node_modules: Path = HERE / "node_modules", target: Path = STATIC) -> list[Path]:
    """Copy the files the page loads from npm's install into `target`; refuse a version or
    content different from what the page expects."""
    copied = []
    shutil.rmtree(target, ignore_errors=True)
    for package, version, path, integrity in cdn_files(_strawberry_page()):
        installed = json.loads((node_modules / package / "package.json").read_text())["version"]
        if installed != version:
            raise SystemExit(
                f"{package} {installed} is installed, the GraphiQL page wants {version}: "
                "update clientela/graphiql_assets/package.json"
            )
        data = (node_modules / package / path).read_bytes()
        if integrity and not _sri(data, integrity):
            raise SystemExit(f"{package}@{version}/{path} does not match the page's hash")
        destination = target / f"{package}@{version}" / path
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(data)
        copied.append(destination)
    return copied


def local_page() -> str:
    """Strawberry's page loading every file from this service instead of the CDN."""
    return _CDN.sub(lambda m: f"{PREFIX}{m[1]}@{m[2]}/{m[3]}", _strawberry_page()).replace(
        "crossorigin\n", "\n"
    )


def _inline_hashes(page: str) -> str:
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    return " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
        for s in scripts
    )


def missing_assets() -> list[str]:
    return [
        f"{p}@{v}/{path}"
        for p, v, path, _ in cdn_files(_strawberry_page())
        if not (STATIC / f"{p}@{v}" / path).is_file()
    ]


def response() -> Response:
    missing = missing_assets()
    if missing:
        return HTMLResponse(
            "<!doctype html><title>GraphiQL</title><p>GraphiQL's files are not built: run "
            "<code>make graphiql-assets</code> (make run does). Missing: " + ", ".join(missing),
            status_code=503,
        )
    page = local_page()
    policy = (
        "default-src 'none'; "
        f"script-src 'self' {_inline_hashes(page)}; "
        "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
        "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
    return HTMLResponse(page, headers={"Content-Security-Policy": policy})


if __name__ == "__main__":
    for file in build_assets():
        print(file.relative_to(HERE))
