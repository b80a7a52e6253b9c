from django.db import models


class Criterion(models.TextChoices):
    """What may raise a person's priority on the by-name list. Written here, weighted by the rules.

    Never a criterion: sex, origin, nationality, language, religion, or any composite vulnerability
    index (VI-SPDAT and the like, whose bias is documented): each criterion is one fact, shown as such.
    """

    WAITING = "waiting", "Attente sur la liste"
    OUTSIDE = "outside", "Nuits dehors depuis le dernier séjour"
    CARE = "care", "Besoin de soins signalé"
    AGE = "age", "60 ans ou plus"


# How each criterion counts: per week (ageing) or once when the fact holds.
PER_WEEK = frozenset({Criterion.WAITING, Criterion.OUTSIDE})
# Fields a rule may never weigh, whatever a rule file or a form sends.
PROTECTED = frozenset({"sex", "languages", "nationality", "origin", "religion", "alias", "vulnerability_score"})
SENIOR_AGE = 60
