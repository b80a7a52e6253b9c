"""When an unanswered referral is flagged, then expired: read by the queries and by the services."""

import datetime

from django.conf import settings
from django.utils import timezone


def remind_before(now=None) -> datetime.datetime:
    return (now or timezone.now()) - datetime.timedelta(hours=settings.RELAIS_REFERRAL_REMIND_AFTER_HOURS)


def expire_before(now=None) -> datetime.datetime:
    return (now or timezone.now()) - datetime.timedelta(hours=settings.RELAIS_REFERRAL_EXPIRE_AFTER_HOURS)
