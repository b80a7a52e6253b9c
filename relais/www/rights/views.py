"""Rights of the person, exercised through coordination: right of access (export) and erasure."""

import json

from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST
from weasyprint import HTML

from relais.audit.enums import AccessAction, AccessCategory
from relais.audit.tracing import get_traced
from relais.people.models import Person
from relais.retention.anonymise import merge_family
from relais.retention.models import AnonymisedPerson
from relais.retention.rights import person_erase, person_export
from relais.users.access import require_recent_auth, require_roles
from relais.users.enums import Role
from relais.www.core.downloads import download
from relais.www.core.services import flash_submit

ERROR_CONFIRM = "Cochez la case de confirmation : l'effacement est définitif."
SECTIONS = {
    "fiches": "Fiches",
    "consentements": "Consentements",
    "rencontres": "Rencontres",
    "orientations": "Orientations",
    "sejours": "Séjours",
    "parcours": "Étapes de parcours",
    "notes_de_sante": "Notes de santé",
}


def _person(request, person_id, action):
    return get_traced(
        request, Person.objects.visible_to(request.user), category=AccessCategory.PERSON, action=action, pk=person_id
    )


def _filename(person, extension):
    return f"droit-d-acces-{person.display_code}.{extension}"


@require_roles(Role.COORDINATION)
def person_rights(request, person_id):
    person = _person(request, person_id, AccessAction.READ)
    family = merge_family(person)
    anonymised = AnonymisedPerson.objects.filter(person__in=family).count() == len(family)
    return render(request, "rights/person_rights.html", {"person": person, "family": family, "anonymised": anonymised})


@require_roles(Role.COORDINATION)
@require_recent_auth
def export_json(request, person_id):
    person = _person(request, person_id, AccessAction.EXPORT)
    content = json.dumps(person_export(person), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    return download(content, filename=_filename(person, "json"))


@require_roles(Role.COORDINATION)
@require_recent_auth
def export_pdf(request, person_id):
    person = _person(request, person_id, AccessAction.EXPORT)
    export = person_export(person)
    sections = [(title, export[key]) for key, title in SECTIONS.items()]
    html = render_to_string("rights/export_pdf.html", {"person": person, "export": export, "sections": sections})
    pdf = HTML(string=html, base_url=None).write_pdf(pdf_variant="pdf/ua-1")
    return download(pdf, filename=_filename(person, "pdf"))


@require_roles(Role.COORDINATION)
@require_POST
def erase(request, person_id):
    if request.POST.get("confirm") != "yes":
        messages.error(request, ERROR_CONFIRM)
        return redirect("rights:person_rights", person_id)
    person = _person(request, person_id, AccessAction.ERASE)
    if flash_submit(request, lambda: person_erase(person)):
        messages.success(request, "La fiche a été effacée : il n'en reste que des lignes datées, sans identité.")
    return redirect("rights:person_rights", person.pk)
