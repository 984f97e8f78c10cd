"""Tags in bulk (R6.1), the rest of the filter (R6.2), segments and their exports (R6.3)."""

from __future__ import annotations

import csv
import io
from datetime import date

import orjson
import pytest

from models import ActivityEntry, ClientTag, Segment, Tag
from models.enums import StaffRole
from resolvers.clients.client_filter import birthday_window
from tests.factories import (
    make_actor,
    make_api_key,
    make_client,
    make_level,
    make_org,
    make_session_token,
    make_staff,
)
from tests.helpers import count_statements, http_client, run

ADD = """mutation($input: ChangeTagsInput!) { addTags(input: $input) { changed tags { name } userErrors { field code } } }"""
REMOVE = """mutation($input: ChangeTagsInput!) { removeTags(input: $input) { changed userErrors { field code } } }"""
CREATE = """mutation($name: String!, $filter: ClientFilterInput!) { createSegment(input: {name: $name, filter: $filter}) {
  segment { id name count exportUrls members(first: 2) { totalCount nodes { firstName } } } userErrors { field code } } }"""


@pytest.fixture
async def gym(db):
    org = await make_org()
    return org, await make_actor(org, StaffRole.MARKETING)


async def test_tags_are_added_in_bulk_once_and_case_insensitively(gym):
    org, actor = gym
    clients = [await make_client(org, city="Roma" if i % 2 else "Milano") for i in range(6)]
    await make_client(await make_org(), city="Roma")  # another organization's client is not touched
    first = await run(
        ADD,
        {"input": {"tags": ["VIP ", "vip", "Yoga"], "filter": {"cities": ["roma"]}}},
        actor=actor,
    )
    assert first["addTags"]["changed"] == 3
    assert sorted(t["name"] for t in first["addTags"]["tags"]) == ["VIP", "Yoga"]
    again = await run(
        ADD, {"input": {"tags": ["vip"], "clientIds": [str(c.uuid) for c in clients]}}, actor=actor
    )
    assert again["addTags"]["changed"] == 3  # only the Milano ones gained it
    assert await Tag.filter(organization=org).count() == 2
    assert await ClientTag.filter(tag__key="vip").count() == 6
    entries = await ActivityEntry.filter(action="tags.added").count()
    assert entries == 6
    removed = await run(REMOVE, {"input": {"tags": ["YOGA"], "filter": {}}}, actor=actor)
    assert removed["removeTags"]["changed"] == 3
    assert await ClientTag.filter(tag__key="yoga").count() == 0


async def test_bulk_tagging_costs_the_same_statements_for_ten_or_a_thousand(gym):
    org, actor = gym
    for i in range(1200):
        await make_client(org, city="Big" if i < 1000 else "Small")
    with count_statements() as small:
        await run(ADD, {"input": {"tags": ["promo"], "filter": {"cities": ["Small"]}}}, actor=actor)
    with count_statements() as large:
        await run(ADD, {"input": {"tags": ["promo2"], "filter": {"cities": ["Big"]}}}, actor=actor)
    # one batch of up to 1,000 clients: the same statements whatever its size
    assert large.count == small.count, (small.statements, large.statements)


@pytest.mark.parametrize(
    ("input_", "errors"),
    [
        ({"tags": [], "filter": {}}, [(["tags"], "OUT_OF_RANGE")]),
        ({"tags": ["x" * 65], "filter": {}}, [(["tags", "0"], "TOO_LONG")]),
        ({"tags": ["ok"]}, [(None, "REQUIRED")]),
        (
            {"tags": ["ok"], "clientIds": ["3f2b8f0e-1111-4222-8333-444455556666"]},
            [(["clientIds", "0"], "NOT_FOUND")],
        ),
    ],
)
async def test_bad_tag_requests_change_nothing(gym, input_, errors):
    org, actor = gym
    await make_client(org)
    data = await run(ADD, {"input": input_}, actor=actor)
    assert [(e["field"], e["code"]) for e in data["addTags"]["userErrors"]] == errors
    assert await Tag.all().count() == 0


async def test_birthday_window_crosses_the_new_year(db):
    from models import Client

    org = await make_org()
    for name, born in (
        ("dec30", date(1990, 12, 30)),
        ("jan03", date(1985, 1, 3)),
        ("dec20", date(1990, 12, 20)),
        ("jan20", date(1985, 1, 20)),
    ):
        await make_client(org, first_name=name, birthday=born)

    async def within(days, today):
        rows = await Client.filter(organization=org).filter(birthday_window(days, today=today))
        return sorted(c.first_name for c in rows)

    assert await within(10, date(2026, 12, 28)) == ["dec30", "jan03"]
    assert await within(10, date(2026, 12, 15)) == ["dec20"]
    assert await within(366, date(2026, 6, 1)) == ["dec20", "dec30", "jan03", "jan20"]


