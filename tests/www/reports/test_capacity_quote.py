"""The capacity answer quoted in a situation report: computed with the comité's figures when coordination
quotes it, frozen with the report's snapshot, shown in the report page and its PDF."""

import datetime
import os
import shutil
import subprocess

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from relais.reports.models import CapacityQuote, SituationReport
from relais.reports.pdf import report_pdf
from relais.stays.models import Stay
from relais.users.enums import Role
from tests.factories import UserFactory
from tests.helpers import assert_published, messages_of, select, select_one, text
from tests.orientation.factories import hotel_with_stays
from tests.people.factories import ContactFactory, PersonFactory

pytestmark = pytest.mark.django_db
QUESTION = {"scene": 60, "weeks": 2, "rest_arrivals": 20}


@pytest.fixture
def hotel():
    """Fourteen stays ended in the last 26 weeks, three back on the street; three persons housed now."""
    hotel, operator = hotel_with_stays(housed_since=timezone.now() - datetime.timedelta(days=3))
    return {"hotel": hotel, "operator": operator}


def _quote(client, meeting: datetime.date, back_test_on: datetime.date):
    return client.post(
        reverse("orientation:capacity_quote"),
        {**QUESTION, "back_test_on": back_test_on.isoformat(), "meeting_date": meeting.isoformat()},
    )


def _generate(client, meeting: datetime.date) -> SituationReport:
    response = client.post(reverse("reports:generate"), {"meeting_date": meeting.isoformat()})
    assert response.status_code == 302, messages_of(response)
    return SituationReport.objects.latest("pk")


def _pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "point.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout  # noqa: S607


def test_coordination_quotes_the_answer_frozen_with_the_report_and_its_pdf(client, hotel, tmp_path):
    if shutil.which("pdftotext") is None:
        if os.environ.get("RELAIS_REQUIRE_BROWSER"):
            pytest.fail("pdftotext est introuvable : apt-get install poppler-utils")
        pytest.skip("pdftotext (poppler-utils) est requis pour lire le PDF")
    today = timezone.localdate()
    client.force_login(UserFactory(role=Role.COORDINATION))
    page = client.get(reverse("orientation:capacity"), {**QUESTION, "back_test_on": today.isoformat()})
    assert select(page, "form[action='/liste-d-attente/capacite/citer/']")
    response = _quote(client, today, today)
    assert response.status_code == 302 and response["Location"] == reverse("reports:list")
    listed = text(select_one(client.get(reverse("reports:list")), "[data-testid=quotes]"))
    assert "60 personnes en 2 semaines" in listed

    report = _generate(client, today)
    (answer,) = report.snapshot["capacity_quotes"]
    assert answer["published"] is True and answer["question"]["scene"] == 60
    # Published figures only: three persons housed now and three exits to the street are « < 11 ».
    assert answer["back_test"]["occupied"] == "< 11" and answer["counts"]["street_exits"] == "< 11"
    assert "mean_stay_weeks" not in answer["rates"]["defaults"]  # 14 stays, published

    url = reverse("reports:detail", args=[report.pk])
    client.get(url)  # consumes the success message
    section = text(select_one(client.get(url), "[data-testid=capacity-quote]"))
    assert "Capacité à prévoir : 60 personnes en 2 semaines" in section
    assert f"Estimation de flux : {answer['flow']} places" in section
    assert "Places occupées : < 11" in section
    pdf = _pdf_text(client.get(reverse("reports:pdf", args=[report.pk])).content, tmp_path)
    assert "Capacité à prévoir : 60 personnes en 2 semaines" in pdf
    assert "Estimation de flux" in pdf and "Erlang C" in pdf and "Places occupées : < 11" in pdf


def test_the_quoted_answer_stays_identical_when_the_records_change(client, hotel):
    today = timezone.localdate()
    client.force_login(UserFactory(role=Role.COORDINATION))
    _quote(client, today, today)
    report = _generate(client, today)
    url = reverse("reports:detail", args=[report.pk])
    client.get(url)
    before = text(select_one(client.get(url), "[data-testid=capacity-quote]"))
    before_pdf = client.get(reverse("reports:pdf", args=[report.pk])).content
    # Forty more stays afterwards: every measured rate and count changes.
    now = timezone.now()
    for _ in range(40):
        person = PersonFactory()
        ContactFactory(person=person, occurred_at=now - datetime.timedelta(days=10))
        Stay.objects.create(
            person=person,
            structure=hotel["hotel"],
            admitted_by=hotel["operator"],
            admitted_at=now - datetime.timedelta(days=9),
            exited_at=now - datetime.timedelta(days=2),
            exit_destination="street",
        )
    CapacityQuote.objects.all().delete()  # a withdrawn quote does not touch a report already frozen
    assert text(select_one(client.get(url), "[data-testid=capacity-quote]")) == before
    assert client.get(reverse("reports:pdf", args=[report.pk])).content == before_pdf
    assert SituationReport.objects.get(pk=report.pk).snapshot == report.snapshot


