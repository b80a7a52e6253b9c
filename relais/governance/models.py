import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from relais.governance.enums import (
    OPEN_ACTION_STATUSES,
    OPEN_MEASURE_STATUSES,
    ActionStatus,
    CommitmentMode,
    MeasureStatus,
    MeetingKind,
    TrackedStatus,
)
from relais.governance.querysets import ActionQuerySet, MeasureQuerySet, MeetingQuerySet

ERROR_DUE_BEFORE_START = "L'échéance doit suivre la date de début."
ERROR_ENDS_BEFORE_START = "La date de fin doit suivre la date de début."
ERROR_ACTION_BEFORE_MEETING = "L'échéance d'une action ne peut précéder la réunion dont elle est issue."


class Plan(models.Model):
    """A plan or roadmap the comité follows (the 2019-2021 plan, the measures of a comité…)."""

    name = models.CharField("intitulé", max_length=200, unique=True)
    short_name = models.CharField("nom court", max_length=60)
    adopted_on = models.DateField("adopté le", null=True, blank=True)
    starts_on = models.DateField("début")
    ends_on = models.DateField("fin", null=True, blank=True)
    description = models.TextField("description", blank=True)

    class Meta:
        verbose_name = "plan"
        ordering = ["starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")), name="plan_dates_ordered"
            )
        ]

    def __str__(self):
        return self.short_name or self.name

    def clean(self):
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": ERROR_ENDS_BEFORE_START})


class Axis(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="axes", verbose_name="plan")
    number = models.PositiveSmallIntegerField("numéro")
    title = models.CharField("intitulé", max_length=300)

    class Meta:
        verbose_name = "axe"
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="axis_number_unique_in_plan")]

    def __str__(self):
        return f"Axe {self.number} — {self.title}"


class Measure(models.Model):
    """One measure (action) of a plan: who leads it, with what money, by when, judged on which figures."""

    code = models.CharField("code", max_length=30, unique=True, help_text="Par exemple « P19-1.3 » ou « C21-2 ».")
    title = models.CharField("intitulé", max_length=300)
    description = models.TextField("description", blank=True)
    axis = models.ForeignKey(Axis, on_delete=models.PROTECT, related_name="measures", verbose_name="axe")
    lead_organization = models.ForeignKey(
        "users.Organization", on_delete=models.PROTECT, related_name="led_measures", verbose_name="pilote"
    )
    partners = models.ManyToManyField(
        "users.Organization", blank=True, related_name="partner_measures", verbose_name="partenaires"
    )
    starts_on = models.DateField("début", null=True, blank=True)
    due_on = models.DateField("échéance", null=True, blank=True)
    status = models.CharField("statut", max_length=20, choices=MeasureStatus.choices, default=MeasureStatus.PLANNED)
    done_on = models.DateField("réalisée le", null=True, blank=True)
    status_note = models.TextField("point d'avancement", blank=True)

    objects = MeasureQuerySet.as_manager()

    class Meta:
        verbose_name = "mesure"
        ordering = ["axis__plan__starts_on", "axis__number", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__isnull=True) | Q(starts_on__isnull=True) | Q(due_on__gte=models.F("starts_on")),
                name="measure_dates_ordered",
            )
        ]

    def __str__(self):
        return f"{self.code} — {self.title}"

    def clean(self):
        if self.due_on and self.starts_on and self.due_on < self.starts_on:
            raise ValidationError({"due_on": ERROR_DUE_BEFORE_START})

    def tracked_status_on(self, day: datetime.date) -> str:
        if self.status in OPEN_MEASURE_STATUSES and self.due_on and self.due_on < day:
            return TrackedStatus.LATE
        return self.status


class MeasureBudget(models.Model):
    """Money committed and spent on a measure for one year, in euros."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="budgets", verbose_name="mesure")
    year = models.PositiveSmallIntegerField("année", validators=[MinValueValidator(2000)])
    committed = models.DecimalField("engagé (€)", max_digits=12, decimal_places=2, default=0)
    spent = models.DecimalField("dépensé (€)", max_digits=12, decimal_places=2, default=0)

    class Meta:
        verbose_name = "budget annuel"
        ordering = ["measure", "year"]
        constraints = [models.UniqueConstraint(fields=["measure", "year"], name="one_budget_per_measure_and_year")]

    def __str__(self):
        return f"{self.measure.code} {self.year}"


class MeasureTarget(models.Model):
    """A figure a measure is judged on, named by its indicator code, with dated target values."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="targets", verbose_name="mesure")
    indicator_code = models.SlugField(
        "indicateur",
        max_length=80,
        help_text="Code de l'indicateur du catalogue, par exemple « places_open_programmes ».",
    )
    label = models.CharField("libellé", max_length=200, blank=True)

    class Meta:
        verbose_name = "indicateur cible"
        ordering = ["measure", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "indicator_code"], name="one_target_per_measure_and_indicator")
        ]

    def __str__(self):
        return f"{self.measure.code} : {self.label or self.indicator_code}"


