"""Each category of RELAIS_RETENTION goes on its day, not a day before; published figures stay."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command

from relais.audit.enums import AccessAction, AccessCategory
from relais.audit.models import AccessEvent
from relais.audit.services import access_log_verify, access_record
from relais.orientation.models import Allocation
from relais.pathways.models import HealthNote
from relais.people.models import Consent, Contact, Person
from relais.people.services import duplicate_groups, person_merge
from relais.premises.enums import ProposalStatus
from relais.premises.models import PremisesDocument
from relais.referrals.models import Referral, ReferralTransition
from relais.reports.models import SituationReport
from relais.reports.services import situation_report_generate
from relais.reports.snapshot import snapshot_build
from relais.retention.enums import Category
from relais.retention.models import AnonymisedPerson, PurgeRun
from relais.retention.purge import purge_retention
from relais.stays.enums import ExitDestination
from relais.stays.models import Stay
from relais.users.enums import Role
from tests.factories import UserFactory
from tests.governance.factories import ProposalFactory
from tests.people.factories import (
    ContactFactory,
    HealthNoteFactory,
    PathwayStepFactory,
    PersonFactory,
    ReferralFactory,
    StayFactory,
)

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
DAY = datetime.date(2023, 3, 15)


def at(day: datetime.date, hour: int = 12):
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, hour, tzinfo=PARIS), tick=False)


def due_day(category: str) -> datetime.date:
    return DAY + datetime.timedelta(days=settings.RELAIS_RETENTION[category]["days"])


def _contact():
    contact = ContactFactory(person=None, latitude=48.88, longitude=2.37)
    return lambda: Contact.objects.filter(pk=contact.pk, location_label="", latitude=None).exists()


def _person():
    person = PersonFactory(alias="Ancien", consented=True)
    ContactFactory(person=person)
    return lambda: (
        AnonymisedPerson.objects.filter(person=person).exists() and Person.objects.get(pk=person.pk).alias == ""
    )


def _health_note():
    note = HealthNoteFactory(person=PersonFactory())
    return lambda: not HealthNote.objects.filter(pk=note.pk).exists()


def _referral():
    referral = ReferralFactory(accepted=True, contact=ContactFactory())
    return lambda: (
        Referral.objects.filter(pk=referral.pk, contact=None).exists()
        and not ReferralTransition.objects.filter(referral=referral, by__isnull=False).exists()
    )


def _stay():
    stay = StayFactory()
    Stay.objects.filter(pk=stay.pk).update(
        place=stay.structure.places.first(), exited_at=stay.admitted_at, exit_destination=ExitDestination.HOUSING
    )
    return lambda: Stay.objects.filter(pk=stay.pk, place=None, exit_destination=ExitDestination.HOUSING).exists()


def _access_log():
    user = UserFactory(role=Role.COORDINATION)
    first = access_record(user=user, category=AccessCategory.PERSON, action=AccessAction.READ, pseudonym="P-OLD")
    with at(DAY + datetime.timedelta(days=400)):
        access_record(user=user, category=AccessCategory.PERSON, action=AccessAction.READ, pseudonym="P-NEW")
    return lambda: not AccessEvent.objects.filter(pk=first.pk).exists() and access_log_verify().broken_at is None


def _premises_document():
    proposal = ProposalFactory(status=ProposalStatus.ABANDONED, status_changed_on=DAY)
    document = PremisesDocument.objects.create(
        proposal=proposal,
        file=ContentFile(b"%PDF-1.4 plan", name="plan.pdf"),
        original_name="plan.pdf",
        content_type="application/pdf",
        size=13,
        uploaded_by=proposal.created_by,
    )
    return lambda: not PremisesDocument.objects.filter(pk=document.pk).exists()


def _allocation():
    allocation = Allocation.objects.create(
        created_by=UserFactory(role=Role.COORDINATION),
        rules_version=1,
        weights={},
        persons=[{"id": "x", "code": "P-OLD"}],
        places=[],
        matches=[],
        comparison={},
    )
    return lambda: not Allocation.objects.filter(pk=allocation.pk).exists()


CASES = {
    Category.CONTACTS: _contact,
    Category.PERSONS: _person,
    Category.HEALTH_NOTES: _health_note,
    Category.REFERRALS: _referral,
    Category.STAYS: _stay,
    Category.ACCESS_LOG: _access_log,
    Category.PREMISES_DOCUMENTS: _premises_document,
    Category.ALLOCATIONS: _allocation,
}


def test_every_category_of_the_retention_table_is_enforced_and_has_its_legal_basis():
    assert set(CASES) == set(settings.RELAIS_RETENTION) == set(Category.values)
    for rule in settings.RELAIS_RETENTION.values():
        assert rule["days"] > 0
        assert "art." in rule["basis"] or "L. " in rule["basis"]


@pytest.mark.parametrize("category", list(CASES))
def test_each_category_goes_on_its_day_and_not_a_day_before(category, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with at(DAY):
        purged = CASES[category]()
    eve = due_day(category) - datetime.timedelta(days=1)
    purge_retention(today=eve)
    assert not purged(), f"{category} purgé dès le {eve}"
    purge_retention(today=due_day(category))
    assert purged(), f"{category} pas purgé le {due_day(category)}"
    run = PurgeRun.objects.get(category=category, today=due_day(category))
    assert run.rows >= 1 and run.older_than == DAY


def test_a_person_still_followed_is_kept_and_a_merged_record_goes_with_the_one_it_was_merged_into():
    with at(DAY):
        kept, merged = PersonFactory(alias="Suivi"), PersonFactory(alias="Doublon")
        person_merge(source=merged, target=kept, by=UserFactory(role=Role.COORDINATION))
    with at(due_day(Category.PERSONS) - datetime.timedelta(days=10)):
        PathwayStepFactory(person=kept)  # still followed
    purge_retention(today=due_day(Category.PERSONS))
    assert not AnonymisedPerson.objects.exists()
    purge_retention(today=due_day(Category.PERSONS) + datetime.timedelta(days=3 * 365))
    assert set(AnonymisedPerson.objects.values_list("person", flat=True)) == {kept.pk, merged.pk}
    assert Consent.objects.count() == 0


def test_the_daily_command_purges_as_of_today_and_records_each_category(capsys):
    with at(DAY):
        _contact()
    with at(due_day(Category.CONTACTS), hour=3):
        call_command("purge_retention")
    assert PurgeRun.objects.count() == len(Category.values)
    assert PurgeRun.objects.get(category=Category.CONTACTS).rows == 1
    assert "Rencontres : 1 anonymisées" in capsys.readouterr().out


def test_figures_recomputed_for_a_past_date_and_frozen_reports_stay_identical_after_the_purge():
    with at(DAY):
        coordination = UserFactory(role=Role.COORDINATION)
        twins = [PersonFactory(alias="Jumeau", consented=True), PersonFactory(alias="Jumeau")]  # not merged
        for person in [*twins, PersonFactory()]:
            ContactFactory(person=person)
            HealthNoteFactory(person=person)
            PathwayStepFactory(person=person)
        referral = ReferralFactory(accepted=True, person=twins[0], contact=ContactFactory(person=twins[0]))
        stay = StayFactory(person=twins[0], structure=referral.to_structure, referral=referral)
    with at(DAY + datetime.timedelta(days=20)):
        Stay.objects.filter(pk=stay.pk).update(
            exited_at=datetime.datetime(2023, 4, 1, tzinfo=PARIS), exit_destination=ExitDestination.HOUSING
        )
        report = situation_report_generate(meeting_date=DAY + datetime.timedelta(days=20), by=coordination)
    later = DAY + datetime.timedelta(days=6 * 365)
    with at(later):
        before = snapshot_build(meeting_date=report.meeting_date)
        purge_retention(today=later)
        after = snapshot_build(meeting_date=report.meeting_date)
    assert after == before
    assert AnonymisedPerson.objects.count() == 3
    assert not duplicate_groups().exists()  # anonymised twins share a token, not a duplicate to merge
    frozen = SituationReport.objects.get(pk=report.pk)
    assert (frozen.snapshot, frozen.pdf_sha256) == (report.snapshot, report.pdf_sha256)
