"""Change history of the referrals (django-auditlog); the free-text comment is masked.

`stay` (the reverse side of the stay's referral) is no value of the referral: at its creation, the only
time auditlog looks at it, there is no stay yet, so its entry never held it; left out, auditlog no longer
queries for it on every new referral."""

from auditlog.registry import auditlog

from relais.referrals.models import Referral

auditlog.register(Referral, mask_fields=["comment"], exclude_fields=["stay"])
