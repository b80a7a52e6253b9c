"""Writes about sites. Each applies whole or not at all, checks who writes, and refuses bad counts."""

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from relais.sites.enums import (
    DESTINATION_STRUCTURE_KINDS,
    ActType,
    Destination,
    OperationCount,
    ServiceKind,
    SiteStatus,
)
from relais.sites.models import (
    Displacement,
    DisplacementDestination,
    OnSiteActivity,
    SecurityOperation,
    Site,
    SiteObservation,
    SiteService,
    SiteStatusChange,
)
from relais.sites.validators import (
    ERROR_FUTURE_DAY,
    ERROR_FUTURE_MOMENT,
    validate_no_identity,
)
from relais.structures.enums import StructureKind
from relais.structures.models import Structure
from relais.utils.models import validated_save

ERROR_HEADCOUNT_RANGE = "L'estimation basse ({low}) dépasse l'estimation haute ({high})."
ERROR_NOT_ALLOWED = "Votre rôle ne permet pas cette saisie."
ERROR_CUSTODY = "Les gardes à vue ({custody}) ne peuvent dépasser les interpellations ({arrests})."
ERROR_NEGATIVE = "Les nombres doivent être positifs ou nuls."
ERROR_WEEK_START = "La semaine commence un lundi."
ERROR_WEEK_EMPTY = "Aucun acte saisi pour cette semaine : indiquez au moins un nombre."
ERROR_WEEK_DAY = "Le jour {day:%d/%m/%Y} n'appartient pas à la semaine saisie."
ERROR_NO_DESTINATION = "Indiquez au moins une destination avec un nombre de personnes."
ERROR_STRUCTURE_FOR_DESTINATION = "« {structure} » ({kind}) ne correspond pas à la destination « {destination} »."
ERROR_NO_STRUCTURE_FOR_DESTINATION = "La destination « {destination} » ne se rattache à aucune structure."
ERROR_REAPPEARED_SELF = "Un site ne peut pas être celui où sa propre scène s'est reformée."
ERROR_DECISION_REQUIRED = "Indiquez la décision qui {status} le site."
ERROR_STATUS_SAME = "Le site a déjà ce statut à cette date."
ERROR_CARE_UNIT_STRUCTURE = (
    "Seule une unité de soins se rattache à une structure, et de type « Unité de soins sur site »."
)
ERROR_SERVICE_ENDED = "Ce service est déjà retiré."
ERROR_SERVICE_END_BEFORE = "Le retrait doit suivre l'installation ({day:%d/%m/%Y})."

DECISION_VERBS = {SiteStatus.TOLERATED: "tolère", SiteStatus.ASSIGNED: "assigne"}


def _require(user, perm):
    if not user.has_perm(perm):
        raise PermissionDenied(ERROR_NOT_ALLOWED)


def _not_future(day: datetime.date, field="day"):
    if day > timezone.localdate():
        raise ValidationError({field: ERROR_FUTURE_DAY})


@transaction.atomic
def site_create(*, data: Mapping[str, Any], by) -> Site:
    """A new site: its name, kind, arrondissements and location; its status is a dated step of its own."""
    _require(by, "sites.manage_site")
    return validated_save(Site(), data)


@transaction.atomic
def site_update(*, site: Site, data: Mapping[str, Any], by) -> Site:
    """Change the description of a site (its lifecycle goes through `site_status_change`)."""
    _require(by, "sites.manage_site")
    return validated_save(site, data)


@transaction.atomic
def site_status_change(
    *, site: Site, status: str, effective_on: datetime.date, decision: str = "", by
) -> SiteStatusChange:
    """Add a dated lifecycle step; toleration and assignment need the decision that made them."""
    _require(by, "sites.manage_site")
    _not_future(effective_on, "effective_on")
    if status in DECISION_VERBS and not decision.strip():
        raise ValidationError({"decision": ERROR_DECISION_REQUIRED.format(status=DECISION_VERBS[status])})
    current = Site.objects.with_status(effective_on).get(pk=site.pk).status
    if current == status:
        raise ValidationError({"status": ERROR_STATUS_SAME})
    return SiteStatusChange.objects.create(
        site=site, status=status, effective_on=effective_on, decision=decision.strip(), recorded_by=by
    )


