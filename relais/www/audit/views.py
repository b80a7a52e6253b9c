from django.shortcuts import render

from relais.audit.filters import AccessEventFilter
from relais.audit.models import AccessEvent
from relais.audit.services import access_log_verify
from relais.users.access import require_roles
from relais.users.enums import Role
from relais.users.filters import RightsEventFilter
from relais.users.models import RightsEvent
from relais.www.core.pagination import paginate


def _searched(filters):
    """The events matching the search; none while the search itself is wrong (an end before its start)."""
    return filters.qs if filters.is_valid() else filters.queryset.none()


@require_roles(Role.AUDITEUR)
def access_log(request):
    filters = AccessEventFilter(request.GET, queryset=AccessEvent.objects.only(*_COLUMNS))
    return render(
        request, "audit/access_log.html", {"filters": filters.form, **paginate(request, _searched(filters), 50)}
    )


_COLUMNS = ["occurred_at", "username", "organization", "role", "category", "action", "pseudonym", "count", "outcome"]


@require_roles(Role.AUDITEUR)
def verify(request):
    return render(request, "audit/verify.html", {"report": access_log_verify()})


@require_roles(Role.AUDITEUR)
def rights(request):
    """Every proposal, approval, refusal and revocation of a grant or an API key."""
    filters = RightsEventFilter(request.GET, queryset=RightsEvent.objects.all())
    return render(request, "audit/rights.html", {"filters": filters.form, **paginate(request, _searched(filters), 50)})
