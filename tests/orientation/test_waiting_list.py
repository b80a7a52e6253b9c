"""The by-name list and its written, versioned prioritisation rules."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from relais.orientation.enums import Criterion
from relais.orientation.models import PlaceWait, PriorityRules
from relais.orientation.services import (
    ERROR_ALREADY_APPLIED,
    priority_rules_apply,
    priority_rules_propose,
)
from relais.orientation.waiting import current_rules, waiting_list
from relais.people.models import Person
from relais.referrals.enums import ReferralStatus
from relais.structures.enums import StructureKind
from relais.users.enums import Role
from tests.factories import UserFactory
from tests.helpers import select, select_one, text
from tests.orientation.factories import flagged, on_the_list, waiting_person
from tests.people.factories import ReferralFactory, StayFactory

pytestmark = pytest.mark.django_db

URL = "/liste-d-attente/"


def _codes(response):
    return [row["data-testid"].removeprefix("entry-") for row in select(response, "[data-testid^=entry-]")]


def test_coordination_sees_everyone_waiting_ranked_with_reasons(client):
    long_wait = waiting_person(days=30)
    care = waiting_person(days=1, need_somatic=True)  # a need alone weighs nothing: it is not the flag
    flagged(care)
    housed = waiting_person(days=40)
    StayFactory(person=housed)
    ReferralFactory(status=ReferralStatus.DECLINED)  # closed: not waiting
    client.force_login(UserFactory(role=Role.COORDINATION))
    response = client.get(URL)
    # 30 days = 4 weeks at 2 points + outside since the first contact (none: recorded today) = 8;
    # flagged vulnerable by a soignant = 10 points.
    assert _codes(response) == [care.display_code, long_wait.display_code]
    why = text(select_one(response, f"[data-testid=entry-{long_wait.display_code}] [data-testid=why]"))
    assert why.startswith("8 pts") and "4 semaine(s) d'attente : 8" in why
    row = text(select_one(response, f"[data-testid=entry-{care.display_code}]"))
    assert "Hébergement accompagné" in row
    assert "signalée vulnérable par un·e soignant·e le" in row


def test_waiting_time_survives_an_expired_referral_sent_again():
    person = waiting_person(days=0)
    first = ReferralFactory(
        person=person, to_structure=None, to_kind="hotel", status=ReferralStatus.EXPIRED, sent_at=timezone.now()
    )
    first.sent_at = timezone.now() - datetime.timedelta(days=21)
    first.save()
    (entry,) = waiting_list(Person.objects.all())
    assert entry.waiting_days == 21


@pytest.mark.parametrize("role", [Role.MARAUDE, Role.OPERATEUR, Role.SOIGNANT, Role.POLICE, Role.COMITE, Role.VILLE])
def test_other_roles_get_403_and_no_data(client, role):
    person = waiting_person(days=3)
    client.force_login(UserFactory(role=role, organization=person.created_by_organization))
    for url in (URL, reverse("orientation:rules_list")):
        response = client.get(url)
        assert response.status_code == 403
        assert person.display_code not in response.content.decode()


def test_the_list_keeps_a_fixed_number_of_queries(client):
    client.force_login(UserFactory(role=Role.COORDINATION))
    waiting_person(days=2)
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for days in range(5):
        person = waiting_person(days=days * 7, need_pets=True)
        ReferralFactory(person=person, status=ReferralStatus.DECLINED)
        # Flagged by a soignant, waiting for another kind of place, or only put on the list.
        flagged(person)
        PlaceWait.objects.create(
            person=person,
            kind=StructureKind.CHRS,
            organization=person.created_by_organization,
            created_by=person.created_by,
        )
        flagged(on_the_list(days=days))
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL)
    assert len(_codes(response)) == 11 and len(select(response, "[data-testid=flagged]")) == 10
    assert len(select(response, "[data-testid=wait]")) == 10
    assert len(many) == len(few)


def test_ageing_lets_a_long_wait_overtake_a_vulnerability_flag():
    care = waiting_person(days=0)
    flagged(care)
    patient = waiting_person(days=0)
    now = timezone.now()
    assert [e.person for e in waiting_list(Person.objects.all(), now=now)] == [care, patient]
    # Six weeks later the first one was placed; the other still waits and has 12 points to 10 for a newcomer.
    care.referrals.update(status=ReferralStatus.CANCELLED)
    newcomer = waiting_person(days=0)
    flagged(newcomer)
    newcomer.referrals.update(sent_at=now + datetime.timedelta(weeks=6))
    later = waiting_list(Person.objects.all(), now=now + datetime.timedelta(weeks=6))
    assert [e.person for e in later] == [patient, newcomer]


def test_a_new_version_shows_its_effect_then_applies_with_its_history(client):
    old = waiting_person(days=35)
    care = waiting_person(days=0)
    flagged(care)
    coordination = UserFactory(role=Role.COORDINATION)
    client.force_login(coordination)
    assert _codes(client.get(URL)) == [old.display_code, care.display_code]
    form = {
        "w_waiting": 1,
        "w_outside": 0,
        "w_vulnerable": 30,
        "w_age": 5,
        "outside_cap_weeks": 26,
        "reason": "Comité du 3 mars : priorité aux personnes vulnérables",
    }
    response = client.post(reverse("orientation:rules_list"), form, follow=True)
    assert response.redirect_chain[-1][0] == reverse("orientation:rules_detail", args=[1])
    move = select_one(response, f"[data-testid=move-{care.display_code}]")
    assert [text(td) for td in select(move, "td")] == [care.display_code, "2", "1", "10", "30"]
    # Not applied yet: the list keeps its order.
    assert _codes(client.get(URL)) == [old.display_code, care.display_code]
    client.post(reverse("orientation:rules_apply", args=[1]))
    assert _codes(client.get(URL)) == [care.display_code, old.display_code]
    history = client.get(reverse("orientation:rules_list"))
    row = text(select_one(history, "[data-testid=version-1]"))
    assert "Comité du 3 mars" in row and coordination.username in row
    assert "Vulnérabilité signalée par un·e soignant·e : 30 point(s)." in text(
        select_one(history, "[data-testid=rules-text]")
    )
    rules = current_rules()
    assert (rules.version, rules.applied_by, rules.points(Criterion.VULNERABLE)) == (1, coordination, 30)
    with pytest.raises(ValidationError) as exc:
        priority_rules_apply(rules=rules, by=coordination)
    assert exc.value.messages == [ERROR_ALREADY_APPLIED]


@pytest.mark.parametrize(
    ("weights", "fragment"),
    [({"sex": 5}, "caractéristique protégée"), ({"vulnerability_score": 5}, "protégée"), ({"waiting": 500}, "0 à 100")],
)
def test_protected_characteristics_and_bad_points_are_refused(weights, fragment):
    with pytest.raises(ValidationError) as exc:
        priority_rules_propose(weights=weights, outside_cap_weeks=26, reason="essai", by=UserFactory())
    assert fragment in exc.value.messages[0]
    assert not PriorityRules.objects.exists()


def test_a_version_needs_a_reason(client):
    client.force_login(UserFactory(role=Role.COORDINATION))
    form = {"w_waiting": 1, "w_outside": 1, "w_vulnerable": 1, "w_age": 1, "outside_cap_weeks": 26, "reason": " "}
    response = client.post(reverse("orientation:rules_list"), form)
    assert response.status_code == 200 and not PriorityRules.objects.exists()
