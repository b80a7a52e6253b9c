"""Person-level pages. Every read goes through visible_to(user) and writes one access event."""

import csv
import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from relais.audit.enums import AccessAction, AccessCategory
from relais.audit.tracing import get_traced, traced
from relais.pathways.models import HealthNote, PathwayStep
from relais.pathways.services import health_note_write, pathway_step_record, pathway_step_update
from relais.people.enums import CONSENT_BLOCKS, ConsentPurpose
from relais.people.models import Consent, Contact, Person, PersonMerge
from relais.people.services import (
    consent_give,
    consent_valid,
    consent_withdraw,
    contact_record,
    contacts_summary,
    distinct_person_count,
    duplicate_groups,
    person_create,
    person_duplicates,
    person_merge,
    person_merge_undo,
    person_update,
)
from relais.referrals.enums import OPEN, ReferralStatus
from relais.referrals.models import Referral
from relais.referrals.proposals import structures_proposed
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
from relais.stays.services import free_places, stay_admit, stay_exit, stay_transfer
from relais.structures.models import Structure
from relais.users.access import require_roles
from relais.users.enums import PERSON_DATA_ROLES, Role
from relais.utils.spreadsheets import safe_cell
from relais.www.people.forms import (
    AdmitForm,
    AliasSearchForm,
    AssignForm,
    ConsentForm,
    ContactForm,
    DeclineForm,
    DirectAdmitForm,
    DuplicateConfirmForm,
    ExitForm,
    HealthNoteForm,
    MergeForm,
    PersonForm,
    ProposalFilterForm,
    ReferralSendForm,
    StepForm,
    StepUpdateForm,
    TransferForm,
)

PERSON_ROLES = tuple(sorted(PERSON_DATA_ROLES))
OUTREACH_ROLES = (Role.COORDINATION, Role.MARAUDE, Role.SOIGNANT)
ANSWER_ROLES = (Role.COORDINATION, Role.OPERATEUR)
A, C = AccessAction, AccessCategory
PAGE_SIZE = 50

WARNING_DUPLICATE = "Une fiche semblable existe déjà : vérifiez avant d'en créer une nouvelle."
ERROR_STEP = "Étape non enregistrée : vérifiez le type, la date et le statut."
ERROR_STEP_UPDATE = "Étape non modifiée : statut ou résultat inconnu."
ERROR_NOTE = "Note non enregistrée : elle est vide ou trop longue (4 000 caractères au plus)."
ERROR_MERGE_UNKNOWN = "Fusion impossible : fiches inconnues."
ERROR_MERGE_TARGET = "Fusion impossible : fiche principale inconnue."
WARNING_DUPLICATE_CONTACT = "Une fiche semblable existe déjà : utilisez son code, ou confirmez la création."
ERROR_DESTINATION = "Choisissez une structure ou un type de place."
ERROR_ASSIGN = "Choisissez une structure ouverte."
ERROR_ACCEPT_FIRST = "Acceptez d'abord l'orientation."
ERROR_PLACE_GONE = "Cette place n'est plus libre : choisissez-en une autre."
ERROR_OWN_STRUCTURE = "Choisissez une de vos structures."
ERROR_EXIT_DESTINATION = "Indiquez la destination à la sortie."
ERROR_TRANSFER_TARGET = "Choisissez la structure d'arrivée."


def _person(request, person_id, action=A.READ):
    return get_traced(
        request,
        Person.objects.visible_to(request.user).select_related("created_by_organization", "merged_into"),
        category=C.PERSON,
        action=action,
        pk=person_id,
    )


def _error(request, exc: ValidationError):
    for message in exc.messages:
        messages.error(request, message)


def _managed_structures(user):
    structures = Structure.objects.operating().order_by("name")
    if user.role == Role.COORDINATION:
        return structures
    return structures.filter(operator=user.organization)


# Persons ------------------------------------------------------------------------------------


