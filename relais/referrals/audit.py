"""Change history of the referrals (django-auditlog); the free-text comment is masked."""

from auditlog.registry import auditlog

from relais.referrals.models import Referral

auditlog.register(Referral, mask_fields=["comment"])
