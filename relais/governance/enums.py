from django.db import models

from relais.users.enums import Role


class MeasureStatus(models.TextChoices):
    """Stored statuses; « en retard » is derived from the due date (see TrackedStatus)."""

    PLANNED = "planned", "Prévue"
    IN_PROGRESS = "in_progress", "En cours"
    DONE = "done", "Réalisée"
    ABANDONED = "abandoned", "Abandonnée"


class ActionStatus(models.TextChoices):
    TODO = "todo", "À faire"
    IN_PROGRESS = "in_progress", "En cours"
    DONE = "done", "Faite"
    CANCELLED = "cancelled", "Annulée"


class TrackedStatus(models.TextChoices):
    """What the tracker shows: the stored status, or « en retard » once an open item passed its due date.

    A measure past its due date whose every target is reached by the live figures is « objectif atteint »,
    not late: the figures live above governance, so the pages derive it (`relais/www/governance`)."""

    PLANNED = "planned", "Prévue"
    TODO = "todo", "À faire"
    IN_PROGRESS = "in_progress", "En cours"
    LATE = "late", "En retard"
    REACHED = "reached", "Objectif atteint"
    DONE = "done", "Réalisée"
    ABANDONED = "abandoned", "Abandonnée"
    CANCELLED = "cancelled", "Annulée"


OPEN_MEASURE_STATUSES = (MeasureStatus.PLANNED, MeasureStatus.IN_PROGRESS)
OPEN_ACTION_STATUSES = (ActionStatus.TODO, ActionStatus.IN_PROGRESS)


class MeetingKind(models.TextChoices):
    INSTITUTIONAL = "institutional", "Comité institutionnel"
    FOLLOW_UP = "follow_up", "Comité de suivi"
    OTHER = "other", "Autre réunion"


class CommitmentMode(models.TextChoices):
    ADD = "add", "Places ajoutées à l'objectif en vigueur"
    SET = "set", "Nouvel objectif total"


# Governance pages: the roles that run or follow the plan. Maraude teams work on the street and
# have no part in the comité's follow-up; the DPO and the technical administrator neither.
GOVERNANCE_READERS = frozenset({Role.COORDINATION, Role.COMITE, Role.VILLE, Role.POLICE, Role.OPERATEUR, Role.SOIGNANT})
GOVERNANCE_WRITERS = frozenset({Role.COORDINATION, Role.COMITE})
