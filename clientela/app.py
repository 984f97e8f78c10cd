"""The ASGI application: `create_app(settings)` builds it; its lifespan opens the database."""

from __future__ import annotations

import asyncio
import gc
import logging
import re
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import orjson
from cross_web import HTTPException
from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.asgi import GraphQL
from tortoise.contrib.starlette import RegisterTortoise

from clientela import graphiql, health, jobs, metrics, unsubscribe_page
from clientela.console import console_routes
from clientela.infra import observe, rate_limit
from clientela.infra.auth_cache import AuthCache
from clientela.infra.limit_store import Bucket, LimitStore, RedisStore
from clientela.logs import configure_logging
from clientela.observability import Observability
from clientela.settings import Settings
from models import security
from models.access import Permission
from models.db import tortoise_config
from models.imports import ImportFormat, MatchBy
from resolvers.access.actor import AccountCaller, Actor, require
from resolvers.access.auth import (
    ACCOUNT_TOKEN_PREFIX,
    API_KEY_PREFIX,
    STAFF_TOKEN_PREFIX,
    authenticate,
)
from resolvers.clients import export_client_data as client_export
from resolvers.clients.client_fields import Invalid
from resolvers.errors import PermissionDenied, Unauthenticated
from resolvers.imports import import_jobs, import_worker
from resolvers.segments import export_segment, segments
from schema import Schema, schema_for
from schema.compiled import CompiledReads, CompiledWrites
from schema.context import Context
from schema.http_guard import Refused, guarded_request

log = logging.getLogger("clientela.app")

GRAPHQL_RESPONSE = "application/graphql-response+json"


def request_id_of(scope: Scope) -> str:
    """The id the observability middleware gave this request (the one in X-Request-Id); a
    fresh one, kept on the request, outside it."""
    given = observe.request_id()
    if given is not None:
        return given
    state = scope.setdefault("state", {})
    if "request_id" not in state:
        state["request_id"] = uuid.uuid4().hex
    return str(state["request_id"])


def _error_body(message: str, code: str, request_id: str) -> dict[str, Any]:
    extensions = {"code": code, "request_id": request_id}
    return {"errors": [{"message": message, "extensions": extensions}]}


class JSONErrorResponse(JSONResponse):
    """A request error as GraphQL over HTTP words it: `errors` with a code and the request id."""

    def __init__(
        self, status: int, message: str, code: str, *, request_id: str | None = None, **headers: str
    ) -> None:
        # The request's id (the observability middleware's), unless the caller has it already.
        request_id = request_id or observe.request_id() or uuid.uuid4().hex
        body = _error_body(message, code, request_id)
        super().__init__(body, status_code=status, headers={"X-Request-Id": request_id, **headers})


