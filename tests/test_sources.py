"""The field descriptions of schema/sources.py are the API's (issue 16: a field is described
once): every type read from a table takes them, and no type writes its own beside them."""

from __future__ import annotations

import pytest
import strawberry

from schema import schema
from schema.sources import ABOUT, DESCRIBED, TABLES, from_sources


def test_every_table_type_takes_its_descriptions_from_the_sources():
    assert set(TABLES) <= DESCRIBED


@pytest.mark.parametrize("name", sorted(TABLES))
def test_each_described_field_is_documented_by_its_source(name):
    kind = schema._schema.get_type(name)
    about = ABOUT.get(name, {})
    # Every field with a source has its description beside it, and only fields that exist.
    assert {f for f in TABLES[name].fields if f in kind.fields} <= set(about)
    assert set(about) <= set(kind.fields)
    for field, text in about.items():
        assert kind.fields[field].description == text


def test_a_field_described_twice_is_refused(monkeypatch):
    @strawberry.type(description="A test type.")
    class Sample:
        id: strawberry.ID = strawberry.field(description="Written here too.")

    monkeypatch.setitem(ABOUT, "Sample", {"id": "Public id."})
    with pytest.raises(TypeError, match="described twice"):
        from_sources(Sample)

    @strawberry.type(description="A test type.")
    class Quiet:
        id: strawberry.ID

    monkeypatch.setitem(ABOUT, "Quiet", {"id": "Public id."})
    assert from_sources(Quiet) is Quiet
    assert Quiet.__strawberry_definition__.fields[0].description == "Public id."
