"""GraphQL surface of the client lifecycle: unify (preview, merge), deactivate, disable, delete."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.scalars import JSON

from resolvers.lifecycle import client_merge_preview, client_status, delete_client, unify_clients
from resolvers.lifecycle.merge_plan import Keep as DomainKeep
from schema.access.types import Level
from schema.accounts.types import Account
from schema.clients.types import Client
from schema.common import readable
from schema.context import Info
from schema.enums import ClientStatus, described
from schema.errors import UserError, user_errors

Keep = DomainKeep
described(
    Keep,
    "Whose value or account stays when two clients are unified.",
    {"SURVIVOR": "The survivor's.", "ABSORBED": "The absorbed client's."},
)


@strawberry.input(description="For a field both clients have: whose value to keep.")
class FieldChoiceInput:
    field: str = strawberry.field(description="The field's GraphQL name, e.g. phone.")
    keep: Keep = strawberry.field(description="Whose value stays.")


@strawberry.input(description="Two clients to unify: the absorbed one goes into the survivor.")
class UnifyClientsInput:
    survivor_id: strawberry.ID = strawberry.field(description="The client that stays.")
    absorbed_id: strawberry.ID = strawberry.field(description="The client absorbed into it.")
    field_choices: list[FieldChoiceInput] | None = strawberry.field(
        default=None, description="Per field both have: whose value stays (default: survivor's)."
    )
    keep_account_of: Keep | None = strawberry.field(
        default=None, description="When both have accounts: whose stays linked (required then)."
    )
    status: ClientStatus | None = strawberry.field(
        default=None,
        description="The survivor's status afterwards (ACTIVE, INACTIVE or DISABLED). Default: "
        "DISABLED if either is disabled, else the survivor's. Lifting or imposing DISABLED "
        "needs the permission enableClient needs (R4.7).",
    )

    def choices(self) -> dict[str, DomainKeep]:
        return {choice.field: choice.keep for choice in self.field_choices or ()}


@strawberry.type(description="What a merge would do, and what blocks it (R4.4).")
class ClientMergePreview:
    survivor: Client | None = strawberry.field(description="The survivor as it is now.")
    absorbed: Client | None = strawberry.field(description="The absorbed client as it is now.")
    values: JSON = strawberry.field(description="Fields the survivor would take: {field: value}.")
    dropped: JSON = strawberry.field(
        description="Values that would be dropped: [{field, value, from}]."
    )
    new_tags: int = strawberry.field(description="Tags the survivor would gain.")
    points_moved: int = strawberry.field(description="Points that would move to the survivor.")
    keep_account_of: Keep | None = strawberry.field(description="Whose account would stay linked.")
    status: ClientStatus | None = strawberry.field(description="The survivor's status afterwards.")
    level: Level | None = strawberry.field(description="The survivor's level afterwards.")
    share_code: str | None = strawberry.field(
        description="The survivor's share code afterwards (its own; the absorbed one, listed "
        "in dropped, keeps crediting the survivor)."
    )
    account: Account | None = strawberry.field(
        description="The account linked to the survivor afterwards."
    )
    changes: JSON = strawberry.field(
        description="Every change to the survivor besides `values`: "
        "{status|level|account|points: [before, after]}."
    )
    warnings: list[UserError] = strawberry.field(
        description="What the merge would do that staff should know: SURVIVOR_UNREACHABLE "
        "when the notification email is not the linked account's login email (R4.6)."
    )
    blockers: list[UserError] = strawberry.field(
        description="What prevents the merge; empty if nothing."
    )


@strawberry.type(description="Result of unifyClients.")
class UnifyClientsPayload:
    client: Client | None = strawberry.field(description="The survivor after the merge.")
    warnings: list[UserError] = strawberry.field(
        description="SURVIVOR_UNREACHABLE when no notification can reach the survivor yet: "
        "send the welcome email, whose link lets the person in with its email (R4.6)."
    )
    user_errors: list[UserError] = strawberry.field(
        description="Expected failures; empty on success."
    )


@strawberry.type(description="Merge query.")
class MergeQuery:
    @strawberry.field(description="What unifying two clients would do, without doing it.")
    async def client_merge_preview(
        self,
        info: Info,
        input: Annotated[UnifyClientsInput, strawberry.argument(description="The merge.")],
    ) -> ClientMergePreview | None:
        result = await client_merge_preview.client_merge_preview(
            info.context.actor,
            str(input.survivor_id),
            str(input.absorbed_id),
            field_choices=input.choices(),
            keep_account_of=input.keep_account_of,
            status=input.status,
        )
        return ClientMergePreview(
            survivor=result.survivor,  # type: ignore[arg-type]
            absorbed=result.absorbed,  # type: ignore[arg-type]
            level=result.level(),  # type: ignore[arg-type]
            account=result.plan.account if result.plan else None,  # type: ignore[arg-type]
            warnings=user_errors(result.plan.warnings if result.plan else []),
            blockers=user_errors(result.errors),
            **result.fields(),
        )


@strawberry.type(description="Merge mutation.")
class MergeMutation:
    @strawberry.mutation(description="Absorb one client into another; nothing is lost (R4.1-R4.3).")
    async def unify_clients(
        self,
        info: Info,
        input: Annotated[UnifyClientsInput, strawberry.argument(description="The merge.")],
    ) -> UnifyClientsPayload:
        result = await unify_clients.unify_clients(
            info.context.actor,
            str(input.survivor_id),
            str(input.absorbed_id),
            field_choices=input.choices(),
            keep_account_of=input.keep_account_of,
            status=input.status,
        )
        return UnifyClientsPayload(
            client=readable(info, result.client),
            warnings=user_errors(result.plan.warnings if result.plan else []),
            user_errors=user_errors(result.errors),
        )


@strawberry.input(description="The client whose lifecycle status to change.")
class ClientStatusInput:
    client_id: strawberry.ID = strawberry.field(description="The client.")


@strawberry.type(description="Result of a lifecycle change.")
class ClientStatusPayload:
    client: Client | None = strawberry.field(description="The client as it is now.")
    user_errors: list[UserError] = strawberry.field(
        description="Expected failures; empty on success."
    )


async def _status(info: Info, input: ClientStatusInput, operation: str) -> ClientStatusPayload:
    result = await client_status.change_status(info.context.actor, str(input.client_id), operation)
    return ClientStatusPayload(
        client=readable(info, result.client), user_errors=user_errors(result.errors)
    )


_LIFECYCLE = strawberry.argument(description="The client.")


@strawberry.type(description="Lifecycle mutations (R8.1).")
class LifecycleMutation:
    @strawberry.mutation(description="Deactivate an active client (reversible).")
    async def deactivate_client(
        self, info: Info, input: Annotated[ClientStatusInput, _LIFECYCLE]
    ) -> ClientStatusPayload:
        return await _status(info, input, "deactivate")

    @strawberry.mutation(description="Reactivate an inactive client.")
    async def reactivate_client(
        self, info: Info, input: Annotated[ClientStatusInput, _LIFECYCLE]
    ) -> ClientStatusPayload:
        return await _status(info, input, "reactivate")

    @strawberry.mutation(description="Block a client: no login, no notifications (owner, admin).")
    async def disable_client(
        self, info: Info, input: Annotated[ClientStatusInput, _LIFECYCLE]
    ) -> ClientStatusPayload:
        return await _status(info, input, "disable")

    @strawberry.mutation(description="Unblock a disabled client (owner, admin).")
    async def enable_client(
        self, info: Info, input: Annotated[ClientStatusInput, _LIFECYCLE]
    ) -> ClientStatusPayload:
        return await _status(info, input, "enable")

    @strawberry.mutation(
        description="Erase a client's personal data for good; accounting stays (owner, admin)."
    )
    async def delete_client_permanently(
        self, info: Info, input: Annotated[ClientStatusInput, _LIFECYCLE]
    ) -> ClientStatusPayload:
        result = await delete_client.delete_client_permanently(
            info.context.actor, str(input.client_id)
        )
        return ClientStatusPayload(
            client=readable(info, result.client), user_errors=user_errors(result.errors)
        )
