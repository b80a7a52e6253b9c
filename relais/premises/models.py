import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from relais.premises.enums import AWAITING_REVIEW, BlockerKind, Opinion, ProposalStatus
from relais.premises.querysets import ProposalQuerySet
from relais.structures.enums import StructureKind
from relais.utils.identifiers import cog_label, validate_cog

ERROR_UNTIL_BEFORE_FROM = "La date de fin de disponibilité doit suivre la date de début."


def default_response_days() -> int:
    return settings.RELAIS_PREMISES_RESPONSE_DAYS


class PremisesProposal(models.Model):
    """Premises the Ville proposes, followed from the State's examination to the opened structure."""

    name = models.CharField("désignation", max_length=200, help_text="Par exemple « Ancien gymnase rue X ».")
    address = models.CharField("adresse", max_length=300)
    cog = models.CharField(
        "arrondissement", max_length=5, validators=[validate_cog], help_text="Code commune INSEE, de 75101 à 75120."
    )
    surface_m2 = models.PositiveIntegerField("surface (m²)", validators=[MinValueValidator(1)])
    intended_kind = models.CharField("usage envisagé", max_length=20, choices=StructureKind.choices)
    capacity = models.PositiveIntegerField("capacité proposée (places)", validators=[MinValueValidator(1)])
    available_from = models.DateField("disponible à partir du")
    available_until = models.DateField("disponible jusqu'au", null=True, blank=True)
    owner = models.CharField("propriétaire", max_length=200, help_text="Ville de Paris, bailleur social, État…")
    description = models.TextField("description", blank=True)

    proposed_by = models.ForeignKey(
        "users.Organization", on_delete=models.PROTECT, related_name="premises_proposals", verbose_name="proposé par"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="saisi par"
    )
    proposed_on = models.DateField("proposé le", default=timezone.localdate)
    response_days = models.PositiveSmallIntegerField(
        "délai de réponse de l'État (jours)", default=default_response_days, validators=[MinValueValidator(1)]
    )
    response_due_on = models.DateField("avis attendus avant le")

    status = models.CharField("étape", max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED)
    status_changed_on = models.DateField("étape depuis le", default=timezone.localdate)
    decision_reason = models.TextField("motif", blank=True)
    structure = models.ForeignKey(
        "structures.Structure",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="premises_proposals",
        verbose_name="structure ouverte",
    )

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = "proposition de locaux"
        verbose_name_plural = "propositions de locaux"
        ordering = ["-proposed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(available_until__isnull=True) | Q(available_until__gte=models.F("available_from")),
                name="premises_availability_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(status="opened") | Q(structure__isnull=False), name="opened_premises_have_a_structure"
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.available_until and self.available_from and self.available_until < self.available_from:
            raise ValidationError({"available_until": ERROR_UNTIL_BEFORE_FROM})

    @property
    def cog_label(self):
        return cog_label(self.cog)

    @property
    def awaits_review(self) -> bool:
        return self.status in AWAITING_REVIEW


class PremisesReview(models.Model):
    """One State organisation's opinion on a proposal; one per organisation."""

    proposal = models.ForeignKey(
        PremisesProposal, on_delete=models.CASCADE, related_name="reviews", verbose_name="proposition"
    )
    organization = models.ForeignKey(
        "users.Organization", on_delete=models.PROTECT, related_name="premises_reviews", verbose_name="organisation"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="rendu par"
    )
    opinion = models.CharField("avis", max_length=20, choices=Opinion.choices)
    comments = models.TextField("commentaires", blank=True)
    given_on = models.DateField("rendu le", default=timezone.localdate)

    class Meta:
        verbose_name = "avis sur des locaux"
        ordering = ["given_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["proposal", "organization"], name="one_review_per_organization")]

    def __str__(self):
        return f"{self.organization} : {self.get_opinion_display()}"


def document_path(instance, filename):
    # A random name: the original one is kept in the database, never trusted as a path.
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"premises/{instance.proposal_id}/{uuid.uuid4().hex}{suffix}"


class PremisesDocument(models.Model):
    """A file attached to a proposal, stored under MEDIA_ROOT and served only by a checking view."""

    proposal = models.ForeignKey(
        PremisesProposal, on_delete=models.CASCADE, related_name="documents", verbose_name="proposition"
    )
    file = models.FileField("fichier", upload_to=document_path, max_length=200)
    original_name = models.CharField("nom du fichier", max_length=200)
    content_type = models.CharField("type", max_length=100)
    size = models.PositiveIntegerField("taille (octets)")
    title = models.CharField("intitulé", max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="déposé par"
    )
    uploaded_at = models.DateTimeField("déposé le", auto_now_add=True)

    class Meta:
        verbose_name = "document"
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.title or self.original_name


class PremisesBlocker(models.Model):
    """Something holding a proposal back (staff, neighbourhood, works, funding…), until resolved."""

    ERROR_RESOLVED_BEFORE_RAISED = "La date de levée doit suivre la date de signalement."

    proposal = models.ForeignKey(
        PremisesProposal, on_delete=models.CASCADE, related_name="blockers", verbose_name="proposition"
    )
    kind = models.CharField("nature", max_length=20, choices=BlockerKind.choices)
    description = models.TextField("description")
    raised_on = models.DateField("signalé le", default=timezone.localdate)
    resolved_on = models.DateField("levé le", null=True, blank=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="signalé par"
    )

    class Meta:
        verbose_name = "blocage"
        ordering = ["raised_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(resolved_on__isnull=True) | Q(resolved_on__gte=models.F("raised_on")),
                name="blocker_dates_ordered",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.proposal})"