@require_roles(*PERSON_ROLES)
def person_list(request):
    persons = Person.objects.visible_to(request.user).active().select_related("created_by_organization")
    query = request.GET.get("code", "").strip().upper()
    if query:
        persons = persons.filter(display_code__icontains=query)
    # The alias is encrypted: it is found through the matching key (alias, year of birth, sex).
    by_alias = AliasSearchForm(request.GET if "alias" in request.GET else None)
    if by_alias.is_valid():
        query = query or "alias"
        persons = persons.filter(matching_key=by_alias.matching_key() or "-")
    page = Paginator(persons.order_by("-created_at", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    # Referring from a structure's page: the list offers to refer each person there.
    towards = request.GET.get("vers", "")
    towards = Structure.objects.operating().filter(pk=towards).first() if towards.isdigit() else None
    traced(request, category=C.PERSON, action=A.SEARCH if query else A.LIST, count=len(page.object_list))
    return render(
        request,
        "people/person_list.html",
        {"page": page, "query": "" if query == "alias" else query, "towards": towards, "by_alias": by_alias},
    )


@require_roles(*PERSON_ROLES)
def person_new(request):
    form = PersonForm(request.POST or None)
    confirm = DuplicateConfirmForm(request.POST or None)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        data = form.person_data()
        confirm.is_valid()
        duplicates = list(person_duplicates(data=data, user=request.user)[:10])
        if duplicates and not confirm.cleaned_data.get("confirm_new"):
            traced(request, category=C.PERSON, action=A.SEARCH, count=len(duplicates))
            messages.warning(request, WARNING_DUPLICATE)
        else:
            person = person_create(data=data, by=request.user)
            traced(request, category=C.PERSON, action=A.CREATE, obj=person)
            messages.success(request, f"Fiche {person.display_code} créée.")
            return redirect("people:person_detail", person.pk)
    return render(request, "people/person_form.html", {"form": form, "confirm": confirm, "duplicates": duplicates})


@require_roles(*PERSON_ROLES)
def person_detail(request, person_id):
    person = _person(request, person_id)
    user = request.user
    today = timezone.localdate()
    consents = list(Consent.objects.filter(person=person).select_related("organization"))
    consent_rows = [
        {
            "purpose": purpose,
            "valid": any(c.purpose == purpose and c.status(today) == "valid" for c in consents),
            "blocks": CONSENT_BLOCKS[purpose],
        }
        for purpose in ConsentPurpose
    ]
    steps = list(
        PathwayStep.objects.filter(person=person)
        .select_related("organization")
        .prefetch_related(Prefetch("health_notes", queryset=HealthNote.objects.only("pk", "step_id", "written_at")))
    )
    readable_notes = list(HealthNote.objects.visible_to(user).filter(person=person).select_related("organization"))
    note_count = HealthNote.objects.filter(person=person).count()
    stays = list(Stay.objects.filter(person=person).select_related("structure", "place").with_nights())
    open_stay = next((s for s in stays if s.is_open), None)
    referrals = list(Referral.objects.filter(person=person).select_related("to_structure", "from_organization"))
    contacts = list(Contact.objects.filter(person=person).select_related("organization")[:20])
    managed = _managed_structures(user) if user.role in ANSWER_ROLES and open_stay is None else None
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "consents": consents,
            "consent_rows": consent_rows,
            "consent_form": ConsentForm(),
            "steps": steps,
            "step_form": StepForm(),
            "notes": readable_notes,
            "note_count": note_count,
            "can_write_note": user.has_perm("pathways.write_health_note"),
            "note_form": HealthNoteForm(steps=steps),
            "stays": stays,
            "open_stay": open_stay,
            "referrals": referrals,
            "contacts": contacts,
            "admit_form": DirectAdmitForm(structures=managed) if managed is not None else None,
            "transfer_form": TransferForm(structures=_managed_structures(user)) if user.role in ANSWER_ROLES else None,
            "exit_form": ExitForm(),
            "can_manage_open_stay": open_stay is not None and user.has_perm("stays.manage_stays", open_stay.structure),
            "merges": PersonMerge.objects.filter(target=person, undone_at__isnull=True).select_related("source"),
            "history": _history(person),
            "timeline": _timeline(contacts, referrals, stays, steps),
            "total_nights": sum(stay.nights for stay in stays),
            "can_merge": user.has_perm("people.merge_persons"),
        },
    )


