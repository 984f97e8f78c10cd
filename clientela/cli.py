"""The `clientela` command: serve, migrate, demo data, the first credentials, imports and
sealing secrets again after SECRET_KEY changed."""

from __future__ import annotations

import argparse
import asyncio
import gc
import getpass
import logging
import secrets
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tortoise.context import TortoiseContext

from clientela.logs import configure_logging
from clientela.settings import VAR_DIR, Settings, SettingsError

__all__ = ["configure_logging", "main"]

log = logging.getLogger("clientela")


def _ensure_sqlite_dir(database_url: str) -> None:
    if database_url.startswith("sqlite://") and ":memory:" not in database_url:
        Path(database_url.removeprefix("sqlite://")).parent.mkdir(parents=True, exist_ok=True)


@asynccontextmanager
async def database(settings: Settings) -> AsyncIterator[TortoiseContext]:
    from models.db import tortoise_config

    _ensure_sqlite_dir(settings.database_url)
    async with TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(settings.database_url))
        yield ctx


async def _migrate(settings: Settings) -> None:
    from models.db import migrate

    async with database(settings) as ctx:
        await migrate(ctx.connections.get("default"))
    print("Database is up to date.")


async def _staff_token(settings: Settings, staff_id: int) -> str:
    from models import StaffSession
    from models.security import new_token
    from resolvers.access.auth import STAFF_TOKEN_PREFIX

    token, digest = new_token(STAFF_TOKEN_PREFIX)
    await StaffSession.create(
        staff_id=staff_id,
        token_hash=digest,
        expires_at=datetime.now(UTC) + settings.staff_session_ttl,
    )
    return token


async def _seed_demo(settings: Settings, clients: int) -> None:
    from clientela.demo import DEMO_OWNER_PASSWORD, seed_demo
    from models.db import migrate

    async with database(settings) as ctx:
        await migrate(ctx.connections.get("default"))
        demo = await seed_demo(clients=clients)
        token = await _staff_token(settings, demo.owner.id)
    print(f"Demo organization: {demo.organization.name} (slug {demo.organization.slug})")
    print(f"Staff login:       {demo.owner.email} / {DEMO_OWNER_PASSWORD}")
    print(f"Staff token:       {token}")
    if demo.api_key:
        print(f"API key (shown once): {demo.api_key}")
    print('Paste into GraphiQL headers: {"Authorization": "Bearer ' + token + '"}')


async def _create_organization(settings: Settings, args: argparse.Namespace) -> None:
    from models import Organization

    async with database(settings):
        org = await Organization.create(
            name=args.name, slug=args.slug, country=args.country.upper(), default_locale=args.locale
        )
    print(f"Organization {org.slug} created (id {org.uuid}).")


async def _create_staff(settings: Settings, args: argparse.Namespace) -> None:
    from models import Organization, StaffUser
    from models.enums import StaffRole
    from models.security import hash_password

    password = args.password or (
        getpass.getpass("Password: ") if sys.stdin.isatty() else secrets.token_urlsafe(12)
    )
    async with database(settings):
        org = await Organization.get(slug=args.organization)
        staff = await StaffUser.create(
            organization=org,
            email=args.email.strip().lower(),
            name=args.name,
            role=StaffRole(args.role),
            password_hash=hash_password(password),
        )
    print(f"Staff user {staff.email} ({staff.role.value}) created in {org.slug}.")
    if not args.password and not sys.stdin.isatty():
        print(f"Generated password (shown once): {password}")


async def _create_api_key(settings: Settings, args: argparse.Namespace) -> None:
    from models import Organization
    from models.access import API_KEY_SCOPES, Permission
    from resolvers.access.api_keys import issue_api_key

    scopes = [Permission(s.strip()) for s in args.scopes.split(",") if s.strip()]
    if not scopes or not set(scopes) <= API_KEY_SCOPES:
        allowed = ", ".join(sorted(p.value for p in API_KEY_SCOPES))
        raise SystemExit(f"--scopes must be a comma-separated subset of: {allowed}")
    async with database(settings):
        org = await Organization.get(slug=args.organization)
        key, secret = await issue_api_key(org, args.name, scopes)
    print(f"API key {key.uuid} for {org.slug}; scopes {', '.join(key.scopes)}")
    print(f"Key (shown once, store it now): {secret}")


