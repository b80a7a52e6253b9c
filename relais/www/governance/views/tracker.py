"""The commitments tracker: open measures and actions, late ones first, printed or exported before a comité."""

import csv

from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from relais.governance.enums import GOVERNANCE_READERS, TrackedStatus
from relais.governance.live import live_values
from relais.governance.models import Action, Measure, Plan
from relais.premises.services import overdue_reviews
from relais.users.access import require_roles
from relais.users.models import Organization
from relais.utils.spreadsheets import safe_cell
from relais.www.governance.templatetags.governance_tags import tracked_label
from relais.www.governance.views.common import TARGETS_PREFETCH, can_edit, target_rows


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
    measure_rows = [{"measure": m, "targets": target_rows(m, values, today)} for m in measures]
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
            "can_edit": can_edit(request),
            "LATE": TrackedStatus.LATE,
        },
    )
