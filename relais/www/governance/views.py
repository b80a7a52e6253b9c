import csv

from auditlog.models import LogEntry
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, F, Prefetch, Q, Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from relais.governance.enums import (
    GOVERNANCE_READERS,
    GOVERNANCE_WRITERS,
    MeasureStatus,
    TrackedStatus,
)
from relais.governance.models import Action, Decision, Measure, MeasureTargetValue, Meeting, Plan
from relais.governance.services import (
    action_set_status,
    axis_add,
    decision_record,
    measure_budget_set,
    measure_set_status,
    measure_target_set,
    meeting_schedule_next,
    plan_create,
)
from relais.indicators.live import indicator_label, live_history, live_values
from relais.premises.services import overdue_reviews
from relais.users.access import require_roles
from relais.users.models import Organization
from relais.utils.spreadsheets import safe_cell
from relais.www.core.charts import capacity_chart
from relais.www.governance.forms import (
    ActionForm,
    ActionStatusForm,
    AxisForm,
    DecisionForm,
    MeasureBudgetForm,
    MeasureForm,
    MeasureStatusForm,
    MeasureTargetForm,
    MeetingForm,
    NextMeetingForm,
    PlanForm,
)
from relais.www.governance.templatetags.governance_tags import tracked_label

TARGETS_PREFETCH = Prefetch("targets__values", queryset=MeasureTargetValue.objects.order_by("due_on"))


def _form_errors(request, form):
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def _form_page(request, form, *, title: str, cancel_url: str, success: str, detail: str):
    """A create or edit page of the model form `form`: saved and sent to the object's page, or shown again."""
    if request.method == "POST" and form.is_valid():
        obj = form.save()
        messages.success(request, success.format(obj=obj))
        return redirect(detail, pk=obj.pk)
    return render(request, "governance/form.html", {"form": form, "title": title, "cancel_url": cancel_url})


def _can_edit(request):
    return request.user.has_perm("governance.edit")


def _with_history(rows, today):
    """Add the month-by-month history and its chart to each target row (measure page only)."""
    for row in rows:
        history = live_history(row["target"].indicator_code, [(v.due_on, v.value) for v in row["values"]], today=today)
        row["history"] = history
        row["chart"] = capacity_chart(history)
    return rows


def _target_rows(measure, values, today):
    """Each target of a measure with its live value, the value due next and the last one passed."""
    rows = []
    for target in measure.targets.all():
        dated = list(target.values.all())
        passed = [v for v in dated if v.due_on <= today]
        upcoming = [v for v in dated if v.due_on > today]
        live = values.get(target.indicator_code)
        reference = upcoming[0] if upcoming else (passed[-1] if passed else None)
        rows.append(
            {
                "target": target,
                "label": target.label or indicator_label(target.indicator_code),
                "values": dated,
                "live": live,
                "reference": reference,
                "reached": live is not None and reference is not None and live >= reference.value,
            }
        )
    return rows


def _cell(value) -> str:
    """A CSV cell a spreadsheet will not run as a formula (« +70 places » stays text)."""
    return safe_cell("" if value is None else str(value))


def _tracker_csv(measure_rows, actions, late_reviews, today):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="engagements-{today:%Y-%m-%d}.csv"'
    response.write("\ufeff")  # lets spreadsheet software read the accents
    writer = csv.writer(response, delimiter=";")
    writer.writerow(["Type", "Référence", "Intitulé", "Responsable", "Échéance", "Statut", "Chiffre suivi"])
    for row in measure_rows:
        m = row["measure"]
        figures = " ; ".join(
            f"{t['label']} : {t['live'] if t['live'] is not None else '—'}"
            + (f" / {t['reference'].value} au {t['reference'].due_on:%d/%m/%Y}" if t["reference"] else "")
            for t in row["targets"]
        )
        due = f"{m.due_on:%d/%m/%Y}" if m.due_on else ""
        writer.writerow(
            [
                _cell(v)
                for v in ("Mesure", m.code, m.title, m.lead_organization, due, tracked_label(m.tracked_status), figures)
            ]
        )
    for a in actions:
        writer.writerow(
            [
                _cell(v)
                for v in ("Action", a.pk, a.title, a.owner, f"{a.due_on:%d/%m/%Y}", tracked_label(a.tracked_status), "")
            ]
        )
    for r in late_reviews:
        p = r["proposal"]
        missing = ", ".join(str(org) for org in r["missing"])
        writer.writerow(
            [
                _cell(v)
                for v in (
                    "Avis sur des locaux",
                    p.pk,
                    p.name,
                    missing,
                    f"{p.response_due_on:%d/%m/%Y}",
                    "En retard",
                    "",
                )
            ]
        )
    return response


