import datetime

from django import forms
from django.utils import timezone
from dsfr.forms import DsfrBaseForm

from relais.pathways.enums import HEALTH_KINDS, StepKind, StepOutcome, StepStatus
from relais.people.crypto import matching_key
from relais.people.enums import ConsentPurpose, Need, Sex
from relais.people.services import PersonData
from relais.referrals.enums import DeclineReason
from relais.referrals.models import COMMENT_HELP, COMMENT_MAX_LENGTH
from relais.stays.enums import ExitDestination
from relais.structures.enums import PlaceAttribute, StructureKind
from relais.utils.filters import FilterForm
from relais.utils.identifiers import PARIS_ARRONDISSEMENTS
from relais.utils.widgets import IsoDateInput, IsoDateTimeInput

ERROR_PERSON_OR_NEW = "Choisissez une personne déjà suivie, créez-en une, ou laissez la rencontre anonyme."
ERROR_UNKNOWN_CODE = "Aucune personne que vous suivez ne porte ce code."
ERROR_YEAR = "Indiquez une année de naissance entre 1920 et l'année en cours."
ERROR_CONTACT_TOO_OLD = "Une rencontre se saisit dans les 7 jours : indiquez une heure plus récente."
CONTACT_MAX_AGE = datetime.timedelta(days=7)

WHO_CHOICES = [
    ("anonymous", "Rencontre anonyme (comptée seulement)"),
    ("new", "Nouvelle personne"),
    ("known", "Personne déjà suivie (code)"),
]
COG_CHOICES = [("", "Non précisé"), *PARIS_ARRONDISSEMENTS.items()]


