"""Every periodic job of Relais, in one place: what runs, and when (Europe/Paris time).

Each job is a management command. A command that is not installed yet is recorded as not run
rather than failing, so that a job can be declared before the module that provides it.
"""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Job:
    name: str
    command: str
    period: str  # "hour" or "day": one run per period, the slot being the period's start
    cron: dict  # APScheduler CronTrigger fields

    def slot(self, now: datetime) -> datetime:
        """The start of the period that `now` falls in (aware, in the current time zone)."""
        slot = now.replace(minute=0, second=0, microsecond=0)
        return slot.replace(hour=0) if self.period == "day" else slot


JOBS = (
    # Moves each structure's live availability to the new day (service periods starting or ending today).
    Job("rollover_availability", command="rollover_availability", period="day", cron={"hour": 0, "minute": 1}),
    # Flags unanswered referrals, then expires them (RELAIS_REFERRAL_*_AFTER_HOURS).
    # The daily indicator facts: today's figures retaken, the days touched by the journal recomputed.
    Job("refresh_facts", command="refresh_facts", period="hour", cron={"minute": 20}),
    Job("expire_referrals", command="expire_referrals", period="hour", cron={"minute": 5}),
    # State opinions on premises due soon or overdue; actions due before the next comité.
    Job("remind_premises_reviews", command="remind_premises_reviews", period="day", cron={"hour": 7, "minute": 0}),
    Job("remind_actions_due", command="remind_actions_due", period="day", cron={"hour": 7, "minute": 5}),
    # The daily digest of notifications, for those who chose it (sent by the task worker).
    Job("notification_digest", command="send_notification_digest", period="day", cron={"hour": 7, "minute": 30}),
    # Copy of the database (the embedded SQLite's online backup; PostgreSQL has its own archiving).
    Job("backup", command="backup", period="day", cron={"hour": 2, "minute": 30}),
    # Anonymises or deletes what the retention table says is past its time.
    Job("purge_retention", command="purge_retention", period="day", cron={"hour": 3, "minute": 15}),
    # Anchors the day's head of the access-log hash chain outside the database.
    Job("anchor_access_log", command="anchor_access_log", period="day", cron={"hour": 3, "minute": 45}),
)
JOBS_BY_NAME = {job.name: job for job in JOBS}
