"""The demo replays the public record: the comité of 30 September 2021 gets its communiqué back, and the
points de situation at the later public dates agree with the figures table of PRODUCT.md.

Generated as the coordination cell that drafts the communiqué (it sees exact figures)."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from relais.governance.models import Plan
from relais.indicators import registry
from relais.indicators.registry import end_of
from relais.reports.communique import trace
from relais.reports.models import CommuniqueDraft, SituationReport
from relais.stays.models import Stay
from relais.structures.capacity import month_starts
from relais.structures.enums import AvailabilityMode, StructureKind
from relais.structures.models import Structure
from relais.users.models import User
from tests.helpers import assert_published

pytestmark = pytest.mark.django_db
D = datetime.date
DISPOSITIF = {"dispositif": "hebergement-accompagne"}


def _generate(client, day: D) -> SituationReport:
    response = client.post(reverse("reports:generate"), {"meeting_date": day.isoformat()})
    report = SituationReport.objects.latest("pk")
    assert response.status_code == 302 and response["Location"] == reverse("reports:detail", args=[report.pk])
    assert report.meeting_date == day
    return report


def _paragraphs(report: SituationReport) -> list[str]:
    return report.drafts.get().text.split("\n\n")


def _paragraph(paragraphs: list[str], start: str) -> str:
    return next(p for p in paragraphs if p.startswith(start))


def _states(text: str, *numbers) -> bool:
    return all(re.search(rf"(?<![\d\u202f]){n}(?![\d\u202f])", text) for n in numbers)


def _total(code, day, where=DISPOSITIF):
    return registry.get(code).total(as_of=end_of(day), where=where)


def test_the_comite_of_30_september_2021_gets_its_communique_back(client):
    call_command("seed_demo", stdout=None)
    seeded = SituationReport.objects.get()  # the demo's own report, frozen once
    call_command("seed_demo", stdout=None)
    assert SituationReport.objects.get().snapshot == seeded.snapshot and CommuniqueDraft.objects.count() == 1

    client.force_login(User.objects.get(username="coordination"))
    report = _generate(client, D(2021, 9, 30))
    paragraphs = _paragraphs(report)
    text = "\n\n".join(paragraphs)
    # The reference communiqué's order: premises, the dispositif, medico-social, Forceval, police, next meeting.
    order = ["1/", "2/", "3/", "À court terme", "Également, les services de police", "Une nouvelle réunion"]
    positions = [next(i for i, p in enumerate(paragraphs) if p.startswith(mark)) for mark in order]
    assert positions == sorted(positions)
    first = _paragraph(paragraphs, "1/")  # the Ville's premises, proposed just before the meeting
    assert "2 locaux ont été proposés (1 en attente de l'examen de l'État et 1 en cours d'examen par l'État)" in first
    assert "Les représentants de l'État se sont engagés à examiner rapidement ces propositions." in first
    second = _paragraph(paragraphs, "2/")
    assert "(dispositifs ASSORE et PHASE)" in second
    assert "alors que le plan crack 2019-2021 prévoyait de passer le dispositif de 60 à 200 places, ce sont " in second
    assert "aujourd'hui 400 places qui permettent à des consommateurs de crack de ne pas être à la rue" in second
    assert _states(second, "40 hôtels", "370 places ASSORE", "30 places PHASE")
    assert "Le comité de ce jour a décidé de renforcer le dispositif" in second  # « très rapidement renforcé »
    assert not _states(text, "430", "230")  # ASSORE and PHASE are one dispositif, not counted twice
    assert "Forceval / place Auguste-Baron" in _paragraph(paragraphs, "À court terme")
    assert not re.search(r"(?<![\d\u202f])0 (personne|orientation)", text)
    assert trace(text, report.snapshot)["untraced"] == []
    # The point de situation agrees: the dispositif's row of the programmes table.
    programmes = next(t for t in report.snapshot["tables"] if t["id"] == "programmes")
    row = next(r for r in programmes["rows"] if r["label"].startswith("Hébergement accompagné"))
    assert row["cells"] == ["400", "200", "200,0", "40"]


def test_the_points_de_situation_agree_with_the_public_figures(client, monkeypatch):
    monkeypatch.setattr("relais.reports.services.report_pdf", lambda **kwargs: b"%PDF-1.7 test")
    call_command("seed_demo", stdout=None)
    client.force_login(User.objects.get(username="coordination"))

    february = _paragraph(_paragraphs(_generate(client, D(2022, 2, 1))), "2/")
    assert "aujourd'hui 510 places" in february
    assert "a décidé +70 places, portant l'objectif à 510 places à compter du 1er février 2022" in february

    november = _generate(client, D(2022, 11, 15))
    second = _paragraph(_paragraphs(november), "2/")
    assert "aujourd'hui 610 places" in second and _states(second, "61 hôtels")
    # A count of persons in the comité's report is published (cell-key method): 536 within its noise.
    assert_published(re.search(r"(\S+) personnes y sont hébergées à cette date", second).group(1), 536)
    assert _total("persons_housed", D(2022, 11, 15)) == 536  # exact, as coordination counts it

    october = _generate(client, D(2022, 10, 5))
    rest = re.search(r"(\S+) personnes ont été conduites vers un espace de repos", october.drafts.get().text)
    assert_published(rest.group(1), 37)

    # The sites, the plan and the persons housed at every date.
    february_site = _generate(client, D(2022, 2, 15)).snapshot["communique_figures"]
    figures = {f["id"]: f for f in february_site}
    assert figures["main_site_headcount_high"]["site"].startswith("Forceval")
    assert 150 <= figures["main_site_headcount_low"]["value"] <= figures["main_site_headcount_high"]["value"] <= 200
    plan = Plan.objects.get(short_name="Plan crack 2019-2021")
    june = end_of(D(2021, 6, 30))
    assert registry.get("measures").total(as_of=june, where={"plan": plan.pk}) == 33
    assert registry.get("measures").total(as_of=june, where={"plan": plan.pk, "status": "done"}) == 19
    for day in month_starts(D(2018, 6, 1), timezone.localdate()):
        housed, places = _total("persons_housed", day), _total("places_open", day)
        assert 0 < housed <= places, day
    # Computed-mode occupancy is the open stays.
    hotels = Structure.objects.filter(kind=StructureKind.HOTEL, availability_mode=AvailabilityMode.COMPUTED)
    for hotel in hotels.with_availability(timezone.localdate()):
        assert hotel.occupied == Stay.objects.open().filter(structure=hotel).count() <= hotel.places_open
