"""Issue 11, findings 2 to 7: each attack as an outside role would run it, through the interface.

The attacker knows the published method: the threshold (1 to 10 shown « < 11 ») and the maximum
noise of a published count (`publication.MAX_NOISE`, none before the cell-key method). The last test
walks every figure-bearing output as each outside role and finds no count of 1 to 10 persons.
"""

import csv
import datetime
import io
import json
import math

import pytest
from django.urls import reverse
from django.utils import timezone

from relais.indicators import publication, registry
from relais.reports.models import SituationReport
from relais.sites.enums import Destination, DisplacementKind
from relais.sites.models import DisplacementDestination
from relais.structures.enums import StructureKind
from relais.users.enums import Role
from tests.factories import StructureFactory, UserFactory
from tests.governance.factories import MeasureTargetFactory, MeasureTargetValueFactory
from tests.helpers import select_one
from tests.people.factories import ContactFactory, PathwayStepFactory, PersonFactory, StayFactory
from tests.sites.factories import (
    ActivityFactory,
    DisplacementFactory,
    ObservationFactory,
    OperationFactory,
    SiteFactory,
)

pytestmark = pytest.mark.django_db

OUTSIDE = [Role.POLICE, Role.COMITE, Role.VILLE, Role.ADMIN, Role.AUDITEUR]
SMALL = "< 11"
NOISE = getattr(publication, "MAX_NOISE", 0)


def now():
    return timezone.now()


def ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def bounds(shown) -> tuple[float, float]:
    """What one published figure tells the attacker about the true count."""
    shown = str(shown).replace("\u202f", "")
    if shown == SMALL:
        return (1, 10)
    if shown in ("s", "None"):
        return (11, math.inf)
    value = int(float(shown))
    if value == 0:
        return (0, 0)
    return (max(11, value - NOISE), value + NOISE)


def small_exact(shown) -> bool:
    text = str(shown).replace("\u202f", "").removesuffix(",0").removesuffix(".0")
    return text.isdigit() and 1 <= int(text) <= 10


@pytest.fixture
def world():
    """Small counts of persons everywhere: 4 occupied, 2 taken to hospital, 3 arrests, 7 acts, 3 steps."""
    small = StructureFactory(
        name="Petite", kind=StructureKind.HOTEL, cog="75118", places=20, occupied=4, latitude=48.88, longitude=2.36
    )
    big = StructureFactory(name="Grande", kind=StructureKind.HOTEL, cog="75119", places=60, occupied=30)
    rest = StructureFactory(name="Repos", kind=StructureKind.REST_NIGHT, cog="75119", places=40, occupied=20)
    site = SiteFactory(name="Site-Essai", cog="75119")
    ObservationFactory(site=site, headcount_min=30, headcount_max=45)
    ActivityFactory(site=site, day=ago(2), first_aid=3, nursing_care=4)
    OperationFactory(site=site, day=ago(3), arrests=3, custody=2)
    evacuation = DisplacementFactory(site=site, day=ago(1), kind=DisplacementKind.EVACUATION)
    DisplacementDestination.objects.create(displacement=evacuation, destination=Destination.REST_SPACE, people=25)
    DisplacementDestination.objects.create(displacement=evacuation, destination=Destination.HOSPITAL, people=2)
    for _ in range(3):
        PathwayStepFactory(on=ago(1))
    target = MeasureTargetFactory(indicator_code="psychiatric_steps")
    MeasureTargetValueFactory(target=target, value=50)
    return {"small": small, "big": big, "rest": rest, "site": site, "evacuation": evacuation, "target": target}


def _table(response, table_id):
    return next(t for t in response.context["dashboard"]["tables"] if t["id"] == table_id)


def _shown(row) -> str:
    return row["status"] if row["status"] != "publié" else str(row["value"])


# --- Finding 2: the comité dashboard, its frozen report and its exports ---------------------------


