"""Referrals: proposals of structures, sending, the inbox and the answers."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from relais.audit.tracing import get_traced, traced
from relais.orientation.proposals import proposals_for
from relais.people.enums import CONSENT_BLOCKS, ConsentPurpose
from relais.people.models import Contact
from relais.people.services import consent_valid
from relais.referrals.enums import OPEN, ReferralStatus
from relais.referrals.models import Referral
from relais.referrals.services import (
    delay_label,
    referral_accept,
    referral_acknowledge,
    referral_assign,
    referral_cancel,
    referral_decline,
    referral_send,
    waiting_times,
)
from relais.stays.models import Stay
from relais.stays.services import fitting_free_places, stay_admit
from relais.structures.models import Structure
from relais.users.access import require_roles
from relais.users.enums import Role
from relais.www.core import outbox
from relais.www.core.outbox import from_outbox
from relais.www.core.services import flash_submit, submit
from relais.www.people.forms import AdmitForm, AssignForm, DeclineForm, ProposalFilterForm, ReferralSendForm
from relais.www.people.views.common import ANSWER_ROLES, PERSON_ROLES, A, C, traced_person

ERROR_DESTINATION = "Choisissez une structure ou un type de place."
ERROR_ASSIGN = "Choisissez une structure ouverte."
ERROR_ACCEPT_FIRST = "Acceptez d'abord l'orientation."
ERROR_PLACE_GONE = "Cette place n'est plus libre : choisissez-en une autre."


@require_roles(*PERSON_ROLES)
def refer(request, person_id):
    """Structures that fit, with free places now (board figures) and distance to the contact site."""
    person = traced_person(request, person_id, A.CREATE if request.method == "POST" else A.READ)
    # The encounter this referral comes from (the site gives the distances), else the latest one.
    contacts = Contact.objects.filter(person=person).order_by("-occurred_at")
    requested = request.POST.get("contact") or request.GET.get("rencontre") or ""
    contact = (contacts.filter(pk=requested).first() if requested.isdigit() else None) or contacts.first()
    if request.method == "POST":
        form = ReferralSendForm(request.POST)

        def send():
            structure = None
            if form.cleaned_data["structure"]:
                structure = Structure.objects.operating().filter(pk=form.cleaned_data["structure"]).first()
            return referral_send(
                person=person,
                by=request.user,
                to_structure=structure,
                to_kind=form.cleaned_data["to_kind"] or "",
                contact=contact,
                comment=form.cleaned_data["comment"],
                require_free_place=True,
                idempotency_key=form.cleaned_data["idempotency_key"],
            )

        if from_outbox(request):
            referral = submit(form, send)
            if referral is None:
                return outbox.refused(outbox.form_errors(form) or [ERROR_DESTINATION])
        else:
            referral = flash_submit(request, send, form=form)
        if referral is not None:
            message = f"Orientation envoyée vers {referral.destination_label}."
            return outbox.done(request, message, reverse("people:referral_detail", args=[referral.pk]))
        return redirect("people:refer", person.pk)
    filters = ProposalFilterForm(request.GET or None)
    filters.is_valid()
    cleaned = getattr(filters, "cleaned_data", {}) or {}
    proposals, left_out = proposals_for(
        person=person, contact=contact, kind=cleaned.get("type", ""), attribute=cleaned.get("caracteristique", "")
    )
    return render(
        request,
        "people/refer.html",
        {
            "person": person,
            "contact": contact,
            "filters": filters,
            "proposals": proposals,
            "left_out": left_out,
            "consent_ok": consent_valid(person, ConsentPurpose.COORDINATION),
            "consent_block": CONSENT_BLOCKS[ConsentPurpose.COORDINATION],
            "kinds": ReferralSendForm.base_fields["to_kind"].choices[1:],
            "form": ReferralSendForm(),
        },
    )


@require_roles(*PERSON_ROLES)
def referral_list(request):
    user = request.user
    base = Referral.objects.visible_to(user).select_related("person", "to_structure", "from_organization")
    inbox = list(base.inbox_for(user).order_by("sent_at")[:200])
    # What the team follows: its referrals still open, and those closed in the last two weeks.
    recent = timezone.now() - datetime.timedelta(days=14)
    sent = (
        list(
            base.sent_by_org(user.organization)
            .filter(Q(status__in=OPEN) | Q(closed_at__gte=recent))
            .order_by("-sent_at")[:100]
        )
        if user.role != Role.COORDINATION
        else []
    )
    overdue = set(base.overdue().values_list("pk", flat=True))
    for referral in inbox + sent:
        referral.overdue = referral.pk in overdue
    traced(request, category=C.REFERRAL, action=A.LIST, count=len(inbox) + len(sent))
    return render(
        request,
        "people/referral_list.html",
        {
            "inbox": inbox,
            "sent": sent,
            "waiting": {k: delay_label(v) for k, v in waiting_times(base).items()}
            if user.role == Role.COORDINATION
            else None,
        },
    )


def _referral(request, referral_id, action=A.UPDATE):
    return get_traced(
        request,
        Referral.objects.visible_to(request.user).select_related(
            "person", "to_structure__operator", "from_organization", "sent_by"
        ),
        category=C.REFERRAL,
        action=action,
        pk=referral_id,
    )


@require_roles(*PERSON_ROLES)
def referral_detail(request, referral_id):
    referral = _referral(request, referral_id, A.READ)
    user = request.user
    can_answer = user.has_perm("referrals.answer_referral", referral)
    places = (
        fitting_free_places(referral.to_structure, referral.person) if referral.to_structure_id and can_answer else None
    )
    return render(
        request,
        "people/referral_detail.html",
        {
            "referral": referral,
            "transitions": referral.transitions.select_related("by", "organization"),
            "can_answer": can_answer,
            "can_cancel": user.has_perm("referrals.cancel_referral", referral),
            "can_assign": user.has_perm("referrals.assign_referral", referral) and not referral.to_structure_id,
            "decline_form": DeclineForm(),
            "admit_form": AdmitForm(places=places) if places is not None else None,
            "assign_form": AssignForm(structures=Structure.objects.operating().filter(kind=referral.to_kind))
            if not referral.to_structure_id
            else None,
            "stay": Stay.objects.filter(referral=referral).first(),
        },
    )


@require_roles(*PERSON_ROLES)
def referral_print(request, referral_id):
    """The liaison sheet the team hands over with the person: pseudonymous, no health content."""
    referral = _referral(request, referral_id, A.PRINT)
    return render(
        request,
        "people/referral_print.html",
        {
            "referral": referral,
            "consent_ok": consent_valid(referral.person, ConsentPurpose.COORDINATION),
            "contact": referral.contact,
        },
    )


def _referral_action(request, referral_id, perm, operation, success):
    referral = _referral(request, referral_id)
    if not request.user.has_perm(perm, referral):
        raise PermissionDenied
    if flash_submit(request, lambda: operation(referral)):
        messages.success(request, success)
    return redirect("people:referral_detail", referral.pk)


@require_roles(*ANSWER_ROLES)
@require_POST
def referral_acknowledge_view(request, referral_id):
    return _referral_action(
        request,
        referral_id,
        "referrals.answer_referral",
        lambda r: referral_acknowledge(referral=r, by=request.user),
        "Orientation prise en compte : l'équipe qui l'a envoyée le voit.",
    )


@require_roles(*ANSWER_ROLES)
@require_POST
def referral_accept_view(request, referral_id):
    return _referral_action(
        request,
        referral_id,
        "referrals.answer_referral",
        lambda r: referral_accept(referral=r, by=request.user),
        "Orientation acceptée : enregistrez l'admission à l'arrivée de la personne.",
    )


@require_roles(*ANSWER_ROLES)
@require_POST
def referral_decline_view(request, referral_id):
    form = DeclineForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _referral_action(
        request,
        referral_id,
        "referrals.answer_referral",
        lambda r: referral_decline(referral=r, by=request.user, reason=reason),
        "Orientation refusée ; l'équipe qui l'a envoyée est prévenue.",
    )


@require_roles(*PERSON_ROLES)
@require_POST
def referral_cancel_view(request, referral_id):
    return _referral_action(
        request,
        referral_id,
        "referrals.cancel_referral",
        lambda r: referral_cancel(referral=r, by=request.user),
        "Orientation annulée.",
    )


@require_roles(Role.COORDINATION)
@require_POST
def referral_assign_view(request, referral_id):
    def assign(referral):
        form = AssignForm(request.POST, structures=Structure.objects.operating())
        if not form.is_valid():
            raise ValidationError(ERROR_ASSIGN)
        return referral_assign(referral=referral, structure=form.cleaned_data["structure"], by=request.user)

    return _referral_action(
        request, referral_id, "referrals.assign_referral", assign, "Structure attribuée : elle reçoit l'orientation."
    )


@require_roles(*ANSWER_ROLES)
@require_POST
def referral_admit_view(request, referral_id):
    def admit(referral):
        if referral.status != ReferralStatus.ACCEPTED:
            raise ValidationError(ERROR_ACCEPT_FIRST)
        form = AdmitForm(request.POST, places=fitting_free_places(referral.to_structure, referral.person))
        if not form.is_valid():
            raise ValidationError(ERROR_PLACE_GONE)
        return stay_admit(
            person=referral.person,
            structure=referral.to_structure,
            referral=referral,
            place=form.cleaned_data["place"],
            by=request.user,
        )

    return _referral_action(
        request, referral_id, "referrals.answer_referral", admit, "Admission enregistrée : la place est occupée."
    )
