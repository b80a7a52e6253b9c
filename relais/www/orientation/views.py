"""Coordination's by-name list and its written prioritisation rules (versions, effect, application)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from relais.audit.enums import AccessAction, AccessCategory
from relais.audit.tracing import traced
from relais.orientation.models import PriorityRules
from relais.orientation.services import priority_rules_apply, priority_rules_propose
from relais.orientation.waiting import current_rules, rules_effect, waiting_list
from relais.people.models import Person
from relais.users.access import require_roles
from relais.users.enums import Role
from relais.www.core.services import flash_submit, submit
from relais.www.orientation.forms import PriorityRulesForm

A, C = AccessAction, AccessCategory


@require_roles(Role.COORDINATION)
def waiting_list_view(request):
    """Everyone waiting for a place, ranked by the rules in force, each rank with its reasons."""
    rules = current_rules()
    entries = waiting_list(Person.objects.visible_to(request.user), rules)
    traced(request, category=C.PERSON, action=A.LIST, count=len(entries))
    return render(request, "orientation/waiting_list.html", {"entries": entries, "rules": rules})


@require_roles(Role.COORDINATION)
def rules_list(request):
    """Every version with who proposed and applied it, when and why; a form for the next one."""
    current = current_rules()
    form = PriorityRulesForm(request.POST or None, rules=current)
    if request.method == "POST":
        proposed = submit(
            form,
            lambda: priority_rules_propose(
                weights=form.weights(),
                outside_cap_weeks=form.cleaned_data["outside_cap_weeks"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            ),
        )
        if proposed is not None:
            messages.info(request, "Version proposée : vérifiez son effet sur la liste avant de l'appliquer.")
            return redirect("orientation:rules_detail", proposed.version)
    versions = PriorityRules.objects.select_related("created_by", "applied_by")
    return render(request, "orientation/rules_list.html", {"current": current, "versions": versions, "form": form})


@require_roles(Role.COORDINATION)
def rules_detail(request, version):
    """A version's written rules and, while not applied, its effect on today's list."""
    rules = get_object_or_404(PriorityRules.objects.select_related("created_by", "applied_by"), version=version)
    moves = None
    if rules.applied_at is None:
        moves = rules_effect(Person.objects.visible_to(request.user), rules)
        traced(request, category=C.PERSON, action=A.LIST, count=len(moves))
    return render(
        request, "orientation/rules_detail.html", {"rules": rules, "current": current_rules(), "moves": moves}
    )


@require_roles(Role.COORDINATION)
@require_POST
def rules_apply(request, version):
    rules = get_object_or_404(PriorityRules, version=version)
    if flash_submit(request, lambda: priority_rules_apply(rules=rules, by=request.user)):
        messages.success(request, f"Règles v{rules.version} appliquées : la liste est classée selon elles.")
        return redirect("orientation:waiting_list")
    return redirect("orientation:rules_detail", rules.version)
