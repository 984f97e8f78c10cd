"""kill -9 of `clientela deliver` mid-campaign with the default lease (issue 14).

    .venv/bin/python -m bench.delivery_crash [--messages 100] [--postgres]

Queues a campaign (one claim takes it all), kills the worker with SIGKILL once 30 messages
arrived at a real SMTP server (aiosmtpd, 50 ms per message), starts a second worker, and
prints how many messages arrived twice and how long the never-attempted ones waited.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from pathlib import Path

from bench.common import scratch_database
from tests.delivery_crash import crash_run
from tests.smtp import SmtpServer


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=100)
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()
    smtp = SmtpServer()
    smtp.start()
    try:
        if args.postgres:
            async with scratch_database() as url:
                run = await crash_run(url, smtp, messages=args.messages, kill_after=30)
        else:
            with tempfile.TemporaryDirectory() as folder:
                url = f"sqlite://{Path(folder) / 'crash.sqlite3'}"
                run = await crash_run(url, smtp, messages=args.messages, kill_after=30)
    finally:
        smtp.stop()
    print(f"queued {run.queued}, arrived before the kill {run.received_before_kill}")
    print(f"delivered {run.delivered} distinct, resent {run.resent}, unsent {run.still_unsent}")
    print(f"never-attempted mail resumed {run.resumed_after:.1f} s after the kill")
    print(f"campaign finished {run.finished_after:.1f} s after the kill")


if __name__ == "__main__":
    asyncio.run(main())
