"""The demo data: realistic, every state present, idempotent."""

import pytest
from django.core.management import call_command
from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from relais.orientation.models import PlaceWait, VulnerabilityFlag
from relais.orientation.waiting import waiting_list
from relais.pathways.models import HealthNote
from relais.people.enums import ConsentPurpose
from relais.people.models import Consent, Contact, Person
from relais.referrals.enums import ReferralStatus
from relais.referrals.models import Referral
from relais.stays.models import Stay
from relais.structures.enums import AvailabilityMode, StructureKind
from relais.structures.live import availability_drift
from relais.structures.models import Structure
from relais.users.models import User

pytestmark = pytest.mark.django_db


def _snapshot():
    return (
        Person.objects.count(),
        Contact.objects.count(),
        Stay.objects.count(),
        Stay.objects.open().count(),
        dict(Referral.objects.values_list("status").annotate(n=Count("pk")).order_by()),
        VulnerabilityFlag.objects.count(),
        PlaceWait.objects.count(),
    )


def test_seed_demo_is_realistic_and_idempotent(settings):
    settings.RELAIS_DEMO = True
    call_command("seed_demo", stdout=None)
    first = _snapshot()
    persons, _, stays, open_stays, by_status, flags, waits = first
    assert 2500 <= persons <= 3500  # from 2018 to today, many housed more than once
    assert stays > open_stays > 100
    assert set(by_status) == set(ReferralStatus.values)
    # The by-name list shows soignants' flags and persons waiting without a referral.
    assert flags > 0 and waits > 0
    entries = waiting_list(Person.objects.all())
    assert any(e.flagged_at for e in entries) and any(e.waits for e in entries)
    hotels = list(
        Structure.objects.operating()
        .filter(kind=StructureKind.HOTEL, availability_mode=AvailabilityMode.COMPUTED)
        .with_availability(timezone.localdate())
        .filter(places_open__gt=0)
    )
    assert hotels
    occupied = sum(h.occupied for h in hotels)
    places = sum(h.places_open for h in hotels)
    assert 0.85 <= occupied / places <= 0.95
    assert Stay.objects.exclude(exit_destination="").values("exit_destination").distinct().count() >= 8
    consent_then = Consent.objects.filter(
        person=OuterRef("person"),
        purpose=ConsentPurpose.COORDINATION,
        given_on__lte=OuterRef("sent_at__date"),
        expires_on__gt=OuterRef("sent_at__date"),
        withdrawn_on__isnull=True,
    )
    assert not Referral.objects.filter(~Exists(consent_then)).exists()
    call_command("seed_demo", stdout=None)
    assert _snapshot() == first
    assert availability_drift() == []  # the live rows say what the demo history says


def test_every_demo_account_has_something_to_show(client, settings):
    settings.RELAIS_DEMO = True
    call_command("seed_demo", stdout=None)

    def as_user(username):
        client.force_login(User.objects.get(username=username))

    as_user("maraude")
    assert client.get(reverse("people:contact_list")).context["page"].paginator.count > 100
    assert client.get(reverse("people:person_list")).context["page"].paginator.count > 100
    assert client.get(reverse("people:referral_list")).context["sent"]
    as_user("operateur")
    assert client.get(reverse("people:referral_list")).context["inbox"]
    assert client.get(reverse("people:stay_list")).context["page"].paginator.count > 100
    as_user("soignant")
    soignant = User.objects.get(username="soignant")
    assert HealthNote.objects.visible_to(soignant).exists()
    as_user("coordination")
    assert client.get(reverse("people:duplicates")).context["rows"]
    for username in ("police", "comite", "ville", "admin", "auditeur"):
        as_user(username)
        assert client.get(reverse("people:person_list")).status_code == 403
