from django import forms
from dsfr.forms import DsfrBaseForm


class OccupancyForm(DsfrBaseForm):
    # No ceiling here: the service checks the figure against the structure's own places open.
    occupied = forms.IntegerField(label="Places occupées", min_value=0)
