"""Factories for consumption sites: `SiteFactory()` is assigned since 1 September 2021,
`SiteFactory(appeared=True)` has just appeared, `SiteFactory(without_status=True)` has no lifecycle yet;
counts are created with the other factories of this module."""

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


class SiteStatusChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SiteStatusChange

    site = factory.SubFactory("tests.sites.factories.SiteFactory", without_status=True)
    status = SiteStatus.ASSIGNED
    effective_on = datetime.date(2021, 9, 1)
    decision = "Arrêté préfectoral"


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site
        skip_postgeneration_save = True

    class Params:
        without_status = factory.Trait(status_change=None)
        appeared = factory.Trait(
            status_change=factory.RelatedFactory(
                SiteStatusChangeFactory, factory_related_name="site", status=SiteStatus.APPEARED
            )
        )

    name = factory.Sequence(lambda n: f"Site {n}")
    kind = SiteKind.OPEN_SCENE
    cog = "75119"
    latitude = 48.8895
    longitude = 2.3720
    status_change = factory.RelatedFactory(SiteStatusChangeFactory, factory_related_name="site")


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
