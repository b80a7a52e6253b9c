from django.conf import settings
from django.db import models
from django.utils import timezone

from relais.orientation.enums import PER_WEEK, Criterion


class PriorityRulesQuerySet(models.QuerySet):
    def applied(self):
        return self.filter(applied_at__isnull=False)


class PriorityRules(models.Model):
    """One version of the written prioritisation rules: points per criterion, who proposed it and why,
    who applied it and when. Versions are never edited: a change is a new version."""

    version = models.PositiveIntegerField("version", unique=True)
    weights = models.JSONField("points par critère", default=dict)
    outside_cap_weeks = models.PositiveSmallIntegerField("plafond des semaines dehors", default=26)
    reason = models.CharField("motif du changement", max_length=500)
    created_at = models.DateTimeField("proposée le", default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    applied_at = models.DateTimeField("appliquée le", null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = PriorityRulesQuerySet.as_manager()

    class Meta:
        verbose_name = "règles de priorité"
        ordering = ["-version"]

    def __str__(self):
        return f"Règles de priorité v{self.version}"

    def points(self, criterion: str) -> int:
        return int(self.weights.get(criterion, 0))

    @property
    def written(self) -> list[str]:
        """The rules as sentences: what the list shows and what the comité reads."""
        lines = []
        for criterion in Criterion:
            points = self.points(criterion)
            if not points:
                continue
            if criterion == Criterion.OUTSIDE:
                lines.append(
                    f"{criterion.label} : {points} point(s) par semaine, au plus {self.outside_cap_weeks} semaines."
                )
            elif criterion in PER_WEEK:
                lines.append(f"{criterion.label} : {points} point(s) par semaine, sans plafond (nul ne reste oublié).")
            else:
                lines.append(f"{criterion.label} : {points} point(s).")
        lines.append("À points égaux, la personne qui attend depuis le plus longtemps passe d'abord.")
        return lines


class Allocation(models.Model):
    """A proposal of the engine, archived with its inputs (the list with each person's points and
    reasons, the free places, the rules version, the weights) so any match can be explained later."""

    created_at = models.DateTimeField("proposée le", default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    rules_version = models.PositiveIntegerField("version des règles")
    weights = models.JSONField("pondérations du moteur")
    persons = models.JSONField("liste d'attente au moment de la proposition")
    places = models.JSONField("places libres au moment de la proposition")
    matches = models.JSONField("attributions proposées, avec leur explication")
    comparison = models.JSONField("comparaison avec le premier arrivé et le glouton")
    sent_at = models.DateTimeField("envoyée le", null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sent = models.JSONField("orientations envoyées", default=list, blank=True)

    class Meta:
        verbose_name = "proposition d'attribution"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Proposition d'attribution {self.pk} du {self.created_at:%d/%m/%Y %H:%M}"
