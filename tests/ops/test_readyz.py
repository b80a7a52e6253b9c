"""/readyz: database, migrations, task queue lag and last backup; 503 as soon as one is wrong."""

import datetime

import pytest
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from relais.ops.enums import JobOutcome
from relais.ops.models import JobRun
from tests.ops.tasks import noop

pytestmark = pytest.mark.django_db


def _backup(hours_ago):
    finished = timezone.now() - datetime.timedelta(hours=hours_ago)
    JobRun.objects.create(
        job_name="backup", slot_start=finished, started_at=finished, finished_at=finished, outcome=JobOutcome.SUCCEEDED
    )


def test_ready_without_login_and_backup_unknown_by_default(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "migrations": {"status": "ok", "pending": 0},
        "task_queue": {"status": "ok", "lag_seconds": 0.0},
        "backup": {"status": "unknown", "age_hours": None},
    }


def test_pending_migrations_make_it_not_ready(client, monkeypatch):
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [("ops.0002_next", False)])
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["migrations"] == {"status": "pending", "pending": 1}


def test_a_lagging_task_queue_makes_it_not_ready(client, settings):
    settings.RELAIS_READYZ_QUEUE_LAG_SECONDS = 300
    noop.enqueue()
    assert client.get("/readyz").status_code == 200
    DBTaskResult.objects.update(enqueued_at=timezone.now() - datetime.timedelta(minutes=10))
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["task_queue"]["status"] == "lagging"
    assert response.json()["task_queue"]["lag_seconds"] >= 600
    DBTaskResult.objects.update(run_after=timezone.now() + datetime.timedelta(hours=1))  # not due yet
    assert client.get("/readyz").status_code == 200


def test_backup_age_against_the_threshold(client, settings):
    settings.RELAIS_READYZ_BACKUP_MAX_AGE_HOURS = 26
    settings.RELAIS_READYZ_REQUIRE_BACKUP = True
    assert client.get("/readyz").status_code == 503  # required and never made
    _backup(hours_ago=30)
    response = client.get("/readyz")
    assert (response.status_code, response.json()["backup"]["status"]) == (503, "too_old")
    _backup(hours_ago=2)
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["backup"] == {"status": "ok", "age_hours": pytest.approx(2, abs=0.1)}
