import datetime
import os
import re
import shutil
import subprocess
from html import unescape

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from relais.reports.models import CommuniqueDraft, SituationReport
from relais.structures.enums import StructureKind
from relais.structures.models import CapacityTarget, Place, PlaceServicePeriod
from relais.users.enums import ALL_ROLES, Role
from tests.factories import CapacityTargetFactory, ProgrammeFactory, StructureFactory, UserFactory
from tests.helpers import messages_of, text_of

pytestmark = pytest.mark.django_db
D = datetime.date
MEETING = D(2021, 9, 30)


@pytest.fixture
def plan():
    """ASSORE: target 200 until the meeting decides 400 on 30 Sept 2021; 400 rooms in 40 hotels; 4 occupied
    in a small structure so that a person-derived figure falls under the threshold."""
    assore = ProgrammeFactory(code="assore", name="ASSORE")
    CapacityTargetFactory(programme=assore, effective_on=D(2019, 5, 27), places=200)
    CapacityTargetFactory(programme=assore, effective_on=MEETING, places=400)
    hotel = StructureFactory(kind=StructureKind.HOTEL, programme=assore, opened_on=D(2018, 6, 1))
    for h in range(40):
        places = Place.objects.bulk_create(
            [Place(structure=hotel, label=f"Chambre {n}", location_label=f"Hôtel {h}") for n in range(10)]
        )
        PlaceServicePeriod.objects.bulk_create([PlaceServicePeriod(place=p, start=D(2021, 6, 1)) for p in places])
    StructureFactory(kind=StructureKind.REST_DAY, opened_on=D(2020, 11, 2), places=25, places__since=D(2020, 11, 2))
    return {"assore": assore, "hotel": hotel}


def _generate(client, day=MEETING):
    response = client.post(reverse("reports:generate"), {"meeting_date": day.isoformat()})
    report = SituationReport.objects.latest("pk")
    assert response.status_code == 302 and response["Location"] == reverse("reports:detail", args=[report.pk])
    return report


def _without_nonce(response) -> str:
    """The page minus what changes on every request (CSP nonce, CSRF token)."""
    content = re.sub(r'nonce="[^"]*"', "", response.content.decode())
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", content)


def test_comite_generates_a_frozen_report_with_pdf_and_communique(client, plan):
    client.force_login(UserFactory(role=Role.COMITE))
    report = _generate(client)
    assert report.as_of.date() == MEETING
    page = client.get(reverse("reports:detail", args=[report.pk]))
    html = text_of(page)
    assert "Point de situation — comité institutionnel du 30 septembre 2021" in html
    assert 'data-testid="figure-places_open_hotel"' in html
    figures = {f["id"]: f["value"] for f in report.snapshot["figures"]}
    assert figures["places_open"] == 425 and figures["places_open_hotel"] == 400 and figures["hotels_in_use"] == 40
    assert report.snapshot["definitions"]["places_open"]["definition"].startswith("Nombre de places")
    draft = report.drafts.get()
    assert draft.version == 1
    assert (
        "ce sont aujourd'hui 400 places qui permettent à des consommateurs de crack de ne pas être à la rue chaque "
        "jour, pour un objectif de 400 places. Ces places sont réparties dans 40 hôtels." in draft.text
    )
    assert "Le comité de ce jour a porté l'objectif à 400 places à compter du 30 septembre 2021." in draft.text
    assert "Paris, le 1er octobre 2021" in draft.text
    assert "dont 25 places en espaces de repos de jour" in draft.text


def test_the_pdf_is_tagged_and_holds_the_figures(client, plan, tmp_path):
    if shutil.which("pdftotext") is None:
        if os.environ.get("RELAIS_REQUIRE_BROWSER"):  # in CI every test runs
            pytest.fail("pdftotext est introuvable : apt-get install poppler-utils")
        pytest.skip("pdftotext (poppler-utils) est requis pour lire le PDF")
    client.force_login(UserFactory(role=Role.COMITE))
    report = _generate(client)
    response = client.get(reverse("reports:pdf", args=[report.pk]))
    assert response["Content-Type"] == "application/pdf"
    content = response.content
    assert content.startswith(b"%PDF-")
    path = tmp_path / "point.pdf"
    path.write_bytes(content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True).stdout  # noqa: S607
    assert re.search(r"^Tagged:\s+yes", info, re.MULTILINE)
    assert "Point de situation" in info  # the document title
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout  # noqa: S607
    assert "Point de situation" in text and "30 septembre 2021" in text
    for value in ("425", "400", "40", "200"):
        assert re.search(rf"\b{value}\b", text), value
    assert "Places ouvertes" in text and "Hôtels mobilisés" in text
    assert SituationReport.digest(content) == report.pdf_sha256