def _timeline(contacts, referrals, stays, steps) -> list[dict]:
    """One chronology of the person's pathway, newest first, from rows already fetched."""
    events = [
        {"at": c.occurred_at, "kind": "Rencontre", "text": f"{c.location_label} — {c.organization}"} for c in contacts
    ]
    for r in referrals:
        events.append(
            {
                "at": r.sent_at,
                "kind": "Orientation",
                "text": f"vers {r.destination_label} par {r.from_organization} : {r.get_status_display().lower()}",
            }
        )
    for stay in stays:
        events.append({"at": stay.admitted_at, "kind": "Admission", "text": str(stay.structure)})
        if stay.exited_at:
            events.append(
                {
                    "at": stay.exited_at,
                    "kind": "Sortie",
                    "text": f"{stay.structure} → {stay.get_exit_destination_display().lower()} ({stay.nights} nuits)",
                }
            )
    for step in steps:
        at = timezone.make_aware(datetime.datetime.combine(step.on, datetime.time()))
        events.append(
            {
                "at": at,
                "kind": step.get_kind_display(),
                "text": f"{step.organization} : {step.get_status_display().lower()}",
            }
        )
    return sorted(events, key=lambda e: e["at"], reverse=True)


def _history(person):
    """Changes of the record itself (django-auditlog); the alias shows as changed, never its value."""
    from auditlog.models import LogEntry

    entries = LogEntry.objects.get_for_object(person).select_related("actor").order_by("-timestamp")[:20]
    labels = {f.name: f.verbose_name for f in Person._meta.get_fields() if hasattr(f, "verbose_name")}
    return [
        {
            "at": entry.timestamp,
            "actor": entry.actor.username if entry.actor else "système",
            "action": entry.get_action_display(),
            "fields": ", ".join(str(labels.get(name, name)) for name in (entry.changes_dict or {})),
        }
        for entry in entries
    ]


@require_roles(*PERSON_ROLES)
def person_edit(request, person_id):
    person = _person(request, person_id, A.UPDATE if request.method == "POST" else A.READ)
    form = PersonForm(request.POST or None, initial=PersonForm.initial_for(person))
    if request.method == "POST" and form.is_valid():
        try:
            person_update(person=person, data=form.person_data(), by=request.user)
        except ValidationError as exc:
            _error(request, exc)
        else:
            messages.success(request, "Fiche mise à jour.")
            return redirect("people:person_detail", person.pk)
    return render(request, "people/person_form.html", {"form": form, "person": person})


@require_roles(*PERSON_ROLES)
@require_POST
def consent_add(request, person_id):
    person = _person(request, person_id, A.UPDATE)
    form = ConsentForm(request.POST)
    if form.is_valid():
        consent_give(
            person=person, purpose=form.cleaned_data["purpose"], given_on=form.cleaned_data["given_on"], by=request.user
        )
        messages.success(request, "Consentement enregistré.")
    else:
        messages.error(
            request, "Consentement non enregistré : " + " ".join(e for errs in form.errors.values() for e in errs)
        )
    return redirect("people:person_detail", person.pk)


@require_roles(*PERSON_ROLES)
@require_POST
def consent_withdraw_view(request, consent_id):
    consent = get_traced(
        request,
        Consent.objects.visible_to(request.user).select_related("person"),
        category=C.CONSENT,
        action=A.UPDATE,
        pk=consent_id,
    )
    try:
        consent_withdraw(consent=consent, by=request.user)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, "Consentement retiré.")
    return redirect("people:person_detail", consent.person_id)


