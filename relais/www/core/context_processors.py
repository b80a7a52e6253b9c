from django.conf import settings

from relais.identity.second_factor import second_factor_missing
from relais.identity.sessions import BACKGROUND_HEADER
from relais.www.core.navigation import nav_for


def relais(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "grant": None}
    return {
        "nav_items": nav_for(user, request.path),
        "grant": user.active_grant,
        # The header's notification count is fetched by htmx, so that no page pays its query.
        "notification_poll_seconds": settings.RELAIS_NOTIFICATION_POLL_SECONDS,
        "background_header": BACKGROUND_HEADER,
        # Not while a second factor is owed: the poll would be sent to the enrolment page and restart it.
        "notifications_poll": not second_factor_missing(request),
    }
