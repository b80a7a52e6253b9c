"""The national generator at a small scale: seeded, idempotent, its live rows equal to its history, its
referrals as the services would have left them, and parts added to an existing network."""

import datetime
import itertools

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, F, Q
from django.utils import timezone

from relais.demo.national_sites import SITE_PREFIX
from relais.people.models import Person
from relais.referrals.deadlines import expire_before
from relais.referrals.enums import OPEN, PENDING, ReferralStatus
from relais.referrals.models import Referral, ReferralTransition
from relais.sites.enums import ACTIVE_STATUSES
from relais.sites.models import Site, SiteObservation, SiteStatusChange
from relais.stays.models import Stay
from relais.structures.live import availability_drift
from relais.structures.models import Place, PlaceServicePeriod, Structure, StructureAvailability
from relais.users.models import User

pytestmark = pytest.mark.django_db(transaction=True)
NETWORK = ["--structures", "10", "--places", "400", "--persons", "2000", "--stays", "3000"]
SMALL = [*NETWORK, "--referrals", "1500", "--sites", "3"]


def _network():
    return (
        Structure.objects.count(),
        Place.objects.count(),
        PlaceServicePeriod.objects.count(),
        Person.objects.count(),
        Stay.objects.count(),
        Stay.objects.open().count(),
        sorted(StructureAvailability.objects.values_list("places_open", "occupied", "free")),
    )


def _referrals_and_sites():
    return (
        Referral.objects.count(),
        sorted(Referral.objects.values("status").annotate(n=Count("pk")).values_list("status", "n")),
        ReferralTransition.objects.count(),
        Stay.objects.filter(referral__isnull=False).count(),
        Site.objects.count(),
        SiteStatusChange.objects.count(),
        SiteObservation.objects.count(),
    )


