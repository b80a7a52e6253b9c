"""Break-glass pages: opening one (soignant, maraude, operateur) and reviewing them (auditor)."""

from django.db.models import Count, Max, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from relais.identity.break_glass import (
    BREAK_GLASS_ROLES,
    break_glass_open,
    break_glass_remember,
    break_glass_review,
)
from relais.identity.filters import BreakGlassFilter
from relais.identity.models import BreakGlassAccess
from relais.people.models import Person
from relais.users.access import require_roles
from relais.users.enums import Role
from relais.www.accounts.forms import BreakGlassForm, BreakGlassReviewForm
from relais.www.core.pagination import paginate
from relais.www.core.services import submit

ERROR_UNKNOWN_CODE = "Aucune personne n'a ce code."


@require_roles(*BREAK_GLASS_ROLES)
def open_access(request):
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = Person.objects.active().filter(display_code=form.cleaned_data["code"].strip().upper()).first()
        if person is None:
            form.add_error("code", ERROR_UNKNOWN_CODE)
        else:
            access = submit(
                form, lambda: break_glass_open(user=request.user, person=person, reason=form.cleaned_data["reason"])
            )
            if access is not None:
                break_glass_remember(request, access)
                return redirect("people:person_detail", person_id=person.pk)
    return render(request, "accounts/break_glass_open.html", {"form": form})


@require_roles(Role.AUDITEUR)
def review_list(request):
    accesses = BreakGlassAccess.objects.select_related("user", "person", "reviewed_by").order_by(
        "reviewed_at", "-started_at"
    )
    filters = BreakGlassFilter(request.GET, queryset=accesses)
    return render(request, "accounts/break_glass_review.html", paginate(request, filters.qs, 50))


@require_roles(Role.AUDITEUR)
@require_POST
def review(request, pk):
    form = BreakGlassReviewForm(request.POST)
    if form.is_valid():
        access = get_object_or_404(BreakGlassAccess, pk=pk)
        break_glass_review(access=access, reviewer=request.user, comment=form.cleaned_data["comment"])
    return redirect("accounts:break_glass_review")


@require_roles(Role.AUDITEUR)
def by_user(request):
    """One line per user: how often, how recently, how many still unreviewed."""
    rows = (
        BreakGlassAccess.objects.values("user__username")
        .annotate(total=Count("pk"), unreviewed=Count("pk", filter=Q(reviewed_at__isnull=True)), last=Max("started_at"))
        .order_by("-total", "user__username")
    )
    return render(request, "accounts/break_glass_by_user.html", {"rows": rows})
