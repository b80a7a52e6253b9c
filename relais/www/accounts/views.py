from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from relais.identity.models import SecurityEvent
from relais.identity.services import lockout_lift
from relais.identity.sessions import active_sessions, auth_confirmed, sign_out_everywhere
from relais.users.access import require_roles, signed_in
from relais.users.enums import Role
from relais.www.accounts.forms import ReauthForm
from relais.www.core.pagination import paginate

MESSAGE_UNLOCKED = "Les connexions sont de nouveau possibles pour ce compte et cette adresse."
MESSAGE_SIGNED_OUT = "Toutes vos sessions ont été fermées, y compris celle-ci."


@signed_in
def me(request):
    sessions = active_sessions(request.user)
    return render(request, "accounts/me.html", {"sessions": sessions, "current_key": request.session.session_key})


@signed_in
@require_POST
def sign_out_all(request):
    sign_out_everywhere(user=request.user)
    logout(request)
    messages.success(request, MESSAGE_SIGNED_OUT)
    return redirect(settings.LOGIN_URL)


@signed_in
def reauth(request):
    """Prove again who you are before a merge, an export or a grant change."""
    back = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = settings.LOGIN_REDIRECT_URL
    form = ReauthForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        auth_confirmed(request)
        return redirect(back)
    return render(request, "accounts/reauth.html", {"form": form, "next": back})


@require_roles(Role.COORDINATION)
def lockout_list(request):
    lockouts = SecurityEvent.objects.active_lockouts()
    return render(request, "accounts/lockout_list.html", {"lockouts": lockouts})


@require_roles(Role.COORDINATION)
@require_POST
def lockout_unlock(request, pk):
    event = get_object_or_404(SecurityEvent.objects.active_lockouts(), pk=pk)
    lockout_lift(actor=request.user, event=event)
    messages.success(request, MESSAGE_UNLOCKED)
    return redirect("accounts:lockout_list")


@require_roles(Role.AUDITEUR)
def security_events(request):
    events = SecurityEvent.objects.select_related("actor")
    kind = request.GET.get("type", "")
    if kind:
        events = events.filter(kind=kind)
    context = {"kinds": SecurityEvent._meta.get_field("kind").choices, "kind": kind, **paginate(request, events, 50)}
    return render(request, "accounts/security_events.html", context)