def test_f2_the_comite_dashboard_report_and_exports_publish_counts_of_persons(client, world):
    client.force_login(UserFactory(role=Role.COMITE))
    response = client.get(reverse("dashboards:comite"))
    evacuations = {r["label"]: r["cells"] for r in _table(response, "evacuations")["rows"]}
    assert evacuations["Hôpital"] == [SMALL]  # not « Hôpital : 2 »
    by_kind = _table(response, "par-type")
    occupied = [c["code"] for c in by_kind["columns"]].index("places_occupied")
    assert all(not small_exact(r["cells"][occupied]) for r in by_kind["rows"])
    operations = _table(response, "operations-par-type")
    for code in ("operation_arrests", "operation_custody"):
        column = [c["code"] for c in operations["columns"]].index(code)
        assert operations["total"]["cells"][column] == SMALL
    export = client.get(reverse("dashboards:comite_export", args=["evacuations", "csv"]))
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    assert [row[1] for row in rows if row and row[0] == "Hôpital"] == [SMALL]
    client.post(reverse("reports:generate"), {"meeting_date": timezone.localdate().isoformat()})
    snapshot = SituationReport.objects.get().snapshot
    frozen = next(t for t in snapshot["tables"] if t["id"] == "evacuations")
    assert {r["label"]: r["cells"] for r in frozen["rows"]}["Hôpital"] == [SMALL]


# --- Finding 3: occupancy by structure ------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.POLICE, Role.COMITE, Role.VILLE])
def test_f3_occupancy_by_structure_is_published_on_the_board_pages_map_and_api(client, world, role):
    client.force_login(UserFactory(role=role))
    small = world["small"]
    api = client.get(reverse("v1:availability-list")).json()["results"]
    row = next(r for r in api if r["structure"] == small.pk)
    assert row["occupied"] is None and row["free"] is None  # open - free would give the 4 back
    board = next(r for r in client.get(reverse("board:index")).context["rows"] if r.pk == small.pk)
    assert board.occupied is None and board.free is None
    page = client.get(reverse("registry:structure_detail", args=[small.pk]))
    assert page.context["structure"].occupied is None and page.context["structure"].free is None
    markers = json.loads(
        select_one(client.get(reverse("sites:map")), 'script#carte-donnees[type="application/json"]').string
    )
    assert next(m for m in markers["structures"] if m["name"] == "Petite")["free"] is None
    # The same cell as the indicator's, whichever way it is asked.
    indicator = client.get(reverse("v1:indicator-detail", args=["places_occupied"]), {"by": "structure"}).json()
    assert next(r for r in indicator["rows"] if r["group"]["structure"] == str(small.pk))["status"] == SMALL


def test_f3_the_field_teams_keep_exact_occupancy(client, world):
    client.force_login(UserFactory(role=Role.MARAUDE))
    api = client.get(reverse("v1:availability-list")).json()["results"]
    row = next(r for r in api if r["structure"] == world["small"].pk)
    assert (row["occupied"], row["free"]) == (4, 16)


# --- Finding 4: the site page ----------------------------------------------------------------------


@pytest.mark.parametrize("role", OUTSIDE)
def test_f4_the_site_page_gives_no_destination_nor_daily_health_act(client, world, role):
    client.force_login(UserFactory(role=role))
    response = client.get(reverse("sites:detail", args=[world["site"].pk]))
    page = response.content.decode()
    assert "→ Hôpital" not in page and "→ Espace de repos" not in page
    timeline = response.context["timeline"]
    for row in timeline.rows:
        assert not any(small_exact(row[name]) for name in ("acts_total", "arrests", "custody", "displaced"))
    assert not any(small_exact(v) for v in timeline.totals["acts"].values())
    assert not small_exact(timeline.totals["acts_total"])


# --- Finding 5: measure live values ----------------------------------------------------------------