class ResponseHeaders:
    """Every answer gets `Cache-Control: no-store` (answers carry tokens and personal data:
    no cache, shared or private, keeps them) and `nosniff`; the console's static files
    (clientela/console.py) keep the caching they set."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if "cache-control" not in headers:
                    headers["Cache-Control"] = "no-store"
                headers["X-Content-Type-Options"] = "nosniff"
            await send(message)

        await self.app(scope, receive, send_with_headers)


class InvalidToken(Exception):
    pass


async def caller_from_request(
    request: Request, cache: AuthCache[Actor | AccountCaller, Actor | AccountCaller] | None = None
) -> Actor | AccountCaller | None:
    header = request.headers.get("authorization")
    if header is None:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise InvalidToken
    lookup = cache.authenticate if cache is not None else authenticate
    caller = await lookup(token.strip())
    if caller is None:
        raise InvalidToken
    return caller


def _note_caller(caller: Actor | AccountCaller | None) -> None:
    """The caller's ids (never names) for the request's log line."""
    facts = observe.current()
    if facts is None or caller is None:
        return
    if isinstance(caller, Actor):
        facts.actor = f"{caller.type.value}:{caller.id}"
    else:
        facts.actor = f"account:{caller.account_id}"


_OPERATION = re.compile(r"^\s*(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)")


def _operation(body: Any) -> str | None:
    """The operation's name, from operationName or the document's first operation."""
    if not isinstance(body, dict):
        return None
    name = body.get("operationName")
    if isinstance(name, str):
        return name
    query = body.get("query")
    if not isinstance(query, str):
        return None
    match = _OPERATION.match(re.sub(r"#[^\n]*", "", query))
    return match[1] if match else None


class GraphQLView(GraphQL[Context, None]):
    """Strawberry's ASGI view with bearer authentication, error codes and orjson."""

    def __init__(self, schema: Schema, settings: Settings, limits: LimitStore) -> None:
        super().__init__(
            schema,
            graphql_ide="graphiql" if settings.graphiql_enabled else None,
            allow_queries_via_get=True,
        )
        self.settings = settings
        self.limits = limits
        self.auth_cache: AuthCache[Actor | AccountCaller, Actor | AccountCaller] = AuthCache(
            settings.auth_cache_seconds,
            authenticate,
            (f"{STAFF_TOKEN_PREFIX}_", f"{API_KEY_PREFIX}_", f"{ACCOUNT_TOKEN_PREFIX}_"),
            (Actor, AccountCaller),
        )
        self.compiled = CompiledReads(schema, settings) if settings.compiled_reads else None
        # Partner writes (schema/compiled/writes.py), under the same switch as the reads.
        self.compiled_writes = CompiledWrites(schema, settings) if settings.compiled_reads else None

    async def render_graphql_ide(self, request: Request) -> Response:
        return graphiql.response()  # GraphiQL with its files served here (clientela/graphiql.py)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request_id = request_id_of(scope)
        if scope["type"] != "http":
            response: Response = JSONErrorResponse(
                400, "Only HTTP is served here", "BAD_REQUEST", request_id=request_id
            )
            await response(scope, receive, send)
            return
        try:
            request = await guarded_request(scope, receive, self.settings.max_body_bytes)
            request.state.caller = await caller_from_request(request, self.auth_cache)
            _note_caller(request.state.caller)
        except Refused as refused:
            response = JSONErrorResponse(
                refused.status, refused.message, refused.code, request_id=request_id
            )
        except InvalidToken:
            response = JSONErrorResponse(
                401,
                "The bearer token is not valid: unknown, expired or revoked",
                "UNAUTHENTICATED",
                request_id=request_id,
                **{"WWW-Authenticate": 'Bearer error="invalid_token"'},
            )
        else:
            response = await self._run_in_time(request)
        await response(scope, receive, send)

    async def _run_in_time(self, request: Request) -> Response:
        try:
            async with asyncio.timeout(self.settings.request_timeout):
                compiled = await self._compiled(request)
                facts = observe.current()
                if facts is not None and facts.operation_type in (None, "query"):
                    facts.read_path = "reference" if compiled is None else "compiled"
                return compiled if compiled is not None else await self.run(request)
        except HTTPException as exc:
            return self._http_error(request, exc)
        except TimeoutError:
            # Cancelling the work rolls back an open transaction; nothing half-done stays.
            request_id = request_id_of(request.scope)
            if (facts := observe.current()) is not None:
                facts.outcome = "timeout"
            log.error("request %s stopped after %s s", request_id, self.settings.request_timeout)
            return JSONErrorResponse(
                503,
                f"The request took longer than {self.settings.request_timeout:g} s and was stopped",
                "REQUEST_TIMEOUT",
                request_id=request_id,
            )

    async def _compiled(self, request: Request) -> Response | None:
        """The answer of the compiled read path, when it has one (schema/compiled/)."""
        if self.compiled is None or request.method != "POST":
            return None
        try:
            body = orjson.loads(await request.body())
        except orjson.JSONDecodeError:
            return None
        caller = request.state.caller
        if caller is None:
            return None  # the full path says who may read what
        bucket = self._bucket(request, caller)
        kind = "query"
        answer = await self.compiled.answer(body, caller, bucket)
        if answer is None and self.compiled_writes is not None:
            kind = "mutation"
            answer = await self.compiled_writes.answer(body, caller, bucket)
        if answer is None:
            return None
        if (facts := observe.current()) is not None:
            facts.operation, facts.operation_type, facts.outcome = _operation(body), kind, "ok"
        accept = request.headers.get("accept", "")
        media_type = GRAPHQL_RESPONSE if GRAPHQL_RESPONSE in accept else "application/json"
        return Response(answer, media_type=media_type)

    @staticmethod
    def _http_error(request: Request, exc: HTTPException) -> Response:
        request_id = request_id_of(request.scope)
        # GraphQL over HTTP: a mutation sent with GET is a wrong method, not a bad request.
        if request.method == "GET" and exc.status_code == 400 and "not allowed" in exc.reason:
            return JSONErrorResponse(
                405,
                "Mutations must be sent with POST",
                "METHOD_NOT_ALLOWED",
                request_id=request_id,
                Allow="POST",
            )
        code = "METHOD_NOT_ALLOWED" if exc.status_code == 405 else "BAD_REQUEST"
        return JSONErrorResponse(exc.status_code, exc.reason, code, request_id=request_id)

    async def get_context(self, request: Any, response: Any) -> Context:
        caller = request.state.caller
        return Context(
            settings=self.settings,
            actor=caller if isinstance(caller, Actor) else None,
            account=caller if isinstance(caller, AccountCaller) else None,
            request=request,
            limits=self.limits,
            bucket=self._bucket(request, caller),
            response=response,
        )

    def _bucket(self, request: Request, caller: Actor | AccountCaller | None) -> Bucket:
        """API keys and staff users each have a bucket; everyone else shares their address's."""
        settings = self.settings
        if isinstance(caller, Actor):
            key = f"{caller.type.value}:{caller.id}"
            return Bucket(self.limits, key, settings.key_bucket_size, settings.key_restore_rate)
        address = request.client.host if request.client else "unknown"
        return Bucket(
            self.limits,
            f"address:{self.limits.pseudonym(address)}",
            settings.address_bucket_size,
            settings.address_restore_rate,
        )

    async def get_sub_response(self, request: Any) -> Response:
        sub_response = await super().get_sub_response(request)
        # Clients that accept the GraphQL-over-HTTP media type get its status codes.
        sub_response.graphql_response_json = GRAPHQL_RESPONSE in request.headers.get("accept", "")  # type: ignore[attr-defined]
        return sub_response

    def encode_json(self, data: object) -> bytes:
        return orjson.dumps(data)

    def decode_json(self, data: str | bytes) -> object:
        # The parser http_guard checked the body with: iterative, bounded depth.
        return orjson.loads(data)

    def create_response(self, response_data: Any, sub_response: Response) -> Response:
        response = super().create_response(response_data, sub_response)
        if getattr(sub_response, "graphql_response_json", False):
            response.headers["content-type"] = GRAPHQL_RESPONSE
            no_data = isinstance(response_data, dict) and response_data.get("data") is None
            if no_data and response.status_code == 200:
                response.status_code = 400
        return response


