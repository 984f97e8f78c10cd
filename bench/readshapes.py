"""The four query shapes of the read benchmark, as each server is asked them, and a
normal form of the answers so the harness can check every server returns the same rows.

Clientela and the limit list what lists show by default (not merged, not deleted);
PostGraphile's amber preset cannot filter on `status` (not indexed), and the generated
data holds no merged or deleted clients, so the rows are the same. Tags: PostGraphile
filters by tag id through the connection-filter plugin's `some` on the link table, and
lists a client's tags by link id (not by name), so tags are compared as sets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson

from bench.readdata import BenchData

SHAPES = {
    "a": "(a) one client by id, 15 fields",
    "b": "(b) 20 by tag + level, with tags",
    "c": "(c) 20 with tags + last 5 points",
    "d": "(d) 100 clients, 10 fields",
}

FIELDS_A = [
    "id",
    "firstName",
    "lastName",
    "email",
    "phone",
    "city",
    "birthday",
    "gender",
    "locale",
    "points",
    "registeredAt",
    "shareCode",
    "status",
    "createdAt",
    "updatedAt",
]
FIELDS_D = [
    "id",
    "firstName",
    "lastName",
    "email",
    "phone",
    "city",
    "points",
    "registeredAt",
    "status",
    "shareCode",
]
FIELDS_NESTED = ["id", "firstName", "lastName"]
POINTS = "amount reason createdAt"

ORDER = "orderBy: [REGISTERED_AT_DESC, PRIMARY_KEY_DESC]"
PG_TAGS = "clientTagsByClientId { nodes { tagByTagId { name } } }"

CLIENTELA = {
    "a": f"query($id: ID!) {{ client(id: $id) {{ {' '.join(FIELDS_A)} }} }}",
    "b": "query($tag: String!, $level: ID!) { clients(first: 20, filter: "
    "{tags: {any: [$tag]}, levelIds: [$level]}) { nodes { id firstName lastName tags { name } } } }",
    "c": "{ clients(first: 20) { nodes { id firstName lastName tags { name } "
    f"pointsHistory(first: 5) {{ nodes {{ {POINTS} }} }} }} }} }}",
    "d": f"{{ clients(first: 100) {{ nodes {{ {' '.join(FIELDS_D)} }} }} }}",
}


def _pg(fields: list[str]) -> str:
    return " ".join("uuid" if f == "id" else f for f in fields)


POSTGRAPHILE = {
    "a": f"query($id: UUID!) {{ clientByUuid(uuid: $id) {{ {_pg(FIELDS_A)} }} }}",
    "b": "query($org: Int!, $level: Int!, $tag: Int!) { allClients(first: 20, "
    f"{ORDER}, condition: {{organizationId: $org, levelId: $level}}, "
    "filter: {clientTagsByClientId: {some: {tagId: {equalTo: $tag}}}}) "
    f"{{ nodes {{ {_pg(FIELDS_NESTED)} {PG_TAGS} }} }} }}",
    "c": f"query($org: Int!) {{ allClients(first: 20, {ORDER}, condition: {{organizationId: $org}}) "
    f"{{ nodes {{ {_pg(FIELDS_NESTED)} {PG_TAGS} pointsEntriesByClientId(first: 5, "
    f"orderBy: [CREATED_AT_DESC, PRIMARY_KEY_DESC]) {{ nodes {{ {POINTS} }} }} }} }} }}",
    "d": f"query($org: Int!) {{ allClients(first: 100, {ORDER}, condition: {{organizationId: $org}}) "
    f"{{ nodes {{ {_pg(FIELDS_D)} }} }} }}",
}


@dataclass(frozen=True)
class Request:
    path: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


def requests_for(data: BenchData) -> dict[str, dict[str, Request]]:
    json = {"content-type": "application/json"}
    ours = {**json, "authorization": f"Bearer {data.api_key}"}
    clientela_vars: dict[str, dict[str, Any]] = {
        "a": {"id": data.client_uuid},
        "b": {"tag": data.tag_name, "level": data.level_uuid},
        "c": {},
        "d": {},
    }
    org = data.organization_id
    pg_vars: dict[str, dict[str, Any]] = {
        "a": {"id": data.client_uuid},
        "b": {"org": org, "level": data.level_id, "tag": data.tag_id},
        "c": {"org": org},
        "d": {"org": org},
    }
    limit_vars: dict[str, Any] = {
        "organizationId": org,
        "id": data.client_uuid,
        "levelId": data.level_id,
        "tagId": data.tag_id,
    }
    return {
        shape: {
            "clientela": Request(
                "/graphql",
                orjson.dumps({"query": CLIENTELA[shape], "variables": clientela_vars[shape]}),
                ours,
            ),
            "postgraphile": Request(
                "/graphql",
                orjson.dumps({"query": POSTGRAPHILE[shape], "variables": pg_vars[shape]}),
                json,
            ),
            "limit": Request(f"/limit/{shape}", orjson.dumps({"variables": limit_vars}), json),
        }
        for shape in SHAPES
    }


def _snake(name: str) -> str:
    return re.sub(r"([A-Z])", lambda m: "_" + m.group(1).lower(), name)


def _value(value: Any) -> Any:
    if isinstance(value, str):
        if len(value) >= 19 and value[10] == "T":
            return datetime.fromisoformat(value).astimezone(UTC).isoformat()
        return value.lower()  # enums: FEMALE in GraphQL, female in SQL
    return value


def _record(server: str, node: dict[str, Any], fields: list[str]) -> list[Any]:
    def key(f: str) -> str:
        if server == "postgraphile":
            return "uuid" if f == "id" else f
        return _snake(f) if server == "limit" else f

    return [_value(node[key(f)]) for f in fields]


def _tags(server: str, node: dict[str, Any]) -> list[str]:
    if server == "postgraphile":
        return sorted(t["tagByTagId"]["name"] for t in node["clientTagsByClientId"]["nodes"])
    return sorted(t["name"] for t in node["tags"])


def _points(server: str, node: dict[str, Any]) -> list[list[Any]]:
    if server == "postgraphile":
        entries = node["pointsEntriesByClientId"]["nodes"]
    elif server == "limit":
        entries = node["points_history"]
    else:
        entries = node["pointsHistory"]["nodes"]
    return [[_value(e[f]) for f in POINTS.split()] for e in entries]


def rows_of(server: str, shape: str, data: dict[str, Any]) -> Any:
    """The answer in a form that is equal across servers when the rows are the same."""
    if shape == "a":
        node = data["clientByUuid" if server == "postgraphile" else "client"]
        return _record(server, node, FIELDS_A)
    nodes = (
        data["allClients"]["nodes"]
        if server == "postgraphile"
        else data["clients"]
        if server == "limit"
        else data["clients"]["nodes"]
    )
    if shape == "d":
        return [_record(server, n, FIELDS_D) for n in nodes]
    rows = [[*_record(server, n, FIELDS_NESTED), _tags(server, n)] for n in nodes]
    if shape == "c":
        rows = [[*row, _points(server, n)] for row, n in zip(rows, nodes, strict=True)]
    return rows
