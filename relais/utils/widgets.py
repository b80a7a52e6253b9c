"""Form widgets shared by the pages and the filters."""

from django import forms


class IsoDateInput(forms.DateInput):
    """A native date picker. Browsers read only ISO values (2026-11-30): a localised "30/11/2026" shows an
    empty field and the form then fails for a date the user never saw. Parsing still accepts both."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class IsoDateTimeInput(forms.DateTimeInput):
    """A native date-and-time picker: browsers read only "2026-11-30T23:40" (no seconds, no zone)."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")
