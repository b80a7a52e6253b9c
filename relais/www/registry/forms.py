from django import forms
from django.utils import timezone
from dsfr.forms import DsfrBaseForm

from relais.structures.enums import PlaceKind
from relais.structures.models import Place, Structure
from relais.users.models import Organization
from relais.utils.widgets import IsoDateInput
from relais.www.core.forms import DsfrModelForm


class StructureForm(DsfrModelForm):
    class Meta:
        model = Structure
        fields = [
            "name",
            "kind",
            "operator",
            "programme",
            "address",
            "cog",
            "latitude",
            "longitude",
            "finess_et",
            "finess_ej",
            "phone",
            "opening_hours",
            "status",
            "opened_on",
            "closed_on",
            "availability_mode",
            "is_public",
        ]
        widgets = {
            "opened_on": IsoDateInput(),
            "closed_on": IsoDateInput(),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["operator"].queryset = Organization.objects.order_by("name")
        if not user.has_perm("structures.import_structures"):
            # Publication is coordination's call; an operator manages its own organisation's structures only.
            del self.fields["is_public"]
            self.fields["operator"].queryset = Organization.objects.filter(pk=user.organization.pk)
            self.fields["operator"].initial = user.organization.pk
            self.fields["operator"].disabled = True


class PlacesAddForm(DsfrBaseForm):
    count = forms.IntegerField(label="Nombre de places à ajouter", min_value=1, max_value=500)
    kind = forms.ChoiceField(label="Type de place", choices=PlaceKind.choices)
    label_prefix = forms.CharField(
        label="Désignation",
        max_length=80,
        initial="Place",
        help_text="Numérotée à la suite : « Chambre 1 », « Chambre 2 »…",
    )
    location_label = forms.CharField(label="Lieu (hôtel, bâtiment)", max_length=200, required=False)
    in_service_from = forms.DateField(
        label="En service à partir du",
        initial=timezone.localdate,
        widget=IsoDateInput(),
    )
    women_only = forms.BooleanField(label="Réservées aux femmes", required=False)
    accessible = forms.BooleanField(label="Accessibles (PMR)", required=False)
    pets = forms.BooleanField(label="Animaux acceptés", required=False)
    couple = forms.BooleanField(label="Couple", required=False)


class PlaceForm(DsfrModelForm):
    class Meta:
        model = Place
        fields = ["kind", "label", "location_label", "women_only", "accessible", "pets", "couple"]


class PlaceServiceForm(DsfrBaseForm):
    in_service = forms.TypedChoiceField(
        label="Changement",
        choices=[("1", "Remettre en service"), ("0", "Mettre hors service")],
        coerce=lambda v: v == "1",
    )
    on = forms.DateField(label="À partir du", initial=timezone.localdate, widget=IsoDateInput())


class ImportForm(DsfrBaseForm):
    source = forms.ChoiceField(
        label="Format du fichier",
        choices=[("relais", "Modèle Relais"), ("finess", "Extrait du répertoire FINESS")],
        initial="relais",
        widget=forms.RadioSelect,
    )
    file = forms.FileField(label="Fichier CSV (UTF-8, séparateur virgule ou point-virgule)")