_EXPORTS = {
    "csv": (export_segment.export_csv, "text/csv; charset=utf-8"),
    "jsonl": (export_segment.export_jsonl, "application/x-ndjson"),
}


async def export_segment_members(request: Request) -> Response:
    """GET /export/segments/{id}.csv|.jsonl: a segment's members, streamed (R6.3)."""
    fmt = request.path_params["fmt"]
    request_id = request_id_of(request.scope)
    if fmt not in _EXPORTS:
        return JSONErrorResponse(
            404, "Unknown export format: use .csv or .jsonl", "NOT_FOUND", request_id=request_id
        )
    try:
        caller = await caller_from_request(request)
        actor = require(
            caller if isinstance(caller, Actor) else None,
            Permission.CLIENTS_READ,
            Permission.SEGMENTS_MANAGE,
        )
    except (InvalidToken, Unauthenticated):
        return JSONErrorResponse(
            401, "A valid bearer token is required", "UNAUTHENTICATED", request_id=request_id
        )
    except PermissionDenied as exc:
        return JSONErrorResponse(403, str(exc), "FORBIDDEN", request_id=request_id)
    segment = await segments.find_segment(actor, request.path_params["segment_id"])
    if segment is None:
        return JSONErrorResponse(404, "No such segment", "NOT_FOUND", request_id=request_id)
    stream, media_type = _EXPORTS[fmt]
    return StreamingResponse(
        stream(actor, segment),
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="segment-{segment.uuid}.{fmt}"'},
    )