def test_only_coordination_quotes_and_only_for_a_meeting_to_come(client, hotel):
    today = timezone.localdate()
    client.force_login(UserFactory(role=Role.COMITE))
    page = client.get(reverse("orientation:capacity"), {**QUESTION, "back_test_on": today.isoformat()})
    assert not select(page, "form[action='/liste-d-attente/capacite/citer/']")
    assert _quote(client, today, today).status_code == 403
    client.force_login(UserFactory(role=Role.COORDINATION))
    response = _quote(client, today - datetime.timedelta(days=1), today)
    assert response.status_code == 302
    assert not CapacityQuote.objects.exists()
    assert any("réunion à venir" in m for m in messages_of(response))


def test_coordination_withdraws_a_quote_before_the_report_is_generated(client, hotel):
    today = timezone.localdate()
    client.force_login(UserFactory(role=Role.COORDINATION))
    _quote(client, today + datetime.timedelta(days=7), today)
    quote = CapacityQuote.objects.get()
    client.post(reverse("reports:quote_withdraw", args=[quote.pk]))
    assert not CapacityQuote.objects.exists()
    # Who quoted and withdrew it stays in the change history.
    history = LogEntry.objects.filter(content_type__model="capacityquote", object_pk=str(quote.pk))
    assert history.count() == 2
    assert _generate(client, today + datetime.timedelta(days=7)).snapshot["capacity_quotes"] == []


def test_the_quoted_answer_carries_its_plan_per_kind_into_the_report_its_pdf_and_the_communique(
    client, hotel, tmp_path
):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) est requis pour lire le PDF")
    today = timezone.localdate()
    client.force_login(UserFactory(role=Role.COORDINATION))
    _quote(client, today, today)
    report = _generate(client, today)
    assert report.snapshot["version"] == 4
    (answer,) = report.snapshot["capacity_quotes"]
    kinds = {k["kind"]: k for k in answer["by_kind"]}
    assert set(kinds) >= {"hotel", "chrs", "lhss", "lam"}
    # Published figures only: seventeen hotel admissions (fourteen ended, three housed now) noised, three
    # exits to the street « < 11 ».
    assert_published(kinds["hotel"]["counts"]["admissions"], 17)
    assert kinds["hotel"]["counts"]["street_exits"] == "< 11"
    url = reverse("reports:detail", args=[report.pk])
    client.get(url)
    section = select_one(client.get(url), "[data-testid=capacity-quote]")
    assert text(select_one(section, "[data-testid=kind-hotel]")).startswith("Hébergement accompagné à l'hôtel")
    pdf = _pdf_text(client.get(reverse("reports:pdf", args=[report.pk])).content, tmp_path)
    assert "Par type de place" in pdf
    draft = report.drafts.get().text
    assert f"estime le besoin à {answer['flow']} places" in draft


def test_a_report_frozen_before_the_plan_per_kind_still_renders(client, hotel, tmp_path):
    """A version 3 snapshot: its quoted answer has no `by_kind`; the page and the PDF show the rest."""
    today = timezone.localdate()
    coordination = UserFactory(role=Role.COORDINATION)
    client.force_login(coordination)
    _quote(client, today, today)
    generated = _generate(client, today)
    old = dict(generated.snapshot, version=3)
    old["capacity_quotes"] = [{k: v for k, v in a.items() if k != "by_kind"} for a in old["capacity_quotes"]]
    content = report_pdf(snapshot=old, title=generated.title)
    report = SituationReport.objects.create(
        meeting_date=today,
        as_of=generated.as_of,
        title=generated.title,
        snapshot=old,
        pdf=content,
        pdf_sha256=SituationReport.digest(content),
        created_by=coordination,
        organization=coordination.organization,
    )
    url = reverse("reports:detail", args=[report.pk])
    client.get(url)
    page = client.get(url)
    assert page.status_code == 200
    section = text(select_one(page, "[data-testid=capacity-quote]"))
    assert "Estimation de flux" in section and "Par type de place" not in section
    if shutil.which("pdftotext"):
        pdf = _pdf_text(content, tmp_path)
        assert "Estimation de flux" in pdf and "Par type de place" not in pdf
