"""The premises pipeline's transitions: checked here, applied whole or not at all."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone

from relais.premises.documents import sniff_upload
from relais.premises.enums import (
    AWAITING_REVIEW,
    OPENABLE,
    REASON_REQUIRED,
    REVIEWING_KINDS,
    TRANSITIONS,
    ProposalStatus,
    Transition,
)
from relais.premises.models import PremisesBlocker, PremisesDocument, PremisesProposal, PremisesReview
from relais.structures.enums import PlaceKind, StructureKind, StructureStatus
from relais.structures.models import Structure
from relais.structures.services import places_add
from relais.users.models import Organization

ERROR_NOT_EDITABLE = "Cette proposition est déjà en examen : elle ne se modifie plus."
ERROR_REVIEW_CLOSED = "L'examen de cette proposition est terminé : elle ne reçoit plus d'avis."
ERROR_NOT_REVIEWER = "Seules l'ARS, la préfecture et la préfecture de police rendent un avis sur les locaux proposés."
ERROR_REVIEW_TWICE = "Votre organisation ({org}) a déjà rendu son avis sur cette proposition."
ERROR_TRANSITION = "Impossible de « {action} » une proposition à l'étape « {status} »."
ERROR_REASON_REQUIRED = "Indiquez le motif."
ERROR_RETAIN_WITHOUT_REVIEW = "Une proposition ne peut être retenue sans au moins un avis de l'État."
ERROR_OPEN_NOT_RETAINED = "Seule une proposition retenue (ou en travaux) peut ouvrir : elle est à l'étape « {status} »."
ERROR_OPEN_BEFORE_PROPOSAL = "La date d'ouverture ne peut précéder la proposition des locaux ({day:%d/%m/%Y})."
ERROR_OPEN_IN_FUTURE = "La date d'ouverture ne peut pas être dans le futur : ouvrez la structure le jour venu."
ERROR_OPEN_STRUCTURE_OR_NEW = "Choisissez une structure existante ou décrivez la nouvelle structure, pas les deux."
ERROR_OPEN_OPERATOR = "Indiquez le gestionnaire de la nouvelle structure."
ERROR_STRUCTURE_TAKEN = "Cette structure est déjà rattachée à d'autres locaux ouverts."
ERROR_DEADLINE_CLOSED = "Le délai de réponse ne se modifie que tant que les avis sont attendus."
ERROR_BLOCKER_RESOLVED = "Ce blocage est déjà levé."
ERROR_BLOCKER_DATE = "La date de levée doit suivre la date de signalement ({day:%d/%m/%Y}) et ne pas être future."
ERROR_FINAL = "Cette proposition est close (« {status} »)."

PROPOSAL_FIELDS = (
    "name",
    "address",
    "cog",
    "surface_m2",
    "intended_kind",
    "capacity",
    "available_from",
    "available_until",
    "owner",
    "description",
)
# The kind of place the opened structure counts: seats for day spaces and care units, beds elsewhere.
SEAT_KINDS = (
    StructureKind.REST_DAY,
    StructureKind.REST_NIGHT,
    StructureKind.CAARUD,
    StructureKind.CSAPA,
    StructureKind.HSA,
    StructureKind.ONSITE_CARE,
    StructureKind.EMPP,
)


def expected_reviewers() -> list[Organization]:
    """The State organisations whose opinion every proposal awaits."""
    return list(Organization.objects.filter(kind__in=REVIEWING_KINDS).order_by("name"))


def review_state(proposal: PremisesProposal, reviewers: list[Organization], day: datetime.date) -> dict:
    """Which State organisations answered, which are still awaited, and whether that is overdue.

    Reads `proposal.reviews.all()`: prefetch them (with their organisation) for lists."""
    given = {review.organization_id: review for review in proposal.reviews.all()}
    missing = [org for org in reviewers if org.pk not in given]
    overdue = proposal.awaits_review and proposal.response_due_on < day and bool(missing)
    return {"given": list(given.values()), "missing": missing, "overdue": overdue, "expected": len(reviewers)}


def overdue_reviews(day: datetime.date, organization: Organization | None = None) -> list[dict]:
    """Proposals whose State opinions are late on `day` (optionally: late from `organization`), in
    three queries whatever their number."""
    reviewers = expected_reviewers()
    proposals = (
        PremisesProposal.objects.overdue_on(day, len(reviewers))
        .select_related("proposed_by")
        .prefetch_related(Prefetch("reviews", queryset=PremisesReview.objects.select_related("organization")))
        .order_by("response_due_on", "pk")
    )
    rows = [{"proposal": p, **review_state(p, reviewers, day)} for p in proposals]
    if organization is not None:
        rows = [row for row in rows if organization in row["missing"]]
    return rows


def _lock(proposal: PremisesProposal) -> PremisesProposal:
    return PremisesProposal.objects.select_for_update().get(pk=proposal.pk)


def _clean(proposal: PremisesProposal) -> None:
    proposal.full_clean(exclude=["created_by", "proposed_by", "structure"])


@transaction.atomic
def proposal_submit(*, by, data: dict, response_days: int | None = None) -> PremisesProposal:
    """The Ville proposes premises; the State's opinions are due `response_days` days later."""
    proposal = PremisesProposal(
        **{field: data.get(field) for field in PROPOSAL_FIELDS},
        proposed_by=by.organization,
        created_by=by,
        proposed_on=timezone.localdate(),
    )
    if response_days:
        proposal.response_days = response_days
    proposal.response_due_on = proposal.proposed_on + datetime.timedelta(days=proposal.response_days)
    _clean(proposal)
    proposal.save()
    return proposal


