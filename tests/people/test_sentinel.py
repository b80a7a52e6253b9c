"""A sentinel alias and health note, then every URL of the application as every role.

The alias appears only to those the rules let see the person; the note only to the soignant of
the organisations in charge. Every allowed access writes exactly one access event; a refused one
writes one denied event (404) or none (403 by role), never more.
"""

import html
import re
import uuid

import pytest
from django.contrib.admin.sites import site as admin_site
from django.urls import URLPattern, URLResolver, get_resolver

from relais.audit.enums import AccessOutcome
from relais.audit.models import AccessEvent
from relais.people.enums import ConsentPurpose
from relais.people.models import Consent, Contact, Person, PersonMerge
from relais.people.services import person_merge
from relais.referrals.enums import ReferralStatus
from relais.referrals.models import Referral
from relais.stays.models import Stay
from relais.stays.services import stay_admit
from relais.structures.enums import AvailabilityMode
from relais.users.enums import Role
from tests.factories import OrganizationFactory, ProgrammeFactory, StructureFactory, UserFactory
from tests.people.factories import (
    ConsentFactory,
    ContactFactory,
    HealthNoteFactory,
    PathwayStepFactory,
    PersonFactory,
    ReferralFactory,
)

pytestmark = pytest.mark.django_db

ALIAS = "Zéphyrin-Sentinelle-7Q"
NOTE = "NOTE-SENTINELLE-K7 antécédents"


# Pages that show person-level data, and the two blank forms among them that show none.
PERSON_PAGES = ("personnes/", "rencontres/", "orientations/", "sejours/")
BLANK_FORMS = {"personnes/nouvelle/", "rencontres/nouvelle/"}


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def _fill(route: str, ids: dict) -> str:
    def value(match):
        converter, name = match.group(1) or "str", match.group(2)
        if name in ids:
            return str(ids[name])
        return {"int": "1", "uuid": str(uuid.uuid4())}.get(converter, "x")

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", value, route)


@pytest.fixture
def world():
    field = OrganizationFactory(name="Maraude sentinelle")
    host = OrganizationFactory(name="Hébergeur sentinelle")
    care = OrganizationFactory(name="Hôpital sentinelle")
    structure = StructureFactory(operator=host, places=4, availability_mode=AvailabilityMode.COMPUTED)
    person = PersonFactory(alias=ALIAS, organization=field, consented=True)
    contact = ContactFactory(person=person)
    referral = ReferralFactory(person=person, to_structure=structure, accepted=True)
    host_operator = UserFactory(operateur_of=host)
    stay = stay_admit(person=person, structure=structure, referral=referral, by=host_operator)
    step = PathwayStepFactory(person=person, organization=care)
    HealthNoteFactory(person=person, organization=care, step=step, text=NOTE)
    consent = Consent.objects.filter(person=person).first()
    twin_a, twin_b = PersonFactory(alias="Jumeau"), PersonFactory(alias="Jumeau")
    merge = person_merge(source=twin_b, target=twin_a, by=UserFactory(role=Role.COORDINATION))
    programme = ProgrammeFactory()
    users = {
        "coordination": (UserFactory(role=Role.COORDINATION), True, False),
        "maraude du lien": (UserFactory(role=Role.MARAUDE, organization=field), True, False),
        "operateur hebergeur": (host_operator, True, False),
        "soignant en charge": (UserFactory(role=Role.SOIGNANT, organization=care), True, True),
        "soignant de la maraude": (UserFactory(role=Role.SOIGNANT, organization=field), True, True),
        "maraude etrangere": (UserFactory(role=Role.MARAUDE), False, False),
        "operateur etranger": (UserFactory(role=Role.OPERATEUR), False, False),
        "soignant etranger": (UserFactory(role=Role.SOIGNANT), False, False),
        "police": (UserFactory(role=Role.POLICE), False, False),
        "comite": (UserFactory(role=Role.COMITE), False, False),
        "ville": (UserFactory(role=Role.VILLE), False, False),
        "admin": (UserFactory(role=Role.ADMIN, is_staff=True), False, False),
        "auditeur": (UserFactory(role=Role.AUDITEUR), False, False),
    }
    ids = {
        "person_id": person.pk,
        "referral_id": referral.pk,
        "stay_id": stay.pk,
        "consent_id": consent.pk,
        "step_id": step.pk,
        "merge_id": merge.pk,
        "pk": structure.pk,
        "code": programme.code,
    }
    return {"person": person, "contact": contact, "referral": referral, "stay": stay, "users": users, "ids": ids}


def _routes():
    return [r for r in _walk(get_resolver().url_patterns) if not r.startswith("admin/")]


