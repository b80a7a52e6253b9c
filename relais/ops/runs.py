"""Run one job for one slot, at most once whatever the number of scheduler processes."""

import io
import logging

from django.core.management import call_command, get_commands
from django.db import IntegrityError, close_old_connections, transaction
from django.utils import timezone

from relais.ops.enums import JobOutcome
from relais.ops.models import JobRun
from relais.ops.schedule import Job

logger = logging.getLogger(__name__)


def job_run(job: Job, *, now=None) -> JobRun | None:
    """Claim the slot of `now` for `job`, run its command and record the outcome.

    Returns None when another process has already claimed the slot.
    """
    close_old_connections()
    now = now or timezone.now()
    slot = job.slot(timezone.localtime(now))
    try:
        with transaction.atomic():
            run = JobRun.objects.create(job_name=job.name, slot_start=slot, started_at=timezone.now())
    except IntegrityError:
        logger.info("job slot already claimed", extra={"job": job.name, "slot": slot.isoformat()})
        return None
    if job.command not in get_commands():
        run.outcome = JobOutcome.SKIPPED
    else:
        try:
            call_command(job.command, stdout=io.StringIO(), stderr=io.StringIO())
            run.outcome = JobOutcome.SUCCEEDED
        except Exception as exc:  # a failed job is recorded, the scheduler goes on
            run.outcome = JobOutcome.FAILED
            run.error_summary = f"{type(exc).__module__}.{type(exc).__qualname__}"[:200]
    run.finished_at = timezone.now()
    run.save(update_fields=["outcome", "error_summary", "finished_at"])
    log = logger.error if run.outcome == JobOutcome.FAILED else logger.info
    log(
        "job finished",
        extra={
            "job": job.name,
            "slot": slot.isoformat(),
            "outcome": run.outcome,
            "duration_s": round(run.duration.total_seconds(), 3),
            "error": run.error_summary,
        },
    )
    close_old_connections()
    return run
