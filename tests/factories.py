import datetime

import factory
from django.utils import timezone

from relais.structures.enums import AvailabilityMode, PlaceKind, StructureKind
from relais.structures.live import availability_refresh
from relais.structures.models import (
    CapacityTarget,
    OccupancyDeclaration,
    Place,
    PlaceServicePeriod,
    Programme,
    Structure,
)
from relais.users.enums import GrantStatus, OrganizationKind, Role
from relais.users.models import AccessGrant, Organization, User


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Association test {n}")
    short_name = factory.Sequence(lambda n: f"Asso {n}")
    kind = OrganizationKind.ASSOCIATION


class AccessGrantFactory(factory.django.DjangoModelFactory):
    """A grant in force since 400 days; `AccessGrantFactory(expired=True)` ended yesterday."""

    class Meta:
        model = AccessGrant

    user = factory.SubFactory("tests.factories.UserFactory")
    role = Role.MARAUDE
    organization = factory.SubFactory(OrganizationFactory)
    valid_from = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=400))
    valid_until = None
    status = GrantStatus.APPROVED

    class Params:
        expired = factory.Trait(
            valid_until=factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=1))
        )


class UserFactory(factory.django.DjangoModelFactory):
    """A user with one grant in force: `UserFactory(role=Role.POLICE)`, `UserFactory(operateur_of=org)`;
    `UserFactory(role=..., expired=True)` whose grant has ended."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    class Params:
        role = None
        organization = None
        operateur_of = None
        expired = factory.Trait(grant__expired=True)

    username = factory.Sequence(lambda n: f"utilisateur{n}")
    password = factory.django.Password("motdepasse-de-test")
    grant = factory.Maybe(
        factory.LazyAttribute(lambda o: o.role is not None or o.operateur_of is not None),
        yes_declaration=factory.RelatedFactory(
            AccessGrantFactory,
            factory_related_name="user",
            role=factory.LazyAttribute(
                lambda o: Role.OPERATEUR if o.factory_parent.operateur_of else o.factory_parent.role
            ),
            organization=factory.LazyAttribute(
                lambda o: o.factory_parent.operateur_of or o.factory_parent.organization or OrganizationFactory()
            ),
        ),
    )


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    code = factory.Sequence(lambda n: f"prog{n}")
    name = factory.Sequence(lambda n: f"Programme {n}")
    operator = factory.SubFactory(OrganizationFactory)


class CapacityTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CapacityTarget

    programme = factory.SubFactory(ProgrammeFactory)
    effective_on = datetime.date(2021, 1, 1)
    places = 100
    decision = "Comité institutionnel"
    decided_on = factory.LazyAttribute(lambda o: o.effective_on)


class StructureFactory(factory.django.DjangoModelFactory):
    """`StructureFactory(places=10, occupied=4)` opens 10 places and declares 4 taken now."""

    class Meta:
        model = Structure
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Structure {n}")
    kind = StructureKind.REST_NIGHT
    operator = factory.SubFactory(OrganizationFactory)
    address = "1 rue de Flandre, 75019 Paris"
    cog = "75119"
    latitude = 48.887
    longitude = 2.385
    availability_mode = AvailabilityMode.DECLARED

    @factory.post_generation
    def places(self, create, extracted, **kwargs):
        if extracted:
            since = kwargs.get("since", datetime.date(2020, 1, 1))
            for n in range(extracted):
                place = Place.objects.create(structure=self, kind=PlaceKind.BED, label=f"Lit {n + 1}")
                PlaceServicePeriod.objects.create(place=place, start=since)

    @factory.post_generation
    def occupied(self, create, extracted, **kwargs):
        if extracted is not None:
            declarer = UserFactory(operateur_of=self.operator)
            OccupancyDeclaration.objects.create(
                structure=self,
                occupied=extracted,
                declared_by=declarer,
                organization=self.operator,
                declared_at=kwargs.get("at") or timezone.now(),
            )

    @factory.post_generation
    def live(self, create, extracted, **kwargs):
        """Places and declarations are written directly, not through the services: the live row follows."""
        if create:
            availability_refresh(structures=[self])
