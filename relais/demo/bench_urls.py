"""The application's URLs plus the floors that `make bench-national` measures each page against, on the
same server: a bare Django JSON view, and the page's question answered by one hand-written SQL query.
Served only with `config.settings.bench`, never by the production settings."""

import datetime
import math

from django.db import connection
from django.http import Http404, JsonResponse
from django.urls import path
from django.utils import timezone

from config.urls import urlpatterns as application
from relais.indicators.dashboards import KIND_COLUMNS, PROGRAMME_COLUMNS
from relais.indicators.filters import DEFAULT_MONTHS, months_before
from relais.indicators.opendata import month_ends
from relais.indicators.people_dashboards import HOUSING_COLUMNS, MONTHLY_COLUMNS, PUBLISHED_REFERRAL_COLUMNS
from relais.structures.models import FreshnessRule
from relais.users.access import public

PAGE = 100
_ROWS = """SELECT s.id, s.name, s.kind, s.cog, a.places_open, a.occupied, a.free, a.declared_at{extra}
    FROM structures_structure s LEFT JOIN structures_structureavailability a ON a.structure_id = s.id
    WHERE s.status <> 'closed'{where} ORDER BY {order} LIMIT %s"""
NEAR = "(s.latitude - %s) * (s.latitude - %s) + (s.longitude - %s) * (s.longitude - %s) * %s"
# The totals of every row (not only the page's), in their own aggregate: a window (`COUNT(*) OVER ()`)
# beside the page would read all 5,000 rows one join at a time before keeping 100; apart, the page
# reads 100 rows on the (kind, name) index and the aggregate joins the two tables by hash.
TOTALS = """SELECT COUNT(*), SUM(COALESCE(a.places_open, 0)), SUM(GREATEST(a.free, 0)),
    COUNT(*) FILTER (WHERE s.availability_mode <> 'computed'
        AND (a.declared_at IS NULL OR a.declared_at < NOW() - r.hours * INTERVAL '1 hour'))
    FROM structures_structure s LEFT JOIN structures_structureavailability a ON a.structure_id = s.id
    LEFT JOIN (SELECT UNNEST(%s::text[]) AS kind, UNNEST(%s::int[]) AS hours) r ON r.kind = s.kind
    WHERE s.status <> 'closed'"""
COUNT = "SELECT COUNT(*) FROM structures_structure s WHERE s.status <> 'closed'"


def freshness_params() -> list:
    """The hours a declared figure stays fresh, by kind, as the board reads them (defaults and the table's rules)."""
    rules = FreshnessRule.as_dict()
    return [list(rules), list(rules.values())]


# The questions whose answer also gives totals over every row: asked after the page.
TOTALS_OF = {"board": (TOTALS, freshness_params), "api": (COUNT, list)}


def _near(lat, lon):
    scale = math.cos(math.radians(lat)) ** 2
    return [lat, lat, lon, lon, scale]


# The comité dashboard's figures as the page reads them from the current daily facts (relais/indicators/
# facts.py), in one query: its key figures on the day shown and at the start of its period (the distinct
# persons at the end of the month before each), each table's breakdown and total on the day shown, and the
# month-by-month totals. Exact values, as stored: the page publishes them (noise, suppression) on top.
# LATERAL (kept apart by OFFSET 0): one probe of the current facts' unique index per figure asked. As a
# plain join, PostgreSQL's estimate of the members of each (indicator, day, dimension) sometimes had it
# scan the 3.7 million facts (1.1 s instead of about 10 ms).
COMITE_FACTS = """SELECT f.indicator, f.day, f.dimension, f.member, f.value
    FROM UNNEST(%s::text[], %s::date[], %s::text[]) AS w(indicator, day, dimension)
    CROSS JOIN LATERAL (
      SELECT f.indicator, f.day, f.dimension, f.member, f.value FROM indicators_indicatorfact f
      WHERE f.indicator = w.indicator AND f.day = w.day AND f.dimension = w.dimension AND f.superseded_at IS NULL
      OFFSET 0
    ) f"""
COMITE_FIGURES = (
    "places_open",
    "capacity_target",
    "hotels_in_use",
    "structures_open",
    "places_free",
    "persons_housed",
    "referrals_sent",
    "referral_wait_admitted",
)
COMITE_TABLES = {
    "dispositif": PROGRAMME_COLUMNS,
    "programme": ["places_open", "hotels_in_use"],
    "kind": [*KIND_COLUMNS, *HOUSING_COLUMNS, *PUBLISHED_REFERRAL_COLUMNS],
    "arrondissement": ["structures_open", "places_open"],
    "exit_destination": ["exits"],
    "step_kind": ["pathway_steps"],
}


def _comite_facts_params() -> list:
    today = timezone.localdate()
    since = months_before(today, DEFAULT_MONTHS)
    wanted = {(code, day, "") for code in COMITE_FIGURES for day in (today, since)}
    wanted |= {("places_open", day, "kind") for day in (today, since)}  # the hotels' places
    wanted |= {("persons_distinct", day.replace(day=1) - datetime.timedelta(days=1), "") for day in (today, since)}
    for dimension, codes in COMITE_TABLES.items():
        wanted |= {(code, today, d) for code in codes for d in (dimension, "")}
    wanted |= {(code, day, "") for code in MONTHLY_COLUMNS for day in month_ends(today, DEFAULT_MONTHS)}
    indicators, days, dimensions = zip(*sorted(wanted), strict=True)
    return [list(indicators), list(days), list(dimensions)]


# Each question: its SQL and parameters (the board with its totals, find a place near a point, the API's page).
QUESTIONS = {
    "board": (_ROWS.format(extra="", where="", order="s.kind, s.name"), [PAGE]),
    "find": (
        _ROWS.format(extra="", where=" AND s.kind = %s", order=f"{NEAR}, s.name"),
        ["lhss", *_near(48.88, 2.38), PAGE],
    ),
    "api": (_ROWS.format(extra="", where="", order="s.kind, s.name"), [PAGE]),
    "comite": (COMITE_FACTS, _comite_facts_params),
}


@public
def floor_json(request):
    return JsonResponse({"ok": True})


@public
def floor_sql(request, question):
    if question not in QUESTIONS:
        raise Http404
    sql, params = QUESTIONS[question]
    params = params() if callable(params) else params
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        columns = [c.name for c in cursor.description]
        rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
        totals = None
        if question in TOTALS_OF:
            totals_sql, totals_params = TOTALS_OF[question]
            cursor.execute(totals_sql, totals_params())
            totals = cursor.fetchone()
    return JsonResponse({"results": rows, "totals": totals}, json_dumps_params={"default": str})


urlpatterns = [
    path("banc/plancher/json/", floor_json),
    path("banc/plancher/sql/<slug:question>/", floor_sql),
    *application,
]
