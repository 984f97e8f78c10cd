"""The admin console is served at /console with the right caching and CSP (R12.1)."""

from __future__ import annotations

from pathlib import Path

import pytest

from clientela.console import CONTENT_SECURITY_POLICY, IMMUTABLE, REVALIDATE
from clientela.settings import Settings
from tests.helpers import http_client

INDEX = '<!doctype html><script type="module" src="/console/assets/index-abc123.js"></script>'


@pytest.fixture
def built(tmp_path: Path) -> Settings:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text(INDEX)
    (tmp_path / "assets" / "index-abc123.js").write_text("console.log(1)")
    (tmp_path / "favicon.svg").write_text("<svg/>")
    (tmp_path.parent / "secret.txt").write_text("outside")
    return Settings().replace(console_dir=tmp_path)


async def test_hashed_assets_are_immutable_and_index_is_revalidated(db, built):
    async with http_client(built) as http:
        asset = await http.get("/console/assets/index-abc123.js")
        index = await http.get("/console/")
        favicon = await http.get("/console/favicon.svg")
    assert asset.status_code == 200
    assert asset.headers["cache-control"] == IMMUTABLE
    assert "javascript" in asset.headers["content-type"]
    assert (index.status_code, index.text) == (200, INDEX)
    assert index.headers["cache-control"] == REVALIDATE
    assert index.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert index.headers["x-content-type-options"] == "nosniff"
    assert favicon.headers["cache-control"] == REVALIDATE


async def test_screens_fall_back_to_index_and_missing_files_do_not(db, built):
    async with http_client(built) as http:
        bare = await http.get("/console", follow_redirects=False)
        screen = await http.get("/console/clients/3f1c2a9e-0000-4000-8000-000000000001")
        missing_asset = await http.get("/console/assets/index-old.js")
        missing_file = await http.get("/console/robots.txt")
        escape = await http.get("/console/..%2Fsecret.txt")
    assert (bare.status_code, bare.headers["location"]) == (308, "/console/")
    assert (screen.status_code, screen.text) == (200, INDEX)
    assert screen.headers["cache-control"] == REVALIDATE
    assert missing_asset.status_code == 404
    assert missing_file.status_code == 404
    assert escape.status_code == 404
    assert "outside" not in escape.text


async def test_an_unbuilt_console_says_how_to_build_it(db, tmp_path):
    settings = Settings().replace(console_dir=tmp_path / "nothing")
    async with http_client(settings) as http:
        response = await http.get("/console/")
    assert response.status_code == 503
    assert "make console" in response.text


def test_the_console_folder_is_a_setting(tmp_path):
    settings = Settings.from_env({"CONSOLE_DIR": str(tmp_path)})
    assert settings.console_dir == tmp_path
    assert Settings.from_env({}).console_dir.parts[-2:] == ("console", "dist")
