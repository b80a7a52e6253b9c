"""Coordination's by-name list and its written prioritisation rules (versions, effect, application);
the soignant's vulnerability flag and the waits for a place, from the person's page."""

import datetime

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from relais.audit.enums import AccessAction, AccessCategory
from relais.audit.tracing import get_traced, traced
from relais.indicators.capacity import capacity_publish
from relais.indicators.publication import publisher_of
from relais.orientation.capacity_answer import capacity_answer
from relais.orientation.models import Allocation, PlaceWait, PriorityRules
from relais.orientation.services import (
    allocation_propose,
    allocation_send,
    place_wait_add,
    place_wait_end,
    priority_rules_apply,
    priority_rules_propose,
    vulnerability_flag_remove,
    vulnerability_flag_set,
)
from relais.orientation.waiting import current_rules, rules_effect, waiting_list
from relais.people.models import Person
from relais.reports.services import capacity_quote_add
from relais.users.access import require_roles
from relais.users.enums import Role
from relais.www.core.services import flash_submit, submit
from relais.www.orientation.forms import (
    CapacityForm,
    CapacityQuoteForm,
    PlaceWaitEndForm,
    PlaceWaitForm,
    PriorityRulesForm,
    VulnerabilityFlagForm,
)

A, C = AccessAction, AccessCategory
SOLVER_LABELS = {
    "engine": "Moteur (optimum)",
    "fcfs": "Premier arrivé, premier servi",
    "greedy": "Glouton (places rares d'abord)",
    "priority": "Priorité stricte",
}


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


ERROR_CHOICE = "Choix illisible : rechargez la proposition."


@require_roles(Role.COORDINATION)
def allocation_list(request):
    """Past proposals (archived with their inputs); a new one on request."""
    if request.method == "POST":
        allocation = flash_submit(
            request, lambda: allocation_propose(persons=Person.objects.visible_to(request.user), by=request.user)
        )
        if allocation is not None:
            traced(request, category=C.PERSON, action=A.LIST, count=len(allocation.persons))
            return redirect("orientation:allocation_detail", allocation.pk)
        return redirect("orientation:allocation_list")
    allocations = Allocation.objects.select_related("created_by", "sent_by")[:50]
    return render(request, "orientation/allocation_list.html", {"allocations": allocations})


def _rows(allocation):
    """One row per person of the archive: the proposed place, the structures it could be edited to, why."""
    names = {p["structure_id"]: p["structure"] for p in allocation.places}
    sent = {s["person"]: s for s in allocation.sent}
    rows = []
    for match in allocation.matches:
        place = allocation.places[match["place"]] if match["place"] is not None else None
        rows.append(
            {
                "index": match["person"],
                "person": allocation.persons[match["person"]],
                "match": match,
                "place": place,
                "options": [(pk, names[pk]) for pk in match["alternatives"]],
                "selected": place["structure_id"] if place else None,
                "sent": sent.get(match["person"]),
            }
        )
    return sorted(rows, key=lambda r: r["person"]["rank"])


@require_roles(Role.COORDINATION)
def allocation_detail(request, pk):
    """The proposal as coordination reviews it (or, later, reads it back): each match and its reasons."""
    allocation = get_object_or_404(Allocation.objects.select_related("created_by", "sent_by"), pk=pk)
    traced(request, category=C.PERSON, action=A.LIST, count=len(allocation.persons))
    comparison = [(SOLVER_LABELS[name], row) for name, row in allocation.comparison.items()]
    return render(
        request,
        "orientation/allocation_detail.html",
        {"allocation": allocation, "rows": _rows(allocation), "comparison": comparison},
    )


@require_roles(Role.COORDINATION)
@require_POST
def allocation_send_view(request, pk):
    allocation = get_object_or_404(Allocation, pk=pk)
    try:
        choices = {
            i: int(request.POST[f"choix-{i}"]) if request.POST.get(f"choix-{i}") else None
            for i in range(len(allocation.persons))
        }
    except ValueError:
        messages.error(request, ERROR_CHOICE)
        return redirect("orientation:allocation_detail", allocation.pk)
    done = flash_submit(
        request,
        lambda: allocation_send(
            allocation=allocation, choices=choices, persons=Person.objects.visible_to(request.user), by=request.user
        ),
    )
    if done is not None:
        messages.success(request, f"{len(done.sent)} orientation(s) envoyée(s) aux structures.")
    return redirect("orientation:allocation_detail", allocation.pk)


