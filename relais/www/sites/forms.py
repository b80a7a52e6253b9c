import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from dsfr.forms import DsfrBaseForm

from relais.sites.enums import ActType, DayPeriod, Destination, OperationCount, OperationKind, ServiceKind, SiteStatus
from relais.sites.models import Displacement, Site
from relais.sites.validators import CONDITIONS_HELP, CONDITIONS_MAX_LENGTH, validate_no_identity
from relais.structures.enums import StructureKind
from relais.structures.models import Structure
from relais.users.models import Organization
from relais.utils.widgets import IsoDateInput
from relais.www.core.forms import DsfrModelForm

ERROR_UNKNOWN_FIELDS = "Champ(s) inconnu(s) refusé(s) : {fields}. Rien n'a été enregistré."
ERROR_WEEK = "Choisissez une semaine valide (son lundi)."
ERROR_DESTINATION_ROW = "Ligne {n} : choisissez une destination et un nombre de personnes."
DESTINATION_ROWS = 6


def date_input():
    return IsoDateInput()


def today_iso():
    return timezone.localdate().isoformat()


class StrictFormMixin:
    """Refuses any submitted field the form does not know, so that nothing unexpected (a name,
    an identity) can be slipped into a request and silently ignored or stored."""

    allowed_extra = frozenset({"csrfmiddlewaretoken"})

    def clean(self):
        cleaned = super().clean()
        if self.is_bound:
            known = {self.add_prefix(name) for name in self.fields} | self.allowed_extra
            unknown = sorted(set(self.data) - known)
            if unknown:
                raise ValidationError(ERROR_UNKNOWN_FIELDS.format(fields=", ".join(unknown)), code="unknown")
        return cleaned


class SiteForm(StrictFormMixin, DsfrModelForm):
    class Meta:
        model = Site
        fields = ["name", "kind", "description", "cog", "other_cogs", "latitude", "longitude", "area_geojson"]
        widgets = {"area_geojson": forms.Textarea(attrs={"rows": 3})}


class StatusChangeForm(StrictFormMixin, DsfrBaseForm):
    status = forms.ChoiceField(label="Nouveau statut", choices=SiteStatus.choices)
    effective_on = forms.DateField(label="À compter du", initial=today_iso, widget=date_input())
    decision = forms.CharField(
        label="Décision",
        max_length=300,
        required=False,
        help_text="Obligatoire pour « Toléré » et « Assigné par décision » : autorité, date et objet.",
    )


class ServiceForm(StrictFormMixin, DsfrBaseForm):
    kind = forms.ChoiceField(label="Service", choices=ServiceKind.choices)
    structure = forms.ModelChoiceField(
        label="Unité de soins (registre)",
        queryset=Structure.objects.filter(kind=StructureKind.ONSITE_CARE),
        required=False,
        help_text="Pour une unité de soins : la structure du registre qui la porte.",
    )
    installed_on = forms.DateField(label="Installé le", initial=today_iso, widget=date_input())


class ServiceEndForm(StrictFormMixin, DsfrBaseForm):
    on = forms.DateField(label="Retiré le", initial=today_iso, widget=date_input())


