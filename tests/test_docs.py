"""The README and docs/ stand on their own (issue 13): every link points at a file of this
repository that exists, none outside it, and the README stays a short way in."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\]\(([^)\s]+)\)")


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_links_stay_in_the_repository_and_resolve(page):
    for target in LINK.findall(page.read_text()):
        if target.startswith(("http://127.0.0.1", "http://localhost", "#")):
            continue
        assert "://" not in target, f"{page.name} links outside the repository: {target}"
        path = (page.parent / target.split("#")[0]).resolve()
        assert path.is_relative_to(ROOT), f"{page.name} links outside the repository: {target}"
        assert path.exists(), f"{page.name} links to a missing file: {target}"
    assert "../shared" not in page.read_text()


def test_the_readme_is_a_short_way_in_with_the_two_commands():
    text = (ROOT / "README.md").read_text()
    assert len(text.splitlines()) <= 170
    assert "make run" in text and "make test" in text
    for doc in ("operations", "architecture", "decisions", "product", "benchmarks", "changelog"):
        assert f"(docs/{doc}.md)" in text


def test_code_paths_named_in_the_docs_exist():
    missing = []
    for page in PAGES:
        for path in re.findall(
            r"`((?:clientela|schema|resolvers|models|mailer|tests|bench)/[\w/]+\.py)`",
            page.read_text(),
        ):
            if not (ROOT / path).exists() and "archive_note" not in path:
                missing.append(f"{page.name}: {path}")
    assert not missing, "\n".join(missing)
