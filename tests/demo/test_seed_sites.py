"""The demo sites reproduce the public figures and load idempotently."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db.models import Max, Min, Sum
from django.urls import reverse

from relais.sites.enums import Destination, SiteStatus
from relais.sites.models import (
    Displacement,
    DisplacementDestination,
    OnSiteActivity,
    SecurityOperation,
    Site,
    SiteObservation,
    SiteStatusChange,
)
from relais.structures.enums import StructureKind
from relais.users.models import User
from tests.helpers import assert_published

pytestmark = pytest.mark.django_db
D = datetime.date


def _counts():
    return [
        model.objects.count()
        for model in (Site, SiteStatusChange, SiteObservation, OnSiteActivity, SecurityOperation, Displacement)
    ]


def test_demo_sites_reproduce_the_public_sequence_and_figures(client):
    call_command("seed_demo", stdout=io.StringIO())
    first = _counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == first
    assert first[2] > 1000 and first[3] > 1000 and first[4] > 100

    forceval = Site.objects.get(name="Forceval / place Auguste-Baron")
    assert list(forceval.status_changes.values_list("effective_on", "status")) == [
        (D(2021, 9, 24), SiteStatus.ASSIGNED),
        (D(2022, 10, 5), SiteStatus.DISMANTLED),
    ]
    # The scenes follow one another: Chapelle, Stalingrad, Éole, Forceval, then later places.
    order = list(
        SiteStatusChange.objects.exclude(status=SiteStatus.DISMANTLED)
        .order_by("effective_on")
        .values_list("site__name", flat=True)
        .distinct()
    )
    assert [name for i, name in enumerate(order) if name not in order[:i]][:4] == [
        "Colline de la Chapelle",
        "Place de la Bataille-de-Stalingrad",
        "Jardins d'Éole",
        "Forceval / place Auguste-Baron",
    ]

    def headcounts(year, month):
        return SiteObservation.objects.filter(
            site=forceval, observed_at__year=year, observed_at__month=month
        ).aggregate(low=Min("headcount_min"), high=Max("headcount_max"))

    assert headcounts(2022, 2)["low"] >= 150 and headcounts(2022, 2)["high"] <= 200
    assert headcounts(2022, 9)["low"] >= 300 and headcounts(2022, 9)["high"] <= 400
    assert not SiteObservation.objects.filter(site=forceval, observed_at__date__gte=D(2022, 10, 5)).exists()

    evacuation = Displacement.objects.get(site=forceval, day=D(2022, 10, 5))
    rest = DisplacementDestination.objects.get(displacement=evacuation, destination=Destination.REST_SPACE)
    assert rest.people == 37
    assert rest.structure.kind in {StructureKind.REST_NIGHT, StructureKind.REST_DAY}
    assert evacuation.reappeared_at.count() == 2
    assert forceval.services.filter(structure__kind=StructureKind.ONSITE_CARE).exists()

    # As the comité sees it: the timeline of February 2022 shows the public range.
    client.force_login(User.objects.get(username="comite"))
    response = client.get(reverse("sites:detail", args=[forceval.pk]), {"du": "2022-02-01", "au": "2022-02-28"})
    assert response.status_code == 200
    timeline = response.context["timeline"]
    days = [row["day"] for row in timeline.rows if row["day"]]
    assert min(d["low"] for d in days) >= 150 and max(d["high"] for d in days) <= 200
    acts = OnSiteActivity.objects.filter(site=forceval, day__year=2022, day__month=2).aggregate(n=Sum("first_aid"))
    assert_published(timeline.totals["acts"]["first_aid"], acts["n"])  # the comité reads it published