def test_the_report_stays_identical_after_the_records_change(client, plan):
    client.force_login(UserFactory(role=Role.COMITE))
    report = _generate(client)
    url = reverse("reports:detail", args=[report.pk])
    client.get(url)  # shows (and consumes) the success message
    before_page, before_pdf = (
        _without_nonce(client.get(url)),
        client.get(reverse("reports:pdf", args=[report.pk])).content,
    )
    before_text = client.get(reverse("reports:communique", args=[report.pk])).context["draft"].text
    # Records change afterwards: more places, a corrected target, a closed hotel backdated.
    StructureFactory(kind=StructureKind.LHSS, places=15, places__since=D(2021, 1, 1))
    CapacityTarget.objects.filter(programme=plan["assore"], effective_on=MEETING).update(places=450)
    PlaceServicePeriod.objects.filter(place__location_label="Hôtel 0").update(end=D(2021, 9, 1))
    assert _without_nonce(client.get(url)) == before_page
    assert client.get(reverse("reports:pdf", args=[report.pk])).content == before_pdf
    assert client.get(reverse("reports:communique", args=[report.pk])).context["draft"].text == before_text
    export = client.get(reverse("reports:export", args=[report.pk, "programmes", "csv"])).content.decode("utf-8-sig")
    assert "ASSORE;400;400;100,0;40" in export  # as presented, not recomputed
    # A new report for the same meeting sees the new records; the first one is untouched.
    second = _generate(client)
    assert {f["id"]: f["value"] for f in second.snapshot["figures"]}["places_open"] == 430
    report.refresh_from_db()
    assert {f["id"]: f["value"] for f in report.snapshot["figures"]}["places_open"] == 425


def test_reports_and_drafts_cannot_be_edited(client, plan):
    client.force_login(UserFactory(role=Role.COMITE))
    report = _generate(client)
    report.title = "Autre titre"
    with pytest.raises(ValidationError):
        report.save()
    draft = report.drafts.get()
    draft.text = "Réécrit"
    with pytest.raises(ValidationError):
        draft.save()
    with pytest.raises(ValidationError):
        SituationReport.objects.update(title="Autre titre")
    with pytest.raises(ValidationError):
        CommuniqueDraft.objects.update(text="Réécrit")
    assert SituationReport.objects.get().title.startswith("Point de situation")
    assert report.drafts.get().text.startswith("COMMUNIQUÉ DE PRESSE")
    # Generation is recorded in the change history.
    assert LogEntry.objects.get_for_object(report).get().action == LogEntry.Action.CREATE


def test_comite_edits_the_communique_as_new_versions_with_traceable_figures(client, plan):
    client.force_login(UserFactory(role=Role.COMITE))
    report = _generate(client)
    url = reverse("reports:communique", args=[report.pk])
    first = report.drafts.get().text
    traced = client.get(url).context["traced"]
    assert traced["untraced"] == []
    stated = {f["id"] for f in traced["figures"] if f["stated"]}
    assert {"places_open_hotel", "assore__places_open", "hotels_in_use", "places_open"} <= stated
    edited = first.replace("Une nouvelle réunion", "Les 999 lits promis et une nouvelle réunion")
    response = client.post(url, {"text": edited})
    assert response.status_code == 302
    assert list(report.drafts.order_by("version").values_list("version", "text")) == [(1, first), (2, edited)]
    page = client.get(url)
    assert page.context["draft"].version == 2
    assert page.context["traced"]["untraced"] == ["999"]
    assert "Chiffres sans source dans le point de situation : 999" in text_of(page)
    assert client.get(url, {"version": 1}).context["draft"].text == first
    # Empty text: a French message, nothing written.
    response = client.post(url, {"text": "   "})
    assert response.status_code == 200
    assert "ne peut pas être vide" in text_of(response)
    assert report.drafts.count() == 2