async def _worker(settings: Settings) -> None:
    """Every background job of clientela/jobs.py until SIGINT or SIGTERM."""
    import signal

    from clientela.jobs import JOBS, run_jobs

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with database(settings):
        log.info("worker running jobs: %s", ", ".join(job.name for job in JOBS))
        print(f"Running {', '.join(job.name for job in JOBS)}; Ctrl-C stops.")
        await run_jobs(settings, stop)


async def _inbound_mail(settings: Settings) -> None:
    """The receiver of unsubscribe mail and bounce reports until SIGINT or SIGTERM."""
    import signal

    from clientela.inbound_mail import serve

    if not (settings.unsubscribe_mailto or settings.bounce_address):
        raise SystemExit("inbound-mail needs UNSUBSCRIBE_MAILTO or BOUNCE_ADDRESS (or both)")
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with database(settings):
        mailboxes = ", ".join(
            f"{name} {address}"
            for name, address in (
                ("unsubscribe", settings.unsubscribe_mailto),
                ("bounces", settings.bounce_address),
            )
            if address
        )
        where = f"{settings.inbound_mail_host}:{settings.inbound_mail_port}"
        log.info("inbound mail on %s (%s)", where, settings.inbound_mail_protocol)
        print(f"Receiving {settings.inbound_mail_protocol.upper()} on {where} for {mailboxes}")
        await serve(settings, stop)


async def _file_chunks(path: Path, size: int = 1 << 20) -> AsyncIterator[bytes]:
    with path.open("rb") as handle:
        while chunk := await asyncio.to_thread(handle.read, size):
            yield chunk


def _progress_bar(done: int, total: int) -> None:
    width = 30
    share = done / total if total else 1.0
    bar = "#" * int(width * share) + "-" * (width - int(width * share))
    sys.stderr.write(f"\r[{bar}] {done:,}/{total:,} rows ({share:.0%})")
    sys.stderr.flush()


async def _import_clients(settings: Settings, args: argparse.Namespace) -> None:
    from models import Organization
    from models.imports import ImportFormat, ImportStatus, MatchBy
    from resolvers.access.actor import Actor
    from resolvers.imports import import_jobs, import_run

    path = Path(args.file)
    if not await asyncio.to_thread(path.is_file):
        raise SystemExit(f"No such file: {path}")
    fmt = ImportFormat(args.format or ("jsonl" if path.suffix in (".jsonl", ".ndjson") else "csv"))
    async with database(settings):
        org = await Organization.get_or_none(slug=args.organization)
        if org is None:
            raise SystemExit(f"No organization with slug {args.organization}")
        job = await import_jobs.create_job(
            Actor.system(org.id),
            _file_chunks(path),
            fmt=fmt,
            match_by=MatchBy(args.match_by),
            dry_run=args.dry_run,
            settings=settings,
            file_name=path.name,
            consent_proof=args.consent_proof,
        )
        print(f"Import job {job.uuid} ({'dry run, ' if args.dry_run else ''}{fmt.value})")
        done = await import_run.run_job(job.id, progress=_progress_bar)
        sys.stderr.write("\n")
        if done is None:
            raise SystemExit("The job was taken by another worker.")
        print(
            f"{done.status.name}: {done.rows_done:,} rows, {done.created:,} created, "
            f"{done.updated:,} updated, {done.unchanged:,} unchanged, {done.refused:,} refused"
        )
        if done.error:
            print(f"Stopped: {done.error}")
        if done.refused or done.error:
            report = path.with_name(path.name + ".report.csv")
            with report.open("wb") as out:
                async for chunk in import_jobs.report_csv(done):
                    out.write(chunk)
            print(f"Report of refused rows: {report}")
        if done.status is ImportStatus.FAILED:
            raise SystemExit(1)


async def _reseal_secrets(settings: Settings, args: argparse.Namespace) -> None:
    from clientela.reseal import reseal_secrets

    async with database(settings):
        report = await reseal_secrets(settings, dry_run=args.dry_run, batch_size=args.batch_size)
    for name, counts in report.items():
        print(counts.line(name, args.dry_run))
    unreadable = sum(c.unreadable for c in report.values())
    if unreadable:
        raise SystemExit(
            f"{unreadable:,} sealed values open with no key (SECRET_KEY, SECRET_KEY_PREVIOUS): "
            "rotate those webhook endpoints' secrets (rotateWebhookSecret)"
        )


