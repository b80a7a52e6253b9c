"""Actions decided in meetings or attached to measures."""

from functools import partial

from auditlog.models import LogEntry
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from relais.governance.enums import GOVERNANCE_READERS, GOVERNANCE_WRITERS
from relais.governance.models import Action
from relais.governance.services import action_create, action_set_status, action_update
from relais.users.access import require_roles
from relais.www.core.services import flash_submit
from relais.www.governance.forms import ActionForm, ActionStatusForm
from relais.www.governance.views.common import can_edit, form_page


@require_roles(*GOVERNANCE_WRITERS)
def action_create_view(request):
    initial = {key: request.GET.get(key) for key in ("meeting", "decision", "measure") if request.GET.get(key)}
    return form_page(
        request,
        ActionForm(request.POST or None, initial=initial),
        action_create,
        title="Nouvelle action",
        cancel_url=reverse("governance:tracker"),
        success="L'action a été créée.",
        detail="governance:action_detail",
    )


@require_roles(*GOVERNANCE_READERS)
def action_detail(request, pk):
    today = timezone.localdate()
    action = get_object_or_404(
        Action.objects.with_tracking(today).select_related("owner", "meeting", "decision", "measure"), pk=pk
    )
    return render(
        request,
        "governance/action_detail.html",
        {
            "action": action,
            "can_edit": can_edit(request),
            "status_form": ActionStatusForm(initial={"status": action.status}),
            "history": LogEntry.objects.get_for_object(action).select_related("actor")[:20],
        },
    )


@require_roles(*GOVERNANCE_WRITERS)
def action_edit(request, pk):
    action = get_object_or_404(Action, pk=pk)
    return form_page(
        request,
        ActionForm(request.POST or None, instance=action),
        partial(action_update, action=action),
        title=f"Modifier l'action « {action} »",
        cancel_url=reverse("governance:action_detail", args=[action.pk]),
        success="Les modifications ont été enregistrées.",
        detail="governance:action_detail",
    )


@require_roles(*GOVERNANCE_WRITERS)
@require_POST
def action_status(request, pk):
    action = get_object_or_404(Action, pk=pk)
    form = ActionStatusForm(request.POST)
    action = flash_submit(request, lambda: action_set_status(action=action, **form.cleaned_data), form=form)
    if action is not None:
        messages.success(request, f"Action : {action.get_status_display().lower()}.")
    return redirect("governance:action_detail", pk=pk)
