"""What the governance pages share: form pages, the edit permission, measure targets with live values."""

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import redirect, render

from relais.governance.enums import TrackedStatus
from relais.governance.models import MeasureTargetValue
from relais.indicators.live import live_values, target_rows
from relais.www.core.services import submit

TARGETS_PREFETCH = Prefetch("targets__values", queryset=MeasureTargetValue.objects.order_by("due_on"))


def form_page(request, form, write, *, title: str, cancel_url: str, success: str, detail: str):
    """A create or edit page: `write(data=…)`, a service, records the form's input, then the object's page shows."""
    obj = submit(form, lambda: write(data=form.cleaned_data))
    if obj is not None:
        messages.success(request, success.format(obj=obj))
        return redirect(detail, pk=obj.pk)
    return render(request, "governance/form.html", {"form": form, "title": title, "cancel_url": cancel_url})


def can_edit(request):
    return request.user.has_perm("governance.edit")


def measure_rows(measures, today, *, publisher):
    """Each measure (targets prefetched, `with_tracking`) with its target rows.

    A measure past its due date whose targets are all reached is not late but « objectif atteint »:
    `tracked_status` and `is_late` are corrected from the live figures as `publisher`'s audience reads them
    (one computation for all)."""
    values = live_values({t.indicator_code for m in measures for t in m.targets.all()}, today, publisher=publisher)
    rows = []
    for measure in measures:
        targets = target_rows(measure, values, today)
        if measure.tracked_status == TrackedStatus.LATE and targets and all(t["reached"] for t in targets):
            measure.tracked_status, measure.is_late = TrackedStatus.REACHED.value, False
        rows.append({"measure": measure, "targets": targets})
    return rows
