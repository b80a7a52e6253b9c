from django import forms
from dsfr.forms import DsfrBaseForm

from relais.utils.widgets import IsoDateInput


class GenerateForm(DsfrBaseForm):
    meeting_date = forms.DateField(
        label="Date de la réunion du comité",
        help_text="Les chiffres sont arrêtés à la fin de ce jour (ou maintenant pour une réunion à venir).",
        widget=IsoDateInput(),
        error_messages={"invalid": "Indiquez une date valide.", "required": "Indiquez la date de la réunion."},
    )


class CommuniqueForm(DsfrBaseForm):
    text = forms.CharField(
        label="Texte du communiqué",
        help_text="Chaque enregistrement crée une nouvelle version ; les précédentes restent consultables.",
        widget=forms.Textarea(attrs={"rows": 22}),
        error_messages={"required": "Le texte du communiqué ne peut pas être vide."},
    )
