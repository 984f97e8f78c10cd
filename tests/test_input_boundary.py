"""One input boundary (issue 14): every string, date and datetime any root field receives is
checked once before its resolver runs. Query arguments are refused as BAD_USER_INPUT; mutation
inputs as userErrors with a code at the field's path. Never INTERNAL_SERVER_ERROR, never a
change, never the value in the answer or the log."""

from __future__ import annotations

import logging

import pytest

from models import Client, Note, Order, PointsEntry
from tests.factories import make_actor, make_client, make_org
from tests.helpers import execute

NUL = "a\x00b"
SURROGATE = "a\ud800"
CONTROL = "a\x1bb"
FAR_FUTURE = "9999-12-31T23:59:59-14:00"
FAR_PAST = "0001-01-01T00:00:00+14:00"
NAIVE = "2027-01-01T00:00:00"
BARE_DATE = "2027-01-01"


@pytest.fixture
async def staff(db):
    org = await make_org(slug="gym")
    actor = await make_actor(org)
    client = await make_client(org, first_name="Ann", external_id="POS-1")
    return org, actor, client


async def refused_at_top(document, variables, actor):
    result = await execute(document, variables, actor=actor)
    assert result.errors is not None, result.data
    codes = [e.extensions["code"] for e in result.errors]
    assert codes == ["BAD_USER_INPUT"], [e.message for e in result.errors]
    return result.errors[0].message


async def user_errors(document, variables, actor, name):
    result = await execute(document, variables, actor=actor)
    assert result.errors is None, [e.message for e in result.errors]
    return result.data[name]["userErrors"]


CLIENTS = "query($filter: ClientFilterInput) { clients(filter: $filter) { totalCount } }"


