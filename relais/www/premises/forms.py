from django import forms
from dsfr.forms import DsfrBaseForm

from relais.premises.enums import REASON_REQUIRED, BlockerKind, Opinion, Transition
from relais.premises.models import PremisesProposal
from relais.structures.models import Structure
from relais.users.models import Organization
from relais.utils.identifiers import PARIS_ARRONDISSEMENTS
from relais.utils.widgets import IsoDateInput
from relais.www.core.forms import DsfrModelForm

ERROR_REASON = "Indiquez le motif."


class ProposalForm(DsfrModelForm):
    """Validates the Ville's input; the service writes it (and computes the response deadline)."""

    class Meta:
        model = PremisesProposal
        fields = [
            "name",
            "address",
            "cog",
            "surface_m2",
            "intended_kind",
            "capacity",
            "available_from",
            "available_until",
            "owner",
            "description",
        ]
        widgets = {
            "available_from": IsoDateInput(),
            "available_until": IsoDateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
            "cog": forms.Select(choices=[("", "Choisir un arrondissement"), *PARIS_ARRONDISSEMENTS.items()]),
        }


class ReviewForm(DsfrBaseForm):
    opinion = forms.ChoiceField(label="Avis de votre organisation", choices=Opinion.choices, widget=forms.RadioSelect)
    comments = forms.CharField(label="Commentaires", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class TransitionForm(DsfrBaseForm):
    transition = forms.ChoiceField(label="Étape suivante", choices=Transition.choices)
    reason = forms.CharField(
        label="Motif",
        help_text="Obligatoire pour écarter ou abandonner.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, transitions=None, **kwargs):
        super().__init__(*args, **kwargs)
        if transitions is not None:  # the page offers only the steps open from the proposal's own
            self.fields["transition"].choices = transitions

    def clean(self):
        data = super().clean()
        if data.get("transition") in REASON_REQUIRED and not (data.get("reason") or "").strip():
            self.add_error("reason", ERROR_REASON)
        return data


class DeadlineForm(DsfrBaseForm):
    response_days = forms.IntegerField(
        label="Délai de réponse (jours après la proposition)", min_value=1, max_value=365
    )


class OpenForm(DsfrBaseForm):
    opened_on = forms.DateField(label="Ouverte le", widget=IsoDateInput())
    structure = forms.ModelChoiceField(
        label="Rattacher à une structure existante du registre",
        queryset=Structure.objects.select_related("operator"),
        required=False,
        help_text="Sinon, décrivez ci-dessous la structure à créer.",
    )
    name = forms.CharField(
        label="Nom de la nouvelle structure",
        max_length=200,
        required=False,
        help_text="Par défaut, la désignation des locaux.",
    )
    operator = forms.ModelChoiceField(
        label="Gestionnaire de la nouvelle structure", queryset=Organization.objects.order_by("name"), required=False
    )
    finess_et = forms.CharField(label="FINESS établissement (s'il existe)", max_length=9, required=False)
    finess_ej = forms.CharField(label="FINESS entité juridique (s'il existe)", max_length=9, required=False)
    add_places = forms.BooleanField(
        label="Mettre en service la capacité proposée à la date d'ouverture", required=False, initial=True
    )


class DocumentForm(DsfrBaseForm):
    title = forms.CharField(label="Intitulé", max_length=200, required=False)
    file = forms.FileField(label="Fichier (PDF, image ou document bureautique)")


class BlockerForm(DsfrBaseForm):
    kind = forms.ChoiceField(label="Nature du blocage", choices=BlockerKind.choices)
    description = forms.CharField(label="Description", widget=forms.Textarea(attrs={"rows": 2}))
