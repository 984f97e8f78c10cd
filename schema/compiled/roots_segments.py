"""The compiled `segments` and `segment` roots: the organization's segments with, for
each, the count and the page of members its stored filter selects (read as `clients`
reads them, `roots_clients`).
"""

from __future__ import annotations

from typing import Any

from graphql import FieldNode, GraphQLField
from graphql.execution.values import VariableValues, get_argument_values

import models
from models.db import is_postgres, stable_plans_connection
from models.tag import tag_key
from resolvers.access.actor import Actor
from resolvers.clients.client_count import count_clients
from resolvers.clients.client_filter import ClientFilter, KnownIds
from resolvers.clients.client_queries import SORT_KEYS, ClientOrder
from resolvers.clients.client_search import search_terms
from resolvers.clients.lookup import parse_id
from resolvers.pagination import check_first, read_cursor
from schema.compiled.objects import ObjectCompiler, loads
from schema.compiled.roots_clients import ClientRoots
from schema.compiled.roots_shared import ClientPage, Root, list_sql, object_type, p2
from schema.compiled.selection import Fields, response_key
from schema.sources import ROOT_ACCESS


class SegmentRoots(ClientRoots):
    """The segments roots (their members are pages of `ClientRoots`)."""

    def _segments(
        self,
        key: str,
        name: str,
        definition: GraphQLField,
        node: FieldNode,
        objects: ObjectCompiler,
    ) -> Root:
        """The organization's segments by name, or one by id: their rows by one statement,
        then for each the count and the page of members its stored filter selects, read
        as `clients` reads them (a statement each)."""
        segment_type = object_type(definition)
        fields = objects.fields(segment_type, node)
        by_filter = ("count", "members")
        plain = Fields(
            segment_type, tuple(n for n in fields.nodes if n.name.value not in by_filter)
        )
        compiled = objects.compile(
            segment_type, plain, "t0", by_name=False, columns=("conditions",)
        )
        members: dict[str, tuple[ClientPage, FieldNode]] = {}
        members_field = segment_type.fields["members"]
        for part in fields.nodes:
            if part.name.value == "members":
                members[response_key(part)] = (
                    self._page(object_type(members_field), part, objects),
                    part,
                )
        members_order = SORT_KEYS[ClientOrder.REGISTERED_AT_DESC]

        def page_of(part: FieldNode, variables: VariableValues) -> tuple[int, str | None]:
            """`first` and `after` of a members field (literals or variables)."""
            given = get_argument_values(members_field, part, variables)
            after = given.get("after")
            if after is not None:
                read_cursor(members_order, after)  # refused: the full path words it
            return check_first(given.get("first")), after

        keys = [response_key(n) for n in fields.nodes]
        counts = [response_key(n) for n in fields.nodes if n.name.value == "count"]
        where = "" if name == "segments" else ' AND t0."uuid" = {p2}'
        # With its members, a segment's row carries its organization's tags and levels, so
        # its filter's ids (`known_ids`) need no statement of their own: the members page
        # and the count are then one more statement.
        lookups = bool(members)
        statements = {
            postgres: list_sql(
                compiled,
                models.Segment,
                '"name_key"',
                postgres,
                where=where.format(p2=p2(postgres)),
                also=_SEGMENT_IDS[postgres] if lookups else (),
            )
            for postgres in (True, False)
        }
        build = compiled.build
        conditions = models.Segment._meta.fields_map["conditions"].to_python_value
        converted = self._arguments(definition, node) if name == "segment" else None

        def arguments(variables: VariableValues) -> Any:
            pages = {
                k: (*page_of(part, variables), page.exacts(variables))
                for k, (page, part) in members.items()
            }
            return (None if converted is None else converted(variables)["id"]), pages

        async def run(actor: Actor, arguments: Any) -> Any:
            given, pages = arguments
            db = stable_plans_connection()
            postgres = is_postgres(db)
            params: list[Any] = [actor.organization_id]
            if name == "segment":
                uuid = parse_id(given)
                if uuid is None:
                    return None
                params.append(uuid if postgres else str(uuid))
            _, rows = await db.execute_query(statements[postgres], params)
            answers = []
            for row in rows:
                spec = ClientFilter.from_data(conditions(row[0]))
                found = build(row)
                known = None
                if lookups and not (postgres and search_terms(spec.search)):
                    # A search on PostgreSQL is probed for its terms (R6.4: the trigram-first
                    # plan for a rare term), which the lookup then does (`known_ids`).
                    known = _known_from(spec, loads(row[-2]) or [], loads(row[-1]) or [])
                # The exact count rides on the first members page's statement when there is
                # one (`ClientPage`'s `also`); alone it is `count_clients`.
                counted: list[int] = []
                for members_key, (page, _) in members.items():
                    size, after, exacts = pages[members_key]
                    also: tuple[int | None, ...] = (None,) if counts and not counted else ()
                    members_page, extra = await page.read(
                        actor,
                        spec,
                        ClientOrder.REGISTERED_AT_DESC,
                        size,
                        after,
                        exacts,
                        also,
                        known,
                    )
                    found[members_key] = members_page
                    counted = counted or extra
                for count_key in counts:
                    if not counted:
                        counted = [await count_clients(actor.organization_id, spec)]
                    found[count_key] = counted[0]
                answers.append({k: found[k] for k in keys})
            if name == "segment":
                return answers[0] if answers else None
            return answers

        return Root(key, ROOT_ACCESS[name], arguments, run)


# A segment's organization's tags ([key, id]) and levels ([public id, id]), as JSON arrays.
_SEGMENT_IDS = {
    True: (
        "(SELECT coalesce(json_agg(json_build_array(g.key, g.id)), '[]') FROM tag g"
        " WHERE g.organization_id = t0.organization_id)",
        "(SELECT coalesce(json_agg(json_build_array(v.uuid, v.id)), '[]') FROM level v"
        " WHERE v.organization_id = t0.organization_id)",
    ),
    False: (
        "(SELECT coalesce(json_group_array(json_array(g.key, g.id)), '[]') FROM tag g"
        " WHERE g.organization_id = t0.organization_id)",
        "(SELECT coalesce(json_group_array(json_array(v.uuid, v.id)), '[]') FROM level v"
        " WHERE v.organization_id = t0.organization_id)",
    ),
}


def _known_from(spec: ClientFilter, tags: list[Any], levels: list[Any]) -> KnownIds:
    """What `known_ids` finds for `spec` (without a search probe), from the organization's
    tags and levels."""
    names = {tag_key(n) for n in (*spec.tags_any, *spec.tags_all, *spec.tags_none)}
    found_tags = {str(k): int(i) for k, i in tags if str(k) in names}
    uuids = {str(u) for u in (parse_id(i) for i in spec.level_ids) if u is not None}
    found_levels = tuple(sorted(int(i) for u, i in levels if str(u) in uuids))
    return KnownIds(found_tags, found_levels, False)
