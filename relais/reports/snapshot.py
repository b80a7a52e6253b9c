"""The frozen content of a situation report: figures, tables, definitions and the as-of time.

Everything in a snapshot is plain JSON, computed once from the catalogue; the report page, its PDF
and the draft communiqué are drawn from it only, so they read the same whatever changes later.
"""

import datetime

from django.utils import formats, timezone

from relais.indicators import dashboards
from relais.indicators.dashboards import Builder, Filters
from relais.indicators.enums import Audience
from relais.indicators.fact_reader import reading
from relais.indicators.people_dashboards import communique_figures as people_communique_figures
from relais.indicators.publication import publisher_for
from relais.indicators.registry import end_of
from relais.indicators.site_tables import site_figures
from relais.reports.comite_figures import (
    active_site_figures,
    dispositif_figures,
    dispositifs,
    medico_social_figures,
    next_meeting,
    premises_figures,
)
from relais.reports.models import CapacityQuote
from relais.structures.enums import StructureKind
from relais.structures.models import CapacityTarget
from relais.users.enums import Role

# 2: the dispositifs, premises, medico-social and next-meeting facts of the communiqué (`communique_context`).
# 3: the capacity answers quoted by coordination for the meeting (`capacity_quotes`, published figures only).
# 4: each quoted capacity answer carries its plan per kind of place (`by_kind`); a version 3 answer has none,
#    and the report page, its PDF and the communiqué read it without that part.
SNAPSHOT_VERSION = 4
REPORT_MONTHS = 24


def _previous_target_day(as_of: datetime.datetime) -> datetime.date | None:
    """The eve of the last target decision in force at `as_of`: what the target was before it."""
    last = (
        CapacityTarget.objects.filter(effective_on__lte=timezone.localdate(as_of))
        .order_by("-effective_on")
        .values_list("effective_on", flat=True)
        .first()
    )
    return last - datetime.timedelta(days=1) if last else None


def communique_figures(as_of: datetime.datetime, context: dict | None = None) -> list[dict]:
    """The figures of the draft communiqué, each through the publication function (it leaves the partners)."""
    b = Builder(as_of=as_of, publisher=publisher_for(Role.COMITE))
    figures = [
        b.figure("structures_open"),
        b.figure("places_open"),
        b.figure(
            "places_open",
            where={"kind": StructureKind.REST_NIGHT},
            figure_id="places_rest_night",
            title="Places en espaces de repos de nuit",
        ),
        b.figure(
            "places_open",
            where={"kind": StructureKind.REST_DAY},
            figure_id="places_rest_day",
            title="Places en espaces de repos de jour",
        ),
        b.figure(
            "places_open", where={"kind": StructureKind.LHSS}, figure_id="places_lhss", title="Lits halte soins santé"
        ),
        b.figure(
            "places_open", where={"kind": StructureKind.LAM}, figure_id="places_lam", title="Lits d'accueil médicalisés"
        ),
        b.figure(
            "places_open",
            where={"kind": StructureKind.HOTEL},
            figure_id="places_open_hotel",
            title="Places d'hébergement accompagné à l'hôtel",
        ),
        b.figure("hotels_in_use"),
        b.figure("capacity_target"),
        b.figure(
            "places_occupied",
            where={"kind": StructureKind.HOTEL},
            figure_id="places_occupied_hotel",
            title="Chambres d'hôtel occupées",
        ),
    ]
    figures += site_figures(b)
    figures += people_communique_figures(b)
    figures += premises_figures(b) + medico_social_figures(b)
    main_site = next((f for f in figures if f["id"] == "main_site_headcount_high"), {})
    figures += active_site_figures(b, main_site.get("site_id"), main_site.get("site", ""))
    described = []
    for dispositif in dispositifs(timezone.localdate(as_of)):
        numbers, facts = dispositif_figures(b, dispositif)
        figures += numbers
        described.append(facts)
    if context is not None:
        context["dispositifs"] = described
    for figure in figures:
        figure.setdefault("as_of", as_of.isoformat())
    eve = _previous_target_day(as_of)
    if eve is not None:
        earlier = end_of(eve)
        before = Builder(as_of=earlier, publisher=publisher_for(Role.COMITE)).figure(
            "capacity_target", figure_id="capacity_target_before", title="Objectif de places avant la dernière décision"
        )
        before["as_of"] = earlier.isoformat()
        figures.append(before)
    return figures


def snapshot_build(*, meeting_date: datetime.date) -> dict:
    """The snapshot, its figures read from the daily facts where they cover them (`fact_reader`), like the
    dashboards: every figure is taken at the dashboard's moment (today: the facts' last refresh)."""
    with reading():
        return _snapshot_build(meeting_date)


def _snapshot_build(meeting_date: datetime.date) -> dict:
    filters = Filters(day=min(meeting_date, timezone.localdate()), months=REPORT_MONTHS)
    dashboard = dashboards.build(Audience.COMITE, filters)
    as_of = datetime.datetime.fromisoformat(dashboard["as_of"])
    # The facts around the figures: each dispositif's programmes, plan and decisions, the next meeting.
    context = {"next_meeting": next_meeting(meeting_date)}
    figures_out = communique_figures(as_of, context)
    codes = [f["code"] for f in dashboard["figures"] + figures_out]
    codes += [c["code"] for t in dashboard["tables"] for c in t["columns"]]
    return {
        "version": SNAPSHOT_VERSION,
        "meeting_date": meeting_date.isoformat(),
        "meeting_label": formats.date_format(meeting_date, "l j F Y"),
        "as_of": as_of.isoformat(),
        "as_of_label": dashboard["as_of_label"],
        "figures": dashboard["figures"],
        "tables": dashboard["tables"],
        "communique_figures": figures_out,
        "communique_context": context,
        "definitions": dashboards.definitions_for(codes),
        # Computed when quoted, with the comité's figures: copied as they are, never recomputed.
        "capacity_quotes": [q.answer for q in CapacityQuote.objects.filter(meeting_date=meeting_date)],
    }
