"""Installs are reproducible: every import is declared, every declaration is locked with
hashes, development tools stay out of the runtime dependencies (issue 13)."""

from __future__ import annotations

import ast
import functools
import importlib.metadata
import re
import sys
import tomllib
from collections.abc import Mapping
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
PACKAGES = ["clientela", "schema", "resolvers", "models", "mailer"]
# Modules of the packages that only development commands load (the `clientela dev` mail
# sink): they may import the `dev` extra.
DEV_ONLY_MODULES = {"mailer/sink.py"}


def _declared(requirements: list[str]) -> dict[str, Requirement]:
    parsed = [Requirement(r) for r in requirements]
    return {canonicalize_name(r.name): r for r in parsed}


RUNTIME = _declared(PYPROJECT["project"]["dependencies"])
DEV = _declared(PYPROJECT["project"]["optional-dependencies"]["dev"])


def _locked(name: str) -> dict[str, str]:
    """name -> version of a lock file; every pin carries at least one hash."""
    text = (ROOT / name).read_text()
    pins: dict[str, str] = {}
    for block in re.split(r"\n(?=\S)", text):
        match = re.match(r"([A-Za-z0-9_.\-]+)==([^\s;\\]+)", block)
        if match is None:
            continue
        assert "--hash=sha256:" in block, f"{name}: {match[1]} has no hash"
        pins[canonicalize_name(match[1])] = match[2]
    return pins


def _third_party_imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top not in sys.stdlib_module_names and top not in PACKAGES:
                found.add(top)
    return found


@functools.cache
def _modules() -> Mapping[str, list[str]]:
    return importlib.metadata.packages_distributions()


def _distributions(module: str) -> set[str]:
    mapping = _modules()
    return {canonicalize_name(d) for d in mapping.get(module, [])}


def test_python_311_and_newer_are_accepted():
    assert PYPROJECT["project"]["requires-python"] == ">=3.11"


def test_every_import_of_the_service_is_a_declared_dependency():
    undeclared = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if relative.startswith("models/migrations/"):
                continue
            allowed = RUNTIME | DEV if relative in DEV_ONLY_MODULES else RUNTIME
            for module in _third_party_imports(path):
                dists = _distributions(module)
                assert dists, f"{relative} imports {module}, which no installed package provides"
                if not dists & set(allowed):
                    undeclared.append(f"{relative}: {module} ({', '.join(sorted(dists))})")
    assert not undeclared, "imported but not declared in pyproject.toml:\n" + "\n".join(undeclared)


def test_development_tools_are_not_runtime_dependencies():
    # aiosmtpd is a runtime dependency since `clientela inbound-mail` (it receives
    # unsubscribe mail and bounce reports in production).
    assert not {"pytest", "pytest-asyncio", "ruff", "mypy"} & set(RUNTIME)
    assert "aiosmtpd" in RUNTIME


@pytest.mark.parametrize(
    ("lock", "declared"),
    [("requirements.lock", RUNTIME), ("requirements-dev.lock", RUNTIME | DEV)],
)
def test_the_lock_files_pin_every_declared_dependency_within_its_bounds(lock, declared):
    pins = _locked(lock)
    for name, requirement in declared.items():
        assert name in pins, f"{name} is declared but not in {lock}: run `make lock`"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"{lock} pins {name}=={pins[name]}, outside {requirement.specifier}: run `make lock`"
        )
    if lock == "requirements.lock":
        assert not {"pytest", "ruff", "mypy"} & set(pins)


def test_the_installed_versions_are_the_locked_ones():
    pins = _locked("requirements-dev.lock")
    different = {
        name: (version, importlib.metadata.version(name))
        for name, version in pins.items()
        if name in RUNTIME and importlib.metadata.version(name) != version
    }
    assert not different, f"installed differs from requirements-dev.lock: {different}"