@require_roles(*GOVERNANCE_READERS)
def tracker(request):
    """Every open measure and action, late ones first, filterable by owner: printed before a comité."""
    today = timezone.localdate()
    organizations = list(Organization.objects.order_by("name"))
    plans = list(Plan.objects.all())
    owner = next((o for o in organizations if str(o.pk) == request.GET.get("responsable")), None)
    plan = next((p for p in plans if str(p.pk) == request.GET.get("plan")), None)
    measures = (
        Measure.objects.open()
        .with_tracking(today)
        .select_related("axis__plan", "lead_organization")
        .prefetch_related(TARGETS_PREFETCH)
        .order_by("-is_late", "due_on", "code")
    )
    actions = (
        Action.objects.open()
        .with_tracking(today)
        .select_related("owner", "measure", "decision__meeting")
        .order_by("-is_late", "due_on", "pk")
    )
    if owner is not None:
        measures = measures.for_owner(owner)
        actions = actions.for_owner(owner)
    if plan is not None:
        measures = measures.filter(axis__plan=plan)
        actions = actions.filter(Q(measure__axis__plan=plan) | Q(decision__measures__axis__plan=plan)).distinct()
    measures = list(measures)
    codes = {t.indicator_code for m in measures for t in m.targets.all()}
    values = live_values(codes, today)
    measure_rows = [{"measure": m, "targets": _target_rows(m, values, today)} for m in measures]
    actions = list(actions)
    # The State promised to examine the Ville's premises « rapidement »: late opinions are commitments too.
    late_reviews = overdue_reviews(today, owner)
    if request.GET.get("format") == "csv":
        return _tracker_csv(measure_rows, actions, late_reviews, today)
    return render(
        request,
        "governance/tracker.html",
        {
            "today": today,
            "measure_rows": measure_rows,
            "actions": actions,
            "organizations": organizations,
            "plans": plans,
            "selected": {"owner": owner, "plan": plan},
            "late_count": sum(1 for m in measures if m.is_late) + sum(1 for a in actions if a.is_late),
            "open_count": len(measures) + len(actions),
            "late_reviews": late_reviews,
            "my_organization": request.user.organization,
            "can_edit": _can_edit(request),
            "LATE": TrackedStatus.LATE,
        },
    )


@require_roles(*GOVERNANCE_READERS)
def measure_list(request):
    today = timezone.localdate()
    plans = (
        Plan.objects.annotate(
            measures_count=Count("axes__measures"),
            done_count=Count("axes__measures", filter=Q(axes__measures__status=MeasureStatus.DONE)),
        )
        .order_by("starts_on", "name")
        .prefetch_related("axes")
    )
    measures = (
        Measure.objects.with_tracking(today)
        .select_related("axis__plan", "lead_organization")
        .order_by("axis__plan__starts_on", "axis__number", "code")
    )
    plan_id = request.GET.get("plan", "")
    if plan_id.isdigit():
        measures = measures.filter(axis__plan_id=int(plan_id))
    status = request.GET.get("statut")
    if status in TrackedStatus.values:
        measures = measures.filter(tracked_status=status)
    return render(
        request,
        "governance/measure_list.html",
        {
            "plans": plans,
            "measures": measures,
            "statuses": [(v, label) for v, label in TrackedStatus.choices if v not in ("todo", "cancelled")],
            "selected": {"plan": plan_id, "status": status},
            "can_edit": _can_edit(request),
            "LATE": TrackedStatus.LATE,
        },
    )


@require_roles(*GOVERNANCE_READERS)
def measure_detail(request, pk):
    today = timezone.localdate()
    measure = get_object_or_404(
        Measure.objects.with_tracking(today)
        .select_related("axis__plan", "lead_organization")
        .prefetch_related("partners", TARGETS_PREFETCH),
        pk=pk,
    )
    values = live_values({t.indicator_code for t in measure.targets.all()}, today)
    budgets = measure.budgets.all()
    return render(
        request,
        "governance/measure_detail.html",
        {
            "measure": measure,
            "targets": _with_history(_target_rows(measure, values, today), today),
            "budgets": budgets,
            "budget_total": budgets.aggregate(committed=Sum("committed"), spent=Sum("spent")),
            "decisions": measure.decisions.select_related("meeting", "programme"),
            "actions": measure.actions.with_tracking(today).select_related("owner"),
            "history": LogEntry.objects.get_for_object(measure).select_related("actor")[:20],
            "can_edit": _can_edit(request),
            "status_form": MeasureStatusForm(initial={"status": measure.status}),
            "target_form": MeasureTargetForm(),
            "budget_form": MeasureBudgetForm(),
            "today": today,
            "LATE": TrackedStatus.LATE,
        },
    )


@require_roles(*GOVERNANCE_WRITERS)
def measure_create(request):
    return _form_page(
        request,
        MeasureForm(request.POST or None),
        title="Nouvelle mesure",
        cancel_url=reverse("governance:measure_list"),
        success="La mesure {obj.code} a été créée.",
        detail="governance:measure_detail",
    )


