"""Factories for consumption sites: `SiteFactory(status=SiteStatus.ASSIGNED)` gives a site with its
lifecycle; counts are created with the other factories of this module."""

import datetime

import factory
from django.utils import timezone

from relais.sites.enums import DayPeriod, DisplacementKind, OperationKind, SiteKind, SiteStatus
from relais.sites.models import (
    Displacement,
    OnSiteActivity,
    SecurityOperation,
    Site,
    SiteObservation,
    SiteStatusChange,
)
from tests.factories import OrganizationFactory


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Site {n}")
    kind = SiteKind.OPEN_SCENE
    cog = "75119"
    latitude = 48.8895
    longitude = 2.3720

    @factory.post_generation
    def status(self, create, extracted, **kwargs):
        """`status=...` (default: assigned since 1 Sept 2021); `status=False` for none."""
        if extracted is False:
            return
        SiteStatusChange.objects.create(
            site=self,
            status=extracted or SiteStatus.ASSIGNED,
            effective_on=kwargs.get("since", datetime.date(2021, 9, 1)),
            decision=kwargs.get("decision", "Arrêté préfectoral"),
        )


class ObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SiteObservation

    site = factory.SubFactory(SiteFactory)
    observed_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=2))
    period = DayPeriod.DAY
    headcount_min = 150
    headcount_max = 200
    organization = factory.SubFactory(OrganizationFactory)


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OnSiteActivity

    site = factory.SubFactory(SiteFactory)
    day = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=1))
    organization = factory.SubFactory(OrganizationFactory)
    first_aid = 3
    nursing_care = 5
    harm_reduction_kits = 40


class OperationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SecurityOperation

    site = factory.SubFactory(SiteFactory)
    day = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=1))
    kind = OperationKind.ANTI_TRAFFICKING
    arrests = 4
    custody = 3
    seizure_grams = 12
    seizure_euros = 800
    organization = factory.SubFactory(OrganizationFactory)


class DisplacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Displacement

    site = factory.SubFactory(SiteFactory)
    day = datetime.date(2022, 10, 5)
    kind = DisplacementKind.EVACUATION
    organization = factory.SubFactory(OrganizationFactory)