def test_f5_a_measure_targeting_a_count_of_persons_shows_it_published(client, world):
    client.force_login(UserFactory(role=Role.COMITE))
    response = client.get(reverse("governance:tracker"))
    lives = [t["live"] for row in response.context["measure_rows"] for t in row["targets"]]
    assert lives == [None]  # 3 psychiatric steps: « < 11 », not 3
    exported = client.get(reverse("governance:tracker"), {"format": "csv"}).content.decode("utf-8-sig")
    assert "psychiatrique : 3" not in exported
    client.force_login(UserFactory(role=Role.COORDINATION))
    response = client.get(reverse("governance:tracker"))
    assert [t["live"] for row in response.context["measure_rows"] for t in row["targets"]] == [3]


# --- Finding 6: existence oracle --------------------------------------------------------------------


def test_f6_recording_a_person_does_not_move_any_figure_a_field_team_reads(client, world):
    maraude = UserFactory(role=Role.MARAUDE)
    for _ in range(14):
        ContactFactory(occurred_at=now() - datetime.timedelta(days=1))
    url = reverse("v1:indicator-detail", args=["persons_distinct"])
    coordination = UserFactory(role=Role.COORDINATION)
    client.force_login(coordination)
    exact = client.get(url).json()["rows"][0]["value"]
    client.force_login(maraude)
    before = client.get(url).json()["rows"]
    # A « new » person: if the figure did not move, the same person is followed elsewhere.
    ContactFactory(person=PersonFactory(organization=maraude.organization), occurred_at=now())
    assert client.get(url).json()["rows"] == before
    client.force_login(coordination)
    assert client.get(url).json()["rows"][0]["value"] == exact + 1  # coordination's own, exact


# --- Finding 7: linked tables and consecutive dates -----------------------------------------------


def test_f7_combining_breakdowns_does_not_recover_a_hidden_cell(client, world):
    client.force_login(UserFactory(role=Role.COMITE))
    url = reverse("v1:indicator-detail", args=["places_occupied"])
    cells, lines = {("t",): bounds(_shown(client.get(url).json()["rows"][0]))}, []
    for by in ("structure", "kind", "arrondissement"):
        members = []
        for row in client.get(url, {"by": by}).json()["rows"]:
            key = (by, row["group"][by])
            cells[key] = bounds(_shown(row))
            members.append(key)
        lines.append((members, ("t",)))
    known = publication.propagate(cells, lines)
    small = ("structure", str(world["small"].pk))
    assert known[small][0] < known[small][1], known[small]  # 4 = hotels - Grande, were both exact


def test_f7_two_consecutive_dates_do_not_reveal_one_admission(client, world):
    hotel = StructureFactory(kind=StructureKind.HOTEL, places=60, availability_mode="computed")
    for _ in range(30):
        StayFactory(structure=hotel, admitted_at=now() - datetime.timedelta(days=5))
    StayFactory(structure=hotel, admitted_at=now() - datetime.timedelta(days=2))
    client.force_login(UserFactory(role=Role.COMITE))
    url = reverse("v1:indicator-detail", args=["persons_housed"])
    days = [client.get(url, {"as_of": ago(n).isoformat(), "by": "structure"}).json()["rows"] for n in (3, 1)]
    before, after = (next(bounds(_shown(r)) for r in rows if r["group"]["structure"] == str(hotel.pk)) for rows in days)
    assert after[0] - before[1] < after[1] - before[0]  # one admission (30 -> 31) is not pinned
    # The dashboards' « au » filter is the same publication.
    figures = [
        client.get(reverse("dashboards:comite"), {"au": ago(n).isoformat()}).context["dashboard"]["figures"]
        for n in (3, 1)
    ]
    housed = [bounds(next(f for f in day if f["code"] == "persons_housed")["display"]) for day in figures]
    assert housed[1][0] - housed[0][1] < housed[1][1] - housed[0][0]


# --- Every figure-bearing output, as each outside role -------------------------------------------