@transaction.atomic
def proposal_update(*, proposal: PremisesProposal, data: dict) -> PremisesProposal:
    proposal = _lock(proposal)
    if proposal.status != ProposalStatus.PROPOSED:
        raise ValidationError(ERROR_NOT_EDITABLE)
    for field in PROPOSAL_FIELDS:
        if field in data:
            setattr(proposal, field, data[field])
    _clean(proposal)
    proposal.save()
    return proposal


@transaction.atomic
def proposal_set_deadline(*, proposal: PremisesProposal, response_days: int) -> PremisesProposal:
    """Coordination adjusts the State's response delay for one proposal (30 days by default)."""
    proposal = _lock(proposal)
    if proposal.status not in AWAITING_REVIEW:
        raise ValidationError(ERROR_DEADLINE_CLOSED)
    proposal.response_days = response_days
    proposal.response_due_on = proposal.proposed_on + datetime.timedelta(days=response_days)
    _clean(proposal)
    proposal.save(update_fields=["response_days", "response_due_on"])
    return proposal


@transaction.atomic
def review_give(*, proposal: PremisesProposal, by, opinion: str, comments: str = "") -> PremisesReview:
    """A State organisation gives its opinion, once, while the proposal awaits it."""
    proposal = _lock(proposal)
    organization = by.organization
    if organization is None or organization.kind not in REVIEWING_KINDS:
        raise ValidationError(ERROR_NOT_REVIEWER)
    if proposal.status not in AWAITING_REVIEW:
        raise ValidationError(ERROR_REVIEW_CLOSED)
    if proposal.reviews.filter(organization=organization).exists():
        raise ValidationError(ERROR_REVIEW_TWICE.format(org=organization))
    try:
        with transaction.atomic():
            return PremisesReview.objects.create(
                proposal=proposal, organization=organization, author=by, opinion=opinion, comments=comments
            )
    except IntegrityError as exc:  # a colleague of the same organisation answered a moment earlier
        raise ValidationError(ERROR_REVIEW_TWICE.format(org=organization)) from exc


@transaction.atomic
def proposal_transition(*, proposal: PremisesProposal, transition: str, reason: str = "") -> PremisesProposal:
    """Move a proposal one step (examine, retain, set aside, start works, abandon)."""
    proposal = _lock(proposal)
    transition = Transition(transition)
    sources, target = TRANSITIONS[transition]
    if proposal.status not in sources:
        raise ValidationError(
            ERROR_TRANSITION.format(action=transition.label.lower(), status=proposal.get_status_display())
        )
    if transition in REASON_REQUIRED and not reason.strip():
        raise ValidationError(ERROR_REASON_REQUIRED)
    if transition == Transition.RETAIN and not proposal.reviews.exists():
        raise ValidationError(ERROR_RETAIN_WITHOUT_REVIEW)
    proposal.status = target
    proposal.status_changed_on = timezone.localdate()
    if reason.strip():
        proposal.decision_reason = reason.strip()
    proposal.save(update_fields=["status", "status_changed_on", "decision_reason"])
    return proposal