@require_roles(*PERSON_ROLES)
@require_POST
def step_add(request, person_id):
    person = _person(request, person_id, A.UPDATE)
    form = StepForm(request.POST)
    if form.is_valid():
        try:
            pathway_step_record(person=person, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _error(request, exc)
        else:
            messages.success(request, "Étape du parcours enregistrée.")
    else:
        messages.error(request, ERROR_STEP)
    return redirect("people:person_detail", person.pk)


@require_roles(*PERSON_ROLES)
@require_POST
def step_update(request, step_id):
    step = get_traced(
        request,
        PathwayStep.objects.visible_to(request.user).select_related("person"),
        category=C.PATHWAY,
        action=A.UPDATE,
        pk=step_id,
    )
    if not request.user.has_perm("pathways.update_step", step):
        raise PermissionDenied
    form = StepUpdateForm(request.POST)
    if form.is_valid():
        pathway_step_update(step=step, by=request.user, **form.cleaned_data)
        messages.success(request, "Étape mise à jour.")
    else:
        messages.error(request, ERROR_STEP_UPDATE)
    return redirect("people:person_detail", step.person_id)


@require_roles(Role.SOIGNANT)
@require_POST
def health_note_add(request, person_id):
    person = _person(request, person_id, A.UPDATE)
    steps = PathwayStep.objects.filter(person=person)
    form = HealthNoteForm(request.POST, steps=steps)
    if form.is_valid():
        step = steps.filter(pk=form.cleaned_data["step"]).first() if form.cleaned_data["step"] else None
        try:
            health_note_write(person=person, by=request.user, text=form.cleaned_data["text"], step=step)
        except ValidationError as exc:
            _error(request, exc)
        else:
            messages.success(request, "Note de santé enregistrée (chiffrée, lisible par les soignants seulement).")
    else:
        messages.error(request, ERROR_NOTE)
    return redirect("people:person_detail", person.pk)


@require_roles(Role.COORDINATION)
def duplicates(request):
    groups = list(duplicate_groups()[:50])
    persons = Person.objects.active().filter(matching_key__in=[g["matching_key"] for g in groups])
    by_key = {}
    for person in persons.select_related("created_by_organization").order_by("created_at"):
        by_key.setdefault(person.matching_key, []).append(person)
    rows = [by_key.get(g["matching_key"], []) for g in groups]
    merges = PersonMerge.objects.select_related("source", "target", "merged_by")[:20]
    traced(request, category=C.PERSON, action=A.LIST, count=sum(len(r) for r in rows))
    return render(
        request,
        "people/duplicates.html",
        {"rows": rows, "merges": merges, "counts": distinct_person_count()},
    )


@require_roles(Role.COORDINATION)
@require_POST
def merge(request):
    form = MergeForm(request.POST)
    if not form.is_valid():
        messages.error(request, ERROR_MERGE_UNKNOWN)
        return redirect("people:duplicates")
    source = get_traced(
        request,
        Person.objects.visible_to(request.user),
        category=C.PERSON,
        action=A.UPDATE,
        pk=form.cleaned_data["source"],
    )
    target = Person.objects.visible_to(request.user).filter(pk=form.cleaned_data["target"]).first()
    if target is None:
        messages.error(request, ERROR_MERGE_TARGET)
        return redirect("people:duplicates")
    try:
        person_merge(source=source, target=target, by=request.user)
    except ValidationError as exc:
        _error(request, exc)
        return redirect("people:duplicates")
    messages.success(request, f"Fiche {source.display_code} fusionnée dans {target.display_code}.")
    return redirect("people:duplicates")


@require_roles(Role.COORDINATION)
@require_POST
def merge_undo(request, merge_id):
    merge_row = get_traced(
        request, PersonMerge.objects.select_related("source"), category=C.PERSON, action=A.UPDATE, pk=merge_id
    )
    try:
        person_merge_undo(merge=merge_row, by=request.user)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, f"Fusion annulée : la fiche {merge_row.source.display_code} est rétablie.")
    return redirect("people:duplicates")


# Contacts -----------------------------------------------------------------------------------


@require_roles(*PERSON_ROLES)
def contact_list(request):
    contacts = Contact.objects.visible_to(request.user).select_related("person", "organization")
    if request.user.role != Role.COORDINATION:
        contacts = contacts.filter(organization=request.user.organization)
    page = Paginator(contacts, PAGE_SIZE).get_page(request.GET.get("page"))
    traced(request, category=C.CONTACT, action=A.LIST, count=len(page.object_list))
    return render(request, "people/contact_list.html", {"page": page, "summary": contacts_summary(contacts)})


