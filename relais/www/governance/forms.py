from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from dsfr.forms import DsfrBaseForm

from relais.governance.enums import ActionStatus, CommitmentMode, MeasureStatus, MeetingKind
from relais.governance.models import Action, Decision, Measure, Meeting
from relais.indicators.live import indicator_choices
from relais.structures.models import Programme
from relais.users.models import Organization
from relais.utils.widgets import IsoDateInput
from relais.www.core.forms import DsfrModelForm

ERROR_COMMITMENT_FIELDS = "Pour un engagement chiffré, remplissez le programme, le type, les places et la date d'effet."


def _date_widget():
    return IsoDateInput()


class MeasureForm(DsfrModelForm):
    class Meta:
        model = Measure
        fields = [
            "code",
            "title",
            "description",
            "axis",
            "lead_organization",
            "partners",
            "starts_on",
            "due_on",
            "status_note",
        ]
        widgets = {
            "starts_on": _date_widget(),
            "due_on": _date_widget(),
            "partners": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
            "status_note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["axis"].queryset = self.fields["axis"].queryset.select_related("plan")
        self.fields["axis"].label_from_instance = lambda axis: f"{axis.plan} — {axis}"


class MeasureStatusForm(DsfrBaseForm):
    status = forms.ChoiceField(label="Nouveau statut", choices=MeasureStatus.choices)
    done_on = forms.DateField(
        label="Réalisée le", required=False, widget=IsoDateInput(), help_text="Aujourd'hui si vide."
    )
    note = forms.CharField(label="Point d'avancement", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class MeasureTargetForm(DsfrBaseForm):
    indicator_code = forms.ChoiceField(label="Indicateur", choices=())
    label = forms.CharField(label="Libellé (facultatif)", max_length=200, required=False)
    due_on = forms.DateField(label="À atteindre le", widget=IsoDateInput())
    value = forms.IntegerField(label="Valeur visée", min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator_code"].choices = indicator_choices()


class MeasureBudgetForm(DsfrBaseForm):
    year = forms.IntegerField(label="Année", min_value=2000, max_value=2100, initial=lambda: timezone.localdate().year)
    committed = forms.DecimalField(label="Engagé (€)", min_value=0, max_digits=12, decimal_places=2)
    spent = forms.DecimalField(label="Dépensé (€)", min_value=0, max_digits=12, decimal_places=2)


class MeetingForm(DsfrModelForm):
    class Meta:
        model = Meeting
        fields = ["kind", "title", "held_on", "hold_by", "organizations", "agenda", "minutes"]
        widgets = {
            "held_on": _date_widget(),
            "hold_by": _date_widget(),
            "organizations": forms.CheckboxSelectMultiple,
            "agenda": forms.Textarea(attrs={"rows": 4}),
            "minutes": forms.Textarea(attrs={"rows": 6}),
        }


class NextMeetingForm(DsfrBaseForm):
    kind = forms.ChoiceField(label="Instance", choices=MeetingKind.choices)
    title = forms.CharField(label="Intitulé", max_length=200)
    held_on = forms.DateField(label="Date (si elle est fixée)", required=False, widget=IsoDateInput())
    hold_by = forms.DateField(
        label="À tenir avant le",
        required=False,
        widget=IsoDateInput(),
        help_text="Pour une réunion « à bref délai » dont la date n'est pas encore fixée.",
    )
    agenda = forms.CharField(label="Ordre du jour", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(DsfrBaseForm):
    title = forms.CharField(label="Objet", max_length=300)
    text = forms.CharField(label="Décision", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    measures = forms.ModelMultipleChoiceField(
        label="Mesures concernées",
        queryset=Measure.objects.select_related("axis__plan"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    programme = forms.ModelChoiceField(
        label="Engagement chiffré : programme", queryset=Programme.objects.all(), required=False
    )
    commitment_mode = forms.ChoiceField(
        label="Type d'engagement", choices=[("", "—"), *CommitmentMode.choices], required=False
    )
    places = forms.IntegerField(label="Places (« +70 » : saisir 70)", required=False)
    effective_on = forms.DateField(label="À compter du", required=False, widget=IsoDateInput())

    def clean(self):
        data = super().clean()
        values = [
            data.get("programme"),
            data.get("commitment_mode") or None,
            data.get("places"),
            data.get("effective_on"),
        ]
        if any(v is not None for v in values) and not all(v is not None for v in values):
            raise ValidationError(ERROR_COMMITMENT_FIELDS)
        return data


class ActionForm(DsfrModelForm):
    class Meta:
        model = Action
        fields = ["title", "description", "owner", "due_on", "meeting", "decision", "measure"]
        widgets = {"due_on": _date_widget(), "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Organization.objects.order_by("name")
        self.fields["decision"].queryset = Decision.objects.select_related("meeting")
        self.fields["measure"].queryset = Measure.objects.select_related("axis__plan")


class ActionStatusForm(DsfrBaseForm):
    status = forms.ChoiceField(label="Nouveau statut", choices=ActionStatus.choices)
    evidence = forms.CharField(label="Preuve de réalisation", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    done_on = forms.DateField(label="Faite le", required=False, widget=IsoDateInput())


class PlanForm(DsfrBaseForm):
    name = forms.CharField(label="Intitulé", max_length=200)
    short_name = forms.CharField(label="Nom court", max_length=60, help_text="Par exemple « Feuille de route 2026 ».")
    adopted_on = forms.DateField(label="Adopté le", required=False, widget=IsoDateInput())
    starts_on = forms.DateField(label="Début", widget=IsoDateInput())
    ends_on = forms.DateField(label="Fin", required=False, widget=IsoDateInput())
    description = forms.CharField(label="Description", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    axes = forms.CharField(
        label="Axes", widget=forms.Textarea(attrs={"rows": 4}), help_text="Un axe par ligne, dans l'ordre."
    )

    def clean_axes(self):
        return self.cleaned_data["axes"].splitlines()


class AxisForm(DsfrBaseForm):
    title = forms.CharField(label="Nouvel axe", max_length=300)
