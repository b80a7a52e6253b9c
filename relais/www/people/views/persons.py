"""Person records: search, creation, detail, consents, pathway steps, health notes, duplicates and merges."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from relais.audit.tracing import get_traced, traced
from relais.pathways.enums import StepSensitivity
from relais.pathways.models import HealthNote, PathwayStep
from relais.pathways.services import health_note_write, pathway_step_record, pathway_step_update
from relais.people.enums import CONSENT_BLOCKS, ConsentPurpose
from relais.people.models import Consent, Contact, Person, PersonMerge
from relais.people.services import (
    consent_give,
    consent_withdraw,
    distinct_person_count,
    duplicate_groups,
    person_create,
    person_duplicates,
    person_merge,
    person_merge_undo,
    person_update,
)
from relais.referrals.models import Referral
from relais.stays.models import Stay
from relais.structures.models import Structure
from relais.users.access import require_recent_auth, require_roles
from relais.users.enums import Role
from relais.www.core.pagination import paginate
from relais.www.core.services import flash_submit, submit
from relais.www.people.forms import (
    AliasSearchForm,
    ConsentForm,
    DirectAdmitForm,
    DuplicateConfirmForm,
    ExitForm,
    HealthNoteForm,
    MergeForm,
    PersonForm,
    StepForm,
    StepUpdateForm,
    TransferForm,
)
from relais.www.people.views.common import (
    ANSWER_ROLES,
    PAGE_SIZE,
    PERSON_ROLES,
    A,
    C,
    managed_structures,
    traced_person,
)

WARNING_DUPLICATE = "Une fiche semblable existe déjà : vérifiez avant d'en créer une nouvelle."
ERROR_STEP = "Étape non enregistrée : corrigez les champs signalés."
ERROR_CONSENT = "Consentement non enregistré : corrigez les champs signalés."
ERROR_STEP_UPDATE = "Étape non modifiée : statut ou résultat inconnu."
ERROR_NOTE = "Note non enregistrée : elle est vide ou trop longue (4 000 caractères au plus)."
ERROR_MERGE_UNKNOWN = "Fusion impossible : fiches inconnues."
ERROR_MERGE_TARGET = "Fusion impossible : fiche principale inconnue."


# The session keeps the last alias search as its matching key (never the alias) for its next pages.
ALIAS_SEARCH_SESSION_KEY = "people_alias_search"
ALIAS_SEARCH_PARAM = "recherche"


@require_roles(*PERSON_ROLES)
def person_list(request):
    persons = Person.objects.visible_to(request.user).active().select_related("created_by_organization")
    query = request.GET.get("code", "").strip().upper()
    if query:
        persons = persons.filter(display_code__icontains=query)
    # The alias is encrypted: it is found through the matching key (alias, year of birth, sex). It is
    # searched by POST only, so that it never reaches a URL, a server log or the browser's history.
    by_alias = AliasSearchForm(request.POST if request.method == "POST" else None)
    matching = None
    if by_alias.is_valid():
        matching = by_alias.matching_key() or "-"
        request.session[ALIAS_SEARCH_SESSION_KEY] = matching
    elif request.method == "GET" and ALIAS_SEARCH_PARAM in request.GET:
        matching = request.session.get(ALIAS_SEARCH_SESSION_KEY)
    if matching:
        query = query or "alias"
        persons = persons.filter(matching_key=matching)
    # Referring from a structure's page: the list offers to refer each person there.
    towards = request.POST.get("vers") or request.GET.get("vers", "")
    towards = Structure.objects.operating().filter(pk=towards).first() if towards.isdigit() else None
    # The other pages repeat the search by its code or its session key, never what else came in the URL.
    pagination = paginate(
        request,
        persons.order_by("-created_at", "pk"),
        PAGE_SIZE,
        query={
            "code": "" if query == "alias" else query,
            "vers": str(towards.pk) if towards else "",
            ALIAS_SEARCH_PARAM: "1" if matching else "",
        },
    )
    found = pagination["page"].object_list
    traced(
        request,
        category=C.PERSON,
        action=A.SEARCH if query else A.LIST,
        count=len(found),
        obj=found[0] if query and len(found) == 1 else None,
    )
    return render(
        request,
        "people/person_list.html",
        {
            **pagination,
            "query": "" if query == "alias" else query,
            "towards": towards,
            "by_alias": by_alias,
        },
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
    return _person_page(request, traced_person(request, person_id, trace_allowed=False))


def _person_page(request, person, *, consent_form=None, step_form=None, trace=True):
    """The person's page; a refused consent or step comes back in it with its errors beside its fields.

    `trace=False` when the request already recorded its access event (the refused update)."""
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
    # Every step shows that it exists; a care step what it is only to the soignant `health_access` lets in.
    steps = list(
        PathwayStep.objects.filter(person=person)
        .with_kind_shown(user)
        .select_related("organization")
        .prefetch_related(Prefetch("health_notes", queryset=HealthNote.objects.only("pk", "step_id", "written_at")))
    )
    readable_notes = list(HealthNote.objects.visible_to(user).filter(person=person).select_related("organization"))
    reads_health = bool(readable_notes) or any(s.kind_shown and s.sensitivity == StepSensitivity.HEALTH for s in steps)
    if trace:  # One event per page: a page that shows health notes or care steps is a read of health data.
        traced(request, category=C.HEALTH_NOTE if reads_health else C.PERSON, action=A.READ, obj=person)
    note_count = HealthNote.objects.filter(person=person).count()
    stays = list(Stay.objects.filter(person=person).select_related("structure", "place").with_nights())
    open_stay = next((s for s in stays if s.is_open), None)
    referrals = list(Referral.objects.filter(person=person).select_related("to_structure", "from_organization"))
    contacts = list(Contact.objects.filter(person=person).select_related("organization")[:20])
    managed = managed_structures(user) if user.role in ANSWER_ROLES and open_stay is None else None
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "consents": consents,
            "consent_rows": consent_rows,
            "consent_form": consent_form or ConsentForm(),
            "steps": steps,
            "step_form": step_form or StepForm(health=user.has_perm("pathways.record_health_step")),
            "notes": readable_notes,
            "note_count": note_count,
            "masked_notes": note_count - len(readable_notes),
            # Reached by break-glass: reading only, no form (the writes would answer 404).
            "writable": user.role == Role.COORDINATION
            or Person.objects.actionable_by(user).filter(pk=person.pk).exists(),
            "can_write_note": user.has_perm("pathways.write_health_note"),
            "note_form": HealthNoteForm(steps=[s for s in steps if s.kind_shown]),
            "stays": stays,
            "open_stay": open_stay,
            "referrals": referrals,
            "contacts": contacts,
            "admit_form": DirectAdmitForm(structures=managed) if managed is not None else None,
            "transfer_form": TransferForm(structures=managed_structures(user)) if user.role in ANSWER_ROLES else None,
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
        if not step.kind_shown:  # a care step the reader may not read: only that it exists
            events.append({"at": at, "kind": step.masked_label, "text": "contenu réservé aux soignants en charge"})
            continue
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
    person = traced_person(request, person_id, A.UPDATE if request.method == "POST" else A.READ)
    form = PersonForm(request.POST or None, initial=PersonForm.initial_for(person))
    if request.method == "POST" and submit(
        form, lambda: person_update(person=person, data=form.person_data(), by=request.user)
    ):
        messages.success(request, "Fiche mise à jour.")
        return redirect("people:person_detail", person.pk)
    return render(request, "people/person_form.html", {"form": form, "person": person})


@require_roles(*PERSON_ROLES)
@require_POST
def consent_add(request, person_id):
    person = traced_person(request, person_id, A.UPDATE)
    form = ConsentForm(request.POST)
    if not submit(form, lambda: consent_give(person=person, by=request.user, **form.cleaned_data)):
        messages.error(request, ERROR_CONSENT)
        return _person_page(request, person, consent_form=form, trace=False)
    messages.success(request, "Consentement enregistré.")
    return redirect("people:person_detail", person.pk)


@require_roles(*PERSON_ROLES)
@require_POST
def consent_withdraw_view(request, consent_id):
    consent = get_traced(
        request,
        Consent.objects.actionable_by(request.user).select_related("person"),
        category=C.CONSENT,
        action=A.UPDATE,
        pk=consent_id,
    )
    if flash_submit(request, lambda: consent_withdraw(consent=consent, by=request.user)):
        messages.success(request, "Consentement retiré.")
    return redirect("people:person_detail", consent.person_id)


@require_roles(*PERSON_ROLES)
@require_POST
def step_add(request, person_id):
    person = traced_person(request, person_id, A.CREATE, category=C.PATHWAY)
    form = StepForm(request.POST, health=True)  # the service refuses a care step to others, in words
    if not submit(form, lambda: pathway_step_record(person=person, by=request.user, **form.cleaned_data)):
        messages.error(request, ERROR_STEP)
        return _person_page(request, person, step_form=form, trace=False)
    messages.success(request, "Étape du parcours enregistrée.")
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
    if flash_submit(
        request,
        lambda: pathway_step_update(step=step, by=request.user, **form.cleaned_data),
        form=form,
        invalid=ERROR_STEP_UPDATE,
    ):
        messages.success(request, "Étape mise à jour.")
    return redirect("people:person_detail", step.person_id)


@require_roles(Role.SOIGNANT)
@require_POST
def health_note_add(request, person_id):
    person = traced_person(request, person_id, A.CREATE, category=C.HEALTH_NOTE)
    steps = PathwayStep.objects.health_readable_by(request.user).filter(person=person)
    form = HealthNoteForm(request.POST, steps=steps)

    def write():
        step = steps.filter(pk=form.cleaned_data["step"]).first() if form.cleaned_data["step"] else None
        return health_note_write(person=person, by=request.user, text=form.cleaned_data["text"], step=step)

    if flash_submit(request, write, form=form, invalid=ERROR_NOTE):
        messages.success(request, "Note de santé enregistrée (chiffrée, lisible par les soignants seulement).")
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
@require_recent_auth
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
    # A merge reads and changes both records: the target is logged as the source is.
    traced(request, category=C.PERSON, action=A.UPDATE, obj=target)
    if flash_submit(request, lambda: person_merge(source=source, target=target, by=request.user)):
        messages.success(request, f"Fiche {source.display_code} fusionnée dans {target.display_code}.")
    return redirect("people:duplicates")


@require_roles(Role.COORDINATION)
@require_POST
def merge_undo(request, merge_id):
    merge_row = get_traced(
        request, PersonMerge.objects.select_related("source"), category=C.PERSON, action=A.UPDATE, pk=merge_id
    )
    if flash_submit(request, lambda: person_merge_undo(merge=merge_row, by=request.user)):
        messages.success(request, f"Fusion annulée : la fiche {merge_row.source.display_code} est rétablie.")
    return redirect("people:duplicates")
