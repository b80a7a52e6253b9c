"""Rights of the person (RGPD art. 15 and 17): export of one record, erasure where the law allows.

Both act on the whole person: the record a merge kept and every record merged into it.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from relais.orientation.models import PlaceWait, VulnerabilityFlag
from relais.pathways.enums import StepSensitivity
from relais.pathways.models import HealthNote, PathwayStep
from relais.people.models import Consent, Contact, Person
from relais.referrals.enums import OPEN
from relais.referrals.models import Referral
from relais.retention.anonymise import merge_family, persons_anonymise
from relais.retention.enums import AnonymisationReason
from relais.retention.models import AnonymisedPerson
from relais.stays.models import Stay

ERROR_OPEN_STAY = (
    "La personne est hébergée (séjour en cours) : l'effacement attend sa sortie, la prise en charge "
    "en cours en a besoin (RGPD art. 17(3)(c), CSP L. 1110-4)."
)
ERROR_OPEN_REFERRAL = (
    "Une orientation de la personne est en cours : clôturez-la ou annulez-la avant d'effacer la fiche."
)
ERROR_ALREADY = "Cette fiche est déjà anonymisée."
HEALTH_STEP_CONTENT = "Nature et suite communiquées par les soignants qui l'ont enregistrée (CSP L. 1111-7)."
HEALTH_NOTE_CONTENT = (
    "Contenu communiqué par le professionnel de santé qui l'a écrite (CSP L. 1111-7), non inclus dans cet export."
)


def _day(value) -> str:
    return timezone.localtime(value).isoformat(timespec="minutes") if value else ""


def person_export(person: Person) -> dict:
    """Everything Relais holds about the person, in plain words and values (labels, not codes)."""
    family = merge_family(person)
    ids = [p.pk for p in family]
    return {
        "export": {
            "genere_le": _day(timezone.now()),
            "fondement": "RGPD art. 15 (droit d'accès)",
            "responsable": "Relais, système d'information partagé du plan crack de Paris",
        },
        "fiches": [
            {
                "code": p.display_code,
                "nom_d_usage": p.alias,
                "annee_de_naissance": p.year_of_birth,
                "sexe": p.get_sex_display(),
                "langues": p.languages,
                "besoins": p.needs,
                "creee_le": _day(p.created_at),
                "fusionnee_dans": p.merged_into.display_code if p.merged_into_id else "",
            }
            for p in family
        ],
        "consentements": [
            {
                "finalite": c.get_purpose_display(),
                "recueilli_le": c.given_on.isoformat(),
                "expire_le": c.expires_on.isoformat(),
                "retire_le": c.withdrawn_on.isoformat() if c.withdrawn_on else "",
                "organisation": str(c.organization),
            }
            for c in Consent.objects.filter(person__in=ids).select_related("organization")
        ],
        "rencontres": [
            {
                "le": _day(c.occurred_at),
                "lieu": c.location_label,
                "arrondissement": c.cog_label,
                "organisation": str(c.organization),
            }
            for c in Contact.objects.filter(person__in=ids).select_related("organization")
        ],
        "orientations": [
            {
                "envoyee_le": _day(r.sent_at),
                "par": str(r.from_organization),
                "vers": str(r.to_structure) if r.to_structure_id else r.get_to_kind_display(),
                "statut": r.get_status_display(),
                "motif_de_refus": r.get_decline_reason_display(),
            }
            for r in Referral.objects.filter(person__in=ids).select_related("from_organization", "to_structure")
        ],
        "sejours": [
            {
                "structure": str(s.structure),
                "admission": _day(s.admitted_at),
                "sortie": _day(s.exited_at),
                "destination": s.get_exit_destination_display(),
            }
            for s in Stay.objects.filter(person__in=ids).select_related("structure")
        ],
        "attentes_de_place": [
            {
                "type_de_place": w.get_kind_display(),
                "depuis": _day(w.since),
                "fin": _day(w.ended_at),
                "motif_de_fin": w.get_end_reason_display(),
            }
            for w in PlaceWait.objects.filter(person__in=ids)
        ],
        # Coordination makes this export: the flag's dates only, as coordination reads it; the soignant
        # who flagged tells the person why.
        "vulnerabilite_signalee_par_un_soignant": [
            {"le": _day(f.flagged_at), "retiree_le": _day(f.removed_at)}
            for f in VulnerabilityFlag.objects.filter(person__in=ids)
        ],
        "parcours": [_step(s) for s in PathwayStep.objects.filter(person__in=ids).select_related("organization")],
        "notes_de_sante": [
            {"ecrite_le": _day(n.written_at), "organisation": str(n.organization), "contenu": HEALTH_NOTE_CONTENT}
            for n in HealthNote.objects.filter(person__in=ids)
            .select_related("organization")
            .only("written_at", "organization__name", "organization__short_name")
        ],
    }


def _step(step: PathwayStep) -> dict:
    """A care step says only that it exists: coordination makes this export, and what the step was
    is told to the person by the carers (CSP L. 1111-7), as the content of health notes."""
    if step.sensitivity == StepSensitivity.HEALTH:
        return {
            "etape": step.masked_label,
            "le": step.on.isoformat(),
            "statut": HEALTH_STEP_CONTENT,
            "organisation": str(step.organization),
        }
    return {
        "etape": step.get_kind_display(),
        "le": step.on.isoformat(),
        "statut": step.get_status_display(),
        "organisation": str(step.organization),
    }


@transaction.atomic
def person_erase(person: Person, *, today: datetime.date | None = None) -> int:
    """Anonymise the person (all its merged records) unless its care is in progress."""
    ids = [p.pk for p in merge_family(person)]
    if AnonymisedPerson.objects.filter(person__in=ids).count() == len(ids):
        raise ValidationError(ERROR_ALREADY)
    if Stay.objects.filter(person__in=ids, exited_at__isnull=True).exists():
        raise ValidationError(ERROR_OPEN_STAY)
    if Referral.objects.filter(person__in=ids, status__in=OPEN).exists():
        raise ValidationError(ERROR_OPEN_REFERRAL)
    return persons_anonymise(ids, reason=AnonymisationReason.ERASURE, on=today or timezone.localdate())