def _start_sink(folder: Path, host: str, port: int) -> Any:
    """The development mail sink; aiosmtpd comes with the `dev` extra (make run installs it)."""
    try:
        from mailer.sink import start_sink
    except ImportError:
        raise SystemExit(
            "The mail sink needs the development extra: pip install -e '.[dev]' (make run does)"
        ) from None
    return start_sink(folder, host, port)


def _mail_sink(settings: Settings, folder: Path) -> None:
    import time

    controller = _start_sink(folder, settings.smtp_host, settings.smtp_port)
    print(f"Mail sink on {settings.smtp_host}:{settings.smtp_port}, saving to {folder}/")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        controller.stop()


def _serve(settings: Settings, host: str, port: int, workers: int = 1) -> None:
    import os
    import tempfile

    import uvicorn

    from clientela.app import create_app

    _ensure_sqlite_dir(settings.database_url)
    print(
        f"GraphQL:  http://{host}:{port}/graphql"
        + ("  (GraphiQL in a browser)" if settings.graphiql_enabled else "")
    )
    print(f"Health:   http://{host}:{port}/livez and /readyz; metrics at /metrics")
    built = (settings.console_dir / "index.html").is_file()
    print(
        f"Console:  http://{host}:{port}/console/"
        + ("" if built else "  (not built: run `make console`)")
    )
    # Logging stays as configure_logging set it (JSON lines in production); the
    # observability middleware writes the access lines.
    options: dict[str, Any] = {
        "host": host,
        "port": port,
        "log_level": settings.log_level.lower(),
        "log_config": None,
        "access_log": False,
        # No banner naming the server and its version (issue 14).
        "server_header": False,
    }
    if workers > 1:
        # Each worker process counts into files of one directory, and any worker's
        # /metrics adds them all up (prometheus-client's multiprocess mode).
        os.environ.setdefault(
            "PROMETHEUS_MULTIPROC_DIR", tempfile.mkdtemp(prefix="clientela-metrics-")
        )
        # A worker builds the schema before it answers the supervisor's pings: give it time
        # on a busy host instead of restarting it in a loop.
        uvicorn.run(
            "clientela.app:from_env",
            factory=True,
            workers=workers,
            timeout_worker_healthcheck=60,
            **options,
        )
        return
    app = create_app(settings)
    # The schema, models and modules live as long as the process: moved out of the cycle
    # collector's generations, they are not rescanned by every full collection.
    gc.collect()
    gc.freeze()
    uvicorn.run(app, **options)


def _dev(settings: Settings, host: str, port: int, clients: int) -> None:
    if settings.is_production:
        raise SystemExit("`clientela dev` is for development; use `clientela serve`.")
    asyncio.run(_seed_demo(settings, clients))
    folder = (VAR_DIR / "mail").resolve()
    sink = _start_sink(folder, settings.smtp_host, settings.smtp_port)
    print(f"Mail sink: every email the service sends is saved as a .eml file in {folder}/")
    try:
        _serve(settings, host, port)
    finally:
        sink.stop()


def schema_sdl() -> str:
    """The schema the service serves, in SDL: the contract committed as schema.graphql."""
    from schema import schema_for

    return schema_for(Settings()).as_str() + "\n"


