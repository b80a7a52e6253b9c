"""The governance demo data: modelled on the public record and idempotent."""

import datetime

import pytest
from django.core.management import call_command

from relais.governance.enums import MeasureStatus
from relais.governance.models import Action, Decision, Measure, Meeting, Plan
from relais.premises.enums import ProposalStatus
from relais.premises.models import PremisesDocument, PremisesProposal, PremisesReview
from relais.structures.models import CapacityTarget

pytestmark = pytest.mark.django_db


def _snapshot():
    return {
        model.__name__: model.objects.count()
        for model in (
            Plan,
            Measure,
            Meeting,
            Decision,
            Action,
            PremisesProposal,
            PremisesReview,
            PremisesDocument,
            CapacityTarget,
        )
    }


def test_seed_demo_twice_gives_the_same_governance_data(capsys, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo")
    first = _snapshot()
    call_command("seed_demo")
    assert _snapshot() == first

    plan = Plan.objects.get(short_name="Plan crack 2019-2021")
    measures = Measure.objects.filter(axis__plan=plan)
    assert plan.axes.count() == 4
    assert measures.count() == 33
    assert measures.filter(status=MeasureStatus.DONE, done_on__lte=datetime.date(2021, 6, 30)).count() == 19
    assert Measure.objects.filter(code__startswith="C21-").count() == 10

    plus_70 = Decision.objects.get(title__startswith="+70 places")
    assert (plus_70.commitment_mode, plus_70.places) == ("add", 70)  # added to the 440 decided on 30 Sept 2021
    target = CapacityTarget.objects.get(
        programme__code="hebergement-accompagne", effective_on=datetime.date(2022, 2, 1)
    )
    assert (target.places, target.source_decision) == (510, plus_70)
    assert Meeting.objects.get(held_on=datetime.date(2021, 9, 30)).next_meetings.exists()

    assert set(PremisesProposal.objects.values_list("status", flat=True)) == set(ProposalStatus.values)
    assert PremisesProposal.objects.overdue_on(datetime.date.today(), expected_reviews=3).count() == 1
    document = PremisesDocument.objects.get()
    assert document.content_type == "application/pdf"
    assert (tmp_path / document.file.name).read_bytes().startswith(b"%PDF-")
    opened = PremisesProposal.objects.get(status=ProposalStatus.OPENED)
    assert opened.structure.name == "CAARUD du 18e"
    assert opened.proposed_on <= opened.structure.opened_on


def test_demo_measures_point_at_catalogue_codes():
    from relais.demo.seed_governance import COMMUNIQUE_MEASURES
    from relais.indicators.live import LIVE_VALUES
    from relais.indicators.registry import INDICATORS

    codes = {code for *_, targets in COMMUNIQUE_MEASURES for code, _ in targets}
    assert codes <= set(LIVE_VALUES)
    assert {"premises_proposals", "onsite_acts", "security_operations"} <= codes & set(INDICATORS)
