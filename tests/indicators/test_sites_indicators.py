"""The indicators of sites, police operations and evacuations, checked against a hand-built fixture."""

import datetime

import pytest
from django.utils import timezone

from relais.indicators import registry
from relais.indicators.live import LIVE_VALUES, live_values
from relais.indicators.publication import EXACT
from relais.indicators.registry import end_of
from relais.indicators.sites import windowed
from relais.sites.enums import Destination, DisplacementKind, OperationKind, SiteStatus
from relais.sites.models import DisplacementDestination, SiteStatusChange
from tests.factories import OrganizationFactory
from tests.sites.factories import (
    ActivityFactory,
    DisplacementFactory,
    ObservationFactory,
    OperationFactory,
    SiteFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def at(day, hour=12, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def rows(code, day, by=(), where=None, since=None):
    indicator = windowed(code, since) if since else registry.get(code)
    return indicator.rows(as_of=end_of(day), by=by, where=where)


def total(code, day, where=None, since=None):
    indicator = windowed(code, since) if since else registry.get(code)
    return indicator.total(as_of=end_of(day), where=where)


@pytest.fixture
def world():
    outreach, hospital, police = OrganizationFactory(), OrganizationFactory(), OrganizationFactory()
    forceval = SiteFactory(name="Forceval", cog="75119")
    eole = SiteFactory(name="Éole", cog="75118")
    SiteStatusChange.objects.create(site=eole, status=SiteStatus.DISMANTLED, effective_on=D(2022, 3, 1))
    # Headcounts: Forceval by day then by night on 1 Feb, by day again on 10 Feb; Éole on 5 Feb.
    ObservationFactory(site=forceval, observed_at=at(D(2022, 2, 1), 10), headcount_min=150, headcount_max=200)
    ObservationFactory(
        site=forceval, observed_at=at(D(2022, 2, 1), 23), period="night", headcount_min=100, headcount_max=120
    )
    ObservationFactory(site=forceval, observed_at=at(D(2022, 2, 10), 10), headcount_min=180, headcount_max=250)
    ObservationFactory(site=eole, observed_at=at(D(2022, 2, 5), 15), headcount_min=30, headcount_max=40)
    # Acts: 48 + 11 within 30 days of 6 Feb; 2 in December, outside.
    ActivityFactory(site=forceval, day=D(2022, 2, 1), organization=outreach)  # 3 + 5 + 40
    ActivityFactory(
        site=forceval, day=D(2022, 2, 3), organization=hospital, first_aid=1, nursing_care=0, harm_reduction_kits=10
    )
    ActivityFactory(
        site=eole, day=D(2021, 12, 1), organization=outreach, first_aid=2, nursing_care=0, harm_reduction_kits=0
    )
    # Operations: two before 6 Feb, one in March.
    OperationFactory(site=forceval, day=D(2022, 2, 2), organization=police)  # 4 arrests, 3 custody, 12 g, 800 €
    OperationFactory(
        site=eole,
        day=D(2022, 2, 4),
        kind=OperationKind.SECURING,
        arrests=0,
        custody=0,
        seizure_grams=0,
        seizure_euros=0,
        kitchens_dismantled=2,
        officers_engaged=30,
        organization=police,
    )
    OperationFactory(site=forceval, day=D(2022, 3, 10), arrests=7, custody=1, organization=police)
    # The evacuation of 5 Oct 2022: 37 to a rest space, 5 to hospital, 3 refused.
    evacuation = DisplacementFactory(site=forceval, day=D(2022, 10, 5), kind=DisplacementKind.EVACUATION)
    for destination, people in ((Destination.REST_SPACE, 37), (Destination.HOSPITAL, 5), (Destination.REFUSED, 3)):
        DisplacementDestination.objects.create(displacement=evacuation, destination=destination, people=people)
    return {"forceval": forceval, "eole": eole, "outreach": outreach, "hospital": hospital, "police": police}


def test_headcount_is_the_last_estimate_of_each_active_site_as_of(world):
    f, e = world["forceval"].pk, world["eole"].pk
    assert total("site_headcount_low", D(2022, 1, 15)) == 0
    # 6 Feb: Forceval's last estimate is the night one (100 to 120), Éole 30 to 40.
    assert total("site_headcount_low", D(2022, 2, 6)) == 130
    assert total("site_headcount_high", D(2022, 2, 6)) == 160
    by_site = {r["site"]: r["value"] for r in rows("site_headcount_high", D(2022, 2, 6), by=["site"])}
    assert by_site == {f: 120, e: 40}
    # By day and night: the last estimate of each site for each moment.
    by_period = {r["day_period"]: r["value"] for r in rows("site_headcount_high", D(2022, 2, 6), by=["day_period"])}
    assert by_period == {"day": 240, "night": 120}
    assert total("site_headcount_low", D(2022, 2, 6), where={"day_period": "day"}) == 180
    # 15 Feb: Forceval's estimate of 10 Feb replaces the earlier ones.
    assert total("site_headcount_low", D(2022, 2, 15)) == 210
    assert total("site_headcount_high", D(2022, 2, 15)) == 290
    # 15 March: Éole dismantled on 1 March no longer counts.
    assert total("site_headcount_high", D(2022, 3, 15)) == 250
    by_arr = {
        r["arrondissement"]: r["value"] for r in rows("site_headcount_high", D(2022, 2, 15), by=["arrondissement"])
    }
    assert by_arr == {"75118": 40, "75119": 250}


def test_sites_active_as_of(world):
    assert total("sites_active", D(2021, 8, 1)) == 0
    assert total("sites_active", D(2022, 2, 15)) == 2
    assert total("sites_active", D(2022, 3, 15)) == 1
    assert rows("sites_active", D(2022, 3, 15), by=["arrondissement"]) == [{"arrondissement": "75119", "value": 1}]


def test_onsite_acts_by_type_and_organisation_over_the_period(world):
    day = D(2022, 2, 6)
    assert total("onsite_acts", day) == 59
    by_type = {r["act_type"]: r["value"] for r in rows("onsite_acts", day, by=["act_type"])}
    assert by_type["first_aid"] == 4 and by_type["nursing_care"] == 5 and by_type["harm_reduction_kits"] == 50
    assert by_type["orientations"] == 0
    by_org = {r["organization"]: r["value"] for r in rows("onsite_acts", day, by=["organization"])}
    assert by_org == {world["outreach"].pk: 48, world["hospital"].pk: 11}
    assert total("onsite_acts", day, where={"act_type": "first_aid"}) == 4
    both = rows("onsite_acts", day, by=["organization", "act_type"], where={"act_type": "first_aid"})
    assert {(r["organization"], r["value"]) for r in both} == {(world["outreach"].pk, 3), (world["hospital"].pk, 1)}
    # Another start for the period: the December acts count too.
    assert total("onsite_acts", day, since=D(2021, 11, 1)) == 61
    assert total("onsite_acts", D(2022, 4, 1)) == 0


def test_security_operations_and_their_counts_over_the_period(world):
    day = D(2022, 2, 6)
    assert total("security_operations", day) == 2
    assert total("operation_arrests", day) == 4
    assert total("operation_custody", day) == 3
    assert total("operation_seizure_grams", day) == 12
    assert total("operation_seizure_euros", day) == 800
    assert total("operation_kitchens_dismantled", day) == 2
    assert total("operation_officers_engaged", day) == 30
    by_kind = {r["operation_kind"]: r["value"] for r in rows("security_operations", day, by=["operation_kind"])}
    assert by_kind == {"anti_trafficking": 1, "securing": 1}
    assert total("operation_arrests", D(2022, 3, 15)) == 7
    assert total("operation_arrests", D(2022, 3, 15), since=D(2022, 2, 1)) == 11
    assert registry.get("operation_arrests").person_derived
    assert not registry.get("operation_officers_engaged").person_derived


def test_evacuations_by_destination(world):
    day = D(2022, 10, 6)
    assert total("evacuated_people", day) == 45
    by_destination = {r["destination"]: r["value"] for r in rows("evacuated_people", day, by=["destination"])}
    assert by_destination == {"hospital": 5, "refused": 3, "rest_space": 37}
    assert total("evacuated_people", day, where={"destination": "rest_space"}) == 37
    assert total("displacements", day) == 1
    assert total("evacuated_people", D(2022, 11, 10)) == 0
    assert total("evacuated_people", D(2022, 10, 4)) == 0
    assert registry.get("evacuated_people").person_derived


def test_every_catalogue_indicator_is_a_live_value_for_measure_targets(world, django_assert_num_queries):
    for code in registry.INDICATORS:
        assert code in LIVE_VALUES
    values = live_values(
        {"evacuated_people", "site_headcount_high", "places_open_programmes"}, D(2022, 10, 6), publisher=EXACT
    )
    assert values["evacuated_people"] == 45
    assert values["site_headcount_high"] == 250
    assert values["places_open_programmes"] == 0


def test_unsupported_dimension_is_refused(world):
    with pytest.raises(registry.UnsupportedDimension):
        rows("security_operations", D(2022, 2, 6), by=["destination"])
