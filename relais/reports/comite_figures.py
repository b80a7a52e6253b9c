"""The figures and facts of the draft communiqué, in the comité's order: premises, the dispositif, the
medico-social response, the short-term measures on the active site and the next meeting.

Every number is a figure dict (id, code, label, value, display) taken from the catalogue, so that
`communique.trace` finds where it comes from; the facts around them (names, dates, decisions) are
plain strings. Person-derived figures go through the publication function (`Builder(published=True)`).
"""

import datetime

from django.db.models import Q
from django.utils import formats, timezone

from relais.governance.enums import CommitmentMode
from relais.governance.models import Meeting, Plan
from relais.indicators.dashboards import Builder, display
from relais.indicators.enums import Unit
from relais.indicators.publication import NotPublished
from relais.indicators.registry import end_of
from relais.premises.enums import ProposalStatus
from relais.sites.enums import ActType
from relais.structures.enums import StructureKind
from relais.structures.models import CapacityTarget, Programme

PREMISES_STAGES = [
    ProposalStatus.PROPOSED,
    ProposalStatus.EXAMINATION,
    ProposalStatus.RETAINED,
    ProposalStatus.WORKS,
    ProposalStatus.OPENED,
]
# Decisions older than this before the meeting are not recalled when no plan frames the target.
RECALLED_DAYS = 365


def day_label(day: datetime.date) -> str:
    """« 1er février 2022 », « 15 décembre 2021 »: dates the trace of numbers recognises as dates."""
    text = formats.date_format(day, "j F Y")
    return "1er " + formats.date_format(day, "F Y") if day.day == 1 else text


def short_name(programme: Programme) -> str:
    """« ASSORE » for « ASSORE — hébergement accompagné en hôtel »."""
    return programme.name.split(" — ")[0].strip()


def fixed_figure(figure_id: str, code: str, label: str, value: int, as_of: datetime.datetime) -> dict:
    """A figure read from a dated record (a decision's target), not recomputed as of the report."""
    return {
        "id": figure_id,
        "code": code,
        "label": label,
        "value": value,
        "display": display(value, Unit.PLACES),
        "unit": Unit.PLACES.label,
        "person_derived": False,
        "as_of": as_of.isoformat(),
    }


def dispositifs(day: datetime.date):
    """The hotel dispositifs the comité speaks of: each group of programmes (ASSORE + PHASE), and each
    programme in no group that runs hotel rooms."""
    hotel_programmes = Programme.objects.filter(structures__kind=StructureKind.HOTEL).values("pk")
    return (
        Programme.objects.filter(group__isnull=True)
        .filter(Q(members__structures__kind=StructureKind.HOTEL) | Q(pk__in=hotel_programmes))
        .distinct()
        .order_by("name")
    )


def _plan_of(dispositif: Programme, day: datetime.date):
    """The plan whose adoption set the dispositif's target (the 2019 plan: 60 → 200), if any."""
    plans = Plan.objects.filter(adopted_on__isnull=False, adopted_on__lte=day).order_by("-adopted_on")
    for plan in plans:
        target = (
            # Set by the plan itself: a target a meeting decided the same day is a decision, not the plan.
            CapacityTarget.objects.filter(
                programme=dispositif, decided_on=plan.adopted_on, source_decision__isnull=True
            )
            .order_by("effective_on")
            .first()
        )
        if target is not None:
            return plan, target
    return None, None


