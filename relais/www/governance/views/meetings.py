"""Meetings and the decisions taken there."""

from functools import partial

from auditlog.models import LogEntry
from django.contrib import messages
from django.db.models import Count, F
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from relais.governance.enums import GOVERNANCE_READERS, GOVERNANCE_WRITERS
from relais.governance.models import Decision, Meeting
from relais.governance.services import decision_record, meeting_create, meeting_schedule_next, meeting_update
from relais.users.access import require_roles
from relais.www.core.services import flash_submit
from relais.www.governance.forms import DecisionForm, MeetingForm, NextMeetingForm
from relais.www.governance.views.common import can_edit, form_page


@require_roles(*GOVERNANCE_READERS)
def meeting_list(request):
    today = timezone.localdate()
    # Meta.ordering does not apply to aggregate queries: order explicitly, undated ones first.
    meetings = (
        Meeting.objects.select_related("previous")
        .annotate(decisions_count=Count("decisions", distinct=True), actions_count=Count("actions", distinct=True))
        .order_by(F("held_on").desc(nulls_first=True), "-pk")
    )
    return render(
        request,
        "governance/meeting_list.html",
        {"meetings": meetings, "today": today, "can_edit": can_edit(request)},
    )


@require_roles(*GOVERNANCE_READERS)
def meeting_detail(request, pk):
    today = timezone.localdate()
    meeting = get_object_or_404(
        Meeting.objects.select_related("previous").prefetch_related("organizations", "next_meetings"), pk=pk
    )
    decisions = meeting.decisions.select_related("programme").prefetch_related("measures", "capacity_targets")
    return render(
        request,
        "governance/meeting_detail.html",
        {
            "meeting": meeting,
            "decisions": decisions,
            "actions": meeting.actions.with_tracking(today).select_related("owner", "decision"),
            "can_edit": can_edit(request),
            "held": meeting.held_on is not None and meeting.held_on <= today,
            "decision_form": DecisionForm(),
            "next_form": NextMeetingForm(initial={"kind": meeting.kind, "title": meeting.title}),
            "history": LogEntry.objects.get_for_object(meeting).select_related("actor")[:20],
        },
    )


@require_roles(*GOVERNANCE_WRITERS)
def meeting_create_view(request):
    return form_page(
        request,
        MeetingForm(request.POST or None),
        meeting_create,
        title="Nouvelle réunion",
        cancel_url=reverse("governance:meeting_list"),
        success="La réunion a été enregistrée.",
        detail="governance:meeting_detail",
    )


@require_roles(*GOVERNANCE_WRITERS)
def meeting_edit(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    return form_page(
        request,
        MeetingForm(request.POST or None, instance=meeting),
        partial(meeting_update, meeting=meeting),
        title=f"Modifier « {meeting.title} »",
        cancel_url=reverse("governance:meeting_detail", args=[meeting.pk]),
        success="Les modifications ont été enregistrées.",
        detail="governance:meeting_detail",
    )


@require_roles(*GOVERNANCE_WRITERS)
@require_POST
def meeting_next(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    form = NextMeetingForm(request.POST)
    nxt = flash_submit(request, lambda: meeting_schedule_next(meeting=meeting, **form.cleaned_data), form=form)
    if nxt is None:
        return redirect("governance:meeting_detail", pk=pk)
    messages.success(request, "La réunion suivante est programmée.")
    return redirect("governance:meeting_detail", pk=nxt.pk)


@require_roles(*GOVERNANCE_WRITERS)
@require_POST
def decision_create(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    form = DecisionForm(request.POST)
    decision = flash_submit(
        request, lambda: decision_record(meeting=meeting, by=request.user, **form.cleaned_data), form=form
    )
    if decision is not None:
        extra = ""
        if decision.has_commitment:
            target = decision.capacity_targets.get()
            extra = f" Objectif du programme {decision.programme} : {target.places} places au {target.effective_on:%d/%m/%Y}."
        messages.success(request, f"Décision enregistrée.{extra}")
    return redirect("governance:meeting_detail", pk=pk)


@require_roles(*GOVERNANCE_READERS)
def decision_detail(request, pk):
    decision = get_object_or_404(Decision.objects.select_related("meeting", "programme", "recorded_by"), pk=pk)
    return render(
        request,
        "governance/decision_detail.html",
        {
            "decision": decision,
            "measures": decision.measures.all(),
            "targets": decision.capacity_targets.select_related("programme"),
            "actions": decision.actions.with_tracking(timezone.localdate()).select_related("owner"),
            "history": LogEntry.objects.get_for_object(decision).select_related("actor")[:20],
            "can_edit": can_edit(request),
        },
    )