@require_roles(*OUTREACH_ROLES)
def contact_create(request):
    persons = Person.objects.visible_to(request.user)
    form = ContactForm(request.POST or None, persons=persons)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        who = data["who"]
        if who == "new" and not data.get("confirm_new"):
            duplicates = list(person_duplicates(data=form.person_data(), user=request.user)[:10])
        if duplicates:
            traced(request, category=C.PERSON, action=A.SEARCH, count=len(duplicates))
            messages.warning(request, WARNING_DUPLICATE_CONTACT)
            return render(request, "people/contact_form.html", {"form": form, "duplicates": duplicates})
        try:
            contact = contact_record(
                by=request.user,
                location_label=data["location_label"],
                cog=data.get("cog") or "",
                person=data.get("person") if who == "known" else None,
                new_person=form.person_data() if who == "new" else None,
                people_count=data["people_count"] if who == "anonymous" else 1,
                consents=tuple(data.get("consents") or ()),
            )
        except ValidationError as exc:
            _error(request, exc)
        else:
            if data["latitude"] is not None and data["longitude"] is not None:
                Contact.objects.filter(pk=contact.pk).update(latitude=data["latitude"], longitude=data["longitude"])
            traced(request, category=C.CONTACT, action=A.CREATE, obj=contact)
            if contact.person_id is None:
                messages.success(request, f"Rencontre enregistrée : {contact.people_count} personne(s).")
                return redirect("people:contact_create")
            messages.success(request, f"Rencontre enregistrée avec {contact.person.display_code}.")
            if data.get("then_refer"):
                return redirect(f"{reverse('people:refer', args=[contact.person_id])}?rencontre={contact.pk}")
            return redirect("people:person_detail", contact.person_id)
    return render(request, "people/contact_form.html", {"form": form, "duplicates": duplicates})


# Referrals ----------------------------------------------------------------------------------


@require_roles(*PERSON_ROLES)
def refer(request, person_id):
    """Structures that fit, with free places now (board figures) and distance to the contact site."""
    person = _person(request, person_id, A.CREATE if request.method == "POST" else A.READ)
    # The encounter this referral comes from (the site gives the distances), else the latest one.
    contacts = Contact.objects.filter(person=person).order_by("-occurred_at")
    requested = request.POST.get("contact") or request.GET.get("rencontre") or ""
    contact = (contacts.filter(pk=requested).first() if requested.isdigit() else None) or contacts.first()
    if request.method == "POST":
        form = ReferralSendForm(request.POST)
        if form.is_valid():
            structure = None
            if form.cleaned_data["structure"]:
                structure = Structure.objects.operating().filter(pk=form.cleaned_data["structure"]).first()
            try:
                referral = referral_send(
                    person=person,
                    by=request.user,
                    to_structure=structure,
                    to_kind=form.cleaned_data["to_kind"] or "",
                    contact=contact,
                )
            except ValidationError as exc:
                _error(request, exc)
            else:
                messages.success(request, f"Orientation envoyée vers {referral.destination_label}.")
                return redirect("people:referral_detail", referral.pk)
        else:
            messages.error(request, ERROR_DESTINATION)
        return redirect("people:refer", person.pk)
    filters = ProposalFilterForm(request.GET or None)
    filters.is_valid()
    cleaned = getattr(filters, "cleaned_data", {}) or {}
    proposals = structures_proposed(
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
            "consent_ok": consent_valid(person, ConsentPurpose.COORDINATION),
            "consent_block": CONSENT_BLOCKS[ConsentPurpose.COORDINATION],
            "kinds": ReferralSendForm.base_fields["to_kind"].choices[1:],
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
    places = free_places(referral.to_structure) if referral.to_structure_id and can_answer else None
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
    try:
        operation(referral)
    except ValidationError as exc:
        _error(request, exc)
    else:
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
        referral_assign(referral=referral, structure=form.cleaned_data["structure"], by=request.user)

    return _referral_action(
        request, referral_id, "referrals.assign_referral", assign, "Structure attribuée : elle reçoit l'orientation."
    )


@require_roles(*ANSWER_ROLES)
@require_POST
def referral_admit_view(request, referral_id):
    def admit(referral):
        if referral.status != ReferralStatus.ACCEPTED:
            raise ValidationError(ERROR_ACCEPT_FIRST)
        form = AdmitForm(request.POST, places=free_places(referral.to_structure))
        if not form.is_valid():
            raise ValidationError(ERROR_PLACE_GONE)
        stay_admit(
            person=referral.person,
            structure=referral.to_structure,
            referral=referral,
            place=form.cleaned_data["place"],
            by=request.user,
        )

    return _referral_action(
        request, referral_id, "referrals.answer_referral", admit, "Admission enregistrée : la place est occupée."
    )


# Stays --------------------------------------------------------------------------------------


@require_roles(*ANSWER_ROLES)
@require_POST
def admit_direct(request, person_id):
    person = _person(request, person_id, A.UPDATE)
    structures = _managed_structures(request.user)
    form = DirectAdmitForm(request.POST, structures=structures)
    if not form.is_valid():
        messages.error(request, ERROR_OWN_STRUCTURE)
        return redirect("people:person_detail", person.pk)
    try:
        stay_admit(person=person, structure=form.cleaned_data["structure"], by=request.user)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, "Admission enregistrée.")
    return redirect("people:person_detail", person.pk)


