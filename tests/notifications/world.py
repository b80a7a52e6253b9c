"""Every event that notifies, on generated data; the person carries the sentinel alias."""

import datetime

from django.utils import timezone

from relais.governance.enums import ActionStatus
from relais.governance.reminders import actions_due_reminders
from relais.identity.break_glass import break_glass_open
from relais.premises.reminders import premises_review_reminders
from relais.referrals.services import referral_accept, referral_decline, referral_send, referrals_remind_and_expire
from relais.users.enums import Role
from relais.users.services import grant_propose
from tests.factories import OrganizationFactory, StructureFactory, UserFactory
from tests.governance.factories import ActionFactory, MeetingFactory, ProposalFactory, state_organizations
from tests.people.factories import ConsentFactory, PersonFactory

ALIAS = "Zéphyrin-Sentinelle-7Q"


def team(email_prefix="equipe"):
    structure = StructureFactory(name=f"Halte {ALIAS}", places=10, occupied=2)
    operator = UserFactory(
        username=f"{email_prefix}-operatrice", operateur_of=structure.operator, email=f"{email_prefix}@example.org"
    )
    maraude = UserFactory(
        username=f"{email_prefix}-maraude", role=Role.MARAUDE, email=f"{email_prefix}-maraude@example.org"
    )
    person = PersonFactory(alias=ALIAS, organization=maraude.organization)
    ConsentFactory(person=person)
    return structure, operator, maraude, person


def every_event():
    """Each kind of event once; returns the users told."""
    structure, operator, maraude, person = team()
    auditor = UserFactory(username="dpd", role=Role.AUDITEUR, email="dpd@example.org")
    coordination = UserFactory(role=Role.COORDINATION, email="coord@example.org")
    referral = referral_send(person=person, by=maraude, to_structure=structure)
    referral_accept(referral=referral, by=operator)
    other = StructureFactory(places=3, operator=structure.operator)
    declined = referral_send(person=person, by=maraude, to_structure=other)
    referral_decline(referral=declined, by=operator, reason="no_place")
    third = StructureFactory(places=3, operator=structure.operator)
    late = referral_send(person=person, by=maraude, to_structure=third)
    referrals_remind_and_expire(now=late.sent_at + datetime.timedelta(hours=25))
    state = state_organizations()
    reviewer = UserFactory(role=Role.POLICE, organization=state["police"], email="pp@example.org")
    ProposalFactory(overdue=True)
    ProposalFactory(proposed_on=timezone.localdate() - datetime.timedelta(days=28))  # due in two days
    premises_review_reminders(timezone.localdate())
    owner = OrganizationFactory()
    action_owner = UserFactory(role=Role.COMITE, organization=owner, email="comite@example.org")
    MeetingFactory(held_on=timezone.localdate() + datetime.timedelta(days=10))
    ActionFactory(owner=owner, status=ActionStatus.TODO, due_on=timezone.localdate() + datetime.timedelta(days=5))
    actions_due_reminders(timezone.localdate())
    break_glass_open(user=operator, person=person, reason="Urgence vitale signalée par le SAMU social")
    grant_propose(
        user=UserFactory(),
        organization=OrganizationFactory(),
        role=Role.VILLE,
        valid_from=timezone.localdate(),
        by=coordination,
    )
    return {
        "operator": operator,
        "maraude": maraude,
        "auditor": auditor,
        "reviewer": reviewer,
        "action_owner": action_owner,
        "coordination": coordination,
    }