@require_roles(*GOVERNANCE_WRITERS)
def measure_edit(request, pk):
    measure = get_object_or_404(Measure, pk=pk)
    return _form_page(
        request,
        MeasureForm(request.POST or None, instance=measure),
        title=f"Modifier la mesure {measure.code}",
        cancel_url=reverse("governance:measure_detail", args=[measure.pk]),
        success="Les modifications ont été enregistrées.",
        detail="governance:measure_detail",
    )


@require_roles(*GOVERNANCE_WRITERS)
@require_POST
def measure_status(request, pk):
    measure = get_object_or_404(Measure, pk=pk)
    form = MeasureStatusForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
    else:
        try:
            measure = measure_set_status(measure=measure, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, f"Mesure {measure.code} : {measure.get_status_display().lower()}.")
    return redirect("governance:measure_detail", pk=pk)


@require_roles(*GOVERNANCE_WRITERS)
@require_POST
def measure_target(request, pk):
    measure = get_object_or_404(Measure, pk=pk)
    form = MeasureTargetForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
    else:
        value = measure_target_set(measure=measure, **form.cleaned_data)
        messages.success(request, f"Valeur cible enregistrée : {value.value} au {value.due_on:%d/%m/%Y}.")
    return redirect("governance:measure_detail", pk=pk)


@require_roles(*GOVERNANCE_WRITERS)
@require_POST
def measure_budget(request, pk):
    measure = get_object_or_404(Measure, pk=pk)
    form = MeasureBudgetForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
    else:
        try:
            budget = measure_budget_set(measure=measure, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, f"Budget {budget.year} enregistré.")
    return redirect("governance:measure_detail", pk=pk)


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
        {"meetings": meetings, "today": today, "can_edit": _can_edit(request)},
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
            "can_edit": _can_edit(request),
            "held": meeting.held_on is not None and meeting.held_on <= today,
            "decision_form": DecisionForm(),
            "next_form": NextMeetingForm(initial={"kind": meeting.kind, "title": meeting.title}),
            "history": LogEntry.objects.get_for_object(meeting).select_related("actor")[:20],
            "today": today,
            "LATE": TrackedStatus.LATE,
        },
    )


@require_roles(*GOVERNANCE_WRITERS)
def meeting_create(request):
    return _form_page(
        request,
        MeetingForm(request.POST or None),
        title="Nouvelle réunion",
        cancel_url=reverse("governance:meeting_list"),
        success="La réunion a été enregistrée.",
        detail="governance:meeting_detail",
    )


@require_roles(*GOVERNANCE_WRITERS)
def meeting_edit(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    return _form_page(
        request,
        MeetingForm(request.POST or None, instance=meeting),
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
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("governance:meeting_detail", pk=pk)
    try:
        nxt = meeting_schedule_next(meeting=meeting, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("governance:meeting_detail", pk=pk)
    messages.success(request, "La réunion suivante est programmée.")
    return redirect("governance:meeting_detail", pk=nxt.pk)


@require_roles(*GOVERNANCE_WRITERS)
@require_POST
def decision_create(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("governance:meeting_detail", pk=pk)
    try:
        decision = decision_record(meeting=meeting, by=request.user, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
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
            "can_edit": _can_edit(request),
            "LATE": TrackedStatus.LATE,
        },
    )


@require_roles(*GOVERNANCE_WRITERS)
def action_create(request):
    initial = {key: request.GET.get(key) for key in ("meeting", "decision", "measure") if request.GET.get(key)}
    return _form_page(
        request,
        ActionForm(request.POST or None, initial=initial),
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
            "can_edit": _can_edit(request),
            "status_form": ActionStatusForm(initial={"status": action.status}),
            "history": LogEntry.objects.get_for_object(action).select_related("actor")[:20],
            "LATE": TrackedStatus.LATE,
        },
    )


@require_roles(*GOVERNANCE_WRITERS)
def action_edit(request, pk):
    action = get_object_or_404(Action, pk=pk)
    return _form_page(
        request,
        ActionForm(request.POST or None, instance=action),
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
    if not form.is_valid():
        _form_errors(request, form)
    else:
        try:
            action = action_set_status(action=action, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, f"Action : {action.get_status_display().lower()}.")
    return redirect("governance:action_detail", pk=pk)


@require_roles(*GOVERNANCE_WRITERS)
def plan_create_view(request):
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = plan_create(**form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, f"Le plan « {plan} » a été créé avec {plan.axes.count()} axe(s).")
            return redirect("governance:measure_list")
    return render(
        request,
        "governance/form.html",
        {"form": form, "title": "Nouveau plan", "cancel_url": reverse("governance:measure_list")},
    )


@require_roles(*GOVERNANCE_WRITERS)
@require_POST
def axis_create(request, pk):
    plan = get_object_or_404(Plan, pk=pk)
    form = AxisForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
    else:
        axis = axis_add(plan=plan, **form.cleaned_data)
        messages.success(request, f"{axis} ajouté au plan « {plan} ».")
    return redirect("governance:measure_list")
