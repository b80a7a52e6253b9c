from django import forms
from dsfr.forms import DsfrBaseForm

from relais.orientation.enums import PER_WEEK, WAIT_END_BY_HAND, Criterion, VulnerabilityReason
from relais.orientation.services import MAX_POINTS
from relais.structures.enums import StructureKind
from relais.utils.widgets import IsoDateInput


class PriorityRulesForm(DsfrBaseForm):
    """Points per written criterion; the criteria themselves are fixed in code (no protected one)."""

    outside_cap_weeks = forms.IntegerField(label="Plafond des semaines dehors", min_value=1, max_value=260)
    reason = forms.CharField(label="Pourquoi ce changement ?", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, rules=None, **kwargs):
        super().__init__(*args, **kwargs)
        for criterion in Criterion:
            unit = " (points par semaine)" if criterion in PER_WEEK else " (points)"
            self.fields[f"w_{criterion}"] = forms.IntegerField(
                label=criterion.label + unit, min_value=0, max_value=MAX_POINTS, initial=0
            )
        self.order_fields([f"w_{c}" for c in Criterion] + ["outside_cap_weeks", "reason"])
        if rules is not None:
            for criterion in Criterion:
                self.fields[f"w_{criterion}"].initial = rules.points(criterion)
            self.fields["outside_cap_weeks"].initial = rules.outside_cap_weeks

    def weights(self) -> dict[str, int]:
        return {str(c): self.cleaned_data[f"w_{c}"] for c in Criterion}


class CapacityForm(DsfrBaseForm):
    scene = forms.IntegerField(label="Personnes sur la scène", min_value=1, max_value=5000, initial=100)
    weeks = forms.IntegerField(label="Semaines pour les mettre à l'abri", min_value=1, max_value=104, initial=12)
    rest_arrivals = forms.IntegerField(
        label="Passages par nuit dans les espaces de repos", min_value=0, max_value=2000, initial=40
    )
    back_test_on = forms.DateField(
        label="Date du test sur le passé", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class VulnerabilityFlagForm(DsfrBaseForm):
    """A closed list of non-medical situations, or none: no free text, so no health detail."""

    reason = forms.ChoiceField(
        label="Motif (facultatif, jamais médical)",
        choices=[("", "Sans motif"), *VulnerabilityReason.choices],
        required=False,
    )


class PlaceWaitForm(DsfrBaseForm):
    kind = forms.ChoiceField(label="Type de place attendu", choices=StructureKind.choices)


class PlaceWaitEndForm(DsfrBaseForm):
    reason = forms.ChoiceField(
        label="Pourquoi l'attente se termine", choices=[(r.value, r.label) for r in WAIT_END_BY_HAND]
    )


class CapacityQuoteForm(CapacityForm):
    """The question asked on the capacity page (carried as hidden fields) and the meeting whose situation
    report will quote the answer."""

    meeting_date = forms.DateField(
        label="Réunion du comité",
        widget=IsoDateInput(),
        error_messages={"invalid": "Indiquez une date valide.", "required": "Indiquez la date de la réunion."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("scene", "weeks", "rest_arrivals", "back_test_on"):
            self.fields[name].widget = forms.HiddenInput()
