from django import forms
from dsfr.forms import DsfrBaseForm

from relais.audit.enums import AccessCategory, AccessOutcome
from relais.users.enums import RightsEventKind, Role
from relais.utils.widgets import IsoDateInput


class AccessSearchForm(DsfrBaseForm):
    start = forms.DateField(label="Du", required=False, widget=IsoDateInput())
    end = forms.DateField(label="Au", required=False, widget=IsoDateInput())
    username = forms.CharField(label="Utilisateur", required=False, max_length=150)
    category = forms.ChoiceField(label="Catégorie", required=False, choices=[("", "Toutes"), *AccessCategory.choices])
    pseudonym = forms.CharField(label="Identifiant pseudonyme", required=False, max_length=64)
    outcome = forms.ChoiceField(label="Résultat", required=False, choices=[("", "Tous"), *AccessOutcome.choices])

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "La date de fin doit suivre la date de début.")
        return data


class RightsSearchForm(DsfrBaseForm):
    start = forms.DateField(label="Du", required=False, widget=IsoDateInput())
    end = forms.DateField(label="Au", required=False, widget=IsoDateInput())
    username = forms.CharField(label="Compte (auteur ou concerné)", required=False, max_length=150)
    kind = forms.ChoiceField(label="Évènement", required=False, choices=[("", "Tous"), *RightsEventKind.choices])
    role = forms.ChoiceField(label="Rôle", required=False, choices=[("", "Tous"), *Role.choices])

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "La date de fin doit suivre la date de début.")
        return data
