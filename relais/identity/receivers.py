from axes.signals import user_locked_out
from django.dispatch import receiver

from relais.identity.lockout import lockout_record


@receiver(user_locked_out, dispatch_uid="relais_identity_lockout")
def on_locked_out(sender, request, username, ip_address, **kwargs):
    lockout_record(username=username or "", ip_address=ip_address or "", request=request)
