from django.db import models

from relais.users.enums import ALL_ROLES, OrganizationKind, Role


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposé"
    EXAMINATION = "examination", "En examen"
    RETAINED = "retained", "Retenu"
    SET_ASIDE = "set_aside", "Écarté"
    WORKS = "works", "Travaux et autorisations"
    OPENED = "opened", "Ouvert"
    ABANDONED = "abandoned", "Abandonné"


# Proposals still waiting for the State's opinions, and those not yet closed.
AWAITING_REVIEW = (ProposalStatus.PROPOSED, ProposalStatus.EXAMINATION)
FINAL = (ProposalStatus.SET_ASIDE, ProposalStatus.OPENED, ProposalStatus.ABANDONED)


class Transition(models.TextChoices):
    """What coordination can do to a proposal; TRANSITIONS says from which statuses."""

    EXAMINE = "examine", "Mettre en examen"
    RETAIN = "retain", "Retenir"
    SET_ASIDE = "set_aside", "Écarter"
    START_WORKS = "start_works", "Engager travaux et autorisations"
    ABANDON = "abandon", "Abandonner"


TRANSITIONS = {
    Transition.EXAMINE: ((ProposalStatus.PROPOSED,), ProposalStatus.EXAMINATION),
    Transition.RETAIN: ((ProposalStatus.EXAMINATION,), ProposalStatus.RETAINED),
    Transition.SET_ASIDE: ((ProposalStatus.PROPOSED, ProposalStatus.EXAMINATION), ProposalStatus.SET_ASIDE),
    Transition.START_WORKS: ((ProposalStatus.RETAINED,), ProposalStatus.WORKS),
    Transition.ABANDON: (
        (ProposalStatus.PROPOSED, ProposalStatus.EXAMINATION, ProposalStatus.RETAINED, ProposalStatus.WORKS),
        ProposalStatus.ABANDONED,
    ),
}
# Transitions that must say why.
REASON_REQUIRED = (Transition.SET_ASIDE, Transition.ABANDON)
# Opening (which creates or links the structure) is possible from these statuses only.
OPENABLE = (ProposalStatus.RETAINED, ProposalStatus.WORKS)


class Opinion(models.TextChoices):
    FAVOURABLE = "favourable", "Favorable"
    RESERVED = "reserved", "Réservé"
    UNFAVOURABLE = "unfavourable", "Défavorable"


class BlockerKind(models.TextChoices):
    STAFF = "staff", "Recrutement des équipes"
    NEIGHBOURHOOD = "neighbourhood", "Voisinage"
    WORKS = "works", "Travaux"
    FUNDING = "funding", "Financement"
    AUTHORISATION = "authorisation", "Autorisation administrative"
    OTHER = "other", "Autre"


# The State organisations whose opinion each proposal awaits (ARS, préfecture, préfecture de police).
REVIEWING_KINDS = (OrganizationKind.ARS, OrganizationKind.PREFECTURE, OrganizationKind.POLICE)
# Roles that give their (State) organisation's opinion.
REVIEWER_ROLES = frozenset({Role.COORDINATION, Role.COMITE, Role.POLICE})
# Everyone logged in reads the pipeline, except street teams (no need to know).
PREMISES_READERS = ALL_ROLES - {Role.MARAUDE}
