"""Factories of the plan's follow-up and of the premises pipeline, scenarios as Traits."""

import datetime

import factory
from django.utils import timezone

from relais.governance.enums import ActionStatus, MeasureStatus, MeetingKind
from relais.governance.models import Action, Axis, Measure, MeasureTarget, MeasureTargetValue, Meeting, Plan
from relais.premises.enums import Opinion, ProposalStatus
from relais.premises.models import PremisesProposal, PremisesReview
from relais.structures.enums import StructureKind
from relais.users.enums import OrganizationKind, Role
from relais.users.models import Organization
from tests.factories import OrganizationFactory, UserFactory


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    name = factory.Sequence(lambda n: f"Plan d'essai {n}")
    short_name = factory.Sequence(lambda n: f"Plan {n}")
    starts_on = datetime.date(2021, 9, 30)


class AxisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Axis

    plan = factory.SubFactory(PlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Axe d'essai {n}")


class MeasureFactory(factory.django.DjangoModelFactory):
    """`MeasureFactory(late=True)` is open past its due date; `MeasureFactory(done=True)` is closed."""

    class Meta:
        model = Measure

    code = factory.Sequence(lambda n: f"T-{n}")
    title = factory.Sequence(lambda n: f"Mesure d'essai {n}")
    axis = factory.SubFactory(AxisFactory)
    lead_organization = factory.SubFactory(OrganizationFactory)
    starts_on = datetime.date(2021, 9, 30)
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=90))
    status = MeasureStatus.IN_PROGRESS

    class Params:
        late = factory.Trait(due_on=factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=5)))
        done = factory.Trait(status=MeasureStatus.DONE, done_on=datetime.date(2022, 1, 1))


class MeasureTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeasureTarget

    measure = factory.SubFactory(MeasureFactory)
    indicator_code = "places_open_programmes"


class MeasureTargetValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeasureTargetValue

    target = factory.SubFactory(MeasureTargetFactory)
    due_on = datetime.date(2030, 1, 1)
    value = 100


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    kind = MeetingKind.INSTITUTIONAL
    title = "Comité institutionnel du plan crack"
    held_on = datetime.date(2021, 9, 30)


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    title = factory.Sequence(lambda n: f"Action d'essai {n}")
    owner = factory.SubFactory(OrganizationFactory)
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    status = ActionStatus.TODO

    class Params:
        late = factory.Trait(due_on=factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=3)))


def state_organizations():
    """The three State organisations whose opinions a proposal awaits (ARS, préfecture, PP)."""
    specs = {
        "ars": ("ARS d'essai", "ARS", OrganizationKind.ARS),
        "prefecture": ("Préfecture d'essai", "Préfecture", OrganizationKind.PREFECTURE),
        "police": ("Préfecture de police d'essai", "PP", OrganizationKind.POLICE),
    }
    return {
        key: Organization.objects.get_or_create(name=name, defaults={"short_name": short, "kind": kind})[0]
        for key, (name, short, kind) in specs.items()
    }


def ville_organization():
    return Organization.objects.get_or_create(
        name="Ville d'essai", defaults={"short_name": "Ville", "kind": OrganizationKind.VILLE}
    )[0]


class ProposalFactory(factory.django.DjangoModelFactory):
    """`ProposalFactory(overdue=True)` was proposed 45 days ago with a 30-day deadline and no opinion."""

    class Meta:
        model = PremisesProposal

    name = factory.Sequence(lambda n: f"Locaux d'essai {n}")
    address = "12 rue Riquet, 75019 Paris"
    cog = "75119"
    surface_m2 = 300
    intended_kind = StructureKind.REST_NIGHT
    capacity = 30
    available_from = datetime.date(2026, 1, 1)
    owner = "Ville de Paris"
    proposed_by = factory.LazyFunction(ville_organization)
    created_by = factory.LazyAttribute(lambda o: UserFactory(role=Role.VILLE, organization=o.proposed_by))
    proposed_on = factory.LazyFunction(timezone.localdate)
    response_days = 30
    response_due_on = factory.LazyAttribute(lambda o: o.proposed_on + datetime.timedelta(days=o.response_days))
    status = ProposalStatus.PROPOSED

    class Params:
        overdue = factory.Trait(
            proposed_on=factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=45)),
            status=ProposalStatus.EXAMINATION,
        )
        examined = factory.Trait(status=ProposalStatus.EXAMINATION)
        retained = factory.Trait(status=ProposalStatus.RETAINED)


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PremisesReview

    proposal = factory.SubFactory(ProposalFactory)
    organization = factory.SubFactory(OrganizationFactory, kind=OrganizationKind.ARS)
    author = factory.LazyAttribute(lambda o: UserFactory(role=Role.COORDINATION, organization=o.organization))
    opinion = Opinion.FAVOURABLE
