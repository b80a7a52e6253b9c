"""Plans, axes and measures: lists, detail with targets and budgets, creation and edits."""

from functools import partial

from auditlog.models import LogEntry
from django.contrib import messages
from django.db.models import Count, Q, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from relais.governance.enums import GOVERNANCE_READERS, GOVERNANCE_WRITERS, MeasureStatus, TrackedStatus
from relais.governance.filters import MeasureFilter
from relais.governance.models import Measure, Plan
from relais.governance.services import (
    axis_add,
    measure_budget_set,
    measure_create,
    measure_set_status,
    measure_target_set,
    measure_update,
    plan_create,
)
from relais.indicators.live import live_history
from relais.indicators.publication import publisher_of
from relais.users.access import require_roles
from relais.www.core.charts import capacity_chart
from relais.www.core.services import flash_submit, submit
from relais.www.governance.forms import (
    AxisForm,
    MeasureBudgetForm,
    MeasureForm,
    MeasureStatusForm,
    MeasureTargetForm,
    PlanForm,
)
from relais.www.governance.views.common import TARGETS_PREFETCH, can_edit, form_page, measure_rows


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
        .prefetch_related(TARGETS_PREFETCH)
        .order_by("axis__plan__starts_on", "axis__number", "code")
    )
    filters = MeasureFilter(request.GET, queryset=measures)
    tracked = [row["measure"] for row in measure_rows(list(filters.qs), today, publisher=publisher_of(request.user))]
    if filters.valid_value("statut") == TrackedStatus.LATE:  # those whose target is reached are not
        tracked = [m for m in tracked if m.is_late]
    return render(
        request,
        "governance/measure_list.html",
        {
            "plans": plans,
            "measures": tracked,
            "filters": filters.form,
            "can_edit": can_edit(request),
        },
    )


def _with_history(rows, today):
    """Add the month-by-month history and its chart to each target row (measure page only)."""
    for row in rows:
        history = live_history(row["target"].indicator_code, [(v.due_on, v.value) for v in row["values"]], today=today)
        row["history"] = history
        row["chart"] = capacity_chart(history)
    return rows


@require_roles(*GOVERNANCE_READERS)
def measure_detail(request, pk):
    today = timezone.localdate()
    measure = get_object_or_404(
        Measure.objects.with_tracking(today)
        .select_related("axis__plan", "lead_organization")
        .prefetch_related("partners", TARGETS_PREFETCH),
        pk=pk,
    )
    (row,) = measure_rows([measure], today, publisher=publisher_of(request.user))
    budgets = measure.budgets.all()
    return render(
        request,
        "governance/measure_detail.html",
        {
            "measure": measure,
            "targets": _with_history(row["targets"], today),
            "budgets": budgets,
            "budget_total": budgets.aggregate(committed=Sum("committed"), spent=Sum("spent")),
            "decisions": measure.decisions.select_related("meeting", "programme"),
            "actions": measure.actions.with_tracking(today).select_related("owner"),
            "history": LogEntry.objects.get_for_object(measure).select_related("actor")[:20],
            "can_edit": can_edit(request),
            "status_form": MeasureStatusForm(initial={"status": measure.status}),
            "target_form": MeasureTargetForm(),
            "budget_form": MeasureBudgetForm(),
        },
    )


@require_roles(*GOVERNANCE_WRITERS)
def measure_create_view(request):
    return form_page(
        request,
        MeasureForm(request.POST or None),
        measure_create,
        title="Nouvelle mesure",
        cancel_url=reverse("governance:measure_list"),
        success="La mesure {obj.code} a été créée.",
        detail="governance:measure_detail",
    )


@require_roles(*GOVERNANCE_WRITERS)
def measure_edit(request, pk):
    measure = get_object_or_404(Measure, pk=pk)
    return form_page(
        request,
        MeasureForm(request.POST or None, instance=measure),
        partial(measure_update, measure=measure),
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
    measure = flash_submit(request, lambda: measure_set_status(measure=measure, **form.cleaned_data), form=form)
    if measure is not None:
        messages.success(request, f"Mesure {measure.code} : {measure.get_status_display().lower()}.")
    return redirect("governance:measure_detail", pk=pk)


@require_roles(*GOVERNANCE_WRITERS)
@require_POST
def measure_target(request, pk):
    measure = get_object_or_404(Measure, pk=pk)
    form = MeasureTargetForm(request.POST)
    value = flash_submit(request, lambda: measure_target_set(measure=measure, **form.cleaned_data), form=form)
    if value is not None:
        messages.success(request, f"Valeur cible enregistrée : {value.value} au {value.due_on:%d/%m/%Y}.")
    return redirect("governance:measure_detail", pk=pk)


@require_roles(*GOVERNANCE_WRITERS)
@require_POST
def measure_budget(request, pk):
    measure = get_object_or_404(Measure, pk=pk)
    form = MeasureBudgetForm(request.POST)
    budget = flash_submit(request, lambda: measure_budget_set(measure=measure, **form.cleaned_data), form=form)
    if budget is not None:
        messages.success(request, f"Budget {budget.year} enregistré.")
    return redirect("governance:measure_detail", pk=pk)


@require_roles(*GOVERNANCE_WRITERS)
def plan_create_view(request):
    form = PlanForm(request.POST or None)
    plan = submit(form, lambda: plan_create(**form.cleaned_data))
    if plan is not None:
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
    axis = flash_submit(request, lambda: axis_add(plan=plan, **form.cleaned_data), form=form)
    if axis is not None:
        messages.success(request, f"{axis} ajouté au plan « {plan} ».")
    return redirect("governance:measure_list")
