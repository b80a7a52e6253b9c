"""The scheduler: each job runs once per slot, even with two scheduler processes; every run is recorded."""

import datetime
import threading
import zoneinfo
from collections import Counter

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.urls import reverse

from relais.ops import runs
from relais.ops.enums import JobOutcome
from relais.ops.models import JobRun
from relais.ops.runs import job_run
from relais.ops.schedule import JOBS, JOBS_BY_NAME
from relais.ops.scheduler import scheduler_build
from relais.users.enums import Role
from tests.factories import UserFactory

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


@pytest.fixture(autouse=True)
def _keep_the_test_connection(monkeypatch):
    """As Django's test client does for requests: the test's transaction holds the connection open."""
    monkeypatch.setattr(runs, "close_old_connections", lambda: None)


@pytest.fixture
def commands(monkeypatch):
    """Every job's command installed, and each call counted instead of run."""
    calls = Counter()
    monkeypatch.setattr(runs, "get_commands", lambda: {job.command: "relais" for job in JOBS})
    monkeypatch.setattr(runs, "call_command", lambda name, **kwargs: calls.update([name]))
    return calls


def _fire_times(trigger, start, end):
    previous, moment = None, start
    while (fire := trigger.get_next_fire_time(previous, moment)) and fire < end:
        yield fire
        previous, moment = fire, fire + datetime.timedelta(seconds=1)


@pytest.mark.django_db
def test_two_schedulers_over_three_days_run_each_job_once_per_slot(commands):
    start = datetime.datetime(2026, 3, 27, 0, 0, tzinfo=PARIS)  # across the switch to summer time
    end = start + datetime.timedelta(days=3)
    schedulers = [scheduler_build(), scheduler_build()]
    for scheduled in zip(*(s.get_jobs() for s in schedulers), strict=True):
        for fire in _fire_times(scheduled[0].trigger, start, end):
            for i, job in enumerate(scheduled):  # both processes wake up, the second a little later
                job.func(*job.args, now=fire + datetime.timedelta(seconds=7 * i))
    hours = 71  # 02:05 (and 02:20) does not exist on the day clocks go forward
    assert commands == {
        "expire_referrals": hours,
        "refresh_facts": hours,
        "rollover_availability": 3,
        "backup": 3,
        "purge_retention": 3,
        "anchor_access_log": 3,
        "remind_premises_reviews": 3,
        "remind_actions_due": 3,
        "send_notification_digest": 3,
    }
    for job in JOBS:
        rows = JobRun.objects.filter(job_name=job.name)
        assert rows.count() == commands[job.command]
        assert set(rows.values_list("outcome", flat=True)) == {JobOutcome.SUCCEEDED}
        assert all(row.duration is not None for row in rows)


@pytest.mark.django_db(transaction=True)
def test_two_processes_racing_for_one_slot_run_it_once(commands):
    now = datetime.datetime(2026, 5, 4, 3, 15, tzinfo=PARIS)
    job = JOBS_BY_NAME["purge_retention"]
    barrier = threading.Barrier(2)
    results = []

    def process():
        barrier.wait()
        try:
            results.append(job_run(job, now=now))
        finally:
            connection.close()  # each thread has its own connection: close it, or it warns at teardown

    threads = [threading.Thread(target=process) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert commands == {"purge_retention": 1}
    assert sorted(r is None for r in results) == [False, True]
    run = JobRun.objects.get()
    assert (run.job_name, run.slot_start, run.outcome) == (
        "purge_retention",
        now.replace(hour=0, minute=0),
        "succeeded",
    )


@pytest.mark.django_db
def test_a_real_run_a_failure_and_a_missing_command_are_recorded(monkeypatch):
    run = job_run(JOBS_BY_NAME["expire_referrals"])
    assert (run.outcome, run.error_summary) == (JobOutcome.SUCCEEDED, "")
    assert run.finished_at >= run.started_at

    def fail(name, **kwargs):
        raise ValueError("Zéphyrin-Sentinelle-7Q")  # a message may name a person: it is not kept

    monkeypatch.setattr(runs, "call_command", fail)
    run = job_run(JOBS_BY_NAME["expire_referrals"], now=run.slot_start + datetime.timedelta(hours=1))
    assert (run.outcome, run.error_summary) == (JobOutcome.FAILED, "builtins.ValueError")
    monkeypatch.setattr(runs, "get_commands", dict)
    run = job_run(JOBS_BY_NAME["anchor_access_log"])
    assert run.outcome == JobOutcome.SKIPPED


@pytest.mark.django_db
def test_the_admin_role_reads_the_runs_and_cannot_change_them(client, synced_roles, commands):
    run = job_run(JOBS_BY_NAME["backup"])
    admin = UserFactory(role=Role.ADMIN)
    Group.objects.get(name=Role.ADMIN).user_set.add(admin)
    client.force_login(admin)
    response = client.get(reverse("admin:ops_jobrun_changelist"))
    assert response.status_code == 200
    assert "backup" in response.content.decode()
    assert client.get(reverse("admin:ops_jobrun_change", args=[run.pk])).status_code == 200  # view only
    assert client.get(reverse("admin:ops_jobrun_add")).status_code == 403
    assert client.post(reverse("admin:ops_jobrun_delete", args=[run.pk])).status_code == 403
    assert JobRun.objects.filter(pk=run.pk).exists()
    client.force_login(UserFactory(role=Role.COORDINATION))
    assert client.get(reverse("admin:ops_jobrun_changelist")).status_code == 302