class MeasureTargetValue(models.Model):
    target = models.ForeignKey(
        MeasureTarget, on_delete=models.CASCADE, related_name="values", verbose_name="indicateur cible"
    )
    due_on = models.DateField("à atteindre le")
    value = models.PositiveIntegerField("valeur visée")

    class Meta:
        verbose_name = "valeur cible"
        ordering = ["target", "due_on"]
        constraints = [models.UniqueConstraint(fields=["target", "due_on"], name="one_value_per_target_and_day")]

    def __str__(self):
        return f"{self.value} au {self.due_on:%d/%m/%Y}"


class Meeting(models.Model):
    """A comité meeting; one without a date yet is « à programmer » before `hold_by`."""

    ERROR_NO_DATE = "Indiquez la date de la réunion ou l'échéance avant laquelle la tenir."

    kind = models.CharField("instance", max_length=20, choices=MeetingKind.choices, default=MeetingKind.INSTITUTIONAL)
    title = models.CharField("intitulé", max_length=200)
    held_on = models.DateField("date", null=True, blank=True)
    hold_by = models.DateField("à tenir avant le", null=True, blank=True)
    organizations = models.ManyToManyField(
        "users.Organization", blank=True, related_name="meetings", verbose_name="organisations présentes"
    )
    agenda = models.TextField("ordre du jour", blank=True)
    minutes = models.TextField("relevé de conclusions", blank=True)
    previous = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_meetings",
        verbose_name="réunion précédente",
    )

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = "réunion"
        ordering = [models.F("held_on").desc(nulls_first=True), "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(held_on__isnull=False) | Q(hold_by__isnull=False), name="meeting_has_a_date"
            )
        ]

    def __str__(self):
        when = f"{self.held_on:%d/%m/%Y}" if self.held_on else "à programmer"
        return f"{self.title} ({when})"

    def clean(self):
        if self.held_on is None and self.hold_by is None:
            raise ValidationError({"held_on": self.ERROR_NO_DATE})


class Decision(models.Model):
    """What a meeting decided, about measures; a numeric commitment sets a programme's capacity target."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="decisions", verbose_name="réunion")
    title = models.CharField("objet", max_length=300)
    text = models.TextField("décision", blank=True)
    measures = models.ManyToManyField(Measure, blank=True, related_name="decisions", verbose_name="mesures")
    programme = models.ForeignKey(
        "structures.Programme",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name="programme concerné",
    )
    commitment_mode = models.CharField("engagement", max_length=10, choices=CommitmentMode.choices, blank=True)
    places = models.IntegerField("places", null=True, blank=True)
    effective_on = models.DateField("à compter du", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="saisie par"
    )
    recorded_at = models.DateTimeField("saisie le", auto_now_add=True)

    class Meta:
        verbose_name = "décision"
        ordering = ["meeting", "pk"]

    def __str__(self):
        return self.title

    @property
    def has_commitment(self) -> bool:
        return self.programme_id is not None and self.places is not None

    @property
    def commitment_label(self) -> str:
        if not self.has_commitment:
            return ""
        if self.commitment_mode == CommitmentMode.ADD:
            return f"{self.places:+d} places {self.programme}"
        return f"{self.places} places {self.programme}"


class Action(models.Model):
    """A follow-up action with an owner organisation and a due date; done with its evidence."""

    title = models.CharField("intitulé", max_length=300)
    description = models.TextField("description", blank=True)
    owner = models.ForeignKey(
        "users.Organization", on_delete=models.PROTECT, related_name="actions", verbose_name="responsable"
    )
    due_on = models.DateField("échéance")
    status = models.CharField("statut", max_length=20, choices=ActionStatus.choices, default=ActionStatus.TODO)
    evidence = models.TextField(
        "preuve de réalisation", blank=True, help_text="Ce qui montre que l'action est faite (acte, compte rendu…)."
    )
    done_on = models.DateField("faite le", null=True, blank=True)
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions", verbose_name="réunion"
    )
    decision = models.ForeignKey(
        Decision, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions", verbose_name="décision"
    )
    measure = models.ForeignKey(
        Measure, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions", verbose_name="mesure"
    )

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = "action"
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.title

    def clean(self):
        if self.meeting_id and self.due_on and self.meeting.held_on and self.due_on < self.meeting.held_on:
            raise ValidationError({"due_on": ERROR_ACTION_BEFORE_MEETING})

    def tracked_status_on(self, day: datetime.date) -> str:
        if self.status in OPEN_ACTION_STATUSES and self.due_on < day:
            return TrackedStatus.LATE
        return self.status
