import datetime

import pytest
from django.core.management import call_command

from relais.reports.models import CommuniqueDraft, SituationReport

pytestmark = pytest.mark.django_db


def test_demo_report_of_the_30_september_2021_comite_is_seeded_once():
    call_command("seed_demo", stdout=None)
    report = SituationReport.objects.get()
    first = (report.pk, report.pdf_sha256, report.snapshot)
    call_command("seed_demo", stdout=None)
    report = SituationReport.objects.get()
    assert (report.pk, report.pdf_sha256, report.snapshot) == first
    assert CommuniqueDraft.objects.count() == 1
    assert report.meeting_date == datetime.date(2021, 9, 30)
    programmes = next(t for t in report.snapshot["tables"] if t["id"] == "programmes")
    assore = next(r for r in programmes["rows"] if r["label"].startswith("ASSORE"))
    assert assore["cells"][:2] == ["400", "400"]  # 400 places open on 30 Sept 2021, the comité's figure
    assert "ce sont aujourd'hui 430 places" in report.drafts.get().text  # ASSORE and PHASE together


def test_demo_data_reproduces_the_public_figures_as_of_their_dates():
    from relais.indicators import registry
    from relais.indicators.registry import end_of

    call_command("seed_demo", stdout=None)
    assore = {"programme": "assore"}

    def total(code, day):
        return registry.get(code).total(as_of=end_of(day), where=assore)

    assert total("capacity_target", datetime.date(2019, 5, 27)) == 200  # the plan: 60 → 200
    assert total("places_open", datetime.date(2021, 10, 1)) == 400  # « aujourd'hui 400 places »
    assert total("places_open", datetime.date(2022, 2, 1)) == 510  # +70 (hotels lent included)
    assert (total("places_open", datetime.date(2022, 11, 15)), total("hotels_in_use", datetime.date(2022, 11, 15))) == (
        610,
        61,
    )


def test_demo_communique_states_the_public_sites_figures():
    from relais.reports.communique import draft_text, trace
    from relais.reports.snapshot import snapshot_build

    call_command("seed_demo", stdout=None)
    february = snapshot_build(meeting_date=datetime.date(2022, 2, 15))
    figures = {f["id"]: f for f in february["communique_figures"]}
    assert figures["main_site_headcount_high"]["site"].startswith("Forceval")
    low, high = figures["main_site_headcount_low"]["value"], figures["main_site_headcount_high"]["value"]
    assert 150 <= low <= high <= 200  # « 150 à 200 personnes » in February 2022
    text = draft_text(february)
    assert "1 site est actif. Sur le site Forceval" in text and trace(text, february)["untraced"] == []
    # The evacuation of Forceval on 5 October 2022: 37 people taken to a rest space.
    october = snapshot_build(meeting_date=datetime.date(2022, 10, 6))
    assert {f["id"]: f for f in october["communique_figures"]}["evacuated_rest_space"]["display"] == "37"
    assert "37 personnes ont été conduites vers un espace de repos" in draft_text(october)