def test_communique_figures_match_the_dashboard(client, plan):
    user = UserFactory(role=Role.COMITE)
    client.force_login(user)
    report = _generate(client, day=timezone.localdate())
    dashboard = client.get(reverse("dashboards:comite")).context["dashboard"]
    shown = {f["id"]: f["display"] for f in dashboard["figures"]}
    in_communique = {f["id"]: f["display"] for f in report.snapshot["communique_figures"]}
    for figure_id in ("places_open", "places_open_hotel", "hotels_in_use", "capacity_target", "structures_open"):
        assert in_communique[figure_id] == shown[figure_id]
        assert in_communique[figure_id] in report.drafts.get().text


def test_coordination_generates_but_only_the_comite_edits(client, plan):
    client.force_login(UserFactory(role=Role.COORDINATION))
    report = _generate(client)
    url = reverse("reports:communique", args=[report.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"text": "Autre texte"}).status_code == 403
    assert report.drafts.count() == 1


@pytest.mark.parametrize("role", sorted(ALL_ROLES - {Role.COMITE, Role.COORDINATION}))
def test_other_roles_never_see_reports(client, plan, role, monkeypatch):
    monkeypatch.setattr("relais.reports.services.report_pdf", lambda **kwargs: b"%PDF-1.7 test")
    author = UserFactory(role=Role.COMITE)
    client.force_login(author)
    report = _generate(client)
    client.force_login(UserFactory(role=role))
    for url in (
        reverse("reports:list"),
        reverse("reports:detail", args=[report.pk]),
        reverse("reports:pdf", args=[report.pk]),
        reverse("reports:communique", args=[report.pk]),
        reverse("reports:export", args=[report.pk, "programmes", "xlsx"]),
    ):
        assert client.get(url).status_code == 403
    assert client.post(reverse("reports:generate"), {"meeting_date": "2022-01-01"}).status_code == 403
    assert SituationReport.objects.count() == 1


def test_bad_meeting_date_writes_nothing(client):
    client.force_login(UserFactory(role=Role.COMITE))
    response = client.post(reverse("reports:generate"), {"meeting_date": "31/02/2022"}, follow=True)
    assert "Indiquez une date valide" in messages_of(response)[0]
    response = client.post(reverse("reports:generate"), {"meeting_date": "1999-12-31"}, follow=True)
    assert "postérieure au 1er janvier 2000" in messages_of(response)[0]
    assert SituationReport.objects.count() == 0 and CommuniqueDraft.objects.count() == 0


def test_other_apps_plug_their_tables_into_the_dashboard_and_the_report(client, plan, monkeypatch):
    from relais.indicators import dashboards

    extra = {audience: [] for audience in dashboards.Audience}
    extra[dashboards.Audience.COMITE].append(
        lambda builder, filters: builder.breakdown(
            "par-organisation", "Places par gestionnaire", ["places_open"], "organization"
        )
    )
    monkeypatch.setattr(dashboards, "EXTRA_TABLES", extra)
    client.force_login(UserFactory(role=Role.COMITE))
    assert "Places par gestionnaire" in text_of(client.get(reverse("dashboards:comite")))
    report = _generate(client)
    assert [t["id"] for t in report.snapshot["tables"]][-1] == "par-organisation"
    assert "Places par gestionnaire" in text_of(client.get(reverse("reports:detail", args=[report.pk])))


def _pdf_pages(content: bytes, tmp_path) -> list[str]:
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout  # noqa: S607
    return text.split("\f")


def test_the_pdf_keeps_each_row_on_one_page_and_prints_the_total_once(client, plan, tmp_path):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) est requis pour lire le PDF")
    from relais.reports.pdf import PRINTED_ROWS, report_pdf

    client.force_login(UserFactory(role=Role.COMITE))
    snapshot = _generate(client).snapshot
    table = next(t for t in snapshot["tables"] if t.get("total"))
    width = len(table["columns"])
    # Long labels wrap over several lines: a page break can fall inside such a row.
    table["rows"] = [
        {"label": f"debut{n:03d} " + "structure au nom très long " * 6 + f"fin{n:03d}", "cells": [n] * width}
        for n in range(PRINTED_ROWS)
    ]
    table["total"] = {"label": "Totalcontrole", "cells": [9999] * width}
    pages = _pdf_pages(report_pdf(snapshot=snapshot, title="Point de situation"), tmp_path)
    assert len(pages) > 3
    for n in range(PRINTED_ROWS):
        holding = {i for i, page in enumerate(pages) if f"debut{n:03d}" in page or f"fin{n:03d}" in page}
        assert len(holding) == 1, f"row {n} is split over pages {holding}"
    assert sum(page.count("Totalcontrole") for page in pages) == 1


