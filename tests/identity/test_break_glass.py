"""Break-glass: one person, outside the user's scope, for a short time, logged and reviewed."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from relais.audit.enums import AccessAction, AccessCategory, AccessOutcome
from relais.audit.models import AccessEvent
from relais.identity.enums import SecurityEventKind
from relais.identity.models import BreakGlassAccess, SecurityEvent
from relais.pathways.models import HealthNote, PathwayStep
from relais.people.models import Consent, Contact, Person
from relais.referrals.models import Referral
from relais.users.enums import Role
from tests.factories import UserFactory
from tests.helpers import select, text, text_of
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db
REASON = "Personne inconsciente amenée aux urgences, traitement en cours à vérifier."


def open_break_glass(client, person, reason=REASON):
    return client.post(reverse("accounts:break_glass_open"), {"code": person.display_code, "reason": reason})


def test_access_works_within_the_window_not_after_and_every_read_is_logged(client, settings):
    person = PersonFactory()
    soignant = UserFactory(role=Role.SOIGNANT)
    other = PersonFactory()
    detail = reverse("people:person_detail", args=[person.pk])
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client.force_login(soignant)
        assert client.get(detail).status_code == 404

        response = open_break_glass(client, person)
        assert response["Location"] == detail
        page = client.get(detail)
        assert page.status_code == 200
        assert "Bris de glace : vous consultez cette fiche hors de votre périmètre" in text_of(page)
        assert client.get(reverse("people:person_detail", args=[other.pk])).status_code == 404
        assert list(Person.objects.visible_to(soignant)) == [person]

        # Visits closer than the idle timeout, up to one minute before the end, then one after it.
        step = settings.RELAIS_IDLE_TIMEOUT_MINUTES - 1
        elapsed = 0
        while elapsed + step < settings.RELAIS_BREAK_GLASS_MINUTES - 1:
            traveller.shift(datetime.timedelta(minutes=step))
            elapsed += step
            client.get(reverse("core:home"))
        traveller.shift(datetime.timedelta(minutes=settings.RELAIS_BREAK_GLASS_MINUTES - 1 - elapsed))
        assert client.get(detail).status_code == 200
        traveller.shift(datetime.timedelta(minutes=2))
        assert client.get(detail).status_code == 404
        assert not Person.objects.visible_to(soignant).exists()

    reads = AccessEvent.objects.filter(
        user=soignant, category=AccessCategory.PERSON, action=AccessAction.READ, pseudonym=person.display_code
    )
    assert list(reads.values_list("outcome", flat=True).order_by("pk")) == [
        AccessOutcome.DENIED,
        AccessOutcome.ALLOWED,
        AccessOutcome.ALLOWED,
        AccessOutcome.DENIED,
    ]
    assert SecurityEvent.objects.get(kind=SecurityEventKind.BREAK_GLASS).actor == soignant


def test_a_reason_is_required_and_nothing_is_opened_without_it(client):
    person = PersonFactory()
    client.force_login(UserFactory(role=Role.MARAUDE))
    response = open_break_glass(client, person, reason="urgent")
    assert "Indiquez le motif" in text_of(response)
    assert not BreakGlassAccess.objects.exists()
    response = client.post(reverse("accounts:break_glass_open"), {"code": "ZZZZZZ", "reason": REASON})
    assert "Aucune personne n'a ce code" in text_of(response)


@pytest.mark.parametrize("role", [Role.POLICE, Role.COMITE, Role.AUDITEUR, Role.ADMIN, Role.COORDINATION])
def test_only_soignant_maraude_operateur_break_the_glass(client, role):
    client.force_login(UserFactory(role=role))
    assert client.get(reverse("accounts:break_glass_open")).status_code == 403


def test_the_auditor_reviews_each_break_glass_and_sees_counts_per_user(client):
    person = PersonFactory()
    soignant = UserFactory(role=Role.SOIGNANT, username="soignant-urgences")
    client.force_login(soignant)
    open_break_glass(client, person)
    open_break_glass(client, PersonFactory())

    auditor = UserFactory(role=Role.AUDITEUR)
    client.force_login(auditor)
    url = reverse("accounts:break_glass_review")
    rows = [[text(cell) for cell in row.select("td")] for row in select(client.get(url), "tbody tr")]
    assert [row[1:4] for row in rows if row[2] == person.display_code] == [
        ["soignant-urgences", person.display_code, REASON]
    ]
    assert len(rows) == 2
    access = BreakGlassAccess.objects.filter(person=person).get()
    client.post(reverse("accounts:break_glass_reviewed", args=[access.pk]), {"comment": "Urgence confirmée."})
    access.refresh_from_db()
    assert (access.reviewed_by, access.review_comment) == (auditor, "Urgence confirmée.")
    codes = [text(cell) for cell in select(client.get(url, {"a_examiner": "1"}), "tbody tr td:nth-of-type(3)")]
    assert codes == [BreakGlassAccess.objects.exclude(pk=access.pk).get().person.display_code]

    counts = text_of(client.get(reverse("accounts:break_glass_by_user")))
    assert "soignant-urgences" in counts
    client.force_login(soignant)
    assert client.get(reverse("accounts:break_glass_review")).status_code == 403


def test_visible_to_stays_one_query(django_assert_num_queries):
    person = PersonFactory()
    soignant = UserFactory(role=Role.SOIGNANT)
    BreakGlassAccess.objects.create(
        user=soignant, person=person, reason=REASON, expires_at=timezone.now() + datetime.timedelta(minutes=5)
    )
    soignant.active_grant  # noqa: B018  (the grant is read once per request, before any list)
    with django_assert_num_queries(1):
        assert list(Person.objects.visible_to(soignant)) == [person]


class TestBreakGlassIsReadOnly:
    """Break-glass opens reading only: a write would also make the user's organisation involved
    with the person (a contact, a step, a referral), so in scope for good."""

    @pytest.fixture
    def broken(self, client):
        person = PersonFactory(consented=True)
        soignant = UserFactory(role=Role.SOIGNANT)
        client.force_login(soignant)
        open_break_glass(client, person)
        assert client.get(reverse("people:person_detail", args=[person.pk])).status_code == 200
        return person, soignant

    def _unchanged(self, person):
        person.refresh_from_db()
        assert not Contact.objects.filter(person=person).exists()
        assert not PathwayStep.objects.filter(person=person).exists()
        assert not HealthNote.objects.filter(person=person).exists()
        assert not Referral.objects.filter(person=person).exists()
        assert Consent.objects.filter(person=person, withdrawn_on__isnull=True).count() == 2
        assert person.languages == ""

    def test_pages_refuse_every_write(self, client, broken):
        person, _ = broken
        posts = {
            reverse("people:step_add", args=[person.pk]): {"kind": "housing", "on": "2026-01-05", "status": "planned"},
            reverse("people:health_note_add", args=[person.pk]): {"text": "Note en urgence"},
            reverse("people:consent_add", args=[person.pk]): {"purpose": "health", "given_on": "2026-01-05"},
            reverse("people:person_edit", args=[person.pk]): {"sex": "male", "languages": "arabe"},
            reverse("people:refer", args=[person.pk]): {"to_kind": "chrs"},
            reverse("people:consent_withdraw", args=[Consent.objects.filter(person=person).first().pk]): {},
        }
        for url, data in posts.items():
            assert client.post(url, data).status_code == 404, url
        response = client.post(
            reverse("people:contact_create"),
            {"location_label": "Jardins d'Éole", "cog": "75118", "who": "known", "code": person.display_code},
        )
        assert response.status_code == 200  # the form answers that the code is unknown
        self._unchanged(person)
        # Reading still works, and the page offers no form that would fail.
        page = client.get(reverse("people:person_detail", args=[person.pk]))
        assert page.status_code == 200
        assert "consultation seulement" in text_of(page)
        assert not [form["action"] for form in select(page, "main form[method=post]")]

    def test_the_api_refuses_every_write(self, client, broken):
        person, _ = broken
        api = APIClient()
        api.cookies = client.cookies  # the same signed-in session
        assert api.get(f"/api/v1/persons/{person.pk}/").status_code == 200
        response = api.post(f"/api/v1/persons/{person.pk}/consents/", {"purpose": "health"}, format="json")
        assert response.status_code == 404
        response = api.post("/api/v1/referrals/", {"person": str(person.pk), "to_kind": "chrs"}, format="json")
        assert response.status_code == 404
        self._unchanged(person)
