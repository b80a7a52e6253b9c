"""Encounters recorded by outreach teams."""

from django.contrib import messages
from django.shortcuts import render
from django.urls import reverse

from relais.audit.tracing import traced
from relais.people.models import Contact, Person
from relais.people.services import contact_record, contacts_summary, person_duplicates
from relais.users.access import require_roles
from relais.users.enums import Role
from relais.www.core import outbox
from relais.www.core.outbox import from_outbox
from relais.www.core.pagination import paginate
from relais.www.core.services import submit
from relais.www.people.forms import ContactForm
from relais.www.people.views.common import OUTREACH_ROLES, PAGE_SIZE, PERSON_ROLES, A, C

WARNING_DUPLICATE_CONTACT = "Une fiche semblable existe déjà : utilisez son code, ou confirmez la création."
WARNING_DUPLICATE_CONTACT_QUEUED = (
    "Une fiche semblable existe déjà : rien n'a été enregistré. Ressaisissez la rencontre "
    "avec le code de la personne, ou confirmez qu'il s'agit d'une autre personne."
)


@require_roles(*PERSON_ROLES)
def contact_list(request):
    contacts = Contact.objects.visible_to(request.user).select_related("person", "organization")
    if request.user.role != Role.COORDINATION:
        contacts = contacts.filter(organization=request.user.organization)
    pagination = paginate(request, contacts, PAGE_SIZE, query={})
    traced(request, category=C.CONTACT, action=A.LIST, count=len(pagination["page"].object_list))
    return render(request, "people/contact_list.html", {**pagination, "summary": contacts_summary(contacts)})


@require_roles(*OUTREACH_ROLES)
def contact_create(request):
    persons = Person.objects.actionable_by(request.user)  # not the persons reached by break-glass
    form = ContactForm(request.POST or None, persons=persons)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        who = data["who"]
        key = data.get("idempotency_key")
        replay = key is not None and Contact.objects.filter(idempotency_key=key, recorded_by=request.user).exists()
        if who == "new" and not data.get("confirm_new") and not replay:
            duplicates = list(person_duplicates(data=form.person_data(), user=request.user)[:10])
        if duplicates:
            traced(request, category=C.PERSON, action=A.SEARCH, count=len(duplicates))
            if from_outbox(request):
                return outbox.refused([WARNING_DUPLICATE_CONTACT_QUEUED])
            messages.warning(request, WARNING_DUPLICATE_CONTACT)
            return render(request, "people/contact_form.html", {"form": form, "duplicates": duplicates})
        contact = submit(
            form,
            lambda: contact_record(
                by=request.user,
                location_label=data["location_label"],
                cog=data.get("cog") or "",
                occurred_at=data["occurred_at"],
                person=data.get("person") if who == "known" else None,
                new_person=form.person_data() if who == "new" else None,
                people_count=data["people_count"] if who == "anonymous" else 1,
                consents=tuple(data.get("consents") or ()),
                idempotency_key=key,
            ),
        )
        if contact is not None:
            if not contact.replayed and data["latitude"] is not None and data["longitude"] is not None:
                Contact.objects.filter(pk=contact.pk).update(latitude=data["latitude"], longitude=data["longitude"])
            traced(request, category=C.CONTACT, action=A.CREATE, obj=contact)
            if contact.person_id is None:
                message = f"Rencontre enregistrée : {contact.people_count} personne(s)."
                return outbox.done(request, message, reverse("people:contact_create"))
            message = f"Rencontre enregistrée avec {contact.person.display_code}."
            if data.get("then_refer"):
                url = f"{reverse('people:refer', args=[contact.person_id])}?rencontre={contact.pk}"
            else:
                url = reverse("people:person_detail", args=[contact.person_id])
            return outbox.done(request, message, url)
    if request.method == "POST" and from_outbox(request):
        return outbox.refused(outbox.form_errors(form))
    return render(request, "people/contact_form.html", {"form": form, "duplicates": duplicates})