class PersonForm(DsfrBaseForm):
    """No full name, no social-security number: the form does not offer them (PRODUCT.md)."""

    alias = forms.CharField(
        label="Nom d'usage dans la rue (facultatif)",
        max_length=80,
        required=False,
        help_text="Surnom ou prénom d'usage : jamais le nom complet. Chiffré dans la base.",
    )
    year_of_birth = forms.IntegerField(label="Année de naissance", required=False)
    sex = forms.ChoiceField(label="Sexe", choices=Sex.choices, initial=Sex.UNKNOWN)
    languages = forms.CharField(label="Langues parlées", max_length=200, required=False)
    needs = forms.MultipleChoiceField(
        label="Besoins", choices=Need.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    def clean_year_of_birth(self):
        year = self.cleaned_data.get("year_of_birth")
        if year is not None and not 1920 <= year <= timezone.localdate().year:
            raise forms.ValidationError(ERROR_YEAR)
        return year

    def person_data(self) -> PersonData:
        data = self.cleaned_data
        return PersonData(
            alias=data.get("alias", ""),
            year_of_birth=data.get("year_of_birth"),
            sex=data.get("sex") or Sex.UNKNOWN,
            languages=data.get("languages", ""),
            needs=list(data.get("needs") or []),
        )

    @staticmethod
    def initial_for(person) -> dict:
        return {
            "alias": person.alias,
            "year_of_birth": person.year_of_birth,
            "sex": person.sex,
            "languages": person.languages,
            "needs": [need.value for need in Need if getattr(person, need.value)],
        }


class AliasSearchForm(DsfrBaseForm):
    alias = forms.CharField(label="Nom d'usage", max_length=80)
    year_of_birth = forms.IntegerField(label="Année de naissance", required=False, min_value=1920, max_value=2030)
    sex = forms.ChoiceField(label="Sexe", choices=Sex.choices, initial=Sex.UNKNOWN)

    def matching_key(self) -> str:
        data = self.cleaned_data
        return matching_key(alias=data["alias"], year_of_birth=data.get("year_of_birth"), sex=data["sex"])


class DuplicateConfirmForm(forms.Form):
    confirm_new = forms.BooleanField(
        label="Il s'agit bien d'une autre personne : créer une nouvelle fiche", required=False
    )


def _now_to_the_minute():
    return timezone.localtime().replace(second=0, microsecond=0)


class ContactForm(PersonForm):
    """One form for the three kinds of encounter ("Qui ?"): the fields of the other kinds are hidden
    by `relais/who-mode.js` and ignored here, so a value typed before changing the choice never counts."""

    occurred_at = forms.DateTimeField(
        label="Heure de la rencontre",
        initial=_now_to_the_minute,
        required=False,  # left empty: now
        widget=IsoDateTimeInput(),
        help_text="Maintenant par défaut ; plus tôt dans la nuit si vous saisissez après coup.",
    )
    idempotency_key = forms.UUIDField(required=False, widget=forms.HiddenInput)
    location_label = forms.CharField(label="Lieu de la rencontre", max_length=200)
    cog = forms.ChoiceField(label="Arrondissement", choices=COG_CHOICES, required=False)
    latitude = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-90, max_value=90)
    longitude = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-180, max_value=180)
    who = forms.ChoiceField(label="Qui ?", choices=WHO_CHOICES, initial="new", widget=forms.RadioSelect)
    people_count = forms.IntegerField(
        label="Nombre de personnes rencontrées (rencontre anonyme)", min_value=1, max_value=200, initial=1
    )
    code = forms.CharField(label="Code de la personne", max_length=12, required=False)
    consents = forms.MultipleChoiceField(
        label="Consentements recueillis oralement",
        choices=ConsentPurpose.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    then_refer = forms.BooleanField(label="Orienter la personne après l'enregistrement", required=False)
    confirm_new = forms.BooleanField(
        label="Il s'agit bien d'une autre personne : créer une nouvelle fiche", required=False
    )

    field_order = ["occurred_at", "location_label", "cog", "who", "people_count", "code"]
    # Fields that belong to one kind of encounter only (the rest are common).
    MODE_FIELDS = {
        "anonymous": ("people_count",),
        "known": ("code",),
        "new": ("alias", "year_of_birth", "sex", "languages", "needs"),
    }

    def __init__(self, *args, persons=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.persons = persons
        self.fields["sex"].required = False

    def clean_occurred_at(self):
        at = self.cleaned_data["occurred_at"]
        if at is not None and at < timezone.now() - CONTACT_MAX_AGE:
            raise forms.ValidationError(ERROR_CONTACT_TOO_OLD)
        return at

    def full_clean(self):
        # The fields of another kind of encounter are ignored: their errors would be invisible.
        who = self.data.get("who") if self.is_bound else None
        others = [name for mode, names in self.MODE_FIELDS.items() if mode != who for name in names]
        if who in self.MODE_FIELDS:
            for name in others:
                self.fields[name].required = False
        super().full_clean()
        if who in self.MODE_FIELDS and hasattr(self, "cleaned_data"):
            for name in others:
                self._errors.pop(name, None)
                self.cleaned_data[name] = self.fields[name].clean(self.fields[name].initial)

    def clean(self):
        data = super().clean()
        who = data.get("who")
        if who != "anonymous":
            data["people_count"] = 1
        if who == "known":
            code = (data.get("code") or "").strip().upper()
            person = self.persons.active().filter(display_code=code).first() if code else None
            if person is None:
                self.add_error("code", ERROR_UNKNOWN_CODE)
            data["person"] = person
        return data


class ConsentForm(DsfrBaseForm):
    purpose = forms.ChoiceField(label="Finalité", choices=ConsentPurpose.choices)
    given_on = forms.DateField(label="Recueilli le", initial=timezone.localdate, widget=IsoDateInput())

    def clean_given_on(self):
        day = self.cleaned_data["given_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("La date de recueil ne peut pas être dans le futur.")
        return day


class StepForm(DsfrBaseForm):
    kind = forms.ChoiceField(label="Étape", choices=StepKind.choices)
    on = forms.DateField(label="Date", initial=timezone.localdate, widget=IsoDateInput())
    status = forms.ChoiceField(label="Statut", choices=StepStatus.choices)
    outcome = forms.ChoiceField(label="Résultat", choices=StepOutcome.choices, required=False)

    def __init__(self, *args, health: bool = False, **kwargs):
        """`health`: the care kinds are offered (to soignant only: the others record social steps)."""
        super().__init__(*args, **kwargs)
        if not health:
            self.fields["kind"].choices = [(k.value, k.label) for k in StepKind if k not in HEALTH_KINDS]


class StepUpdateForm(DsfrBaseForm):
    status = forms.ChoiceField(label="Statut", choices=StepStatus.choices)
    outcome = forms.ChoiceField(label="Résultat", choices=StepOutcome.choices, required=False)


class HealthNoteForm(DsfrBaseForm):
    text = forms.CharField(label="Note de santé", max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    step = forms.TypedChoiceField(label="Étape liée", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, steps=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = [("", "Aucune"), *((s.pk, str(s)) for s in steps)]


class ProposalFilterForm(FilterForm):
    type = forms.ChoiceField(label="Type de structure", choices=[("", "Tous"), *StructureKind.choices], required=False)
    caracteristique = forms.ChoiceField(
        label="Caractéristique", choices=[("", "Selon les besoins"), *PlaceAttribute.choices], required=False
    )


class ReferralSendForm(DsfrBaseForm):
    structure = forms.IntegerField(required=False, widget=forms.HiddenInput)
    to_kind = forms.ChoiceField(label="Type de place", choices=[("", "—"), *StructureKind.choices], required=False)
    contact = forms.IntegerField(required=False, widget=forms.HiddenInput)
    comment = forms.CharField(
        label="Commentaire pour l'accueil (facultatif)",
        max_length=COMMENT_MAX_LENGTH,
        required=False,
        help_text=COMMENT_HELP,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    idempotency_key = forms.UUIDField(required=False, widget=forms.HiddenInput)


class DeclineForm(DsfrBaseForm):
    reason = forms.ChoiceField(label="Motif", choices=DeclineReason.choices)


class AssignForm(DsfrBaseForm):
    structure = forms.ModelChoiceField(label="Structure", queryset=None)

    def __init__(self, *args, structures=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["structure"].queryset = structures


class AdmitForm(DsfrBaseForm):
    place = forms.ModelChoiceField(
        label="Place", queryset=None, required=False, empty_label="Première place qui convient"
    )

    def __init__(self, *args, places=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places


class DirectAdmitForm(DsfrBaseForm):
    structure = forms.ModelChoiceField(label="Admettre directement dans", queryset=None)

    def __init__(self, *args, structures=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["structure"].queryset = structures


ERROR_EXIT_IN_FUTURE = "La date de sortie ne peut pas être dans le futur."


class ExitForm(DsfrBaseForm):
    """No destination chosen in advance, a date, and an explicit confirmation: an exit is not undone."""

    destination = forms.ChoiceField(
        label="Destination à la sortie", choices=[("", "— Choisir —"), *ExitDestination.choices]
    )
    exited_on = forms.DateField(
        label="Date de sortie", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    confirm = forms.BooleanField(label="Je confirme la sortie de cette personne")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["exited_on"].initial = timezone.localdate()

    def clean_exited_on(self):
        day = self.cleaned_data["exited_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(ERROR_EXIT_IN_FUTURE)
        return day


class TransferForm(DsfrBaseForm):
    to_structure = forms.ModelChoiceField(label="Vers la structure", queryset=None)

    def __init__(self, *args, structures=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_structure"].queryset = structures


class MergeForm(DsfrBaseForm):
    source = forms.UUIDField(widget=forms.HiddenInput)
    target = forms.UUIDField(widget=forms.HiddenInput)
