"""The dashboards' filter bar: the date the figures are as of, the period of the evolutions, on the
comité's and coordination's the date they are known on, and, on the operator dashboard seen by
coordination, the organisation."""

import datetime

from django import forms
from django.db.models import Min
from django.utils import formats, timezone

from relais.indicators.models import IndicatorFact
from relais.utils.filters import FilterForm
from relais.utils.widgets import IsoDateInput

PERIODS = {6: "6 mois", 12: "12 mois", 24: "24 mois", 36: "36 mois", 60: "5 ans"}
DEFAULT_MONTHS = 12
ERROR_DATE = "La date « {value} » n'est pas une date valide (jj/mm/aaaa) : les chiffres sont ceux d'aujourd'hui."
ERROR_FUTURE = "Les chiffres ne peuvent pas être arrêtés à une date future : ils sont ceux d'aujourd'hui."
ERROR_PERIOD = "La période « %(value)s » n'est pas proposée : les évolutions portent sur 12 mois."
FIRST_DAY = datetime.date(2000, 1, 1)
# « Connu au »: a wrong value gives today's knowledge (the figures as corrected since), with the reason.
TODAYS_KNOWLEDGE = " : les chiffres sont ceux connus aujourd'hui (corrections comprises)."
ERROR_KNOWN_DATE = "« Connu au » : « {value} » n'est pas une date valide (jj/mm/aaaa)" + TODAYS_KNOWLEDGE
ERROR_KNOWN_FUTURE = "« Connu au » ne peut pas être une date future" + TODAYS_KNOWLEDGE
ERROR_KNOWN_NO_FACTS = "« Connu au » : aucun chiffre n'a encore été enregistré" + TODAYS_KNOWLEDGE
ERROR_KNOWN_BEFORE_FACTS = "« Connu au » : les chiffres ne sont enregistrés que depuis le {first}" + TODAYS_KNOWLEDGE
ERROR_KNOWN_BEFORE_DAY = (
    "« Connu au » : les chiffres du {day} n'étaient pas encore connus le {known}, choisissez une date égale "
    "ou postérieure" + TODAYS_KNOWLEDGE
)


def months_before(day: datetime.date, months: int) -> datetime.date:
    month = day.year * 12 + day.month - 1 - months
    year, month = divmod(month, 12)
    first = datetime.date(year, month + 1, 1)
    last = (first.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1)
    return first.replace(day=min(day.day, last.day))


class DashboardFilterForm(FilterForm):
    au = forms.DateField(
        label="Chiffres au",
        help_text="Date passée : ce que l'on savait ce jour-là.",
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=IsoDateInput(),
    )
    periode = forms.TypedChoiceField(
        label="Période des évolutions",
        help_text="Courbes, et comparaison des chiffres clés.",
        required=False,
        choices=PERIODS.items(),
        coerce=int,
        empty_value=DEFAULT_MONTHS,
    )

    def __init__(self, *args, organizations=None, known=False, **kwargs):
        super().__init__(*args, **kwargs)
        raw = str(self.data.get("au", "")).strip()
        self.fields["au"].error_messages["invalid"] = ERROR_DATE.format(value=raw[:20])
        if known:
            # The comité's and coordination's dashboards read their figures from the facts, which keep
            # what was known when: they can show them as known on a past day.
            self.add_field(
                "connu_au",
                forms.DateField(
                    label="Connu au",
                    help_text="Vide : chiffres corrigés depuis. Une date : tels que connus ce jour-là.",
                    required=False,
                    input_formats=["%Y-%m-%d", "%d/%m/%Y"],
                    widget=IsoDateInput(),
                    error_messages={
                        "invalid": ERROR_KNOWN_DATE.format(value=str(self.data.get("connu_au", "")).strip()[:20])
                    },
                ),
            )
        self.fields["periode"].error_messages["invalid_choice"] = ERROR_PERIOD
        if organizations is not None:
            # Chosen by coordination on the operator dashboard; the view resolves it (404 if unknown).
            self.add_field(
                "organisation",
                forms.ModelChoiceField(label="Organisation", queryset=organizations, empty_label=None, required=False),
            )

    def clean_au(self):
        day = self.cleaned_data["au"]
        if day is not None and day < FIRST_DAY:
            raise forms.ValidationError(ERROR_DATE.format(value=self.data["au"].strip()[:20]))
        if day is not None and day > timezone.localdate():
            raise forms.ValidationError(ERROR_FUTURE)
        return day

    def clean_connu_au(self):
        known = self.cleaned_data["connu_au"]
        if known is None:
            return None
        if known > timezone.localdate():
            raise forms.ValidationError(ERROR_KNOWN_FUTURE)
        first = IndicatorFact.objects.aggregate(first=Min("recorded_at"))["first"]
        if first is None:
            raise forms.ValidationError(ERROR_KNOWN_NO_FACTS)
        if known < timezone.localdate(first):
            raise forms.ValidationError(ERROR_KNOWN_BEFORE_FACTS.format(first=_long(timezone.localdate(first))))
        day = self.cleaned_data.get("au")
        if day is not None and day > known:
            raise forms.ValidationError(ERROR_KNOWN_BEFORE_DAY.format(day=_long(day), known=_long(known)))
        return known


def _long(day: datetime.date) -> str:
    return formats.date_format(day, "j F Y")
