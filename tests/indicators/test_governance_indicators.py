"""Indicators of the plan's follow-up and of the premises pipeline, as of past dates, on a hand-built fixture."""

import datetime

import pytest

from relais.governance.enums import ActionStatus, MeasureStatus
from relais.indicators import registry
from relais.indicators.registry import end_of
from relais.premises.enums import ProposalStatus
from tests.factories import OrganizationFactory
from tests.governance.factories import (
    ActionFactory,
    AxisFactory,
    MeasureFactory,
    MeetingFactory,
    ProposalFactory,
    ReviewFactory,
    state_organizations,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def by(code, day, dimension):
    return {r[dimension]: r["value"] for r in registry.get(code).rows(as_of=end_of(day), by=[dimension])}


def total(code, day, where=None):
    return registry.get(code).total(as_of=end_of(day), where=where)


@pytest.fixture
def plan():
    axis = AxisFactory(plan__starts_on=D(2021, 9, 30))
    lead, other = OrganizationFactory(), OrganizationFactory()
    common = {"axis": axis, "starts_on": D(2021, 9, 30), "lead_organization": lead}
    MeasureFactory(**common, due_on=D(2022, 1, 31), status=MeasureStatus.DONE, done_on=D(2022, 3, 1))
    MeasureFactory(**common, due_on=D(2030, 1, 1), status=MeasureStatus.IN_PROGRESS)
    MeasureFactory(**common, due_on=D(2022, 1, 1), status=MeasureStatus.ABANDONED)
    MeasureFactory(
        axis=axis, lead_organization=other, starts_on=D(2021, 9, 30), due_on=D(2022, 6, 30), status="planned"
    )
    meeting = MeetingFactory(held_on=D(2022, 1, 5))
    ActionFactory(owner=lead, meeting=meeting, due_on=D(2022, 1, 10), status=ActionStatus.DONE, done_on=D(2022, 1, 20))
    ActionFactory(owner=other, meeting=meeting, due_on=D(2022, 2, 1), status=ActionStatus.TODO)
    ActionFactory(owner=other, meeting=meeting, due_on=D(2022, 1, 8), status=ActionStatus.CANCELLED)
    return {"lead": lead, "other": other}


def test_measures_by_status_as_of(plan):
    assert total("measures", D(2021, 9, 1)) == 0  # the plan had not started
    assert by("measures", D(2021, 12, 1), "status") == {"abandoned": 1, "in_progress": 2, "planned": 1}
    assert by("measures", D(2022, 2, 15), "status") == {"abandoned": 1, "in_progress": 1, "late": 1, "planned": 1}
    assert by("measures", D(2022, 3, 15), "status") == {"abandoned": 1, "done": 1, "in_progress": 1, "planned": 1}
    assert by("measures", D(2022, 7, 1), "status")["late"] == 1  # the planned one, past its due date
    assert total("measures_late", D(2022, 2, 15)) == 1
    assert by("measures_late", D(2022, 2, 15), "organization") == {plan["lead"].pk: 1}
    assert by("measures_late", D(2022, 7, 1), "organization") == {plan["other"].pk: 1}


def test_actions_open_and_late_as_of(plan):
    assert total("actions_open", D(2022, 1, 1)) == 0  # decided at the meeting of 5 January
    assert total("actions_open", D(2022, 1, 15)) == 2
    assert total("actions_late", D(2022, 1, 15)) == 1  # due 10 Jan, done on the 20th
    assert by("actions_late", D(2022, 1, 15), "organization") == {plan["lead"].pk: 1}
    assert total("actions_late", D(2022, 2, 15)) == 1
    assert by("actions_late", D(2022, 2, 15), "organization") == {plan["other"].pk: 1}


@pytest.fixture
def pipeline():
    state = state_organizations()
    first = ProposalFactory(
        proposed_on=D(2022, 1, 1),
        response_due_on=D(2022, 1, 31),
        status=ProposalStatus.EXAMINATION,
        status_changed_on=D(2022, 1, 10),
        capacity=30,
    )
    ReviewFactory(proposal=first, organization=state["ars"], given_on=D(2022, 1, 20))
    ReviewFactory(proposal=first, organization=state["prefecture"], given_on=D(2022, 2, 10))
    second = ProposalFactory(
        proposed_on=D(2022, 1, 5),
        response_due_on=D(2022, 2, 4),
        status=ProposalStatus.RETAINED,
        status_changed_on=D(2022, 2, 20),
        capacity=50,
        cog="75118",
    )
    for organization in state.values():
        ReviewFactory(proposal=second, organization=organization, given_on=D(2022, 2, 18))
    ProposalFactory(proposed_on=D(2022, 3, 1), response_due_on=D(2022, 3, 31), capacity=20)


def test_premises_proposals_by_stage_as_of(pipeline):
    assert by("premises_proposals", D(2022, 1, 3), "stage") == {"proposed": 1}
    assert by("premises_proposals", D(2022, 2, 15), "stage") == {"examination": 2}
    assert by("premises_proposals", D(2022, 2, 25), "stage") == {"examination": 1, "retained": 1}
    assert by("premises_proposals", D(2022, 3, 2), "stage") == {"examination": 1, "proposed": 1, "retained": 1}
    assert total("premises_capacity", D(2022, 3, 2)) == 100
    assert by("premises_capacity", D(2022, 3, 2), "arrondissement") == {"75118": 50, "75119": 50}


def test_overdue_state_reviews_as_of(pipeline):
    assert total("premises_reviews_overdue", D(2022, 1, 31)) == 0  # the deadline is that day
    assert total("premises_reviews_overdue", D(2022, 2, 1)) == 1
    # 15 Feb: the second is overdue too (its three opinions came on the 18th).
    assert total("premises_reviews_overdue", D(2022, 2, 15)) == 2
    assert total("premises_reviews_overdue", D(2022, 2, 19)) == 1
    # 25 Feb: the second is retained; the first still lacks the préfecture de police's opinion.
    assert total("premises_reviews_overdue", D(2022, 2, 25)) == 1
