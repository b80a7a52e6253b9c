"""Coordination asks for an allocation, reviews and edits it, sends it in one action; the archive explains it later."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from relais.orientation.models import Allocation
from relais.orientation.services import priority_rules_apply, priority_rules_propose
from relais.referrals.enums import ReferralStatus
from relais.referrals.models import Referral
from relais.structures.enums import AvailabilityMode, StructureKind
from relais.users.enums import Role
from tests.factories import StructureFactory, UserFactory
from tests.helpers import messages_of, select, select_one, text
from tests.orientation.factories import waiting_person
from tests.people.factories import StayFactory

pytestmark = pytest.mark.django_db

LIST = "/liste-d-attente/attributions/"


@pytest.fixture
def scene():
    """A hotel with a couple room and a plain room; the single person has waited longer."""
    hotel = StructureFactory(
        name="Hôtel du Canal", kind=StructureKind.HOTEL, places=2, availability_mode=AvailabilityMode.COMPUTED
    )
    couple_room = hotel.places.order_by("label").first()
    hotel.places.filter(pk=couple_room.pk).update(couple=True)
    single = waiting_person(days=30)
    couple = waiting_person(days=2, need_couple=True)
    coordination = UserFactory(role=Role.COORDINATION)
    return hotel, couple_room, single, couple, coordination


def _propose(client):
    response = client.post(LIST)
    allocation = Allocation.objects.get()
    assert response["Location"] == reverse("orientation:allocation_detail", args=[allocation.pk])
    return allocation


def test_proposal_archives_its_inputs_and_keeps_the_couple_room_for_the_couple(client, scene):
    hotel, couple_room, single, couple, coordination = scene
    client.force_login(coordination)
    allocation = _propose(client)
    assert allocation.rules_version == 0 and allocation.created_by == coordination
    assert [p["code"] for p in allocation.persons] == [single.display_code, couple.display_code]
    assert {p["id"] for p in allocation.places} == set(hotel.places.values_list("pk", flat=True))
    by_code = {allocation.persons[m["person"]]["code"]: m for m in allocation.matches}
    assert allocation.places[by_code[couple.display_code]["place"]]["id"] == couple_room.pk
    assert allocation.places[by_code[single.display_code]["place"]]["id"] != couple_room.pk
    assert allocation.comparison["engine"]["placements"] == 2
    page = client.get(reverse("orientation:allocation_detail", args=[allocation.pk]))
    row = select_one(page, f"[data-testid=match-{couple.display_code}]")
    assert text(select_one(row, "[data-testid=place]")) == "Hôtel du Canal"
    assert "valeur" in text(select_one(row, "[data-testid=why-place]"))
    assert "8 pts" in text(select_one(page, f"[data-testid=match-{single.display_code}]"))


def test_send_assigns_the_referrals_in_one_action_and_only_once(client, scene):
    hotel, _, single, couple, coordination = scene
    client.force_login(coordination)
    allocation = _propose(client)
    form = {
        f"choix-{m['person']}": allocation.places[m["place"]]["structure_id"]
        for m in allocation.matches
        if m["place"] is not None
    }
    response = client.post(reverse("orientation:allocation_send", args=[allocation.pk]), form)
    assert "2 orientation(s) envoyée(s) aux structures." in messages_of(response)
    for person in (single, couple):
        referral = Referral.objects.get(person=person)
        assert (referral.to_structure, referral.status) == (hotel, ReferralStatus.SENT)
    allocation.refresh_from_db()
    assert allocation.sent_by == coordination and len(allocation.sent) == 2
    again = client.post(reverse("orientation:allocation_send", args=[allocation.pk]), form)
    assert "Cette proposition a déjà été envoyée." in messages_of(again)


def test_coordination_edits_before_sending(client, scene):
    hotel, _, single, couple, coordination = scene
    client.force_login(coordination)
    allocation = _propose(client)
    index = {p["code"]: i for i, p in enumerate(allocation.persons)}
    client.post(
        reverse("orientation:allocation_send", args=[allocation.pk]),
        {f"choix-{index[single.display_code]}": "", f"choix-{index[couple.display_code]}": hotel.pk},
    )
    assert Referral.objects.get(person=couple).to_structure == hotel
    assert Referral.objects.get(person=single).to_structure is None


def test_a_structure_that_does_not_fit_is_refused_and_nothing_is_sent(client, scene):
    hotel, _, single, couple, coordination = scene
    women = StructureFactory(name="Femmes", places=1, availability_mode=AvailabilityMode.COMPUTED)
    women.places.update(women_only=True)
    client.force_login(coordination)
    allocation = _propose(client)
    index = {p["code"]: i for i, p in enumerate(allocation.persons)}
    response = client.post(
        reverse("orientation:allocation_send", args=[allocation.pk]),
        {f"choix-{index[couple.display_code]}": hotel.pk, f"choix-{index[single.display_code]}": women.pk},
    )
    assert any("pas de place libre qui lui convienne" in m for m in messages_of(response))
    assert not Referral.objects.filter(to_structure__isnull=False).exists()
    allocation.refresh_from_db()
    assert allocation.sent_at is None


def test_a_match_is_explained_a_month_later_from_the_archive(client, scene):
    _, _, single, couple, coordination = scene
    client.force_login(coordination)
    allocation = _propose(client)
    StayFactory(person=single)  # the list has changed since
    page = client.get(reverse("orientation:allocation_detail", args=[allocation.pk]))
    assert [r["data-testid"] for r in select(page, "[data-testid^=match-]")] == [
        f"match-{single.display_code}",
        f"match-{couple.display_code}",
    ]


@pytest.mark.parametrize("role", [Role.MARAUDE, Role.OPERATEUR, Role.SOIGNANT, Role.POLICE, Role.COMITE])
def test_other_roles_cannot_reach_allocations(client, scene, role):
    _, _, single, _, coordination = scene
    client.force_login(coordination)
    allocation = _propose(client)
    client.force_login(UserFactory(role=role, organization=single.created_by_organization))
    for url in (LIST, reverse("orientation:allocation_detail", args=[allocation.pk])):
        response = client.get(url)
        assert response.status_code == 403 and single.display_code not in response.content.decode()
    assert client.post(reverse("orientation:allocation_send", args=[allocation.pk]), {}).status_code == 403
    assert client.post(LIST).status_code == 403 and Allocation.objects.count() == 1


def test_a_sent_allocation_reads_the_same_a_month_later_after_new_rules_and_a_renamed_structure(client, scene):
    """The explanation comes from the archive alone: a month after sending, with other priority rules in
    force and the structure renamed, each match keeps its rank, reasons, place and value, and the rules
    version it was made with."""
    hotel, *_, coordination = scene
    client.force_login(coordination)
    allocation = _propose(client)
    form = {f"choix-{m['person']}": allocation.places[m["place"]]["structure_id"] for m in allocation.matches}
    client.post(reverse("orientation:allocation_send", args=[allocation.pk]), form)
    url = reverse("orientation:allocation_detail", args=[allocation.pk])

    def rows(page):
        return [text(r) for r in select(page, "[data-testid^=match-]")]

    then = client.get(url)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=31)):
        rules = priority_rules_propose(
            weights={"waiting": 0, "outside": 5, "vulnerable": 40, "age": 0},
            outside_cap_weeks=10,
            reason="Essai",
            by=coordination,
        )
        priority_rules_apply(rules=rules, by=coordination)
        hotel.name = "Hôtel de la Gare"
        hotel.save()
        client.force_login(coordination)  # a new session: the one of a month ago has expired
        later = client.get(url)
    assert rows(later) == rows(then) and len(rows(later)) == 2
    assert all("orientation envoyée" in row and "Hôtel du Canal" in row for row in rows(later))
    assert "règles de priorité v0" in text(select_one(later, "main"))
