"""Statements per root field of the product corpus's reads (issue 16: at most 2 per root
field), counted at the driver (asyncpg or aiosqlite: every statement that reaches the
database, whichever layer sends it), as `bench.corpusprofile` counts them. The caller's
token is looked up once before counting (it is cached after: `resolvers/auth_cache.py`),
so what is counted is the root field's own work.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import aiosqlite
import orjson
from asyncpg.connection import Connection

import models
from resolvers.clients.client_filter import ClientFilter
from tests import test_compiled_fields
from tests.test_compiled_fields import Card
from tests.test_compiled_reads import _both, _post, same_answer

LIST = """query($tag: String!, $level: ID!) { clients(first: 25, filter: {tags: {any: [$tag]},
  levelIds: [$level]}) { count { value precision } totalCount nodes { id firstName level { name }
  tags { name } } pageInfo { hasNextPage endCursor } } }"""
SEARCH = """query($term: String!) { clients(first: 25, filter: {search: $term}) {
  count { value precision } nodes { id firstName lastName email } } }"""
SEGMENT = """query($id: ID!) { segment(id: $id) { name count members(first: 10) {
  nodes { id firstName lastName email } } } }"""
card = test_compiled_fields.card  # the fixture: a client with every record, segments, inbox

PREVIEW = """query($input: UnifyClientsInput!) { clientMergePreview(input: $input) {
  survivor { id firstName email points tags { name } level { name } }
  absorbed { id firstName email points tags { name } level { name } }
  values dropped newTags pointsMoved keepAccountOf status shareCode changes
  level { name threshold } account { email verified } warnings { code } blockers { code } } }"""
INBOX = """{ inbox(first: 20) { count { value precision } totalCount nodes { id title body
  createdAt readAt organizationName } } }"""


@contextmanager
def driver_statements() -> Iterator[list[str]]:
    """The statements sent to the driver while inside (BEGIN and COMMIT included)."""
    sent: list[str] = []
    pg = (Connection._do_execute, Connection.execute, Connection._executemany)
    lite = {
        name: getattr(aiosqlite.Connection, name)
        for name in ("execute", "execute_insert", "execute_fetchall", "executemany")
    }

    def counted(original: Any, simple: bool = False) -> Any:
        async def call(conn: Any, query: Any, *args: Any, **kwargs: Any) -> Any:
            if not (simple and args):  # asyncpg's execute with values goes via _do_execute
                sent.append(str(query))
            return await original(conn, query, *args, **kwargs)

        return call

    Connection._do_execute = counted(pg[0])  # type: ignore[method-assign]
    Connection.execute = counted(pg[1], simple=True)  # type: ignore[method-assign]
    Connection._executemany = counted(pg[2])  # type: ignore[method-assign]
    for name, original in lite.items():
        setattr(aiosqlite.Connection, name, counted(original))
    try:
        yield sent
    finally:
        Connection._do_execute, Connection.execute, Connection._executemany = pg  # type: ignore[method-assign]
        for name, original in lite.items():
            setattr(aiosqlite.Connection, name, original)


def _postgres() -> bool:
    from tortoise import connections

    return connections.get("default").capabilities.dialect == "postgres"


async def _statements(http: Any, token: str, query: str, variables: Any) -> tuple[Any, list[str]]:
    await _post(http, token, query, variables)  # the caller is cached after this
    with driver_statements() as sent:
        answer = await _post(http, token, query, variables)
    body = orjson.loads(answer.content)
    assert "errors" not in body, body
    return body["data"], sent


async def test_each_corpus_root_is_at_most_two_statements(card: Card) -> None:
    gold = await models.Level.get(name="Gold", organization_id=card.client.organization_id)  # type: ignore[attr-defined]
    yoga = await models.Segment.get(name="Yoga")
    postgres = _postgres()
    async with _both() as ((fast, view), _):
        # The filter's tags and level (one lookup), then the page with both counts.
        data, sent = await _statements(
            fast, card.token, LIST, {"tag": "yoga", "level": str(gold.uuid)}
        )
        assert data["clients"]["totalCount"] == 2 == len(data["clients"]["nodes"])
        assert len(sent) == 2, sent
        # A search's first page with its count: one statement (on PostgreSQL the matches
        # are read once for both: client_rows._shared_sql; no probe).
        for term, found in (("ross", 0), ("maria", 1)):
            data, sent = await _statements(fast, card.token, SEARCH, {"term": term})
            assert data["clients"]["count"]["value"] == found == len(data["clients"]["nodes"])
            assert len(sent) == 1, sent
            assert ("WITH m AS MATERIALIZED" in sent[0]) == postgres
        # The segment's row (its stored filter, with its organization's tags and levels),
        # then its members with its exact count.
        data, sent = await _statements(fast, card.token, SEGMENT, {"id": str(yoga.uuid)})
        assert data["segment"]["count"] == 5 == len(data["segment"]["members"]["nodes"])
        assert len(sent) == 2, sent
        # The inbox: the client app's session is cached like the others, so the page with
        # its counts is all.
        data, sent = await _statements(fast, card.person, INBOX, None)
        assert data["inbox"]["totalCount"] == 3 == len(data["inbox"]["nodes"])
        assert len(sent) == 1 and '"inbox_message"' in sent[0], sent
        # A merge preview: both clients, their levels, accounts and tags, and on PostgreSQL
        # whether a transaction holds one (MERGE_IN_PROGRESS), by one statement.
        sponsor = await models.Client.get(first_name="Sponsor")
        ids = {"survivorId": str(sponsor.uuid), "absorbedId": str(card.client.uuid)}
        data, sent = await _statements(fast, card.token, PREVIEW, {"input": ids})
        preview = data["clientMergePreview"]
        assert preview["account"]["email"] == "maria@example.com" and preview["newTags"] == 2
        assert len(sent) == 1, sent
        assert view.compiled is not None and view.compiled.answered == 12


async def test_a_segment_by_levels_and_tags_answers_as_the_reference(card: Card) -> None:
    """The segment's filter ids come from its row's tags and levels (no lookup): every kind
    of tag condition and a level, unknown names and ids included, answer the same."""
    org_id = card.client.organization_id  # type: ignore[attr-defined]
    gold = await models.Level.get(name="Gold", organization_id=org_id)
    conditions = ClientFilter(
        tags_any=("YOGA", "vip", "nope"),
        tags_none=("Newsletter",),
        level_ids=(str(gold.uuid), "5f0e1b1e-0000-4000-8000-000000000000"),
    )
    segment = await models.Segment.create(
        organization_id=org_id, name="Gold yogis", name_key="gold yogis",
        conditions=conditions.to_data(),
    )  # fmt: skip
    query = """query($id: ID!) { segment(id: $id) { name count
      members(first: 10) { count { value precision } nodes { id firstName } } } }"""
    data = await same_answer(card, query, {"id": str(segment.uuid)})
    assert data["segment"]["count"] == 1 == len(data["segment"]["members"]["nodes"])
