"""Coordination approves or refuses the grants that would reach person data (two-person rule)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from relais.users.access import require_roles
from relais.users.enums import Role
from relais.users.models import AccessGrant
from relais.users.services import grant_approve, grant_refuse
from relais.www.core.services import flash_submit


@require_roles(Role.COORDINATION)
def pending(request):
    grants = AccessGrant.objects.proposed().select_related("user", "organization", "proposed_by").order_by("pk")
    return render(request, "grants/pending.html", {"grants": grants})


def _decide(request, grant_id, service, success):
    grant = get_object_or_404(AccessGrant, pk=grant_id)
    if flash_submit(request, lambda: service(grant=grant, by=request.user)):
        messages.success(request, success)
    return redirect("grants:pending")


@require_roles(Role.COORDINATION)
@require_POST
def approve(request, grant_id):
    return _decide(request, grant_id, grant_approve, "Habilitation approuvée : elle est en vigueur.")


@require_roles(Role.COORDINATION)
@require_POST
def refuse(request, grant_id):
    return _decide(request, grant_id, grant_refuse, "Habilitation refusée.")
