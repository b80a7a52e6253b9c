from django.conf import settings
from django.db import models
from django.utils import timezone

from relais.orientation.enums import PER_WEEK, RETIRED, Criterion, VulnerabilityReason, WaitEnd
from relais.pathways.models import health_access
from relais.people.querysets import PersonRelatedQuerySet
from relais.structures.enums import StructureKind


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
        for name, label in RETIRED.items():
            if self.points(name):
                lines.append(f"{label} : {self.points(name)} point(s), ne compte plus.")
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


class VulnerabilityFlagQuerySet(PersonRelatedQuerySet):
    def active(self):
        return self.filter(removed_at__isnull=True)

    def with_reason_shown(self, user):
        """`reason_shown` on each flag: only a soignant that `health_access` lets in reads why."""
        health = health_access(user)
        if health is None:
            return self.annotate(reason_shown=models.Value(False))
        return self.annotate(reason_shown=models.ExpressionWrapper(health, output_field=models.BooleanField()))


# A flag or a wait has no meaning without its person: erasing the record (retention) erases them.
PERSON = {"to": "people.Person", "on_delete": models.CASCADE, "verbose_name": "personne"}


class VulnerabilityFlag(models.Model):
    """A soignant's judgement that a person is vulnerable: a criterion of the prioritisation rules.
    Never edited but removed (dated, attributed), so each row is a period of the flag's history.
    The reason is from a closed, non-medical list (or none); no free text, no score."""

    person = models.ForeignKey(**PERSON, related_name="vulnerability_flags")
    reason = models.CharField("motif", max_length=20, choices=VulnerabilityReason.choices, blank=True)
    organization = models.ForeignKey(
        "users.Organization", on_delete=models.PROTECT, related_name="+", verbose_name="organisation"
    )
    flagged_at = models.DateTimeField("signalée le", default=timezone.now)
    flagged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    removed_at = models.DateTimeField("retirée le", null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = VulnerabilityFlagQuerySet.as_manager()

    class Meta:
        verbose_name = "signalement de vulnérabilité"
        ordering = ["-flagged_at", "-pk"]
        indexes = [models.Index(fields=["person", "removed_at"], name="vulnerability_flag_active")]

    def __str__(self):
        return f"Signalement de vulnérabilité {self.pk}"


class PlaceWaitQuerySet(PersonRelatedQuerySet):
    def open(self):
        return self.filter(ended_at__isnull=True)


class PlaceWait(models.Model):
    """A person waiting for a kind of place without a referral yet: on the by-name list like a referral.
    Ended by the referral to that kind, by an admission, or by hand with a reason."""

    person = models.ForeignKey(**PERSON, related_name="place_waits")
    kind = models.CharField("type de place", max_length=30, choices=StructureKind.choices)
    since = models.DateTimeField("en attente depuis", default=timezone.now)
    organization = models.ForeignKey(
        "users.Organization", on_delete=models.PROTECT, related_name="+", verbose_name="organisation"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ended_at = models.DateTimeField("terminée le", null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    end_reason = models.CharField("fin", max_length=20, choices=WaitEnd.choices, blank=True)

    objects = PlaceWaitQuerySet.as_manager()

    class Meta:
        verbose_name = "attente d'une place"
        ordering = ["-since", "-pk"]
        indexes = [models.Index(fields=["person", "ended_at"], name="place_wait_open")]

    def __str__(self):
        return f"Attente d'une place {self.pk}"
