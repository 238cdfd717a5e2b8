"""Big imports are checked and applied by a worker (queue ``default``)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="devzone.imports.tasks.process_import", acks_late=True)
def process_import(run_id: int) -> str:
    """Process a queued import run. Idempotent: a run already finished (or taken) is left alone;
    a run whose worker died mid-way is taken again after a while and redone from the start,
    which is safe because nothing of it was committed."""
    from .services import process_run

    return process_run(run_id=run_id, tell=True).state
