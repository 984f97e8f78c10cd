"""What staff create they can also correct (R9.3): notes, levels, tags; each with its
permission and audit, and refusals that change nothing."""

from __future__ import annotations

from models import ActivityEntry, AuditEntry, Client, ClientTag, Note, Tag
from models.enums import StaffRole
from resolvers.access.actor import Actor
from tests.factories import (
    counts,
    make_actor,
    make_client,
    make_level,
    make_note,
    make_org,
    make_staff,
)
from tests.helpers import error_codes, run

EDIT = """mutation($id: ID!, $body: String!) { editNote(input: {noteId: $id, body: $body}) {
  note { body } userErrors { field code } } }"""
DELETE = """mutation($id: ID!) { deleteNote(input: {noteId: $id}) { note { body } userErrors { field code } } }"""


async def _staff_note(org, role=StaffRole.AGENT):
    author = Actor.for_staff(await make_staff(org, role))
    client = await make_client(org)
    added = await run(
        'mutation($id: ID!) { addNote(input: {clientId: $id, body: "Allergic to nutz"}) '
        "{ note { id } } }",
        {"id": str(client.uuid)},
        actor=author,
    )
    return author, client, added["addNote"]["note"]["id"]


async def test_the_author_edits_and_deletes_a_note_and_the_log_keeps_the_old_text(db):
    org = await make_org()
    author, client, note_id = await _staff_note(org)
    edited = await run(EDIT, {"id": note_id, "body": "Allergic to nuts"}, actor=author)
    assert edited["editNote"] == {"note": {"body": "Allergic to nuts"}, "userErrors": []}
    deleted = await run(DELETE, {"id": note_id}, actor=author)
    assert deleted["deleteNote"]["userErrors"] == []
    assert await Note.filter(client_id=client.id).count() == 0
    log = {
        entry.action: entry.changes
        for entry in await ActivityEntry.filter(client_id=client.id, action__startswith="note.")
    }
    assert log["note.edited"]["body"] == ["Allergic to nutz", "Allergic to nuts"]
    assert log["note.deleted"]["body"] == ["Allergic to nuts", None]


async def test_another_agent_cannot_touch_a_note_but_an_admin_can(db):
    org = await make_org()
    _author, _client, note_id = await _staff_note(org)
    other = await make_actor(org, StaffRole.AGENT)
    before = await counts()
    for query, variables in ((EDIT, {"id": note_id, "body": "x"}), (DELETE, {"id": note_id})):
        data = await run(query, variables, actor=other)
        (payload,) = data.values()
        assert payload == {
            "note": None,
            "userErrors": [{"field": ["noteId"], "code": "NOT_NOTE_AUTHOR"}],
        }
    assert await counts() == before
    admin = await make_actor(org, StaffRole.ADMIN)
    assert (await run(EDIT, {"id": note_id, "body": "ok"}, actor=admin))["editNote"][
        "userErrors"
    ] == []
    stranger = await make_actor(await make_org())
    data = await run(DELETE, {"id": note_id}, actor=stranger)
    assert data["deleteNote"]["userErrors"] == [{"field": ["noteId"], "code": "NOT_FOUND"}]
    assert await error_codes(
        DELETE, {"id": note_id}, actor=await make_actor(org, StaffRole.READ_ONLY)
    ) == ["FORBIDDEN"]


async def test_a_system_note_is_corrected_by_an_admin_only(db):
    org = await make_org()
    note = await make_note(await make_client(org), "Imported")
    data = await run(
        EDIT, {"id": str(note.uuid), "body": "x"}, actor=await make_actor(org, StaffRole.AGENT)
    )
    assert data["editNote"]["userErrors"] == [{"field": ["noteId"], "code": "NOT_NOTE_AUTHOR"}]


UPDATE_LEVEL = """mutation($input: UpdateLevelInput!) { updateLevel(input: $input) {
  level { name threshold } userErrors { field code } } }"""


