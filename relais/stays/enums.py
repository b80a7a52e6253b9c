from django.db import models


class ExitDestination(models.TextChoices):
    HOUSING = "housing", "Logement"
    INSERTION = "insertion", "Hébergement d'insertion"
    HOSPITAL = "hospital", "Hôpital"
    PSYCHIATRY = "psychiatry", "Psychiatrie"
    ADDICTION_CARE = "addiction_care", "Soins en addictologie"
    PRISON = "prison", "Incarcération"
    STREET = "street", "Retour à la rue"
    OTHER_STRUCTURE = "other_structure", "Autre structure"
    LOST = "lost", "Perdu de vue"
    DEATH = "death", "Décès"
