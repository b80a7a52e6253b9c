"""Person-level factories. Scenarios as Traits: `ReferralFactory(accepted=True)`, `PersonFactory(consented=True)`."""

import factory
from django.utils import timezone

from relais.pathways.enums import StepKind, StepStatus, sensitivity_of
from relais.pathways.models import HealthNote, PathwayStep
from relais.people.enums import ConsentPurpose, Sex
from relais.people.models import Consent, Contact, Person
from relais.referrals.enums import ReferralStatus
from relais.referrals.models import Referral, ReferralTransition
from relais.stays.models import Stay
from relais.structures.live import availability_refresh
from relais.users.enums import Role
from tests.factories import OrganizationFactory, StructureFactory, UserFactory


class PersonFactory(factory.django.DjangoModelFactory):
    """`PersonFactory(organization=org)`: recorded by a maraude of `org` (so visible to it)."""

    class Meta:
        model = Person
        skip_postgeneration_save = True

    class Params:
        organization = factory.SubFactory(OrganizationFactory)
        consented = factory.Trait(
            consent=factory.RelatedFactory(
                "tests.people.factories.ConsentFactory",
                factory_related_name="person",
                purpose=ConsentPurpose.COORDINATION,
            ),
            health_consent=factory.RelatedFactory(
                "tests.people.factories.ConsentFactory", factory_related_name="person", purpose=ConsentPurpose.HEALTH
            ),
        )

    alias = factory.Sequence(lambda n: f"Surnom{n}")
    year_of_birth = 1985
    sex = Sex.MALE
    created_by_organization = factory.SelfAttribute("organization")
    created_by = factory.LazyAttribute(lambda o: UserFactory(role=Role.MARAUDE, organization=o.organization))
    matching_key = factory.LazyAttribute(
        lambda o: Person(alias=o.alias, year_of_birth=o.year_of_birth, sex=o.sex).compute_matching_key()
    )


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    person = factory.SubFactory(PersonFactory)
    purpose = ConsentPurpose.COORDINATION
    recorded_by = factory.SelfAttribute("person.created_by")
    organization = factory.SelfAttribute("person.created_by_organization")


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    person = factory.SubFactory(PersonFactory)
    organization = factory.LazyAttribute(
        lambda o: o.person.created_by_organization if o.person else OrganizationFactory()
    )
    recorded_by = factory.LazyAttribute(lambda o: UserFactory(role=Role.MARAUDE, organization=o.organization))
    location_label = "Jardins d'Éole"
    cog = "75118"


class ReferralFactory(factory.django.DjangoModelFactory):
    """Sent by a maraude of the person's organisation to a structure with free places."""

    class Meta:
        model = Referral
        skip_postgeneration_save = True

    class Params:
        acknowledged = factory.Trait(
            status=ReferralStatus.ACKNOWLEDGED, acknowledged_at=factory.LazyFunction(timezone.now)
        )
        accepted = factory.Trait(
            status=ReferralStatus.ACCEPTED,
            acknowledged_at=factory.LazyFunction(timezone.now),
            answered_at=factory.LazyFunction(timezone.now),
        )

    person = factory.SubFactory(PersonFactory, consented=True)
    from_organization = factory.SelfAttribute("person.created_by_organization")
    sent_by = factory.SelfAttribute("person.created_by")
    to_structure = factory.SubFactory(StructureFactory, places=3, availability_mode="computed")
    to_kind = factory.SelfAttribute("to_structure.kind")
    status = ReferralStatus.SENT

    @factory.post_generation
    def transitions(self, create, extracted, **kwargs):
        ReferralTransition.objects.create(referral=self, status=ReferralStatus.SENT, at=self.sent_at, by=self.sent_by)
        if self.status != ReferralStatus.SENT:
            ReferralTransition.objects.create(referral=self, status=self.status, by=None)


class StayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stay
        skip_postgeneration_save = True

    person = factory.SubFactory(PersonFactory)
    structure = factory.SubFactory(StructureFactory, places=3, availability_mode="computed")
    admitted_by = factory.LazyAttribute(lambda o: UserFactory(operateur_of=o.structure.operator))

    @factory.post_generation
    def live(self, create, extracted, **kwargs):
        """Written directly, not through the admission service: the live row follows as it would."""
        if create:
            availability_refresh(structures=[self.structure_id])


class PathwayStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PathwayStep

    person = factory.SubFactory(PersonFactory)
    kind = StepKind.PSY_ASSESSMENT
    sensitivity = factory.LazyAttribute(lambda o: sensitivity_of(o.kind))
    organization = factory.SubFactory(OrganizationFactory)
    recorded_by = factory.LazyAttribute(lambda o: UserFactory(role=Role.SOIGNANT, organization=o.organization))
    status = StepStatus.DONE


class HealthNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HealthNote

    person = factory.SubFactory(PersonFactory)
    organization = factory.SubFactory(OrganizationFactory)
    author = factory.LazyAttribute(lambda o: UserFactory(role=Role.SOIGNANT, organization=o.organization))
    text = "Note clinique de test"