def _assert_referrals_as_the_services_leave_them():
    # An admitted referral is the one of its stay: same person, structure and admission time.
    admitted = Referral.objects.filter(status=ReferralStatus.ADMITTED)
    assert admitted.exists()
    assert admitted.count() == Stay.objects.filter(referral__isnull=False).count()
    assert not Stay.objects.filter(referral__isnull=False).exclude(
        person=F("referral__person"), structure=F("referral__to_structure"), admitted_at=F("referral__admitted_at")
    )
    # Each referral's last transition is its status, and its transitions lie between sending and closing.
    for referral in Referral.objects.prefetch_related("transitions"):
        steps = list(referral.transitions.all())
        assert steps[0].status == ReferralStatus.SENT and steps[0].at == referral.sent_at
        assert steps[-1].status == referral.status
        assert all(a.at <= b.at for a, b in itertools.pairwise(steps))
        assert (referral.closed_at is None) == (referral.status in OPEN)
        if referral.closed_at is not None:
            assert steps[-1].at == referral.closed_at
    # Nothing pending that the hourly expiry job should have expired, no two open referrals of one person
    # to one place.
    assert not Referral.objects.filter(status__in=PENDING, sent_at__lte=expire_before() - datetime.timedelta(hours=1))
    assert not (
        Referral.objects.filter(status__in=OPEN, to_structure__isnull=False)
        .values("person", "to_structure")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    assert Referral.objects.filter(status__in=OPEN).exists()  # the latest ones are still open
    assert Referral.objects.filter(Q(to_structure__isnull=True) & ~Q(to_kind="")).exists()


def _assert_sites():
    assert Site.objects.filter(name__startswith=SITE_PREFIX).count() == 3
    now = timezone.now()
    assert not SiteObservation.objects.filter(Q(observed_at__gt=now) | Q(headcount_min__gt=F("headcount_max")))
    # Weekly while active: at least one observation a week over the active spans of a site.
    site = Site.objects.annotate(n=Count("observations")).order_by("-n").first()
    steps = list(site.status_changes.order_by("effective_on"))
    active_days = sum(
        ((b.effective_on if b else timezone.localdate()) - a.effective_on).days
        for a, b in zip(steps, [*steps[1:], None], strict=True)
        if a.status in ACTIVE_STATUSES
    )
    assert site.n >= active_days // 7 - len(steps)


def test_generate_national_is_seeded_idempotent_and_without_drift(settings):
    settings.RELAIS_DEMO = True
    call_command("generate_national", *SMALL, stdout=None)
    first = _network()
    structures, places, periods, persons, stays, open_stays, _ = first
    assert (structures, places, persons, stays) == (10, 400, 2000, 3000)
    assert periods > places  # closed spans, then back in service
    assert 0 < open_stays < places
    assert availability_drift() == []
    extras = _referrals_and_sites()
    assert extras[0] == 1500
    assert extras[2] > 1500 * 2  # sent, then at least one answer or the expiry
    _assert_referrals_as_the_services_leave_them()
    _assert_sites()
    call_command("generate_national", *SMALL, stdout=None)
    assert _network() == first
    assert _referrals_and_sites() == extras
    assert availability_drift() == []


def test_referrals_and_sites_are_added_to_an_existing_network_without_touching_it(settings):
    settings.RELAIS_DEMO = True
    call_command("generate_national", *NETWORK, "--only", "network", stdout=None)
    network = _network()
    stays = sorted(Stay.objects.values_list("pk", "person", "place", "admitted_at", "exited_at"))
    assert not Referral.objects.exists() and not Site.objects.exists()
    for _ in range(2):  # a second run replaces what the first wrote
        call_command("generate_national", *SMALL, "--only", "referrals,sites", stdout=None)
        assert _network() == network
        assert sorted(Stay.objects.values_list("pk", "person", "place", "admitted_at", "exited_at")) == stays
        assert Referral.objects.count() == 1500
        assert Site.objects.count() == 3
        assert availability_drift() == []
    _assert_referrals_as_the_services_leave_them()
    call_command("check_availability", stdout=None)


def test_referrals_need_a_generated_network(settings):
    settings.RELAIS_DEMO = True
    with pytest.raises(CommandError, match="Aucun réseau national généré"):
        call_command("generate_national", *SMALL, "--only", "referrals", stdout=None)
    with pytest.raises(CommandError, match="Partie inconnue"):
        call_command("generate_national", *SMALL, "--only", "people", stdout=None)
    assert not Referral.objects.exists()


def test_referrals_of_the_write_bench_do_not_block_a_new_run(settings):
    """A full run removes what hangs on the generated persons, whoever wrote it."""
    settings.RELAIS_DEMO = True
    call_command("generate_national", *SMALL, stdout=None)
    stay = Stay.objects.filter(referral__isnull=False).first()
    other = Referral.objects.create(
        person=stay.person,
        from_organization=stay.referral.from_organization,
        sent_by=User.objects.create(username="autre-banc"),
        to_structure=stay.structure,
        status=ReferralStatus.DECLINED,
        sent_at=timezone.now() - datetime.timedelta(days=400),
    )
    call_command("generate_national", *SMALL, stdout=None)
    assert not Referral.objects.filter(pk=other.pk).exists()
    assert Referral.objects.count() == 1500


@pytest.mark.skipif(connection.vendor != "postgresql", reason="VACUUM et carte de visibilité : PostgreSQL")
def test_the_generated_tables_are_vacuumed_once_committed(settings):
    """A stay updated by the referrals' part leaves its old version behind; after the run none is left,
    and every page of the big tables is marked visible (what autovacuum does later, when it is on)."""
    settings.RELAIS_DEMO = True
    call_command("generate_national", *SMALL, stdout=None)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, relpages, relallvisible FROM pg_class WHERE relname = ANY(%s)",
            [["stays_stay", "referrals_referral", "referrals_referraltransition", "people_person"]],
        )
        pages = {name: (total, visible) for name, total, visible in cursor.fetchall()}
    assert len(pages) == 4
    assert all(total > 0 and visible == total for total, visible in pages.values()), pages
