"""The background-job registry (clientela/jobs.py): every job written there is run.

Webhook delivery, imports and account requests were once written as jobs but left out of
JOBS, so `clientela serve` and `clientela worker` never ran them (the unit tests call the
workers directly and passed); sign-ups were never carried out. This keeps the list whole."""

from __future__ import annotations

import inspect

from clientela import jobs


def test_every_job_function_is_registered() -> None:
    written = {
        fn
        for name, fn in vars(jobs).items()
        if name.startswith("_")
        and inspect.iscoroutinefunction(fn)
        and list(inspect.signature(fn).parameters) == ["settings", "stop"]
    }
    registered = {job.run for job in jobs.JOBS}
    assert written == registered
    names = [job.name for job in jobs.JOBS]
    assert len(names) == len(set(names))
    assert {"mail", "account-requests", "webhooks", "imports"} <= set(names)
