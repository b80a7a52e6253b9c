from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from relais.identity.models import SecurityEvent
from relais.identity.services import lockout_lift
from relais.users.access import require_roles
from relais.users.enums import Role
from relais.www.core.pagination import paginate

MESSAGE_UNLOCKED = "Les connexions sont de nouveau possibles pour ce compte et cette adresse."


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