async def test_levels_are_renamed_rethresholded_and_removed_and_clients_follow_points(db):
    org = await make_org()
    actor = await make_actor(org)
    bronze = await make_level(org, "Bronze", 0)
    silver = await make_level(org, "Silver", 500)
    gold = await make_level(org, "Gold", 2000)
    poor = await make_client(org, points=100, level=bronze)
    mid = await make_client(org, points=800, level=silver)
    manual = await make_client(org, points=50, level=gold, level_set_manually=True)

    renamed = await run(
        UPDATE_LEVEL, {"input": {"levelId": str(silver.uuid), "name": "Argento"}}, actor=actor
    )
    assert renamed["updateLevel"] == {
        "level": {"name": "Argento", "threshold": 500},
        "userErrors": [],
    }
    moved = await run(
        UPDATE_LEVEL, {"input": {"levelId": str(gold.uuid), "threshold": 700}}, actor=actor
    )
    assert moved["updateLevel"]["userErrors"] == []
    assert (await Client.get(id=mid.id)).level_id == gold.id  # 800 points reach Gold now
    assert (await Client.get(id=manual.id)).level_id == gold.id  # set by hand: stays
    assert (await Client.get(id=poor.id)).level_id == bronze.id

    deleted = await run(
        "mutation($id: ID!) { deleteLevel(input: {levelId: $id}) { level { name } userErrors { code } } }",
        {"id": str(gold.uuid)},
        actor=actor,
    )
    assert deleted["deleteLevel"] == {"level": {"name": "Gold"}, "userErrors": []}
    assert (await Client.get(id=mid.id)).level_id == silver.id
    manual_now = await Client.get(id=manual.id)
    assert (manual_now.level_id, manual_now.level_set_manually) == (bronze.id, False)
    assert await ActivityEntry.filter(client_id=mid.id, action="level.followed_points").count() == 2
    assert sorted(await AuditEntry.all().values_list("action", flat=True)) == [
        "level.deleted",
        "level.updated",
        "level.updated",
    ]


async def test_level_corrections_refused_change_nothing(db):
    org = await make_org()
    actor = await make_actor(org)
    await make_level(org, "Bronze", 0)
    silver = await make_level(org, "Silver", 500)
    before = await counts()
    for patch, code in (
        ({"name": "bronze"}, "NAME_IN_USE"),
        ({"threshold": 0}, "THRESHOLD_IN_USE"),
        ({"threshold": -1}, "OUT_OF_RANGE"),
    ):
        data = await run(
            UPDATE_LEVEL, {"input": {"levelId": str(silver.uuid), **patch}}, actor=actor
        )
        assert [e["code"] for e in data["updateLevel"]["userErrors"]] == [code]
    assert await counts() == before
    assert await error_codes(
        UPDATE_LEVEL,
        {"input": {"levelId": str(silver.uuid), "name": "X"}},
        actor=await make_actor(org, StaffRole.AGENT),
    ) == ["FORBIDDEN"]


async def test_tags_are_renamed_and_deleted(db):
    org = await make_org()
    actor = await make_actor(org)
    a = await make_client(org, tags=["Yoga", "VIP"])
    await make_client(org, tags=["Yoga"])
    yoga = await Tag.get(organization=org, name="Yoga")
    vip = await Tag.get(organization=org, name="VIP")
    rename = """mutation($id: ID!, $name: String!) { renameTag(input: {tagId: $id, name: $name}) {
      tag { name } userErrors { field code } } }"""
    segment = await run(
        'mutation { createSegment(input: {name: "Yogis", filter: {tags: {any: ["yoga"]}}}) '
        "{ segment { id } } }",
        actor=actor,
    )
    assert (await run(rename, {"id": str(yoga.uuid), "name": "Hatha Yoga"}, actor=actor))[
        "renameTag"
    ] == {"tag": {"name": "Hatha Yoga"}, "userErrors": []}
    kept = await run(
        "query($id: ID!) { segment(id: $id) { count filter } }",
        {"id": segment["createSegment"]["segment"]["id"]},
        actor=actor,
    )
    assert kept["segment"] == {"count": 2, "filter": {"tags": {"any": ["Hatha Yoga"]}}}
    before = await counts()
    taken = await run(rename, {"id": str(yoga.uuid), "name": "vip"}, actor=actor)
    assert taken["renameTag"]["userErrors"] == [{"field": ["name"], "code": "NAME_IN_USE"}]
    assert await counts() == before

    deleted = await run(
        "mutation($id: ID!) { deleteTag(input: {tagId: $id}) { clientsChanged userErrors { code } } }",
        {"id": str(yoga.uuid)},
        actor=actor,
    )
    assert deleted["deleteTag"] == {"clientsChanged": 2, "userErrors": []}
    assert await ClientTag.filter(client_id=a.id).values_list("tag_id", flat=True) == [vip.id]
    entry = await ActivityEntry.get(client_id=a.id, action="tags.removed")
    assert entry.changes == {"tagsRemoved": [None, ["Hatha Yoga"]]}
    assert await Tag.filter(organization=org).count() == 1
    assert await error_codes(
        "mutation($id: ID!) { deleteTag(input: {tagId: $id}) { userErrors { code } } }",
        {"id": str(vip.uuid)},
        actor=await make_actor(org, StaffRole.READ_ONLY),
    ) == ["FORBIDDEN"]