@transaction.atomic
def site_service_add(
    *, site: Site, kind: str, installed_on: datetime.date, structure: Structure | None = None, by
) -> SiteService:
    _require(by, "sites.manage_site")
    _not_future(installed_on, "installed_on")
    if structure is not None and (kind != ServiceKind.CARE_UNIT or structure.kind != StructureKind.ONSITE_CARE):
        raise ValidationError({"structure": ERROR_CARE_UNIT_STRUCTURE})
    return SiteService.objects.create(site=site, kind=kind, structure=structure, installed_on=installed_on)


@transaction.atomic
def site_service_end(*, service: SiteService, on: datetime.date, by) -> SiteService:
    _require(by, "sites.manage_site")
    service = SiteService.objects.select_for_update().get(pk=service.pk)
    _not_future(on, "on")
    if service.removed_on is not None:
        raise ValidationError(ERROR_SERVICE_ENDED)
    if on < service.installed_on:
        raise ValidationError({"on": ERROR_SERVICE_END_BEFORE.format(day=service.installed_on)})
    service.removed_on = on
    service.save(update_fields=["removed_on"])
    return service


@transaction.atomic
def observation_record(
    *,
    site: Site,
    observed_at: datetime.datetime,
    period: str,
    headcount_min: int,
    headcount_max: int | None = None,
    conditions: str = "",
    by,
) -> SiteObservation:
    """A headcount estimate: a range, or one value when `headcount_max` is left out."""
    _require(by, "sites.record_observation")
    if headcount_max is None:
        headcount_max = headcount_min
    errors = {}
    if observed_at > timezone.now():
        errors["observed_at"] = ERROR_FUTURE_MOMENT
    if headcount_min < 0 or headcount_max < 0:
        errors["headcount_min"] = ERROR_NEGATIVE
    elif headcount_min > headcount_max:
        errors["headcount_max"] = ERROR_HEADCOUNT_RANGE.format(low=headcount_min, high=headcount_max)
    try:
        validate_no_identity(conditions)
    except ValidationError as exc:
        errors["conditions"] = exc.messages[0]
    if errors:
        raise ValidationError(errors)
    return SiteObservation.objects.create(
        site=site,
        observed_at=observed_at,
        period=period,
        headcount_min=headcount_min,
        headcount_max=headcount_max,
        organization=by.organization,
        conditions=conditions.strip(),
        recorded_by=by,
    )


def week_days(week_start: datetime.date) -> list[datetime.date]:
    return [week_start + datetime.timedelta(days=n) for n in range(7)]


@transaction.atomic
def onsite_activity_record_week(
    *,
    site: Site,
    week_start: datetime.date,
    counts: dict[datetime.date, dict[str, int]],
    organization=None,
    by,
) -> list[OnSiteActivity]:
    """Record one organisation's acts for the days of a week; a day left empty is not written,
    a day already recorded is replaced by the new figures. Future days are refused."""
    _require(by, "sites.record_onsite_activity")
    organization = organization or by.organization
    if week_start.weekday() != 0:
        raise ValidationError(ERROR_WEEK_START)
    days = set(week_days(week_start))
    today = timezone.localdate()
    errors = []
    kept = {}
    for day, row in sorted(counts.items()):
        if day not in days:
            errors.append(ERROR_WEEK_DAY.format(day=day))
            continue
        values = {act: int(row.get(act) or 0) for act in ActType.values}
        if any(v < 0 for v in values.values()):
            errors.append(ERROR_NEGATIVE)
            continue
        if not any(values.values()):
            continue
        if day > today:
            errors.append(f"{day:%d/%m/%Y} : {ERROR_FUTURE_DAY}")
            continue
        kept[day] = values
    if errors:
        raise ValidationError(errors)
    if not kept:
        raise ValidationError(ERROR_WEEK_EMPTY)
    saved = []
    for day, values in kept.items():
        activity, _ = OnSiteActivity.objects.update_or_create(
            site=site,
            day=day,
            organization=organization,
            defaults={**values, "recorded_by": by, "recorded_at": timezone.now()},
        )
        saved.append(activity)
    return saved