class ObservationForm(StrictFormMixin, DsfrBaseForm):
    observed_at = forms.DateTimeField(
        label="Observé le",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    period = forms.ChoiceField(label="Moment", choices=DayPeriod.choices)
    headcount_min = forms.IntegerField(
        label="Effectif estimé (bas)",
        min_value=0,
        max_value=5000,
        help_text="Estimation basse, ou la valeur si elle est unique.",
    )
    headcount_max = forms.IntegerField(
        label="Effectif estimé (haut)",
        min_value=0,
        max_value=5000,
        required=False,
        help_text="Laissez vide pour une valeur unique.",
    )
    conditions = forms.CharField(
        label="Conditions",
        max_length=CONDITIONS_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": CONDITIONS_MAX_LENGTH}),
        help_text=CONDITIONS_HELP,
        validators=[validate_no_identity],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        now = timezone.localtime().replace(second=0, microsecond=0)
        self.fields["observed_at"].initial = now
        self.fields["period"].initial = DayPeriod.DAY if 7 <= now.hour < 21 else DayPeriod.NIGHT


class SecurityOperationForm(StrictFormMixin, DsfrBaseForm):
    """Counts only: there is no field for a name, an identity or any free text."""

    day = forms.DateField(label="Date", initial=today_iso, widget=date_input())
    kind = forms.ChoiceField(label="Type d'opération", choices=OperationKind.choices)
    arrests = forms.IntegerField(label="Interpellations", min_value=0, max_value=10000, required=False)
    custody = forms.IntegerField(label="Gardes à vue", min_value=0, max_value=10000, required=False)
    seizure_grams = forms.DecimalField(
        label="Saisies (grammes)", min_value=0, max_digits=10, decimal_places=1, required=False
    )
    seizure_euros = forms.IntegerField(label="Saisies (euros)", min_value=0, max_value=100_000_000, required=False)
    kitchens_dismantled = forms.IntegerField(
        label="« Cuisines » démantelées", min_value=0, max_value=1000, required=False
    )
    officers_engaged = forms.IntegerField(label="Effectifs engagés", min_value=0, max_value=10000, required=False)

    def counts(self) -> dict:
        return {name: self.cleaned_data.get(name) or 0 for name in OperationCount.values}


def monday_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def parse_week(value) -> datetime.date | None:
    try:
        day = datetime.date.fromisoformat(str(value))
    except ValueError:
        return None
    return monday_of(day)


class ActivityWeekForm(StrictFormMixin, DsfrBaseForm):
    """One week of acts for one organisation: a field per day and act type (empty means none)."""

    week_start = forms.DateField(widget=forms.HiddenInput())

    def __init__(self, *args, week_start: datetime.date, existing=None, choose_organization=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.week_start = week_start
        self.fields["week_start"].initial = week_start.isoformat()
        self.days = [week_start + datetime.timedelta(days=n) for n in range(7)]
        today = timezone.localdate()
        existing = existing or {}
        if choose_organization:
            self.fields["organization"] = forms.ModelChoiceField(
                label="Organisation qui a réalisé les actes",
                queryset=Organization.objects.order_by("name"),
                empty_label="—",
            )
        self.grid = []
        for day in self.days:
            cells = []
            for act in ActType:
                name = self.cell_name(day, act)
                self.fields[name] = forms.IntegerField(
                    label=f"{act.label} le {day:%d/%m}",
                    min_value=0,
                    max_value=10000,
                    required=False,
                    initial=existing.get(day, {}).get(act.value) or None,
                    disabled=day > today,
                    widget=forms.NumberInput(attrs={"class": "fr-input", "min": 0}),
                )
                cells.append(self[name])
            self.grid.append({"day": day, "future": day > today, "cells": cells})
        self.acts = ActType.choices

    @staticmethod
    def cell_name(day: datetime.date, act: str) -> str:
        return f"{act}_{day:%Y%m%d}"

    def clean_week_start(self):
        value = self.cleaned_data["week_start"]
        if value != self.week_start:
            raise ValidationError(ERROR_WEEK)
        return value

    def counts(self) -> dict[datetime.date, dict[str, int]]:
        return {
            day: {act: self.cleaned_data.get(self.cell_name(day, act)) or 0 for act in ActType.values}
            for day in self.days
        }


class DisplacementForm(StrictFormMixin, DsfrModelForm):
    """The displacement itself, then up to DESTINATION_ROWS (destination, structure, people) lines."""

    class Meta:
        model = Displacement
        fields = ["day", "kind", "decision", "reappeared_at"]
        widgets = {"day": date_input(), "reappeared_at": forms.CheckboxSelectMultiple}

    def __init__(self, *args, site: Site, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].initial = today_iso
        self.fields["reappeared_at"].queryset = Site.objects.exclude(pk=site.pk).order_by("name")
        self.fields["reappeared_at"].help_text = "Facultatif, souvent connu plus tard."
        structures = Structure.objects.order_by("name")
        self.rows = []
        for n in range(1, DESTINATION_ROWS + 1):
            # Widgets drawn bare in the cells of a table, each with its hidden label.
            self.fields[f"destination_{n}"] = forms.ChoiceField(
                label=f"Destination {n}",
                choices=[("", "—"), *Destination.choices],
                required=False,
                widget=forms.Select(attrs={"class": "fr-select"}),
            )
            self.fields[f"structure_{n}"] = forms.ModelChoiceField(
                label=f"Structure du registre {n}",
                queryset=structures,
                required=False,
                empty_label="—",
                widget=forms.Select(attrs={"class": "fr-select"}),
            )
            self.fields[f"people_{n}"] = forms.IntegerField(
                label=f"Personnes {n}",
                min_value=0,
                max_value=5000,
                required=False,
                widget=forms.NumberInput(attrs={"class": "fr-input"}),
            )
            self.rows.append((self[f"destination_{n}"], self[f"structure_{n}"], self[f"people_{n}"]))

    def clean(self):
        cleaned = super().clean()
        for n in range(1, DESTINATION_ROWS + 1):
            destination, structure, people = (
                cleaned.get(f"destination_{n}"),
                cleaned.get(f"structure_{n}"),
                cleaned.get(f"people_{n}"),
            )
            if (destination or structure or people) and not (destination and people):
                self.add_error(None, ERROR_DESTINATION_ROW.format(n=n))
        return cleaned

    def destinations(self):
        return [
            (
                self.cleaned_data[f"destination_{n}"],
                self.cleaned_data[f"structure_{n}"],
                self.cleaned_data[f"people_{n}"],
            )
            for n in range(1, DESTINATION_ROWS + 1)
            if self.cleaned_data.get(f"destination_{n}") and self.cleaned_data.get(f"people_{n}")
        ]


class ReappearanceForm(StrictFormMixin, DsfrBaseForm):
    reappeared_at = forms.ModelMultipleChoiceField(
        label="Sites où la scène s'est reformée",
        queryset=Site.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, site: Site, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reappeared_at"].queryset = Site.objects.exclude(pk=site.pk).order_by("name")


class PeriodForm(DsfrBaseForm):
    du = forms.DateField(label="Du", required=False, widget=date_input())
    au = forms.DateField(label="Au", required=False, widget=date_input())