async def test_filter_by_upcoming_birthday_and_generic_fields(gym):
    org, actor = gym
    today = date.today()
    soon = today.replace(year=1990)
    await make_client(
        org, first_name="Soon", birthday=soon, int1=42, text1="Size M", date1=date(2026, 3, 1)
    )
    await make_client(
        org,
        first_name="Later",
        birthday=date(1990, (today.month % 12) + 1, 28) if today.day < 20 else None,
        int1=7,
        text1="Size L",
    )
    query = (
        "query($f: ClientFilterInput) { clients(filter: $f, first: 50) { nodes { firstName } } }"
    )

    async def names(f):
        return sorted(
            n["firstName"] for n in (await run(query, {"f": f}, actor=actor))["clients"]["nodes"]
        )

    assert await names({"birthdayWithinDays": 0}) == ["Soon"]
    assert await names({"generic": [{"field": "INT1", "min": 40}]}) == ["Soon"]
    assert await names({"generic": [{"field": "TEXT1", "contains": "size"}]}) == ["Later", "Soon"]
    assert await names({"generic": [{"field": "TEXT1", "equals": "size l"}]}) == ["Later"]
    assert await names(
        {"generic": [{"field": "DATE1", "from": "2026-01-01", "to": "2026-12-31"}]}
    ) == ["Soon"]
    bad = await http_post_errors(
        actor, query, {"f": {"generic": [{"field": "INT1", "contains": "x"}]}}
    )
    assert bad == ["BAD_USER_INPUT"]


async def http_post_errors(actor, query, variables):
    from tests.helpers import execute

    result = await execute(query, variables, actor=actor)
    return [e.extensions["code"] for e in result.errors]


async def test_segments_are_saved_counted_paged_and_renamed(gym):
    org, actor = gym
    for i in range(3):
        await make_client(org, first_name=f"Vip{i}", tags=["VIP"])
    await make_client(org, first_name="Plain")
    data = await run(CREATE, {"name": "VIPs", "filter": {"tags": {"any": ["vip"]}}}, actor=actor)
    segment = data["createSegment"]["segment"]
    assert (
        segment["count"],
        segment["members"]["totalCount"],
        len(segment["members"]["nodes"]),
    ) == (3, 3, 2)
    assert segment["exportUrls"] == [
        f"/export/segments/{segment['id']}.csv",
        f"/export/segments/{segment['id']}.jsonl",
    ]
    dup = await run(CREATE, {"name": "vips", "filter": {}}, actor=actor)
    assert dup["createSegment"]["userErrors"] == [{"field": ["name"], "code": "NAME_IN_USE"}]
    update = 'mutation($id: ID!) { updateSegment(input: {segmentId: $id, name: "Everyone", filter: {}}) { segment { name count } } }'
    assert (await run(update, {"id": segment["id"]}, actor=actor))["updateSegment"]["segment"] == {
        "name": "Everyone",
        "count": 4,
    }
    listed = await run("{ segments { name } }", actor=actor)
    assert listed["segments"] == [{"name": "Everyone"}]
    other = await make_actor(await make_org(), StaffRole.MARKETING)
    assert (
        await run(
            "query($id: ID!) { segment(id: $id) { name } }", {"id": segment["id"]}, actor=other
        )
    ) == {"segment": None}
    delete = "mutation($id: ID!) { deleteSegment(input: {segmentId: $id}) { userErrors { code } } }"
    assert (await run(delete, {"id": segment["id"]}, actor=actor))["deleteSegment"][
        "userErrors"
    ] == []
    assert await Segment.all().count() == 0


async def test_notifications_go_to_a_segment(gym):
    org, actor = gym
    await make_client(org, tags=["VIP"], email="a@example.com")
    await make_client(org)
    segment = (
        await run(CREATE, {"name": "VIPs", "filter": {"tags": {"any": ["VIP"]}}}, actor=actor)
    )["createSegment"]["segment"]
    send = """mutation($id: ID!) { sendNotification(input: {type: MANUAL, channels: [EMAIL], segmentId: $id,
        params: {title: "t", body: "b"}}) { recipients userErrors { code } } }"""
    assert (await run(send, {"id": segment["id"]}, actor=actor))["sendNotification"] == {
        "recipients": 1,
        "userErrors": [],
    }


