"""The schema is a contract (issue 13): schema.graphql is what the code serves, and a breaking
change against the last release's schema fails until docs/changelog.md acknowledges it."""

from __future__ import annotations

from pathlib import Path

from graphql import BreakingChangeType, build_schema, find_breaking_changes

from clientela.cli import schema_sdl

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "schema.graphql"
BASELINE = ROOT / "docs" / "schema-baseline.graphql"
CHANGELOG = ROOT / "docs" / "changelog.md"


def unacknowledged(old_sdl: str, new_sdl: str, changelog: str) -> list[str]:
    """The breaking changes from old to new that no `- Breaking:` line of the changelog names."""
    changes = find_breaking_changes(build_schema(old_sdl), build_schema(new_sdl))
    acknowledged = {
        line.removeprefix("- Breaking:").strip()
        for line in changelog.splitlines()
        if line.startswith("- Breaking:")
    }
    return [
        change.description
        for change in changes
        if not any(line.startswith(change.description) for line in acknowledged)
    ]


def test_the_committed_schema_is_the_served_one():
    assert COMMITTED.read_text() == schema_sdl(), (
        "schema.graphql differs from the schema the code serves: run `make export-schema` "
        "(or `clientela export-schema`) and commit schema.graphql; a breaking change also "
        "needs a line in docs/changelog.md (see tests/test_schema_contract.py)"
    )


def test_breaking_changes_since_the_last_release_are_in_the_changelog():
    missing = unacknowledged(BASELINE.read_text(), schema_sdl(), CHANGELOG.read_text())
    assert not missing, (
        "Breaking API changes since the last release (docs/schema-baseline.graphql) that "
        "docs/changelog.md does not acknowledge. If they are deliberate, add under "
        "'## Unreleased':\n"
        + "\n".join(f"- Breaking: {d} <why; what to use instead>" for d in missing)
    )


OLD = """
type Query { client(id: ID!): Client }
type Client { id: ID! name: String! nickname: String }
enum ErrorCode { NOT_FOUND INVALID }
"""
NEW = """
type Query { client(id: ID!, org: ID!): Client }
type Client { id: ID! name: String! }
enum ErrorCode { NOT_FOUND }
"""


def test_a_removed_field_enum_value_or_new_required_argument_is_caught():
    assert sorted(unacknowledged(OLD, NEW, "")) == [
        "A required argument Query.client(org:) was added.",
        "Enum value ErrorCode.INVALID was removed.",
        "Field Client.nickname was removed.",
    ]
    assert {c.type for c in find_breaking_changes(build_schema(OLD), build_schema(NEW))} == {
        BreakingChangeType.FIELD_REMOVED,
        BreakingChangeType.VALUE_REMOVED_FROM_ENUM,
        BreakingChangeType.REQUIRED_ARG_ADDED,
    }


def test_a_changelog_line_acknowledges_exactly_the_change_it_names():
    changelog = (
        "## Unreleased\n"
        "- Breaking: Field Client.nickname was removed. Use Client.name.\n"
        "- Breaking: Enum value ErrorCode.INVALID was removed. Never sent since 0.1.\n"
    )
    assert unacknowledged(OLD, NEW, changelog) == [
        "A required argument Query.client(org:) was added."
    ]
    assert unacknowledged(OLD, OLD, "") == []