_IMPORT_FORMATS = {
    "csv": ImportFormat.CSV,
    "jsonl": ImportFormat.JSONL,
    "text/csv": ImportFormat.CSV,
    "application/x-ndjson": ImportFormat.JSONL,
    "application/jsonl": ImportFormat.JSONL,
}
_MATCH_BY = {"external_id": MatchBy.EXTERNAL_ID, "email": MatchBy.EMAIL}


async def _writer(request: Request) -> Actor | Response:
    """The caller of an import route, with `clients:write`, or the response refusing them."""
    try:
        caller = await caller_from_request(request)
        return require(caller if isinstance(caller, Actor) else None, Permission.CLIENTS_WRITE)
    except (InvalidToken, Unauthenticated):
        return JSONErrorResponse(401, "A valid bearer token is required", "UNAUTHENTICATED")
    except PermissionDenied as exc:
        return JSONErrorResponse(403, str(exc), "FORBIDDEN")


async def upload_import(request: Request) -> Response:
    """POST /imports/clients?format=csv|jsonl&matchBy=external_id|email&dryRun=true: a file
    of clients, streamed to disk, queued as a job (R10.6). Answers 202 with the job id.
    `fileName` names the file and `consentProof` declares how the consent it grants was
    given (R11.1, docs/consent.md): both are recorded in each consent event's proof."""
    actor = await _writer(request)
    if isinstance(actor, Response):
        return actor
    params = request.query_params
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    fmt = _IMPORT_FORMATS.get(params.get("format", "").lower()) or _IMPORT_FORMATS.get(media)
    if fmt is None:
        return JSONErrorResponse(
            415,
            "Send CSV (text/csv) or JSON lines (application/x-ndjson)",
            "UNSUPPORTED_MEDIA_TYPE",
        )
    match_by = _MATCH_BY.get(params.get("matchBy", "external_id").lower())
    dry_run = params.get("dryRun", "false").lower()
    if match_by is None or dry_run not in ("true", "false", "1", "0"):
        return JSONErrorResponse(
            400, "matchBy is external_id or email; dryRun is true or false", "BAD_REQUEST"
        )
    try:
        job = await import_jobs.create_job(
            actor,
            request.stream(),
            fmt=fmt,
            match_by=match_by,
            dry_run=dry_run in ("true", "1"),
            settings=request.app.state.settings,
            file_name=params.get("fileName", ""),
            consent_proof=params.get("consentProof"),
        )
    except Invalid:
        return JSONErrorResponse(
            400, "consentProof is one text of at most 1000 characters", "BAD_REQUEST"
        )
    import_worker.nudge()
    return JSONResponse(
        {
            "jobId": str(job.uuid),
            "status": job.status.name,
            "reportUrl": import_jobs.report_path(job),
        },
        status_code=202,
    )


async def import_report(request: Request) -> Response:
    """GET /imports/{id}/report.csv: the refused rows of an import (row, column, code, message)."""
    actor = await _writer(request)
    if isinstance(actor, Response):
        return actor
    job = await import_jobs.get_job(actor, request.path_params["job_id"])
    if job is None:
        return JSONErrorResponse(404, "No such import job", "NOT_FOUND")
    return StreamingResponse(
        import_jobs.report_csv(job),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="import-{job.uuid}-report.csv"'},
    )


async def export_client_data(request: Request) -> Response:
    """GET /export/clients/{id}.json: everything held about a client, one JSON document
    streamed in constant memory, for a data-subject request (R8.4). Audited."""
    try:
        caller = await caller_from_request(request)
        client = await client_export.prepare_export(
            caller if isinstance(caller, Actor) else None, request.path_params["client_id"]
        )
    except (InvalidToken, Unauthenticated):
        return JSONErrorResponse(401, "A valid bearer token is required", "UNAUTHENTICATED")
    except PermissionDenied as exc:
        return JSONErrorResponse(403, str(exc), "FORBIDDEN")
    if client is None:
        return JSONErrorResponse(404, "No such client", "NOT_FOUND")
    assert isinstance(caller, Actor)
    return StreamingResponse(
        client_export.export_client_data(caller, client),
        media_type="application/json",
        headers={
            "Content-Disposition": f'attachment; filename="client-{client.uuid}.json"',
            "Cache-Control": "no-store",
        },
    )


