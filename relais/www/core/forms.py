from django import forms
from dsfr.forms import DsfrBaseForm


class DsfrModelForm(forms.ModelForm, DsfrBaseForm):
    """A ModelForm rendered with the DSFR field snippets."""
