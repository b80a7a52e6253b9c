"""Published figures computed right after the facts are written, so that no reader pays for them.

The published universes of a day (cell-key noise and the joint suppression check, seconds at national scale)
depend only on the facts' version: `refresh_facts` builds the published dashboards of today once, which
keeps their universes in the shared cache (`fact_memo`), where every web process then finds them.
"""

from django.utils import timezone

from relais.indicators import dashboards
from relais.indicators.enums import Audience

# The published dashboards read by default (coordination's figures are exact: nothing to publish).
WARMED = (Audience.COMITE, Audience.POLICE)


def warm_published(today=None) -> list[str]:
    """Build today's published dashboards with their default filters; returns the audiences built."""
    filters = dashboards.Filters(day=today or timezone.localdate())
    for audience in WARMED:
        dashboards.build(audience, filters)
    return list(WARMED)
