from django.shortcuts import render

from relais.audit.models import AccessEvent
from relais.audit.services import access_log_verify
from relais.users.access import require_roles
from relais.users.enums import Role
from relais.users.models import RightsEvent
from relais.www.audit.forms import AccessSearchForm, RightsSearchForm
from relais.www.core.pagination import paginate


@require_roles(Role.AUDITEUR)
def access_log(request):
    form = AccessSearchForm(request.GET or None)
    events = AccessEvent.objects.all()
    if form.is_valid():
        events = events.search(**form.cleaned_data)
    elif form.is_bound:
        events = events.none()
    return render(request, "audit/access_log.html", {"filters": form, **paginate(request, events.only(*_COLUMNS), 50)})


_COLUMNS = ["occurred_at", "username", "organization", "role", "category", "action", "pseudonym", "count", "outcome"]


@require_roles(Role.AUDITEUR)
def verify(request):
    return render(request, "audit/verify.html", {"report": access_log_verify()})


@require_roles(Role.AUDITEUR)
def rights(request):
    """Every proposal, approval, refusal and revocation of a grant or an API key."""
    form = RightsSearchForm(request.GET or None)
    events = RightsEvent.objects.all()
    if form.is_valid():
        events = events.search(**form.cleaned_data)
    elif form.is_bound:
        events = events.none()
    return render(request, "audit/rights.html", {"filters": form, **paginate(request, events, 50)})
