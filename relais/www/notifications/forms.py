from django import forms
from dsfr.forms import DsfrBaseForm

from relais.notifications.enums import EmailMode, NotificationKind


class PreferenceForm(DsfrBaseForm):
    email = forms.ChoiceField(label="Courriels", choices=EmailMode.choices, widget=forms.RadioSelect)
    muted = forms.MultipleChoiceField(
        label="Événements à ne pas recevoir",
        help_text="Ni dans Relais ni par courriel.",
        choices=NotificationKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
