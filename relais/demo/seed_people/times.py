import datetime
import random

from django.utils import timezone


def random_time(day: datetime.date, rng: random.Random, hours=(8, 23)) -> datetime.datetime:
    """A random minute of `day` between the given hours, in local time."""
    naive = datetime.datetime.combine(day, datetime.time(rng.randint(*hours), rng.randint(0, 59)))
    return timezone.make_aware(naive)
