"""Staff management through the API (R9.3): invite with a set-password link, change role,
deactivate with sessions ending at once; owners and admins only; every change audited."""

from __future__ import annotations

from models import AuditEntry, StaffSession, StaffUser
from models.enums import StaffRole
from resolvers.access.actor import Actor
from tests.factories import counts, make_actor, make_org, make_session_token, make_staff
from tests.helpers import error_codes, http_client, run
from tests.mail import deliver, text, to, token_in

INVITE = """mutation($email: String!, $role: StaffRole!) { inviteStaff(input: {email: $email,
  name: "Nuova Persona", role: $role}) { staffUser { id email role } userErrors { field code } } }"""


async def test_an_invited_person_sets_a_password_from_the_mail_and_works(
    db, smtp_server, mail_settings
):
    org = await make_org(name="Palestra", default_locale="it")
    admin = await make_actor(org, StaffRole.ADMIN)
    invited = await run(INVITE, {"email": " Nuova@Example.com", "role": "AGENT"}, actor=admin)
    assert invited["inviteStaff"]["userErrors"] == []
    assert invited["inviteStaff"]["staffUser"]["email"] == "nuova@example.com"
    await deliver(mail_settings)
    (mail,) = smtp_server.messages
    assert to(mail) == "nuova@example.com"
    assert mail["Subject"] == "Sei invitato in Palestra su Clientela"
    assert "/console/accept-invite?token=" in text(mail)
    token = token_in(mail)
    pending = "{ staffUsers { email invitationPending } }"
    listed = {
        u["email"]: u["invitationPending"] for u in (await run(pending, actor=admin))["staffUsers"]
    }
    assert listed["nuova@example.com"] is True
    assert [v for k, v in listed.items() if k != "nuova@example.com"] == [False]

    async with http_client() as http:
        refused_login = await http.post(
            "/graphql",
            json={
                "query": 'mutation { staffLogin(input: {email: "nuova@example.com", password: ""}) { token userErrors { code } } }'
            },
        )
        assert refused_login.json()["data"]["staffLogin"]["token"] is None
        accepted = await http.post(
            "/graphql",
            json={
                "query": f'mutation {{ acceptStaffInvite(input: {{token: "{token}", '
                'password: "a long staff passphrase"}) { token staffUser { role } userErrors { code } } }'
            },
        )
        body = accepted.json()["data"]["acceptStaffInvite"]
        assert body["userErrors"] == [] and body["staffUser"] == {"role": "AGENT"}
        me = await http.post(
            "/graphql",
            json={"query": "{ clients(first: 1) { totalCount } }"},
            headers={"Authorization": f"Bearer {body['token']}"},
        )
        assert "errors" not in me.json()
        again = await http.post(
            "/graphql",
            json={
                "query": f'mutation {{ acceptStaffInvite(input: {{token: "{token}", '
                'password: "a long staff passphrase"}) { userErrors { code } } }'
            },
        )
        assert again.json()["data"]["acceptStaffInvite"]["userErrors"] == [
            {"code": "INVALID_TOKEN"}
        ]
    assert await AuditEntry.filter(action__in=["staff.invited", "staff.joined"]).count() == 2
    listed = {
        u["email"]: u["invitationPending"] for u in (await run(pending, actor=admin))["staffUsers"]
    }
    assert listed["nuova@example.com"] is False


async def test_invitations_refused_change_nothing_and_send_nothing(db, smtp_server, mail_settings):
    org = await make_org()
    admin = await make_actor(org, StaffRole.ADMIN)
    existing = await make_staff(org, StaffRole.AGENT)
    agent = await make_actor(org, StaffRole.AGENT)
    before = await counts()
    taken = await run(INVITE, {"email": existing.email, "role": "AGENT"}, actor=admin)
    assert taken["inviteStaff"]["userErrors"] == [
        {"field": ["email"], "code": "STAFF_EMAIL_IN_USE"}
    ]
    owner = await run(INVITE, {"email": "boss@example.com", "role": "OWNER"}, actor=admin)
    assert owner["inviteStaff"]["userErrors"] == [{"field": ["role"], "code": "INVALID"}]
    bad = await run(INVITE, {"email": "not-an-email", "role": "AGENT"}, actor=admin)
    assert bad["inviteStaff"]["userErrors"][0]["field"] == ["email"]
    assert await error_codes(
        INVITE,
        {"email": "x@example.com", "role": "AGENT"},
        actor=agent,
    ) == ["FORBIDDEN"]
    assert await counts() == before
    await deliver(mail_settings)
    assert smtp_server.messages == []


CHANGE = """mutation($id: ID!, $role: StaffRole!) { changeStaffRole(input: {staffId: $id, role: $role}) {
  staffUser { role } userErrors { field code } } }"""
DEACTIVATE = """mutation($id: ID!) { deactivateStaff(input: {staffId: $id}) { staffUser { id } userErrors { field code } } }"""


async def test_roles_change_and_deactivation_ends_sessions_at_once(db):
    org = await make_org()
    owner = await make_staff(org, StaffRole.OWNER)
    agent = await make_staff(org, StaffRole.AGENT)
    token = await make_session_token(agent)
    admin = await make_actor(org, StaffRole.ADMIN)
    changed = await run(CHANGE, {"id": str(agent.uuid), "role": "MARKETING"}, actor=admin)
    assert changed["changeStaffRole"] == {"staffUser": {"role": "MARKETING"}, "userErrors": []}

    async with http_client() as http:

        async def ask() -> int:
            response = await http.post(
                "/graphql",
                json={"query": "{ clients(first: 1) { totalCount } }"},
                headers={"Authorization": f"Bearer {token}"},
            )
            return response.status_code

        assert await ask() == 200
        gone = await run(DEACTIVATE, {"id": str(agent.uuid)}, actor=admin)
        assert gone["deactivateStaff"]["userErrors"] == []
        assert await ask() == 401
    assert await StaffSession.filter(staff_id=agent.id, revoked_at__isnull=True).count() == 0
    assert list(await AuditEntry.all().values_list("action", flat=True)) == [
        "staff.role_changed",
        "staff.deactivated",
    ]

    outsider = await make_actor(await make_org())
    before = await counts()
    for query, variables, code in (
        (CHANGE, {"id": str(owner.uuid), "role": "AGENT"}, "INVALID"),  # admins don't manage owners
        (DEACTIVATE, {"id": str(owner.uuid)}, "INVALID"),
        (DEACTIVATE, {"id": str(agent.uuid)}, "INVALID_STATUS"),
    ):
        data = await run(query, variables, actor=admin)
        (payload,) = data.values()
        assert [e["code"] for e in payload["userErrors"]] == [code]
    last = await run(DEACTIVATE, {"id": str(owner.uuid)}, actor=Actor.for_staff(owner))
    assert last["deactivateStaff"]["userErrors"] == [{"field": ["staffId"], "code": "LAST_OWNER"}]
    stranger = await run(CHANGE, {"id": str(agent.uuid), "role": "AGENT"}, actor=outsider)
    assert stranger["changeStaffRole"]["userErrors"] == [
        {"field": ["staffId"], "code": "NOT_FOUND"}
    ]
    assert await counts() == before
    assert (await StaffUser.get(id=owner.id)).is_active
    assert (await StaffUser.get(id=owner.id)).role is StaffRole.OWNER
    assert (await StaffUser.get(id=agent.id)).role is StaffRole.MARKETING
