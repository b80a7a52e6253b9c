"""Daily indicator facts: the figures of the catalogue, precomputed day by day and kept bitemporally.

A fact is one row of an indicator on one day: its total (`dimension` empty) or one row of its breakdown
by one dimension, with the exact value and the cell key the publication needs. Each version records when
it was entered (`recorded_at`) and when a correction replaced it (`superseded_at`, null while current),
so a figure reads "as known on" a date as well as "as corrected since". Written only by
`relais/indicators/facts.py`, from the same indicator functions as the live figures.
"""

from django.db import models
from django.db.models import Q


class FactQuerySet(models.QuerySet):
    def current(self):
        """The facts as corrected since: every day's latest version."""
        return self.filter(superseded_at__isnull=True)

    def known_on(self, moment):
        """The facts as they were known at `moment`: entered by then and not yet replaced then."""
        return self.filter(Q(superseded_at__isnull=True) | Q(superseded_at__gt=moment), recorded_at__lte=moment)


class IndicatorFact(models.Model):
    indicator = models.CharField("indicateur", max_length=60)
    day = models.DateField("jour")
    # "" for the total, else the dimension code of a one-way breakdown.
    dimension = models.CharField("ventilation", max_length=40, blank=True)
    # The dimension's value as JSON ("null", "12", "\"hotel\""): ids, codes and the missing value stay apart.
    member = models.CharField("valeur de la ventilation", max_length=120, blank=True)
    value = models.FloatField("valeur exacte", null=True)
    key = models.BigIntegerField("clé de cellule", null=True)
    recorded_at = models.DateTimeField("enregistré le")
    superseded_at = models.DateTimeField("remplacé le", null=True, blank=True)

    objects = FactQuerySet.as_manager()

    class Meta:
        verbose_name = "fait d'indicateur"
        verbose_name_plural = "faits d'indicateurs"
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "day", "dimension", "member"],
                condition=Q(superseded_at__isnull=True),
                name="indicatorfact_one_current_version",
            )
        ]
        indexes = [
            models.Index(fields=["day", "indicator", "dimension"], name="indicatorfact_day_idx"),
        ]

    def __str__(self):
        return f"{self.indicator} {self.day} {self.dimension or 'total'} {self.member}"


class FactDay(models.Model):
    """A day whose facts are filled: the moment its figures are taken (the end of the day, or the time of
    the last refresh for today) and when they were last refreshed."""

    day = models.DateField("jour", unique=True)
    as_of = models.DateTimeField("chiffres pris au")
    refreshed_at = models.DateTimeField("mis à jour le")
    # The indicators computed that day when not all of them (the first fill at national scale computes
    # only what the comité, its report and the open data read); null: every catalogue indicator.
    partial = models.JSONField("indicateurs calculés (si pas tous)", null=True, blank=True)

    class Meta:
        verbose_name = "jour de faits"
        verbose_name_plural = "jours de faits"

    def __str__(self):
        return f"{self.day} ({self.as_of:%Y-%m-%d %H:%M})"


class FactChange(models.Model):
    """The journal of changed days: one row per committed transaction that changed the history an area's
    figures are computed from (`day` null: every day, reference data such as a structure's kind)."""

    area = models.CharField("domaine", max_length=40)
    day = models.DateField("à partir du", null=True)
    recorded_at = models.DateTimeField("enregistré le", auto_now_add=True)

    class Meta:
        verbose_name = "changement à reporter"
        verbose_name_plural = "changements à reporter"

    def __str__(self):
        return f"{self.area} depuis {self.day or 'toujours'}"