@transaction.atomic
def security_operation_record(
    *, site: Site, day: datetime.date, kind: str, counts: dict[str, int | Decimal], by
) -> SecurityOperation:
    """Only the police writes; counts only (no person, no free text); custody within arrests."""
    _require(by, "sites.record_security_operation")
    _not_future(day)
    values = {name: counts.get(name) or 0 for name in OperationCount.values}
    if any(v < 0 for v in values.values()):
        raise ValidationError(ERROR_NEGATIVE)
    if values["custody"] > values["arrests"]:
        raise ValidationError({"custody": ERROR_CUSTODY.format(custody=values["custody"], arrests=values["arrests"])})
    return SecurityOperation.objects.create(
        site=site, day=day, kind=kind, organization=by.organization, recorded_by=by, **values
    )


def _check_destination(destination: str, structure: Structure | None) -> None:
    if structure is None:
        return
    if destination not in DESTINATION_STRUCTURE_KINDS:
        raise ValidationError(ERROR_NO_STRUCTURE_FOR_DESTINATION.format(destination=destination_label(destination)))
    kinds = DESTINATION_STRUCTURE_KINDS[destination]
    if kinds is not None and structure.kind not in kinds:
        raise ValidationError(
            ERROR_STRUCTURE_FOR_DESTINATION.format(
                structure=structure.name,
                kind=structure.get_kind_display(),
                destination=destination_label(destination),
            )
        )


def destination_label(destination: str) -> str:
    return Destination(destination).label


def _check_reappeared(site: Site, sites: Iterable[Site]) -> list[Site]:
    sites = list(sites)
    if any(s.pk == site.pk for s in sites):
        raise ValidationError({"reappeared_at": ERROR_REAPPEARED_SELF})
    return sites


@transaction.atomic
def displacement_record(
    *,
    site: Site,
    day: datetime.date,
    kind: str,
    destinations: list[tuple[str, Structure | None, int]],
    decision: str = "",
    reappeared_at: Iterable[Site] = (),
    by,
) -> Displacement:
    """An evacuation or mise à l'abri with the number of people by destination (structures of the
    registry when known), so that the comité sees where people went, not only that they left."""
    _require(by, "sites.manage_site")
    _not_future(day)
    rows = [(d, s, int(n)) for d, s, n in destinations if n]
    if any(n < 0 for _, _, n in rows):
        raise ValidationError(ERROR_NEGATIVE)
    if not rows:
        raise ValidationError(ERROR_NO_DESTINATION)
    for destination, structure, _ in rows:
        _check_destination(destination, structure)
    reappeared = _check_reappeared(site, reappeared_at)
    displacement = Displacement.objects.create(
        site=site, day=day, kind=kind, decision=decision.strip(), organization=by.organization, recorded_by=by
    )
    merged: dict[tuple[str, int | None], int] = {}
    structures = {}
    for destination, structure, people in rows:
        key = (destination, structure.pk if structure else None)
        merged[key] = merged.get(key, 0) + people
        structures[key] = structure
    DisplacementDestination.objects.bulk_create(
        [
            DisplacementDestination(displacement=displacement, destination=key[0], structure=structures[key], people=n)
            for key, n in merged.items()
        ]
    )
    if reappeared:
        displacement.reappeared_at.set(reappeared)
    return displacement


@transaction.atomic
def displacement_set_reappearance(*, displacement: Displacement, sites: Iterable[Site], by) -> Displacement:
    """Later on: the site(s) where the scene re-formed after this evacuation."""
    _require(by, "sites.manage_site")
    sites = _check_reappeared(displacement.site, sites)
    displacement.reappeared_at.set(sites)
    return displacement