def _export_schema(path: str) -> None:
    if path == "-":
        sys.stdout.write(schema_sdl())
        return
    Path(path).write_text(schema_sdl())
    print(f"Wrote {path}. A breaking change needs an entry in docs/changelog.md.")


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError("must be a whole number of at least 1")
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="clientela", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    for name, text in (("serve", "run the service"), ("dev", "migrate, load demo data, serve")):
        cmd = sub.add_parser(name, help=text)
        cmd.add_argument("--host", default="127.0.0.1")
        cmd.add_argument("--port", type=int, default=8000)
        if name == "dev":
            cmd.add_argument("--clients", type=int, default=300)
        else:
            cmd.add_argument(
                "--workers", type=int, default=1, help="processes serving the port (uvicorn)"
            )

    sub.add_parser("migrate", help="apply database migrations")
    export = sub.add_parser("export-schema", help="write the served schema in SDL")
    export.add_argument("path", nargs="?", default="schema.graphql", help="a file, or - for stdout")
    for name in ("worker", "deliver"):  # deliver: the older name
        sub.add_parser(name, help="run every background job (clientela/jobs.py): mail, …")
    sub.add_parser(
        "inbound-mail",
        help="receive unsubscribe mail and bounce reports from the MTA (LMTP or SMTP)",
    )
    sink = sub.add_parser("mail-sink", help="a local SMTP server saving messages as .eml files")
    sink.add_argument("--dir", default=str(VAR_DIR / "mail"))
    demo = sub.add_parser("seed-demo", help="create the demo organization and print a way in")
    demo.add_argument("--clients", type=int, default=300)

    org = sub.add_parser("create-organization", help="create an organization")
    org.add_argument("--name", required=True)
    org.add_argument("--slug", required=True)
    org.add_argument("--country", default="IT")
    org.add_argument("--locale", default="it", choices=["it", "es", "en"])

    staff = sub.add_parser("create-staff", help="create a staff user")
    staff.add_argument("--organization", required=True, help="organization slug")
    staff.add_argument("--email", required=True)
    staff.add_argument("--name", required=True)
    staff.add_argument(
        "--role", default="owner", choices=["owner", "admin", "agent", "marketing", "read_only"]
    )
    staff.add_argument("--password", help="prompted for when omitted")

    key = sub.add_parser("create-api-key", help="create an API key and print it once")
    key.add_argument("--organization", required=True, help="organization slug")
    key.add_argument("--name", required=True)
    key.add_argument(
        "--scopes", default="clients:read", help="comma-separated, e.g. clients:read,clients:write"
    )
    imports = sub.add_parser(
        "import-clients", help="import clients from a CSV or JSON-lines file, with progress"
    )
    imports.add_argument("file", help="the file (.csv, or .jsonl / .ndjson for JSON lines)")
    imports.add_argument("--organization", required=True, help="organization slug")
    imports.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
    imports.add_argument("--match-by", default="external_id", choices=["external_id", "email"])
    imports.add_argument("--format", choices=["csv", "jsonl"], help="default: from the suffix")
    imports.add_argument(
        "--consent-proof",
        help="how the consent the file grants was given (recorded as its proof; needed to "
        "grant consent from rows without a *_proof column)",
    )
    reseal = sub.add_parser(
        "reseal-secrets",
        help="seal every sealed value (webhook secrets) again under SECRET_KEY, after "
        "changing it (docs/operations.md); prints counts only",
    )
    reseal.add_argument("--dry-run", action="store_true", help="count, write nothing")
    reseal.add_argument(
        "--batch-size", type=_positive, default=500, help="rows per transaction (default 500)"
    )
    return parser


def main(argv: list[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    try:
        settings = Settings.from_env()
    except SettingsError as exc:
        raise SystemExit(f"configuration error: {exc}") from None
    configure_logging(settings)

    commands: dict[str, Callable[[], Awaitable[None] | None]] = {
        "serve": lambda: _serve(settings, args.host, args.port, args.workers),
        "dev": lambda: _dev(settings, args.host, args.port, args.clients),
        "migrate": lambda: _migrate(settings),
        "export-schema": lambda: _export_schema(args.path),
        "worker": lambda: _worker(settings),
        "deliver": lambda: _worker(settings),
        "inbound-mail": lambda: _inbound_mail(settings),
        "mail-sink": lambda: _mail_sink(settings, Path(args.dir)),
        "seed-demo": lambda: _seed_demo(settings, args.clients),
        "create-organization": lambda: _create_organization(settings, args),
        "create-staff": lambda: _create_staff(settings, args),
        "create-api-key": lambda: _create_api_key(settings, args),
        "import-clients": lambda: _import_clients(settings, args),
        "reseal-secrets": lambda: _reseal_secrets(settings, args),
    }
    outcome = commands[args.command]()
    if outcome is not None:
        asyncio.run(outcome)  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
