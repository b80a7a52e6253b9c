"""Stays: direct admission, the list of open stays, its export, exit and transfer."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from relais.audit.tracing import get_traced, traced
from relais.stays.models import Stay
from relais.stays.services import stay_admit, stay_exit, stay_transfer
from relais.users.access import require_recent_auth, require_roles
from relais.users.enums import Role
from relais.www.core.downloads import csv_download
from relais.www.core.pagination import paginate
from relais.www.core.services import flash_submit
from relais.www.people.forms import DirectAdmitForm, ExitForm, TransferForm
from relais.www.people.views.common import (
    ANSWER_ROLES,
    PAGE_SIZE,
    PERSON_ROLES,
    A,
    C,
    managed_structures,
    traced_person,
)

ERROR_OWN_STRUCTURE = "Choisissez une de vos structures."
ERROR_TRANSFER_TARGET = "Choisissez la structure d'arrivée."


@require_roles(*ANSWER_ROLES)
@require_POST
def admit_direct(request, person_id):
    person = traced_person(request, person_id, A.UPDATE)
    structures = managed_structures(request.user)
    form = DirectAdmitForm(request.POST, structures=structures)
    if not form.is_valid():
        messages.error(request, ERROR_OWN_STRUCTURE)
        return redirect("people:person_detail", person.pk)
    if flash_submit(
        request, lambda: stay_admit(person=person, structure=form.cleaned_data["structure"], by=request.user)
    ):
        messages.success(request, "Admission enregistrée.")
    return redirect("people:person_detail", person.pk)


@require_roles(*PERSON_ROLES)
def stay_list(request):
    user = request.user
    stays = Stay.objects.visible_to(user).open().select_related("person", "structure", "place").with_nights()
    if user.role != Role.COORDINATION:
        stays = stays.filter(structure__operator=user.organization)
    pagination = paginate(request, stays.order_by("structure__name", "-admitted_at", "pk"), PAGE_SIZE, query={})
    can_manage = user.role in ANSWER_ROLES
    traced(request, category=C.STAY, action=A.LIST, count=len(pagination["page"].object_list))
    return render(
        request,
        "people/stay_list.html",
        {
            **pagination,
            "can_manage": can_manage,
        },
    )


@require_roles(*ANSWER_ROLES)
@require_recent_auth
def stay_export(request):
    """Open stays of the user's structures as CSV (pseudonymous codes, never the alias)."""
    user = request.user
    stays = Stay.objects.visible_to(user).open().select_related("person", "structure", "place").with_nights()
    if user.role != Role.COORDINATION:
        stays = stays.filter(structure__operator=user.organization)
    stays = list(stays.order_by("structure__name", "place__location_label", "place__label", "pk"))
    traced(request, category=C.STAY, action=A.EXPORT, count=len(stays))
    header = ["structure", "lieu", "place", "code personne", "admission", "nuits"]
    rows = [
        [
            stay.structure.name,
            stay.place.location_label if stay.place else "",
            stay.place.label if stay.place else "",
            stay.person.display_code,
            timezone.localtime(stay.admitted_at).strftime("%d/%m/%Y"),
            stay.nights,
        ]
        for stay in stays
    ]
    return csv_download([header, *rows], filename="sejours-en-cours.csv")


def _managed_stay(request, stay_id):
    stay = get_traced(
        request,
        Stay.objects.visible_to(request.user).select_related("person", "structure"),
        category=C.STAY,
        action=A.UPDATE,
        pk=stay_id,
    )
    if not request.user.has_perm("stays.manage_stays", stay.structure):
        raise PermissionDenied
    return stay


def exit_moment(stay, day: datetime.date) -> datetime.datetime:
    """Now for an exit today; noon of an earlier day (never before the admission)."""
    if day >= timezone.localdate():
        return timezone.now()
    noon = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    return max(noon, stay.admitted_at) if timezone.localdate(stay.admitted_at) == day else noon


@require_roles(*ANSWER_ROLES)
def stay_exit_view(request, stay_id):
    """The exit asks for the destination (none preselected), the date, and a confirmation."""
    stay = _managed_stay(request, stay_id)
    back = "liste" if (request.POST.get("retour") or request.GET.get("retour")) == "liste" else "fiche"
    if request.method != "POST":
        return render(request, "people/stay_exit.html", {"stay": stay, "form": ExitForm(), "back": back})
    form = ExitForm(request.POST)
    if flash_submit(
        request,
        lambda: stay_exit(
            stay=stay,
            by=request.user,
            destination=form.cleaned_data["destination"],
            at=exit_moment(stay, form.cleaned_data["exited_on"]),
        ),
        form=form,
    ):
        messages.success(request, f"Sortie de {stay.person.display_code} enregistrée.")
    elif back == "liste":
        return redirect(f"{reverse('people:stay_exit', args=[stay.pk])}?retour=liste")
    if back == "liste":
        return redirect("people:stay_list")
    return redirect("people:person_detail", stay.person_id)


@require_roles(*ANSWER_ROLES)
@require_POST
def stay_transfer_view(request, stay_id):
    stay = _managed_stay(request, stay_id)
    form = TransferForm(request.POST, structures=managed_structures(request.user))
    new = flash_submit(
        request,
        lambda: stay_transfer(stay=stay, to_structure=form.cleaned_data["to_structure"], by=request.user),
        form=form,
        invalid=ERROR_TRANSFER_TARGET,
    )
    if new is not None:
        messages.success(request, f"Transfert enregistré vers {new.structure}.")
    return redirect("people:person_detail", stay.person_id)
