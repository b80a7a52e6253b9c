"""The by-name list in the demo: a few persons flagged vulnerable by a soignant who follows them, and a
few put on the list as waiting for a kind of place without a referral yet (idempotent)."""

import datetime
import random

from django.utils import timezone

from relais.orientation.enums import VulnerabilityReason
from relais.orientation.models import PlaceWait, VulnerabilityFlag
from relais.pathways.models import PathwayStep
from relais.people.enums import ConsentPurpose
from relais.people.models import Consent, Person
from relais.referrals.enums import OPEN
from relais.referrals.models import Referral
from relais.stays.models import Stay
from relais.structures.enums import StructureKind
from relais.users.enums import GrantStatus, Role
from relais.users.models import AccessGrant

FLAGS_PER_TEAM = 4
WAITS_PER_TEAM = 6
WAIT_KINDS = [StructureKind.HOTEL, StructureKind.HOTEL, StructureKind.CHRS, StructureKind.LHSS]


def _teams(role):
    grants = AccessGrant.objects.filter(role=role, status=GrantStatus.APPROVED).select_related("user", "organization")
    return {g.organization_id: g for g in grants.order_by("organization_id", "pk")}.values()


def seed_waiting(rng: random.Random | None = None) -> None:
    if VulnerabilityFlag.objects.exists() or PlaceWait.objects.exists():
        return
    rng = rng or random.Random(2026_11_30)
    now = timezone.now()
    today = timezone.localdate()
    housed = Stay.objects.open().values("person")
    referred = Referral.objects.filter(status__in=sorted(OPEN)).values("person")
    consented = Consent.objects.filter(purpose=ConsentPurpose.COORDINATION).valid_on(today).values("person")
    free = Person.objects.active().exclude(pk__in=housed)
    flags = []
    for grant in _teams(Role.SOIGNANT):
        # Persons this care team follows and who wait: the flag weighs on their rank.
        followed = PathwayStep.objects.filter(organization=grant.organization).values("person")
        persons = list(free.filter(pk__in=followed).filter(pk__in=referred).order_by("pk")[:40])
        for person in rng.sample(persons, min(FLAGS_PER_TEAM, len(persons))):
            flags.append(
                VulnerabilityFlag(
                    person=person,
                    reason=rng.choice(["", *VulnerabilityReason.values]),
                    organization=grant.organization,
                    flagged_by=grant.user,
                    flagged_at=now - datetime.timedelta(days=rng.randint(1, 60)),
                )
            )
    waits = []
    for grant in _teams(Role.MARAUDE):
        persons = list(
            free.filter(created_by_organization=grant.organization, pk__in=consented)
            .exclude(pk__in=referred)
            .order_by("pk")[:60]
        )
        for person in rng.sample(persons, min(WAITS_PER_TEAM, len(persons))):
            waits.append(
                PlaceWait(
                    person=person,
                    kind=rng.choice(WAIT_KINDS),
                    since=now - datetime.timedelta(days=rng.randint(0, 45)),
                    organization=grant.organization,
                    created_by=grant.user,
                )
            )
    VulnerabilityFlag.objects.bulk_create(flags)
    PlaceWait.objects.bulk_create(waits)