@pytest.mark.parametrize(
    "who",
    [
        "coordination",
        "maraude du lien",
        "operateur hebergeur",
        "soignant en charge",
        "soignant de la maraude",
        "maraude etrangere",
        "operateur etranger",
        "soignant etranger",
        "police",
        "comite",
        "ville",
        "admin",
        "auditeur",
    ],
)
def test_sentinel_appears_only_where_the_rules_allow(client, world, who):
    user, sees_person, sees_note = world["users"][who]
    client.force_login(user)
    pages_with_alias, pages_with_note = [], []
    for route in _routes():
        url = _fill(route, world["ids"])
        before = AccessEvent.objects.count()
        response = client.get(url)
        text = html.unescape(response.content.decode(errors="replace"))
        events = list(AccessEvent.objects.order_by("pk")[before:])
        assert len(events) <= 1, (url, events)
        if ALIAS in text:
            pages_with_alias.append(url)
            assert [e.outcome for e in events] == [AccessOutcome.ALLOWED], url
            assert events[0].user == user
        if NOTE in text:
            pages_with_note.append(url)
        if response.status_code == 404 and events:
            assert events[0].outcome == AccessOutcome.DENIED, url
        if events and events[0].outcome == AccessOutcome.ALLOWED:
            assert response.status_code == 200, url
        if response.status_code == 200 and route.startswith(PERSON_PAGES) and route not in BLANK_FORMS:
            assert len(events) == 1, url  # every page of person-level data is traced, once
    person_url = _fill("personnes/<uuid:person_id>/", world["ids"])
    if sees_person:
        assert person_url in pages_with_alias
        assert "/personnes/" in pages_with_alias  # the list
    else:
        assert pages_with_alias == []
    if sees_note:
        assert pages_with_note == [person_url]
    else:
        assert pages_with_note == []


@pytest.mark.parametrize("who", ["maraude etrangere", "operateur etranger", "soignant etranger", "police", "comite"])
def test_forbidden_users_change_nothing_by_post(client, world, who):
    user, _, _ = world["users"][who]
    client.force_login(user)
    person = world["person"]
    for route in _routes():
        if not route.startswith(
            ("personnes/", "consentements/", "etapes/", "orientations/", "sejours/", "rencontres/")
        ):
            continue
        url = _fill(route, world["ids"])
        response = client.post(url, {"destination": "street", "reason": "other", "status": "done", "text": "x"})
        assert response.status_code in {200, 302, 403, 404, 405}, url
        assert ALIAS not in html.unescape(response.content.decode())
        if response.status_code == 302:  # only the generic forms (new contact) may redirect
            assert route in {"rencontres/nouvelle/", "personnes/nouvelle/"}, url
    world["stay"].refresh_from_db()
    assert world["stay"].is_open
    assert Referral.objects.get(pk=world["referral"].pk).status == ReferralStatus.ADMITTED
    assert Consent.objects.filter(person=person, withdrawn_on__isnull=True).count() == 2
    assert Contact.objects.filter(person=person).count() == 1


def test_a_forbidden_object_writes_exactly_one_denied_event(client, world):
    user, _, _ = world["users"]["maraude etrangere"]
    client.force_login(user)
    before = AccessEvent.objects.count()
    assert client.get(_fill("personnes/<uuid:person_id>/", world["ids"])).status_code == 404
    event = AccessEvent.objects.get(pk__gt=AccessEvent.objects.order_by("pk")[before - 1].pk if before else 0)
    assert (event.outcome, event.pseudonym, event.username) == (
        AccessOutcome.DENIED,
        world["person"].display_code,
        user.username,
    )


def test_no_person_level_model_in_the_admin():
    person_apps = {"people", "referrals", "stays", "pathways", "auditlog"}
    assert not [m for m in admin_site._registry if m._meta.app_label in person_apps]


def test_sentinel_is_encrypted_at_rest_and_masked_in_history(world):
    from auditlog.models import LogEntry
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT alias FROM people_person")
        stored = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT text FROM pathways_healthnote")
        notes = [row[0] for row in cursor.fetchall()]
    assert stored and all(value.startswith("fernet:") for value in stored if value)
    assert not any(ALIAS in value for value in stored)
    assert not any("SENTINELLE" in value for value in notes)
    Person.objects.filter(pk=world["person"].pk).update(languages="arabe")  # not through save: no log
    person = Person.objects.get(pk=world["person"].pk)
    person.alias = "Autre-Sentinelle"
    person.save()
    dumped = " ".join(str(e.changes) + str(e.serialized_data or "") for e in LogEntry.objects.all())
    assert ALIAS not in dumped and "Autre-Sentinelle" not in dumped and "SENTINELLE-K7" not in dumped
    assert LogEntry.objects.filter(object_pk=str(person.pk)).exists()
    assert PersonMerge.objects.count() == 1
    assert Stay.objects.filter(person=person).exists()
    assert ConsentFactory._meta.model is Consent
    assert ConsentPurpose.COORDINATION in Consent.objects.filter(person=person).values_list("purpose", flat=True)


def test_the_admin_shows_no_sentinel_even_in_change_history(client, world, synced_roles):
    from django.contrib.auth.models import Group
    from django.urls import reverse

    admin_user, _, _ = world["users"]["admin"]
    Group.objects.get(name=Role.ADMIN).user_set.add(admin_user)
    admin_user.is_superuser = True  # the widest view of the admin: it still holds no person data
    admin_user.save()
    client.force_login(admin_user)
    pages = [reverse("admin:index")] + [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist") for model in admin_site._registry
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        text = html.unescape(response.content.decode())
        assert ALIAS not in text and NOTE not in text, url
