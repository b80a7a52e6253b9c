from django import forms
from dsfr.forms import DsfrBaseForm


class OccupancyForm(DsfrBaseForm):
    occupied = forms.IntegerField(label="Places occupées", min_value=0, max_value=5000)