@transaction.atomic
def proposal_open(
    *,
    proposal: PremisesProposal,
    opened_on: datetime.date,
    structure: Structure | None = None,
    name: str = "",
    operator: Organization | None = None,
    finess_et: str = "",
    finess_ej: str = "",
    add_places: bool = True,
) -> Structure:
    """Open retained premises: link an existing structure, or create it (with its FINESS when it has
    one) and put the proposed capacity in service from the opening day."""
    proposal = _lock(proposal)
    if proposal.status not in OPENABLE:
        raise ValidationError(ERROR_OPEN_NOT_RETAINED.format(status=proposal.get_status_display()))
    if opened_on < proposal.proposed_on:
        raise ValidationError(ERROR_OPEN_BEFORE_PROPOSAL.format(day=proposal.proposed_on))
    if opened_on > timezone.localdate():
        raise ValidationError(ERROR_OPEN_IN_FUTURE)
    if structure is not None:
        if name or operator is not None:
            raise ValidationError(ERROR_OPEN_STRUCTURE_OR_NEW)
        if PremisesProposal.objects.filter(structure=structure).exclude(pk=proposal.pk).exists():
            raise ValidationError(ERROR_STRUCTURE_TAKEN)
        if structure.status == StructureStatus.PLANNED:
            # A structure announced in the registry opens with the premises.
            structure.status = StructureStatus.OPEN
            structure.opened_on = structure.opened_on or opened_on
            structure.full_clean()
            structure.save(update_fields=["status", "opened_on"])
    else:
        if operator is None:
            raise ValidationError(ERROR_OPEN_OPERATOR)
        structure = Structure(
            name=name or proposal.name,
            kind=proposal.intended_kind,
            operator=operator,
            address=proposal.address,
            cog=proposal.cog,
            finess_et=finess_et,
            finess_ej=finess_ej,
            status=StructureStatus.OPEN,
            opened_on=opened_on,
        )
        structure.full_clean()  # the registry's own rules: FINESS key, INSEE code, dates
        structure.save()
        if add_places:
            kind = PlaceKind.SEAT if proposal.intended_kind in SEAT_KINDS else PlaceKind.BED
            places_add(
                structure=structure,
                count=proposal.capacity,
                kind=kind,
                label_prefix=PlaceKind(kind).label,
                in_service_from=opened_on,
            )
    proposal.structure = structure
    proposal.status = ProposalStatus.OPENED
    proposal.status_changed_on = opened_on
    proposal.save(update_fields=["structure", "status", "status_changed_on"])
    return structure


@transaction.atomic
def document_attach(*, proposal: PremisesProposal, upload, by, title: str = "") -> PremisesDocument:
    """Store a checked file (type read from its content, size limited) under MEDIA_ROOT."""
    content_type = sniff_upload(upload)
    document = PremisesDocument(
        proposal=proposal,
        original_name=(upload.name or "document")[:200],
        content_type=content_type,
        size=upload.size,
        title=title,
        uploaded_by=by,
    )
    document.file.save(upload.name or "document", upload, save=False)
    # A refused row must not leave its file behind: the upload applies whole or not at all.
    try:
        with transaction.atomic():
            document.save()
    except Exception:
        document.file.delete(save=False)
        raise
    return document


@transaction.atomic
def blocker_record(*, proposal: PremisesProposal, kind: str, description: str, by) -> PremisesBlocker:
    if proposal.status in (ProposalStatus.SET_ASIDE, ProposalStatus.ABANDONED, ProposalStatus.OPENED):
        raise ValidationError(ERROR_FINAL.format(status=proposal.get_status_display()))
    if not description.strip():
        raise ValidationError(ERROR_REASON_REQUIRED)
    return PremisesBlocker.objects.create(proposal=proposal, kind=kind, description=description.strip(), raised_by=by)


@transaction.atomic
def blocker_resolve(*, blocker: PremisesBlocker, on: datetime.date | None = None) -> PremisesBlocker:
    blocker = PremisesBlocker.objects.select_for_update().get(pk=blocker.pk)
    if blocker.resolved_on is not None:
        raise ValidationError(ERROR_BLOCKER_RESOLVED)
    on = on or timezone.localdate()
    if on < blocker.raised_on or on > timezone.localdate():
        raise ValidationError(ERROR_BLOCKER_DATE.format(day=blocker.raised_on))
    blocker.resolved_on = on
    blocker.save(update_fields=["resolved_on"])
    return blocker
