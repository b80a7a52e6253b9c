from django.db import models


class Role(models.TextChoices):
    COORDINATION = "coordination", "Coordination"
    OPERATEUR = "operateur", "Opérateur de structure"
    MARAUDE = "maraude", "Maraude et équipe de rue"
    SOIGNANT = "soignant", "Soignant"
    POLICE = "police", "Préfecture de police"
    COMITE = "comite", "Comité institutionnel"
    VILLE = "ville", "Ville de Paris"
    AUDITEUR = "auditeur", "Délégué à la protection des données"
    ADMIN = "admin", "Administrateur technique"


ALL_ROLES = frozenset(Role)
# Only these roles may ever see person-level data (PRODUCT.md, access rules).
PERSON_DATA_ROLES = frozenset({Role.COORDINATION, Role.OPERATEUR, Role.MARAUDE, Role.SOIGNANT})
# Roles that read the registry and the availability board.
REGISTRY_READERS = frozenset(
    {Role.COORDINATION, Role.OPERATEUR, Role.MARAUDE, Role.SOIGNANT, Role.POLICE, Role.COMITE, Role.VILLE}
)


class GrantStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposée, en attente d'approbation"
    APPROVED = "approved", "En vigueur"
    REFUSED = "refused", "Refusée"
    REVOKED = "revoked", "Révoquée"


class RightsEventKind(models.TextChoices):
    GRANT_PROPOSED = "grant_proposed", "Habilitation proposée"
    GRANT_APPROVED = "grant_approved", "Habilitation approuvée"
    GRANT_REFUSED = "grant_refused", "Habilitation refusée"
    GRANT_REVOKED = "grant_revoked", "Habilitation révoquée"
    KEY_CREATED = "key_created", "Clé d'API créée"
    KEY_REVOKED = "key_revoked", "Clé d'API révoquée"


class OrganizationKind(models.TextChoices):
    PREFECTURE = "prefecture", "État / préfecture"
    POLICE = "police", "Préfecture de police"
    ARS = "ars", "Agence régionale de santé"
    MILDECA = "mildeca", "MILDECA"
    VILLE = "ville", "Ville de Paris"
    ASSOCIATION = "association", "Association"
    HOSPITAL = "hospital", "Hôpital"
