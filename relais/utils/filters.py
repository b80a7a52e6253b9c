"""What every filter bar shares: a django-filter FilterSet whose form is a DSFR form, so that pages
render it with the design system and the API validates the same parameters the same way."""

import django_filters
from django import forms
from dsfr.forms import DsfrBaseForm
from dsfr.utils import dsfr_input_class_attr

ERROR_CHOICE = "« %(value)s » ne fait pas partie des valeurs proposées pour ce filtre."
ERROR_NUMBER = "Saisissez un nombre, par exemple 48.85."
ERROR_PERIOD_END = "La date de fin doit suivre la date de début."


class FilterForm(DsfrBaseForm):
    """Every field is optional in a filter bar: no field is marked so, and a wrong value is named."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            self._dress(field)

    def add_field(self, name: str, field: forms.Field) -> None:
        """A field known only at run time, dressed as the declared ones."""
        self.fields[name] = self._dress(field)
        dsfr_input_class_attr(self[name])

    @staticmethod
    def _dress(field: forms.Field) -> forms.Field:
        field.template_name = "utils/filter_field.html"
        if not hasattr(field.widget, "group_class"):  # dsfr sets it on selects only
            field.widget.group_class = "fr-input-group"
        if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
            field.error_messages["invalid_choice"] = ERROR_CHOICE
        if isinstance(field, forms.DecimalField):
            field.error_messages["invalid"] = ERROR_NUMBER
        return field


class PeriodFilterForm(FilterForm):
    """A filter bar with a period, `start` and `end`: the end may not precede the start."""

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", ERROR_PERIOD_END)
        return data


def period_filters(field_name: str = "occurred_at") -> tuple[django_filters.DateFilter, django_filters.DateFilter]:
    """`start` and `end` of a `PeriodFilterForm`, days included, on the date of `field_name`."""
    widget = forms.DateInput(attrs={"type": "date"})
    return (
        django_filters.DateFilter(label="Du", field_name=field_name, lookup_expr="date__gte", widget=widget),
        django_filters.DateFilter(label="Au", field_name=field_name, lookup_expr="date__lte", widget=widget),
    )


class FilterSet(django_filters.FilterSet):
    """Values that do not validate are left out (the other filters still apply); pages show the
    form's errors beside their fields, the API answers 400 with them."""

    class Meta:
        form = FilterForm

    def valid_value(self, name: str):
        """A filter's value once validated, or None when absent or wrong."""
        self.errors  # noqa: B018 - validates the form, once
        return getattr(self.form, "cleaned_data", {}).get(name)
