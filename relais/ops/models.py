from django.db import models

from relais.ops.enums import JobOutcome


class JobRun(models.Model):
    """One run of a scheduled job for one slot of its schedule.

    The row is inserted before the job runs: the unique (job, slot) pair is the claim that lets
    only one of several scheduler processes run a given slot.
    """

    job_name = models.CharField("tâche", max_length=64)
    slot_start = models.DateTimeField("créneau")
    started_at = models.DateTimeField("début")
    finished_at = models.DateTimeField("fin", null=True, blank=True)
    outcome = models.CharField("résultat", max_length=16, choices=JobOutcome.choices, default=JobOutcome.RUNNING)
    # The exception's class only: a message may quote data about a person.
    error_summary = models.CharField("erreur", max_length=200, blank=True)

    class Meta:
        verbose_name = "exécution de tâche planifiée"
        verbose_name_plural = "exécutions des tâches planifiées"
        ordering = ["-slot_start", "job_name"]
        constraints = [models.UniqueConstraint(fields=["job_name", "slot_start"], name="ops_jobrun_one_per_slot")]
        indexes = [models.Index(fields=["job_name", "outcome", "-finished_at"], name="ops_jobrun_last_outcome")]

    def __str__(self):
        return f"{self.job_name} {self.slot_start:%Y-%m-%d %H:%M}"

    @property
    def duration(self):
        return self.finished_at - self.started_at if self.finished_at else None