def _person_cells_of_dashboard(dashboard):
    person = {code for code, i in registry.INDICATORS.items() if i.person_derived}
    for figure in dashboard["figures"]:
        if figure["code"] in person:
            yield figure["id"], figure["display"]
    for table in dashboard["tables"]:
        codes = [c["code"] for c in table["columns"]]
        for row in [*table["rows"], *([table["total"]] if table["total"] else [])]:
            for code, cell in zip(codes, row["cells"], strict=True):
                if code in person:
                    yield f"{table['id']}/{row['label']}/{code}", cell


@pytest.mark.parametrize("role", [*OUTSIDE, None])
def test_no_output_gives_an_outside_role_a_count_of_1_to_10_persons(client, world, role):
    found = []
    if role is not None:
        client.force_login(UserFactory(role=role))
    for audience in ("comite", "police"):
        response = client.get(reverse(f"dashboards:{audience}"))
        if response.status_code == 200:
            found += list(_person_cells_of_dashboard(response.context["dashboard"]))
            for table in response.context["dashboard"]["tables"]:
                export = client.get(reverse(f"dashboards:{audience}_export", args=[table["id"], "csv"]))
                assert export.status_code == 200
    if role == Role.COMITE:
        client.post(reverse("reports:generate"), {"meeting_date": timezone.localdate().isoformat()})
        snapshot = SituationReport.objects.get().snapshot
        found += list(_person_cells_of_dashboard(snapshot))
        found += [(f["id"], f["display"]) for f in snapshot["communique_figures"] if f["person_derived"]]
        # The capacity page: three persons housed in a hotel the day before its back-test date.
        hotel = StructureFactory(kind=StructureKind.HOTEL, places=5, availability_mode="computed")
        for _ in range(3):
            StayFactory(structure=hotel, admitted_at=now() - datetime.timedelta(days=3))
        answer = client.get(
            reverse("orientation:capacity"),
            {"scene": 50, "weeks": 2, "rest_arrivals": 10, "back_test_on": ago(1).isoformat()},
        ).context["answer"]
        found += [(f"capacity/{name}", value) for name, value in answer["counts"].items()]
        found += [(f"capacity/back/{n}", answer["back_test"][n]) for n in ("occupied", "actual_admissions")]
        for kind in answer["by_kind"]:
            found += [(f"capacity/{kind['kind']}/{name}", value) for name, value in kind["counts"].items()]
            if kind["back_test"]["enough"]:
                found += [
                    (f"capacity/{kind['kind']}/back/{n}", kind["back_test"][n])
                    for n in ("occupied", "actual_admissions")
                ]
    if role in (Role.POLICE, Role.COMITE, Role.VILLE):
        for indicator in registry.INDICATORS.values():
            if not indicator.person_derived or indicator.unit in publication.NON_COUNT_UNITS:
                continue
            url = reverse("v1:indicator-detail", args=[indicator.code])
            for by in ("", *indicator.paths):
                response = client.get(url, {"by": by} if by else {})
                if response.status_code == 200:
                    found += [(f"api/{indicator.code}/{by}", r["value"]) for r in response.json()["rows"]]
        for row in client.get(reverse("v1:availability-list")).json()["results"]:
            found += [(f"availability/{row['name']}", row["occupied"]), (f"free/{row['name']}", row["free"])]
        for row in client.get(reverse("board:index")).context["rows"]:
            found += [(f"board/{row.name}", row.occupied), (f"board-free/{row.name}", row.free)]
    for dataset in ("places-occupees-declarees", "personnes-hebergees", "personnes-presentes-sur-les-sites-haute"):
        data = client.get(reverse("opendata:json", args=[dataset])).json()
        found += [(f"{dataset}/{r['mois']}/{r.get('code_commune')}", r["valeur"]) for r in data["donnees"]]
    if role is not None:
        timeline = client.get(reverse("sites:detail", args=[world["site"].pk])).context["timeline"]
        for row in timeline.rows:
            found += [(f"site/{row['label']}/{n}", row[n]) for n in ("acts_total", "arrests", "custody", "displaced")]
    leaks = [(where, value) for where, value in found if small_exact(value)]
    assert found and leaks == []
