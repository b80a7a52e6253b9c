"""The commitments tracker: open measures and actions, late ones first, printed or exported before a comité."""

from django.shortcuts import render
from django.utils import timezone

from relais.governance.enums import GOVERNANCE_READERS
from relais.governance.filters import TrackerFilter
from relais.governance.models import Action, Measure
from relais.indicators.publication import publisher_of
from relais.premises.services import overdue_reviews
from relais.users.access import require_roles
from relais.www.core.downloads import csv_download
from relais.www.governance.templatetags.governance_tags import tracked_label
from relais.www.governance.views.common import TARGETS_PREFETCH, can_edit, measure_rows


def _tracker_csv(measure_rows, actions, late_reviews, today):
    rows = [["Type", "Référence", "Intitulé", "Responsable", "Échéance", "Statut", "Chiffre suivi"]]
    for row in measure_rows:
        m = row["measure"]
        figures = " ; ".join(
            f"{t['label']} : {t['live'] if t['live'] is not None else '—'}"
            + (f" / {t['reference'].value} au {t['reference'].due_on:%d/%m/%Y}" if t["reference"] else "")
            for t in row["targets"]
        )
        due = f"{m.due_on:%d/%m/%Y}" if m.due_on else ""
        rows.append(["Mesure", m.code, m.title, m.lead_organization, due, tracked_label(m.tracked_status), figures])
    for a in actions:
        rows.append(["Action", a.pk, a.title, a.owner, f"{a.due_on:%d/%m/%Y}", tracked_label(a.tracked_status), ""])
    for r in late_reviews:
        p = r["proposal"]
        missing = ", ".join(str(org) for org in r["missing"])
        rows.append(["Avis sur des locaux", p.pk, p.name, missing, f"{p.response_due_on:%d/%m/%Y}", "En retard", ""])
    return csv_download(rows, filename=f"engagements-{today:%Y-%m-%d}.csv")


@require_roles(*GOVERNANCE_READERS)
def tracker(request):
    """Every open measure and action, late ones first, filterable by owner: printed before a comité."""
    today = timezone.localdate()
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
    filters = TrackerFilter(request.GET, queryset=measures)
    rows = measure_rows(list(filters.qs), today, publisher=publisher_of(request.user))
    # Late first, as the SQL ordering did before the live figures cleared those whose target is reached.
    rows.sort(key=lambda row: not row["measure"].is_late)
    measures = [row["measure"] for row in rows]
    actions = list(filters.filter_queryset(actions))
    # The State promised to examine the Ville's premises « rapidement »: late opinions are commitments too.
    late_reviews = overdue_reviews(today, filters.valid_value("responsable"))
    if request.GET.get("format") == "csv":
        return _tracker_csv(rows, actions, late_reviews, today)
    return render(
        request,
        "governance/tracker.html",
        {
            "today": today,
            "measure_rows": rows,
            "actions": actions,
            "filters": filters.form,
            "late_count": sum(1 for m in measures if m.is_late) + sum(1 for a in actions if a.is_late),
            "open_count": len(measures) + len(actions),
            "late_reviews": late_reviews,
            "my_organization": request.user.organization,
            "can_edit": can_edit(request),
        },
    )
