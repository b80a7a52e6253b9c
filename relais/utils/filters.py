"""What every filter bar shares: a django-filter FilterSet whose form is a DSFR form, so that pages
render it with the design system and the API validates the same parameters the same way."""

import copy

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


def _fresh(filter_: django_filters.Filter) -> django_filters.Filter:
    """A copy of a class's filter for one FilterSet: its own `extra` (a `ModelChoiceFilter` writes the
    request's queryset into it), no field built yet, and its method bound to the copy."""
    fresh = copy.copy(filter_)
    fresh.extra = dict(filter_.extra)
    fresh.__dict__.pop("_field", None)
    if getattr(filter_, "_method", None):
        fresh.method = filter_._method  # a new FilterMethod, which calls the copy's parent
    return fresh


class _FreshFilters(dict):
    """The class's filters, copied by `_fresh` where django-filter deep-copies them."""

    def __deepcopy__(self, memo):
        return {name: _fresh(filter_) for name, filter_ in self.items()}


class _FieldsOfOneForm(dict):
    """The fields of a form class built for one filter set: its first form takes them as they are (they
    were built for it), any other one copies them as Django does."""

    taken = False

    def __deepcopy__(self, memo):
        if self.taken:
            return {name: copy.deepcopy(field, memo) for name, field in self.items()}
        self.taken = True
        return dict(self)


class FilterSet(django_filters.FilterSet):
    """Values that do not validate are left out (the other filters still apply); pages show the
    form's errors beside their fields, the API answers 400 with them."""

    class Meta:
        form = FilterForm

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        # Each filter is copied for this request as django-filter copies it, but not deeply, and the form
        # takes the fields built from the copies without copying them again: the deep copies of every
        # choice, widget and queryset were a third of the board's filters (0.4 of 1.4 ms a request).
        self.base_filters = _FreshFilters(type(self).base_filters)
        super().__init__(data, queryset, request=request, prefix=prefix)

    def get_form_class(self):
        # A class made for this filter set, of fields made for it (`_fresh`).
        form_class = super().get_form_class()
        form_class.base_fields = _FieldsOfOneForm(form_class.base_fields)
        return form_class

    def valid_value(self, name: str):
        """A filter's value once validated, or None when absent or wrong."""
        self.errors  # noqa: B018 - validates the form, once
        return getattr(self.form, "cleaned_data", {}).get(name)