@require_roles(Role.COORDINATION, Role.COMITE)
def capacity_view(request):
    """How many places absorb the scene in W weeks: aggregates only (no person appears on this page).
    The comité reads every count of persons published, and what is computed from them computed from the
    published counts (`relais/indicators/capacity.py`); a rate resting on fewer than ten records, or on a
    count not published, is replaced by its default and said so."""
    today = timezone.localdate()
    form = CapacityForm(request.GET or None, initial={"back_test_on": today - datetime.timedelta(weeks=12)})
    context = {"form": form}
    if form.is_valid():
        context["answer"] = capacity_answer(**form.cleaned_data, publish=capacity_publish(publisher_of(request.user)))
        if request.user.has_perm("reports.quote_capacity"):
            context["quote_form"] = CapacityQuoteForm(
                initial={**form.cleaned_data, "meeting_date": today}, auto_id="citer-%s"
            )
    return render(request, "orientation/capacity.html", context)


def _person_to_act_on(request, person_id):
    """Through `actionable_by` (no break-glass): 404 and a denied event for anyone else."""
    return get_traced(
        request, Person.objects.actionable_by(request.user), category=C.PERSON, action=A.UPDATE, pk=person_id
    )


@require_roles(Role.SOIGNANT)
@require_POST
def flag_set(request, person_id):
    person = _person_to_act_on(request, person_id)
    form = VulnerabilityFlagForm(request.POST)
    done = flash_submit(
        request,
        lambda: vulnerability_flag_set(person=person, by=request.user, reason=form.cleaned_data["reason"]),
        form=form,
        invalid="Choisissez un motif dans la liste, ou aucun.",
    )
    if done is not None:
        messages.success(request, "Vulnérabilité signalée : elle compte dans le rang de la liste d'attente.")
    return redirect("people:person_detail", person.pk)


@require_roles(Role.SOIGNANT)
@require_POST
def flag_remove(request, person_id):
    person = _person_to_act_on(request, person_id)
    if flash_submit(request, lambda: vulnerability_flag_remove(person=person, by=request.user)):
        messages.success(request, "Signalement retiré.")
    return redirect("people:person_detail", person.pk)


@require_roles(Role.COORDINATION, Role.MARAUDE)
@require_POST
def wait_add(request, person_id):
    person = _person_to_act_on(request, person_id)
    form = PlaceWaitForm(request.POST)
    done = flash_submit(
        request,
        lambda: place_wait_add(person=person, kind=form.cleaned_data["kind"], by=request.user),
        form=form,
        invalid="Choisissez un type de place.",
    )
    if done is not None:
        messages.success(request, f"Inscrite sur la liste d'attente : {done.get_kind_display()}.")
    return redirect("people:person_detail", person.pk)


@require_roles(Role.COORDINATION, Role.MARAUDE)
@require_POST
def wait_end(request, pk):
    wait = get_traced(
        request,
        PlaceWait.objects.actionable_by(request.user).select_related("person"),
        category=C.PERSON,
        action=A.UPDATE,
        pk=pk,
    )
    form = PlaceWaitEndForm(request.POST)
    done = flash_submit(
        request,
        lambda: place_wait_end(wait=wait, reason=form.cleaned_data["reason"], by=request.user),
        form=form,
        invalid="Indiquez pourquoi l'attente se termine.",
    )
    if done is not None:
        messages.success(request, "Attente terminée.")
    return redirect("people:person_detail", wait.person_id)


@require_roles(Role.COORDINATION)
@require_POST
def capacity_quote(request):
    """Quote the answer (recomputed with the comité's figures) in the report of a meeting to come."""
    form = CapacityQuoteForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, "La réponse n'a pas été citée : " + errors[0])
        return redirect("orientation:capacity")
    quote = flash_submit(request, lambda: capacity_quote_add(**form.cleaned_data, by=request.user))
    if quote is not None:
        messages.success(
            request,
            f"Réponse citée : elle figurera dans le point de situation du {quote.meeting_date:%d/%m/%Y} "
            "lorsqu'il sera généré.",
        )
        return redirect("reports:list")
    return redirect("orientation:capacity")
