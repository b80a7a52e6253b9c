"""Eligibility at the level of the place: proposals on the referral page, admission, the exit from the stays list."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from relais.people.enums import Sex
from relais.stays.models import Stay
from relais.stays.services import ERROR_NO_FITTING_PLACE, stay_admit
from relais.structures.enums import AvailabilityMode, StructureKind
from relais.users.enums import Role
from tests.factories import StructureFactory, UserFactory
from tests.helpers import messages_of, select, select_one, text
from tests.people.factories import ContactFactory, PersonFactory, StayFactory

pytestmark = pytest.mark.django_db


def _computed(name, places=2, **kwargs):
    return StructureFactory(name=name, places=places, availability_mode=AvailabilityMode.COMPUTED, **kwargs)


def _proposals(client, person):
    client.force_login(UserFactory(role=Role.MARAUDE, organization=person.created_by_organization))
    return client.get(reverse("people:refer", args=[person.pk]))


def _names(response):
    return [p.structure.name for p in response.context["proposals"]]


def _left_out(response):
    return {row.structure.name: row.reason for row in response.context["left_out"]}


def test_pets_filter_leaves_out_a_structure_whose_pet_places_are_all_taken(client):
    person = PersonFactory(consented=True, need_pets=True, sex=Sex.FEMALE)
    taken = _computed("Animaux pris", places=3)
    pet_place = taken.places.first()
    taken.places.filter(pk=pet_place.pk).update(pets=True)
    StayFactory(structure=taken, place=pet_place)
    free = _computed("Animaux libres", places=2)
    free.places.update(pets=True)
    response = _proposals(client, person)
    assert _names(response) == ["Animaux libres"]
    assert _left_out(response)["Animaux pris"] == "Aucune place libre avec animaux"
    assert text(select_one(response, f"[data-testid=left-out-{taken.pk}]")).endswith("Aucune place libre avec animaux")


def test_women_only_places_go_to_women_only(client):
    women = _computed("Chambres femmes", places=2)
    women.places.update(women_only=True)
    man = PersonFactory(consented=True, sex=Sex.MALE)
    woman = PersonFactory(consented=True, sex=Sex.FEMALE)
    response = _proposals(client, man)
    assert "Chambres femmes" not in _names(response)
    assert _left_out(response)["Chambres femmes"] == "Places libres réservées aux femmes"
    assert "Chambres femmes" in _names(_proposals(client, woman))


def test_medical_and_psychiatric_beds_follow_the_needs(client):
    _computed("LHSS Nord", kind=StructureKind.LHSS)
    _computed("Psy Est", kind=StructureKind.PSYCHIATRY)
    without = _proposals(client, PersonFactory(consented=True))
    assert _names(without) == []
    assert _left_out(without)["LHSS Nord"] == "Réservée aux personnes ayant un besoin de soins somatiques"
    with_needs = _proposals(client, PersonFactory(consented=True, need_somatic=True, need_psychiatric=True))
    assert sorted(_names(with_needs)) == ["LHSS Nord", "Psy Est"]


def test_couple_and_wheelchair_need_a_place_with_both(client):
    person = PersonFactory(consented=True, need_couple=True, need_mobility=True)
    split = _computed("Séparées", places=2)
    first, second = split.places.all()
    split.places.filter(pk=first.pk).update(couple=True)
    split.places.filter(pk=second.pk).update(accessible=True)
    both = _computed("Réunies", places=1)
    both.places.update(couple=True, accessible=True)
    response = _proposals(client, person)
    assert _names(response) == ["Réunies"]
    assert _left_out(response)["Séparées"] == "Aucune place libre réunissant : accessible (PMR), pour couple"


def test_a_stale_figure_is_ranked_after_fresh_ones_and_flagged(client):
    person = PersonFactory(consented=True)
    ContactFactory(person=person, cog="75119", latitude=48.887, longitude=2.385)
    three_days_ago = timezone.now() - datetime.timedelta(days=3)
    stale = StructureFactory(
        name="Repos proche", kind=StructureKind.REST_DAY, places=3, occupied=0, occupied__at=three_days_ago
    )
    StructureFactory(name="Repos loin", places=3, occupied=0, latitude=48.84, longitude=2.29)
    response = _proposals(client, person)
    assert _names(response) == ["Repos loin", "Repos proche"]
    card = select_one(response, f"[data-testid=proposal-{stale.pk}]")
    assert "Chiffre ancien" in text(select_one(card, "[data-testid=stale]"))


def test_a_declared_figure_with_no_fitting_place_certain_says_so(client):
    person = PersonFactory(consented=True, need_pets=True)
    declared = StructureFactory(name="Déclarée", places=4, occupied=2)
    declared.places.filter(pk=declared.places.first().pk).update(pets=True)
    response = _proposals(client, person)
    proposal = response.context["proposals"][0]
    assert (proposal.structure.name, proposal.free, proposal.certain) == ("Déclarée", 1, False)
    assert "à confirmer" in text(select_one(response, f"[data-testid=proposal-{declared.pk}]"))


def test_admission_takes_a_place_that_takes_the_dog():
    structure = _computed("Hôtel", places=3)
    dog_place = structure.places.order_by("label").last()
    structure.places.filter(pk=dog_place.pk).update(pets=True)
    operator = UserFactory(operateur_of=structure.operator)
    stay = stay_admit(person=PersonFactory(need_pets=True), structure=structure, by=operator)
    assert stay.place == dog_place
    with pytest.raises(ValidationError) as exc:
        stay_admit(person=PersonFactory(need_pets=True), structure=structure, by=operator)
    assert exc.value.messages == [ERROR_NO_FITTING_PLACE]
    first_other = structure.places.exclude(pk=dog_place.pk).first()
    with pytest.raises(ValidationError):
        stay_admit(person=PersonFactory(need_pets=True), structure=structure, by=operator, place=first_other)
    assert Stay.objects.filter(structure=structure).count() == 1


def test_admission_form_lists_only_fitting_free_places(client):
    from tests.people.factories import ReferralFactory

    referral = ReferralFactory(accepted=True, person=PersonFactory(consented=True, sex=Sex.MALE))
    referral.to_structure.places.filter(pk=referral.to_structure.places.first().pk).update(women_only=True)
    client.force_login(UserFactory(operateur_of=referral.to_structure.operator))
    response = client.get(reverse("people:referral_detail", args=[referral.pk]))
    options = [text(o) for o in select(response, "select[name=place] option")]
    assert options == ["Première place qui convient", "Lit 2", "Lit 3"]


def test_stays_list_exit_asks_for_destination_date_and_confirmation(client):
    stay = StayFactory(admitted_at=timezone.now() - datetime.timedelta(days=5))
    operator = UserFactory(operateur_of=stay.structure.operator)
    client.force_login(operator)
    page = client.get(reverse("people:stay_list"))
    link = select_one(page, f"[data-testid=exit-{stay.pk}]")
    assert link.name == "a" and not select(page, "select[name=destination]")
    confirm = client.get(link["href"])
    assert confirm.status_code == 200
    selected = select(confirm, "select[name=destination] option[selected]")
    assert [o["value"] for o in selected] in ([], [""])
    assert select_one(confirm, "input[name=exited_on]")["value"] == timezone.localdate().isoformat()
    url = reverse("people:stay_exit", args=[stay.pk])
    # What the one-tap form sent: a destination and nothing else.
    response = client.post(url, {"destination": "housing", "retour": "liste"})
    stay.refresh_from_db()
    assert stay.is_open and messages_of(response)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    client.post(url, {"destination": "street", "exited_on": yesterday.isoformat(), "confirm": "on"})
    stay.refresh_from_db()
    assert not stay.is_open and stay.exit_destination == "street"
    assert timezone.localdate(stay.exited_at) == yesterday


def test_exit_date_cannot_be_in_the_future(client):
    stay = StayFactory()
    client.force_login(UserFactory(operateur_of=stay.structure.operator))
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        reverse("people:stay_exit", args=[stay.pk]),
        {"destination": "street", "exited_on": tomorrow.isoformat(), "confirm": "on"},
    )
    stay.refresh_from_db()
    assert stay.is_open and messages_of(response)


def test_the_proposals_keep_a_fixed_number_of_queries(client):
    person = PersonFactory(consented=True, need_pets=True)
    ContactFactory(person=person, cog="75119")
    _computed("Première", places=2).places.update(pets=True)
    _proposals(client, person)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("people:refer", args=[person.pk]))
    for n in range(5):
        structure = _computed(f"Autre {n}", places=3)
        structure.places.filter(pk=structure.places.first().pk).update(pets=True)
        if n % 2:  # its only pet place taken: left out, with its reason
            StayFactory(structure=structure, place=structure.places.filter(pets=True).first())
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("people:refer", args=[person.pk]))
    assert len(response.context["proposals"]) + len(response.context["left_out"]) == 6
    assert len(many) == len(few)
