"""addNote, createLevel and setFieldLabel."""

from __future__ import annotations

import pytest

from models import ActivityEntry, FieldLabel, Level, Note
from tests.factories import counts, make_actor, make_client, make_level, make_org
from tests.helpers import run

ADD_NOTE = """mutation($id: ID!, $body: String!) {
  addNote(input: {clientId: $id, body: $body}) { note { body authorType authorName } userErrors { field code } }
}"""
CREATE_LEVEL = """mutation($name: String!, $threshold: Int!) {
  createLevel(input: {name: $name, threshold: $threshold}) { level { name threshold } userErrors { field code } }
}"""
SET_LABEL = """mutation($field: GenericField!, $label: String) {
  setFieldLabel(input: {field: $field, label: $label}) { fieldLabel { field label } userErrors { field code } }
}"""


async def test_add_note_keeps_the_text_and_logs_it(db):
    org = await make_org()
    client = await make_client(org)
    actor = await make_actor(org)
    data = await run(
        ADD_NOTE, {"id": str(client.uuid), "body": "  Likes\nmorning classes  "}, actor=actor
    )
    assert data["addNote"] == {
        "note": {"body": "Likes\nmorning classes", "authorType": "STAFF", "authorName": actor.name},
        "userErrors": [],
    }
    note = await Note.get(client=client)
    (entry,) = await ActivityEntry.filter(client=client)
    assert (entry.action, entry.changes) == ("note.added", {"note": [None, str(note.uuid)]})


@pytest.mark.parametrize(
    ("body", "code"), [("   ", "REQUIRED"), ("x" * 5001, "TOO_LONG"), ("bell\x07", "INVALID")]
)
async def test_bad_notes_are_refused(db, body, code):
    org = await make_org()
    client = await make_client(org)
    before = await counts()
    data = await run(ADD_NOTE, {"id": str(client.uuid), "body": body}, actor=await make_actor(org))
    assert data["addNote"] == {"note": None, "userErrors": [{"field": ["body"], "code": code}]}
    assert await counts() == before


async def test_levels_are_unique_by_name_and_threshold(db):
    org = await make_org()
    await make_level(org, "Gold", 1000)
    actor = await make_actor(org)
    ok = await run(CREATE_LEVEL, {"name": " Silver ", "threshold": 500}, actor=actor)
    assert ok["createLevel"] == {"level": {"name": "Silver", "threshold": 500}, "userErrors": []}
    cases = [
        ({"name": "GOLD", "threshold": 5}, ["name"], "NAME_IN_USE"),
        ({"name": "Platinum", "threshold": 1000}, ["threshold"], "THRESHOLD_IN_USE"),
        ({"name": "Neg", "threshold": -1}, ["threshold"], "OUT_OF_RANGE"),
        ({"name": "", "threshold": 3}, ["name"], "REQUIRED"),
        ({"name": "n" * 65, "threshold": 3}, ["name"], "TOO_LONG"),
    ]
    for variables, field, code in cases:
        data = await run(CREATE_LEVEL, variables, actor=actor)
        assert data["createLevel"] == {
            "level": None,
            "userErrors": [{"field": field, "code": code}],
        }
    assert await Level.filter(organization=org).count() == 2


async def test_the_same_level_name_in_two_organizations(db):
    await make_level(await make_org(), "Gold", 1000)
    data = await run(
        CREATE_LEVEL, {"name": "Gold", "threshold": 1000}, actor=await make_actor(await make_org())
    )
    assert data["createLevel"]["userErrors"] == []


async def test_field_labels_are_set_changed_and_removed(db):
    org = await make_org()
    actor = await make_actor(org)
    data = await run(SET_LABEL, {"field": "TEXT1", "label": "Shoe size"}, actor=actor)
    assert data["setFieldLabel"] == {
        "fieldLabel": {"field": "TEXT1", "label": "Shoe size"},
        "userErrors": [],
    }
    await run(SET_LABEL, {"field": "TEXT1", "label": "Shoe size (EU)"}, actor=actor)
    await run(SET_LABEL, {"field": "DATE2", "label": "Medical certificate expiry"}, actor=actor)
    labels = await run("{ fieldLabels { field label } }", actor=actor)
    assert labels["fieldLabels"] == [
        {"field": "DATE2", "label": "Medical certificate expiry"},
        {"field": "TEXT1", "label": "Shoe size (EU)"},
    ]
    data = await run(SET_LABEL, {"field": "TEXT1", "label": ""}, actor=actor)
    assert data["setFieldLabel"] == {"fieldLabel": None, "userErrors": []}
    assert await FieldLabel.filter(organization=org).count() == 1


async def test_a_too_long_label_changes_nothing(db):
    org = await make_org()
    actor = await make_actor(org)
    await run(SET_LABEL, {"field": "INT1", "label": "Locker"}, actor=actor)
    data = await run(SET_LABEL, {"field": "INT1", "label": "x" * 101}, actor=actor)
    assert data["setFieldLabel"] == {
        "fieldLabel": None,
        "userErrors": [{"field": ["label"], "code": "TOO_LONG"}],
    }
    assert (await FieldLabel.get(organization=org)).label == "Locker"
