"""Change history of the referrals (django-auditlog)."""

from auditlog.registry import auditlog

from relais.referrals.models import Referral

auditlog.register(Referral)
