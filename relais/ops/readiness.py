"""What /readyz checks: the database, the migrations, the task queue and the last backup."""

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Case, F, Min, When
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from relais.ops.enums import JobOutcome
from relais.ops.models import JobRun

BACKUP_JOB = "backup"


def _migrations_pending() -> int:
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def _queue_lag_seconds(now) -> float:
    """Age of the oldest task waiting to run (ready since it was enqueued, or since its run_after)."""
    ready_since = Case(When(run_after=get_date_max(), then=F("enqueued_at")), default=F("run_after"))
    oldest = DBTaskResult.objects.ready().aggregate(oldest=Min(ready_since))["oldest"]
    return max((now - oldest).total_seconds(), 0.0) if oldest else 0.0


def _backup_age_hours(now) -> float | None:
    last = (
        JobRun.objects.filter(job_name=BACKUP_JOB, outcome=JobOutcome.SUCCEEDED)
        .order_by("-finished_at")
        .values_list("finished_at", flat=True)
        .first()
    )
    return round((now - last).total_seconds() / 3600, 2) if last else None


def readiness() -> tuple[bool, dict]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        pending = _migrations_pending()
        now = timezone.now()
        lag = _queue_lag_seconds(now)
        backup_age = _backup_age_hours(now)
    except DatabaseError:
        return False, {"status": "error", "database": "unreachable"}
    if backup_age is None:
        # No backup recorded: a fault only where backups are required (see README, Exploitation).
        backup_ok = not settings.RELAIS_READYZ_REQUIRE_BACKUP
    else:
        backup_ok = backup_age <= settings.RELAIS_READYZ_BACKUP_MAX_AGE_HOURS
    queue_ok = lag <= settings.RELAIS_READYZ_QUEUE_LAG_SECONDS
    ready = not pending and queue_ok and backup_ok
    return ready, {
        "status": "ok" if ready else "error",
        "database": "ok",
        "migrations": {"status": "ok" if not pending else "pending", "pending": pending},
        "task_queue": {"status": "ok" if queue_ok else "lagging", "lag_seconds": round(lag, 1)},
        "backup": {
            "status": "unknown" if backup_age is None else ("ok" if backup_ok else "too_old"),
            "age_hours": backup_age,
        },
    }
