"""Published figures computed right after the facts are written, so that no reader pays for them.

The published universes of a day (cell-key noise and the joint suppression check, seconds at national scale)
depend only on the facts' version: `refresh_facts` builds today's dashboards once, which keeps their
universes (`fact_memo`) and the comité's and coordination's dashboards whole (`dashboard_memo`) in the
shared cache, where every web process then finds them.
"""

from django.utils import timezone

from relais.indicators import dashboards
from relais.indicators.enums import Audience
from relais.indicators.opendata import MONTHS as OPEN_DATA_MONTHS

# The dashboards read by default: the published ones, and coordination's, kept whole (`dashboard_memo`).
WARMED = (Audience.COMITE, Audience.POLICE, Audience.COORDINATION)


def warm_published(today=None) -> list[str]:
    """Build today's published dashboards with their default filters; returns the audiences built."""
    filters = dashboards.Filters(day=today or timezone.localdate())
    for audience in WARMED:
        dashboards.build(audience, filters, kept=True)
    # The situation report's comité dashboard reads 24 months (`snapshot.REPORT_MONTHS`, the open data's
    # period too): its earlier month-by-month totals and comparisons are computed here, not by the report.
    dashboards.build(Audience.COMITE, dashboards.Filters(day=filters.day, months=OPEN_DATA_MONTHS))
    return list(WARMED)