@require_roles(*PERSON_ROLES)
def stay_list(request):
    user = request.user
    stays = Stay.objects.visible_to(user).open().select_related("person", "structure", "place").with_nights()
    if user.role != Role.COORDINATION:
        stays = stays.filter(structure__operator=user.organization)
    page = Paginator(stays.order_by("structure__name", "-admitted_at", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    can_manage = user.role in ANSWER_ROLES
    traced(request, category=C.STAY, action=A.LIST, count=len(page.object_list))
    return render(
        request,
        "people/stay_list.html",
        {
            "page": page,
            "can_manage": can_manage,
            "exit_form": ExitForm(),
            "transfer_form": TransferForm(structures=_managed_structures(user)),
        },
    )


def _csv_cell(value) -> str:
    return safe_cell(str(value))


@require_roles(*ANSWER_ROLES)
def stay_export(request):
    """Open stays of the user's structures as CSV (pseudonymous codes, never the alias)."""
    user = request.user
    stays = Stay.objects.visible_to(user).open().select_related("person", "structure", "place").with_nights()
    if user.role != Role.COORDINATION:
        stays = stays.filter(structure__operator=user.organization)
    stays = list(stays.order_by("structure__name", "place__location_label", "place__label", "pk"))
    traced(request, category=C.STAY, action=A.EXPORT, count=len(stays))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="sejours-en-cours.csv"'
    response.write("\ufeff")  # BOM: spreadsheets then read UTF-8 accents correctly
    writer = csv.writer(response, delimiter=";")
    writer.writerow(["structure", "lieu", "place", "code personne", "admission", "nuits"])
    for stay in stays:
        writer.writerow(
            [
                _csv_cell(stay.structure.name),
                _csv_cell(stay.place.location_label if stay.place else ""),
                _csv_cell(stay.place.label if stay.place else ""),
                stay.person.display_code,
                timezone.localtime(stay.admitted_at).strftime("%d/%m/%Y"),
                stay.nights,
            ]
        )
    return response


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


@require_roles(*ANSWER_ROLES)
@require_POST
def stay_exit_view(request, stay_id):
    stay = _managed_stay(request, stay_id)
    form = ExitForm(request.POST)
    if not form.is_valid():
        messages.error(request, ERROR_EXIT_DESTINATION)
    else:
        try:
            stay_exit(stay=stay, by=request.user, destination=form.cleaned_data["destination"])
        except ValidationError as exc:
            _error(request, exc)
        else:
            messages.success(request, f"Sortie de {stay.person.display_code} enregistrée.")
    if request.POST.get("retour") == "liste":
        return redirect("people:stay_list")
    return redirect("people:person_detail", stay.person_id)


@require_roles(*ANSWER_ROLES)
@require_POST
def stay_transfer_view(request, stay_id):
    stay = _managed_stay(request, stay_id)
    form = TransferForm(request.POST, structures=_managed_structures(request.user))
    if not form.is_valid():
        messages.error(request, ERROR_TRANSFER_TARGET)
    else:
        try:
            new = stay_transfer(stay=stay, to_structure=form.cleaned_data["to_structure"], by=request.user)
        except ValidationError as exc:
            _error(request, exc)
        else:
            messages.success(request, f"Transfert enregistré vers {new.structure}.")
    return redirect("people:person_detail", stay.person_id)
