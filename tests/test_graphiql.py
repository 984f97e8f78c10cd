"""GraphiQL works offline (issue 13): its page and every file it loads come from the service,
a CSP lets it load nothing else, and it renders in a browser with no network at all."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap

import pytest

from clientela import graphiql
from tests.conftest import IS_POSTGRES
from tests.helpers import SETTINGS, http_client
from tests.smtp import free_port

HTML = {"Accept": "text/html"}


def _loaded(page: str) -> list[tuple[str, str | None]]:
    tags = re.findall(r"<(?:script|link)\b[^>]*>", page, re.S)
    found = []
    for tag in tags:
        url = re.search(r'(?:src|href)="([^"]+)"', tag)
        if url and not url[1].startswith("data:"):
            integrity = re.search(r'integrity="([^"]+)"', tag)
            found.append((url[1], integrity[1] if integrity else None))
    return found


async def test_the_page_loads_every_file_from_the_service_under_a_strict_csp(db):
    async with http_client(SETTINGS) as http:
        page = await http.get("/graphql", headers=HTML)
        assert page.status_code == 200
        assert "GraphiQL" in page.text
        files = _loaded(page.text)
        assert len(files) >= 5
        for url, integrity in files:
            assert url.startswith("/graphiql/static/"), url
            asset = await http.get(url)
            assert asset.status_code == 200, url
            assert integrity is not None and graphiql._sri(asset.content, integrity), url
    assert "unpkg" not in page.text and "https://" not in "".join(u for u, _ in files)
    policy = dict(
        part.strip().split(" ", 1) for part in page.headers["content-security-policy"].split(";")
    )
    assert policy["default-src"] == "'none'"
    assert policy["script-src"].startswith("'self' 'sha256-")
    assert "http" not in page.headers["content-security-policy"]
    assert policy["connect-src"] == "'self'"


async def test_production_serves_neither_the_page_nor_its_files(db):
    async with http_client(SETTINGS.replace(environment="production")) as http:
        page = await http.get("/graphql", headers=HTML)
        asset = await http.get(f"{graphiql.PREFIX}react@18.2.0/umd/react.production.min.js")
    assert "GraphiQL" not in page.text
    assert asset.status_code == 404


def test_the_build_refuses_files_that_differ_from_what_the_page_expects(tmp_path):
    modules = tmp_path / "node_modules"
    for package, _version, path, _ in graphiql.cdn_files(graphiql._strawberry_page()):
        source = graphiql.HERE / "node_modules" / package
        (modules / package / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source / "package.json", modules / package / "package.json")
        shutil.copy(source / path, modules / package / path)
    assert len(graphiql.build_assets(modules, tmp_path / "static")) >= 5
    (modules / "react/umd/react.production.min.js").write_text("/* tampered */")
    with pytest.raises(SystemExit, match="does not match"):
        graphiql.build_assets(modules, tmp_path / "static")


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(IS_POSTGRES, reason="the page uses no database: checked once, on SQLite")
@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")
def test_graphiql_renders_in_headless_chromium_with_the_network_off(tmp_path):
    """The server and the browser run in a network namespace of their own with only a
    loopback interface: a file fetched from anywhere else would fail."""
    port = free_port()
    script = textwrap.dedent(
        f"""
        set -e
        ip link set lo up
        {sys.executable} -m clientela.cli serve --port {port} > {tmp_path}/server.log 2>&1 &
        server=$!
        for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/{port}) 2>/dev/null && break; sleep 0.2; done
        {CHROMIUM} --headless --no-sandbox --disable-gpu --disable-background-networking \\
          --disable-component-update --disable-sync --no-first-run \\
          --virtual-time-budget=15000 --dump-dom http://127.0.0.1:{port}/graphql
        kill $server
        """
    )
    env = {
        **os.environ,
        "MAIL_WORKER": "false",
        "CLIENTELA_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite://{tmp_path}/db.sqlite3",
    }
    try:
        done = subprocess.run(  # noqa: S603
            ["unshare", "--net", "bash", "-c", script],  # noqa: S607
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    except FileNotFoundError:
        pytest.skip("unshare is not available")
    if "unshare failed" in done.stderr:
        pytest.skip(f"no network namespace here: {done.stderr.strip()}")
    dom = done.stdout
    # Rendered by React: the editor and its run button, not the "Loading..." placeholder.
    assert 'class="graphiql-execute-button"' in dom, dom[-2000:] + done.stderr[-2000:]
    assert "graphiql-editors" in dom and "Loading..." not in dom
    # The schema arrived (introspection over the loopback): the explorer lists root fields.
    served = [
        line for line in (tmp_path / "server.log").read_text().splitlines() if "request" in line
    ]
    assert any(
        all(f in line for f in ("method=POST", "path=/graphql", "status=200")) for line in served
    )
    assert any("path=/graphiql/static" in line and "status=200" in line for line in served)
