"""What the governance pages share: form pages, the edit permission, measure targets with live values."""

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import redirect, render

from relais.governance.live import indicator_label
from relais.governance.models import MeasureTargetValue

TARGETS_PREFETCH = Prefetch("targets__values", queryset=MeasureTargetValue.objects.order_by("due_on"))


def form_errors(request, form):
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def form_page(request, form, *, title: str, cancel_url: str, success: str, detail: str):
    """A create or edit page of the model form `form`: saved and sent to the object's page, or shown again."""
    if request.method == "POST" and form.is_valid():
        obj = form.save()
        messages.success(request, success.format(obj=obj))
        return redirect(detail, pk=obj.pk)
    return render(request, "governance/form.html", {"form": form, "title": title, "cancel_url": cancel_url})


def can_edit(request):
    return request.user.has_perm("governance.edit")


def target_rows(measure, values, today):
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
