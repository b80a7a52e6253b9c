from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from relais.identity.lockout import lockout_record
from relais.identity.sessions import session_ended, session_started


@receiver(user_locked_out, dispatch_uid="relais_identity_lockout")
def on_locked_out(sender, request, username, ip_address, **kwargs):
    lockout_record(username=username or "", ip_address=ip_address or "", request=request)


@receiver(user_logged_in, dispatch_uid="relais_identity_session_started")
def on_logged_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        session_started(request, user)


@receiver(user_logged_out, dispatch_uid="relais_identity_session_ended")
def on_logged_out(sender, request, user, **kwargs):
    if request is not None:
        session_ended(request)