def create_app(
    settings: Settings | None = None, *, schema: Schema | None = None, manage_database: bool = True
) -> Starlette:
    """The whole service. Tests that already opened a database pass manage_database=False."""
    settings = settings or Settings.from_env()
    limits = limit_store(settings)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            if not manage_database:
                yield
                return
            async with _database(app, settings):
                yield
        finally:
            await limits.aclose()

    view = GraphQLView(schema or schema_for(settings), settings, limits)
    observe.count_statements()
    security.bound_password_hashing(settings.password_hash_concurrency)
    show_unsubscribe, one_click_unsubscribe = unsubscribe_page.routes_for(settings)
    app = Starlette(
        middleware=[Middleware(Observability), cors(settings), Middleware(ResponseHeaders)],
        routes=[
            Route("/graphql", view, methods=["GET", "POST"]),
            Route("/livez", health.livez, methods=["GET"]),
            Route("/metrics", metrics.endpoint(settings), methods=["GET"]),
            Route("/readyz", health.readyz(settings, limits), methods=["GET"]),
            Route("/healthz", health.readyz(settings, limits), methods=["GET"]),
            Route("/export/segments/{segment_id}.{fmt}", export_segment_members, methods=["GET"]),
            Route("/export/clients/{client_id}.json", export_client_data, methods=["GET"]),
            Route("/unsubscribe/{token}", show_unsubscribe, methods=["GET"]),
            Route("/unsubscribe/{token}", one_click_unsubscribe, methods=["POST"]),
            Route("/imports/clients", upload_import, methods=["POST"]),
            Route("/imports/{job_id}/report.csv", import_report, methods=["GET"]),
            *console_routes(settings.console_dir),
            *(
                [
                    Mount(
                        graphiql.PREFIX.rstrip("/"),
                        StaticFiles(directory=graphiql.STATIC, check_dir=False),
                    )
                ]
                if settings.graphiql_enabled
                else []
            ),
        ],
        lifespan=lifespan,
    )
    app.state.limits = limits
    app.state.settings = settings
    return app


def cors(settings: Settings) -> Middleware:
    """Browsers on the allowed origins (CORS_ALLOWED_ORIGINS) may call the API and the exports.

    Callers authenticate with the Authorization header, never with cookies, so no origin is
    given credentials: a wildcard origin then shares nothing a page could not already read.
    """
    return Middleware(
        CORSMiddleware,
        allow_origins=list(settings.cors_origins),
        allow_methods=["GET", "POST"],
        allow_headers=["Authorization", "Content-Type", "Accept", "X-Request-Id"],
        expose_headers=["X-Request-Id", "Retry-After", "Content-Disposition"],
        allow_credentials=False,
        max_age=600,
    )


def limit_store(settings: Settings) -> LimitStore:
    """Redis when configured (instances share the counts), this process's store otherwise."""
    if settings.redis_url:
        return RedisStore(
            settings.redis_url, settings.redis_prefix, secret=settings.secret_key.get_secret_value()
        )
    return rate_limit.LOCAL


@asynccontextmanager
async def _database(app: Starlette, settings: Settings) -> AsyncIterator[None]:
    """The database, and the background jobs that run beside the web process (jobs.JOBS)."""
    async with RegisterTortoise(app, config=tortoise_config(settings.database_url)):
        if not settings.mail_worker:
            yield
            return
        stop = asyncio.Event()
        workers = asyncio.create_task(jobs.run_jobs(settings, stop))
        try:
            yield
        finally:
            stop.set()
            await workers


def from_env() -> Starlette:
    """The app of the environment's settings: what each `clientela serve --workers` process
    builds (uvicorn imports it by name in every worker)."""
    settings = Settings.from_env()
    configure_logging(settings)  # a fresh interpreter: uvicorn spawns its workers
    app = create_app(settings)
    gc.collect()
    gc.freeze()  # see clientela.cli._serve
    return app
