"""The scheduler process: APScheduler's blocking scheduler firing the jobs of relais.ops.schedule."""

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from django.conf import settings

from relais.ops.runs import job_run
from relais.ops.schedule import JOBS


def scheduler_build() -> BlockingScheduler:
    scheduler = BlockingScheduler(timezone=settings.TIME_ZONE)
    for job in JOBS:
        scheduler.add_job(
            job_run,
            CronTrigger(timezone=settings.TIME_ZONE, **job.cron),
            args=[job],
            id=job.name,
            name=job.name,
            # A process that was down at the fire time still runs the slot within the period;
            # missed slots collapse into one run, and a slow run never overlaps the next.
            misfire_grace_time=3600 if job.period == "hour" else 6 * 3600,
            coalesce=True,
            max_instances=1,
        )
    return scheduler