@pytest.mark.parametrize("bad", [NUL, SURROGATE, CONTROL, "x" * 10_001])
@pytest.mark.parametrize(
    "filter_",
    [
        lambda v: {"search": v},
        lambda v: {"tags": {"any": [v]}},
        lambda v: {"cities": ["Rome", v]},
        lambda v: {"generic": [{"field": "TEXT1", "contains": v}]},
    ],
    ids=["search", "tags", "cities", "generic"],
)
async def test_query_arguments_are_refused_as_bad_user_input(staff, bad, filter_, caplog):
    _org, actor, _client = staff
    with caplog.at_level(logging.DEBUG):
        message = await refused_at_top(CLIENTS, {"filter": filter_(bad)}, actor)
    assert "filter." in message
    assert bad not in message
    assert all(bad not in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("bad", [NUL, SURROGATE])
async def test_client_by_external_id_refuses_what_no_id_can_hold(staff, bad):
    _org, actor, _client = staff
    query = "query($id: String!) { clientByExternalId(externalId: $id) { id } }"
    message = await refused_at_top(query, {"id": bad}, actor)
    assert "externalId" in message


async def test_an_external_id_longer_than_any_stored_one_is_bad_input_without_the_value(
    staff, caplog
):
    _org, actor, _client = staff
    query = "query($id: String!) { clientByExternalId(externalId: $id) { id } }"
    value = "Z" * 300
    with caplog.at_level(logging.DEBUG):
        message = await refused_at_top(query, {"id": value}, actor)
    assert value not in message
    assert all(value not in r.getMessage() and not r.exc_info for r in caplog.records)


ACCOUNT_MUTATIONS = {
    "login": (
        "mutation($input: LoginInput!) { login(input: $input) { userErrors { field code } } }",
        {"email": "a@example.com", "password": "secret-secret"},
    ),
    "registerAccount": (
        "mutation($input: RegisterAccountInput!) { registerAccount(input: $input) { accepted userErrors { field code } } }",
        {
            "email": "a@example.com",
            "password": "a long enough password 1",
            "firstName": "A",
            "lastName": "B",
        },
    ),
    "requestLoginLink": (
        "mutation($input: AccountEmailInput!) { requestLoginLink(input: $input) { accepted userErrors { field code } } }",
        {"email": "a@example.com"},
    ),
    "requestPasswordReset": (
        "mutation($input: AccountEmailInput!) { requestPasswordReset(input: $input) { accepted userErrors { field code } } }",
        {"email": "a@example.com"},
    ),
}


@pytest.mark.parametrize("bad", [NUL, SURROGATE])
@pytest.mark.parametrize("name", sorted(ACCOUNT_MUTATIONS))
async def test_account_mutations_answer_a_user_error_without_a_token(staff, name, bad):
    document, input_ = ACCOUNT_MUTATIONS[name]
    errors = await user_errors(document, {"input": {**input_, "organization": bad}}, None, name)
    assert errors == [{"field": ["organization"], "code": "INVALID"}]


async def test_staff_login_email_with_nul(db):
    document = "mutation($input: StaffLoginInput!) { staffLogin(input: $input) { token userErrors { field code } } }"
    result = await execute(document, {"input": {"email": NUL, "password": "x"}})
    assert result.errors is None
    assert result.data["staffLogin"] == {
        "token": None,
        "userErrors": [{"field": ["email"], "code": "INVALID"}],
    }


async def test_create_client_referred_by_share_code_with_nul(staff):
    _org, actor, _client = staff
    document = "mutation($input: CreateClientInput!) { createClient(input: $input) { client { id } userErrors { field code } } }"
    errors = await user_errors(
        document, {"input": {"firstName": "B", "referredByShareCode": NUL}}, actor, "createClient"
    )
    assert errors == [{"field": ["referredByShareCode"], "code": "INVALID"}]
    assert await Client.all().count() == 1


async def test_add_note_with_a_lone_surrogate(staff):
    _org, actor, client = staff
    document = (
        "mutation($input: AddNoteInput!) { addNote(input: $input) { userErrors { field code } } }"
    )
    errors = await user_errors(
        document, {"input": {"clientId": str(client.uuid), "body": SURROGATE}}, actor, "addNote"
    )
    assert errors == [{"field": ["body"], "code": "INVALID"}]
    assert await Note.all().count() == 0


ADD_POINTS = "mutation($input: AddPointsInput!) { addPoints(input: $input) { entry { id } userErrors { field code } } }"


@pytest.mark.parametrize(
    ("when", "code"),
    [
        (NAIVE, "INVALID"),
        (BARE_DATE, "INVALID"),
        (FAR_FUTURE, "OUT_OF_RANGE"),
        (FAR_PAST, "OUT_OF_RANGE"),
    ],
)
async def test_add_points_expiry_without_zone_or_out_of_range(staff, when, code):
    _org, actor, client = staff
    input_ = {"clientId": str(client.uuid), "amount": 5, "reason": "r", "expiresAt": when}
    errors = await user_errors(ADD_POINTS, {"input": input_}, actor, "addPoints")
    assert errors == [{"field": ["expiresAt"], "code": code}]
    assert await PointsEntry.all().count() == 0


@pytest.mark.parametrize("when", [FAR_FUTURE, FAR_PAST, NAIVE])
async def test_dates_at_the_edges_in_every_place_that_takes_one(staff, when):
    _org, actor, client = staff
    await refused_at_top(CLIENTS, {"filter": {"registeredAt": {"from": when}}}, actor)
    create = "mutation($input: CreateClientInput!) { createClient(input: $input) { userErrors { field code } } }"
    errors = await user_errors(
        create, {"input": {"firstName": "C", "registeredAt": when}}, actor, "createClient"
    )
    assert [e["field"] for e in errors] == [["registeredAt"]]
    order = "mutation($input: RecordOrderInput!) { recordOrder(input: $input) { userErrors { field code } } }"
    errors = await user_errors(
        order,
        {
            "input": {
                "clientId": str(client.uuid),
                "status": "PAID",
                "total": "10.00",
                "currency": "EUR",
                "orderedAt": when,
            }
        },
        actor,
        "recordOrder",
    )
    assert [e["field"] for e in errors] == [["orderedAt"]]
    booking = "mutation($input: RecordBookingInput!) { recordBooking(input: $input) { userErrors { field code } } }"
    errors = await user_errors(
        booking,
        {
            "input": {
                "clientId": str(client.uuid),
                "activity": "Yoga",
                "startsAt": when,
                "status": "BOOKED",
            }
        },
        actor,
        "recordBooking",
    )
    assert [e["field"] for e in errors] == [["startsAt"]]
    assert await Client.all().count() == 1
    assert await Order.all().count() == 0


async def test_generic_dates_are_bounded_too(staff):
    _org, actor, _client = staff
    condition = {"field": "DATE1", "from": "0001-01-01"}
    await refused_at_top(CLIENTS, {"filter": {"generic": [condition]}}, actor)


async def test_good_values_pass(staff):
    _org, actor, client = staff
    input_ = {
        "clientId": str(client.uuid),
        "amount": 5,
        "reason": "Ünïcödé ✓ 🎉",
        "expiresAt": "2199-12-31T10:00:00+02:00",
    }
    errors = await user_errors(ADD_POINTS, {"input": input_}, actor, "addPoints")
    assert errors == []
    note = (
        "mutation($input: AddNoteInput!) { addNote(input: $input) { userErrors { field code } } }"
    )
    body = {"clientId": str(client.uuid), "body": "tab\tand\r\nnew lines are text"}
    assert await user_errors(note, {"input": body}, actor, "addNote") == []