def dispositif_figures(b: Builder, dispositif: Programme) -> tuple[list[dict], dict]:
    """Places open, hotels, target, programmes and persons housed of one dispositif; the plan's target
    (from → to) and the decisions that changed it since."""
    day = timezone.localdate(b.as_of)
    code = dispositif.code
    where = {"dispositif": code}
    prefix = f"{code}__"
    figures = [
        b.figure("places_open", where=where, figure_id=prefix + "places_open", title=f"Places ouvertes : {dispositif}"),
        b.figure("hotels_in_use", where=where, figure_id=prefix + "hotels", title=f"Hôtels mobilisés : {dispositif}"),
        b.figure(
            "capacity_target", where=where, figure_id=prefix + "target", title=f"Objectif en vigueur : {dispositif}"
        ),
        b.figure(
            "persons_housed", where=where, figure_id=prefix + "housed", title=f"Personnes hébergées : {dispositif}"
        ),
    ]
    members = []
    for member in dispositif.members.order_by("name"):
        figure_id = f"{prefix}{member.code}__places_open"
        figures.append(
            b.figure("places_open", where={"programme": member.code}, figure_id=figure_id, title=f"Places : {member}")
        )
        members.append({"name": short_name(member), "places": figure_id})
    context = {"code": code, "name": str(dispositif), "members": members, "plan": None, "decisions": []}
    plan, plan_target = _plan_of(dispositif, day)
    since = None
    if plan is not None:
        eve = end_of(plan_target.effective_on - datetime.timedelta(days=1))
        before = Builder(as_of=eve).figure(
            "capacity_target", where=where, figure_id=prefix + "plan_from", title=f"Objectif avant le {plan}"
        )
        before["as_of"] = eve.isoformat()
        figures.append(before)
        figures.append(
            fixed_figure(prefix + "plan_to", "capacity_target", f"Objectif fixé par le {plan}", plan_target.places, eve)
        )
        context["plan"] = {"name": plan.short_name or plan.name, "from": prefix + "plan_from", "to": prefix + "plan_to"}
        since = plan_target.decided_on
    decided = CapacityTarget.objects.filter(programme=dispositif, decided_on__lte=day).select_related(
        "source_decision__meeting"
    )
    if since is not None:
        decided = decided.filter(decided_on__gt=since)
    else:
        decided = decided.filter(decided_on__gt=day - datetime.timedelta(days=RECALLED_DAYS))
    for n, target in enumerate(decided.order_by("decided_on", "effective_on"), start=1):
        figure_id = f"{prefix}decision_{n}"
        figures.append(
            fixed_figure(
                figure_id,
                "capacity_target",
                f"Objectif décidé le {day_label(target.decided_on)}",
                target.places,
                b.as_of,
            )
        )
        decision = target.source_decision
        change = None
        if decision is not None and decision.commitment_mode == CommitmentMode.ADD:
            change = figure_id + "_change"
            figures.append(
                fixed_figure(
                    change, "capacity_target", "Places ajoutées par la décision", abs(decision.places), b.as_of
                )
            )
        if decision is not None:
            meeting = decision.meeting
            by = f"le {meeting.get_kind_display().lower()} du {day_label(meeting.held_on)}"
        else:
            by = f"la décision du {day_label(target.decided_on)} ({target.decision})"
        context["decisions"].append(
            {
                "by": by,
                "today": target.decided_on == day,
                "target": figure_id,
                "change": change,
                "removed": decision is not None
                and decision.commitment_mode == CommitmentMode.ADD
                and decision.places < 0,
                "effective": day_label(target.effective_on),
                "in_force": target.effective_on <= day,
            }
        )
    return figures, context


def premises_figures(b: Builder) -> list[dict]:
    figures = [b.figure("premises_proposals", figure_id="premises_total", title="Locaux proposés par la Ville")]
    for stage in PREMISES_STAGES:
        figures.append(
            b.figure(
                "premises_proposals",
                where={"stage": stage},
                figure_id=f"premises_{stage}",
                title=f"Locaux proposés : {stage.label.lower()}",
            )
        )
    figures.append(b.figure("premises_reviews_overdue"))
    return figures


def medico_social_figures(b: Builder) -> list[dict]:
    return [
        b.figure("pathway_steps"),
        b.figure("psychiatric_steps"),
        b.figure(
            "places_open",
            where={"kind": StructureKind.PSYCHIATRY},
            figure_id="places_psychiatry",
            title="Places d'accueil psychiatrique",
        ),
        b.figure("onsite_acts"),
    ]


def active_site_figures(b: Builder, site_id: int | None, site_name: str) -> list[dict]:
    """First aid and care on the most crowded site (the short-term measures)."""
    if site_id is None:
        return []
    figures = []
    for act in (ActType.FIRST_AID, ActType.NURSING_CARE):
        try:
            figures.append(
                b.figure(
                    "onsite_acts",
                    where={"site": site_id, "act_type": act},
                    figure_id=f"main_site_{act}",
                    title=f"{ActType(act).label} sur le site {site_name}",
                )
            )
        except NotPublished:
            # Acts by site and by kind cross two breakdowns, which a published report may not: the
            # communiqué then speaks of the site without these counts.
            continue
    return figures


def next_meeting(meeting_date: datetime.date) -> dict | None:
    """The meeting planned after this one (scheduled by it), as known then."""
    following = (
        Meeting.objects.filter(previous__held_on=meeting_date)
        .filter(Q(hold_by__isnull=False) | Q(held_on__gt=meeting_date))
        .order_by("pk")
        .first()
    )
    if following is None:
        return None
    if following.hold_by is not None and (following.held_on is None or following.hold_by <= following.held_on):
        return {"title": following.title, "when": f"avant le {day_label(following.hold_by)}"}
    return {"title": following.title, "when": f"le {day_label(following.held_on)}"}