async def test_exports_stream_csv_and_json_lines_with_the_same_auth(gym):
    org, actor = gym
    await make_client(
        org,
        first_name='=HYPERLINK("x")',
        last_name="Rossi",
        phone="+393331234567",
        tags=["VIP", "Yoga"],
    )
    await make_client(org, first_name="Ana", tags=["VIP"])
    segment = (
        await run(CREATE, {"name": "VIPs", "filter": {"tags": {"any": ["VIP"]}}}, actor=actor)
    )["createSegment"]["segment"]
    token = await make_session_token(await make_staff(org, StaffRole.MARKETING))
    reader = await make_session_token(await make_staff(org, StaffRole.READ_ONLY))
    stranger = await make_session_token(await make_staff(await make_org(), StaffRole.OWNER))
    base = f"/export/segments/{segment['id']}"
    async with http_client() as http:

        def get(path, who):
            return http.get(path, headers={"Authorization": f"Bearer {who}"} if who else {})

        csv_response = await get(f"{base}.csv", token)
        jsonl_response = await get(f"{base}.jsonl", token)
        assert (await get(f"{base}.csv", None)).status_code == 401
        assert (await get(f"{base}.csv", reader)).status_code == 403
        assert (await get(f"{base}.csv", stranger)).status_code == 404
        assert (await get(f"{base}.xml", token)).status_code == 404
        assert (await make_api_key(org)).startswith("ck_")
    assert csv_response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(csv_response.text)))
    assert sorted(r["first_name"] for r in rows) == ['\'=HYPERLINK("x")', "Ana"]
    # OWASP's rule holds for phones too: the quote keeps "+39..." from being a formula.
    assert {r["phone"] for r in rows} == {"'+393331234567", ""}
    records = [orjson.loads(line) for line in jsonl_response.text.splitlines()]
    assert sorted(tuple(r["tags"]) for r in records) == [("VIP",), ("VIP", "Yoga")]


async def test_segment_members_need_clients_read(gym):
    from models.access import Permission
    from resolvers.access.auth import authenticate

    org, _ = gym
    await make_client(org, email="secret@example.com")
    key_actor = await authenticate(await make_api_key(org, Permission.SEGMENTS_MANAGE))
    codes = await http_post_errors(
        key_actor,
        'mutation { createSegment(input: {name: "all", filter: {}}) { segment { members { nodes { email } } } } }',
        None,
    )
    assert codes == ["FORBIDDEN"]


async def test_csv_cells_never_start_a_formula_and_carry_every_field(gym):
    org, actor = gym
    await run(
        'mutation { setFieldLabel(input: {field: TEXT1, label: "Shoe size"}) { userErrors { code } } }',
        actor=await make_actor(org),
    )
    await make_client(
        org,
        first_name="+1 (555) @x",
        last_name="-2+3+cmd|' /C calc'!A0",
        city="\tTab",
        text1="@SUM(A1)",
        text2="-42",
        int1=-7,
        locale="es",
        registration_code="=REG",
        tags=["VIP", "=evil"],
    )
    segment = (
        await run(CREATE, {"name": "VIPs", "filter": {"tags": {"any": ["VIP"]}}}, actor=actor)
    )["createSegment"]["segment"]
    token = await make_session_token(await make_staff(org, StaffRole.MARKETING))
    async with http_client() as http:
        response = await http.get(
            f"/export/segments/{segment['id']}.csv", headers={"Authorization": f"Bearer {token}"}
        )
    (row,) = list(csv.DictReader(io.StringIO(response.text)))
    assert row["last_name"] == "'-2+3+cmd|' /C calc'!A0"
    assert row["first_name"] == "'+1 (555) @x"
    assert row["city"] == "'\tTab"
    assert row["Shoe size"] == "'@SUM(A1)"
    assert row["text2"] == "'-42"
    assert row["int1"] == "-7"  # a number is no formula
    assert row["registration_code"] == "'=REG"
    assert row["tags"] == "'=evil;VIP"
    assert row["locale"] == "es"
    assert len(row["share_code"]) >= 6
    for name in ("identification_type", "identification_number", "date1", "int5", "text5"):
        assert name in row
    for name, value in row.items():
        if name != "int1":
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r"))


async def test_a_segment_gives_its_filter_back_in_the_inputs_shape(gym):
    org, actor = gym
    level = await make_level(org, "Gold", 100)
    await make_client(org, city="Roma", tags=["VIP"], points=150, level=level, gender="female")
    given = {
        "tags": {"any": ["VIP"], "none": ["Lapsed"]},
        "status": ["ACTIVE", "INACTIVE"],
        "levelIds": [str(level.uuid)],
        "cities": ["roma"],
        "genders": ["FEMALE"],
        "points": {"min": 100},
        "registeredAt": {"from": "2020-01-01T00:00:00+00:00"},
        "birthdayWithinDays": 30,
        "generic": [{"field": "TEXT1", "contains": "4"}, {"field": "INT1", "min": 3}],
        "search": "ross",
    }
    created = await run(
        'mutation($f: ClientFilterInput!) { createSegment(input: {name: "Edit me", filter: $f}) '
        "{ segment { id filter } } }",
        {"f": given},
        actor=actor,
    )
    segment = created["createSegment"]["segment"]
    assert segment["filter"] == given
    # A console sends the same data back as the filter: it is accepted as is.
    with_filter = CREATE.replace("segment { id", "segment { filter id")
    again = await run(with_filter, {"name": "Copy", "filter": segment["filter"]}, actor=actor)
    assert again["createSegment"]["segment"]["filter"] == given
    assert again["createSegment"]["segment"]["count"] == 0  # "ross" matches nobody here
    simple = await run(with_filter, {"name": "Cities", "filter": {"cities": ["Roma"]}}, actor=actor)
    assert simple["createSegment"]["segment"]["filter"] == {"cities": ["Roma"]}