def test_on_paper_a_tables_bars_are_drawn_in_its_rows_and_on_the_page_beside_it(client, plan):
    """WeasyPrint sets SVG text letter by letter: the PDF draws each bar in its row, the page keeps its chart."""
    from relais.reports.pdf import report_html

    client.force_login(UserFactory(role=Role.COMITE))
    report = _generate(client)
    html = report_html(snapshot=report.snapshot, title="Point de situation")
    assert 'class="bar-label"' not in html  # no SVG bar chart (the capacity chart stays: a few labels)
    table = next(t for t in report.snapshot["tables"] if t["id"] == "programmes")
    values = [value for _, value in table["chart"]["items"]]
    targets = table["chart"]["markers"]
    section = re.search(r'id="tableau-programmes".*?</section>', html, re.DOTALL).group(0)
    body = re.search(r"<tbody>(.*?)</tbody>", section, re.DOTALL).group(1)
    assert body.count("<tr>") == len(table["rows"]) == body.count('<td class="relais-bar">')
    peak = max(values + targets)
    fills = [float(w) for w in re.findall(r'relais-bar__fill" style="width: ([\d.]+)%', body)]
    assert fills == [round(v * 100 / peak, 1) for v in values]
    strokes = [float(w) for w in re.findall(r'relais-bar__target" style="width: ([\d.]+)%', body)]
    assert strokes == [round(t * 100 / peak, 1) for t in targets]
    assert f"Graphique : {table['chart_caption']}" in unescape(section)

    page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert 'id="tableau-programmes"' in page and 'class="bar-label"' in page and "relais-bar__fill" not in page


def test_a_long_table_is_printed_with_its_leading_rows_and_says_where_the_whole_is(client, plan, tmp_path):
    """2,807 communes are not read on paper: the PDF prints the largest rows and points to the whole table,
    which the report's page and its exports keep (drawn from the same, uncut, snapshot)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) est requis pour lire le PDF")
    from relais.reports.pdf import PRINTED_ROWS, report_html, report_pdf

    client.force_login(UserFactory(role=Role.COMITE))
    snapshot = _generate(client).snapshot
    table = next(t for t in snapshot["tables"] if t["id"] == "par-arrondissement")
    width = len(table["columns"])
    count = PRINTED_ROWS + 40
    # Commune n holds n structures: the largest ones are the last in the table's order.
    table["rows"] = [{"label": f"commune{n:03d}x", "cells": [str(n)] * width} for n in range(count)]
    table["chart"] = {"items": [[f"commune{n:03d}x", n] for n in range(count)], "markers": None}
    table["total"] = {"label": "Total", "cells": ["9999"] * width}
    text = "".join(_pdf_pages(report_pdf(snapshot=snapshot, title="Point de situation"), tmp_path))
    printed = [n for n in range(count) if f"commune{n:03d}x" in text]
    assert printed == list(range(count - PRINTED_ROWS, count))
    assert text.index(f"commune{count - 1:03d}x") < text.index(f"commune{count - PRINTED_ROWS:03d}x")  # largest first
    assert f"imprimé sur {PRINTED_ROWS} de ses {count} lignes" in " ".join(text.split())
    html = report_html(snapshot=snapshot, title="P")
    section = re.search(r'id="tableau-par-arrondissement".*?</section>', html, re.DOTALL).group(0)
    bars = [float(w) for w in re.findall(r'relais-bar__fill" style="width: ([\d.]+)%', section)]
    assert bars == [round(n * 100 / (count - 1), 1) for n in range(count - 1, count - PRINTED_ROWS - 1, -1)]
    assert "9999" in text  # the total of every row
    # The snapshot stays whole: the report's page draws every row, without the note.
    assert len(table["rows"]) == count
    page = render_to_string("reports/_report_body.html", {"snapshot": snapshot, "frozen": True})
    assert all(f"commune{n:03d}x" in page for n in range(count)) and "imprimé sur" not in page
