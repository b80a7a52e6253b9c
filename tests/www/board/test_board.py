import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from relais.indicators.publication import MAX_NOISE
from relais.structures.enums import PlaceKind, StructureKind
from relais.structures.models import FreshnessRule, OccupancyDeclaration, Place, PlaceServicePeriod, Programme
from relais.structures.services import occupancy_declare, place_update
from relais.users.enums import Role
from tests.factories import ProgrammeFactory, StructureFactory, UserFactory
from tests.helpers import messages_of, select, select_one, text, text_of, texts

pytestmark = pytest.mark.django_db


def _row(response, structure):
    return next(r for r in response.context["rows"] if r.pk == structure.pk)


def test_board_figures(client):
    structure = StructureFactory(places=10, occupied=7)
    client.force_login(UserFactory(role=Role.MARAUDE))
    response = client.get(reverse("board:index"))
    row = _row(response, structure)
    assert (row.places_open, row.occupied, row.free, row.stale) == (10, 7, 3, False)
    assert response.context["totals"]["free"] == 3


def test_figure_older_than_the_kind_limit_is_stale(client):
    now = timezone.now()
    night = StructureFactory(
        kind=StructureKind.REST_NIGHT, places=5, occupied=2, occupied__at=now - datetime.timedelta(hours=25)
    )
    hotel = StructureFactory(
        kind=StructureKind.HOTEL, places=5, occupied=2, occupied__at=now - datetime.timedelta(hours=25)
    )
    never = StructureFactory(places=5)
    client.force_login(UserFactory(role=Role.COORDINATION))
    response = client.get(reverse("board:index"))
    assert _row(response, night).stale is True  # 24 h for night places
    assert _row(response, hotel).stale is False  # 72 h for hotels
    assert _row(response, never).stale is True
    FreshnessRule.objects.create(kind=StructureKind.HOTEL, hours=12)
    assert _row(client.get(reverse("board:index")), hotel).stale is True


def test_operator_declares_then_confirms_unchanged(client):
    structure = StructureFactory(places=10)
    client.force_login(UserFactory(operateur_of=structure.operator))
    client.post(reverse("board:declare", args=[structure.pk]), {"occupied": 6})
    client.post(reverse("board:declare", args=[structure.pk]), {"inchange": "1"})
    declarations = list(OccupancyDeclaration.objects.order_by("declared_at"))
    assert [(d.occupied, d.unchanged) for d in declarations] == [(6, False), (6, True)]
    row = _row(client.get(reverse("board:index")), structure)
    assert (row.occupied, row.free) == (6, 4)


def test_htmx_declaration_returns_the_updated_row(client):
    structure = StructureFactory(places=10, occupied=2)
    client.force_login(UserFactory(operateur_of=structure.operator))
    response = client.post(reverse("board:declare", args=[structure.pk]), {"occupied": 9}, HTTP_HX_REQUEST="true")
    assert text_of(response).strip().startswith(f'<tr id="structure-{structure.pk}"')
    free = select_one(response, f"tr#structure-{structure.pk} > td[data-testid=free]")
    assert (free["class"], text(free)) == (["relais-free"], "1")


def test_more_occupied_than_open_is_refused(client):
    structure = StructureFactory(places=3, occupied=1)
    client.force_login(UserFactory(operateur_of=structure.operator))
    response = client.post(reverse("board:declare", args=[structure.pk]), {"occupied": 4})
    assert "dépasse le nombre de places ouvertes" in messages_of(response)[-1]
    assert OccupancyDeclaration.objects.count() == 1


@pytest.mark.parametrize("role", [Role.MARAUDE, Role.POLICE, Role.COMITE])
def test_non_operators_cannot_declare(client, role):
    structure = StructureFactory(places=3, occupied=1)
    client.force_login(UserFactory(role=role))
    assert client.post(reverse("board:declare", args=[structure.pk]), {"occupied": 0}).status_code == 403
    assert OccupancyDeclaration.objects.count() == 1


def test_operator_of_another_organisation_cannot_declare(client):
    structure = StructureFactory(places=3, occupied=1)
    client.force_login(UserFactory(operateur_of=StructureFactory().operator))
    assert client.post(reverse("board:declare", args=[structure.pk]), {"occupied": 0}).status_code == 403


def test_filters_and_distance_sort(client):
    near = StructureFactory(name="Proche", kind=StructureKind.LHSS, places=2, latitude=48.8871, longitude=2.3848)
    far = StructureFactory(
        name="Loin", kind=StructureKind.LHSS, places=2, latitude=48.8283, longitude=2.3623, cog="75113"
    )
    other = StructureFactory(name="Autre", kind=StructureKind.CAARUD, places=2)
    for place in Place.objects.filter(structure=far):
        place_update(place=place, data={"women_only": True})
    client.force_login(UserFactory(role=Role.SOIGNANT))
    url = reverse("board:index")
    names = lambda response: [r.name for r in response.context["rows"]]  # noqa: E731
    assert names(client.get(url, {"type": "lhss", "lat": "48.8283", "lon": "2.3623"})) == ["Loin", "Proche"]
    assert names(client.get(url, {"type": "lhss", "lat": "48.8871", "lon": "2.3848"})) == ["Proche", "Loin"]
    assert names(client.get(url, {"arrondissement": "75113"})) == ["Loin"]
    assert names(client.get(url, {"caracteristique": "women_only"})) == ["Loin"]
    assert set(names(client.get(url))) == {near.name, far.name, other.name}


def test_board_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    user = UserFactory(role=Role.COORDINATION)
    client.force_login(user)
    StructureFactory(places=2, occupied=1)
    client.get(reverse("board:index"))  # warm the session
    # Session, user, grant, freshness rules, totals (which count the rows for the pages), the page; the
    # choices of the filter bar (programmes, occupied sites) are kept by the process (see below).
    with django_assert_num_queries(6) as few:
        client.get(reverse("board:index"))
    for _ in range(15):
        StructureFactory(places=3, occupied=2)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(reverse("board:index"))
    assert len(response.context["rows"]) == 16


def test_the_filter_bar_choices_are_kept_a_minute_but_a_change_shows_at_once(client, settings):
    from relais.www.board.display import forget_filter_choices

    client.force_login(UserFactory(role=Role.COORDINATION))
    options = lambda: texts(client.get(reverse("board:index")), "select[name=programme] option")  # noqa: E731
    assert options() == ["Tous"]
    ProgrammeFactory(name="Plan hiver")  # saved in this process: the bar shows it on the next request
    assert options() == ["Tous", "Plan hiver"]
    # A change made elsewhere (another worker, a command) shows once the choices are a minute old.
    Programme.objects.filter(name="Plan hiver").update(name="Plan grand froid")
    assert options() == ["Tous", "Plan hiver"]
    settings.RELAIS_FILTER_CHOICES_SECONDS = 0
    assert options() == ["Tous", "Plan grand froid"]
    forget_filter_choices()


# Find a place: a type and a point, nearest first.
FIND = {"type": StructureKind.LHSS, "lat": "48.88", "lon": "2.38"}


@pytest.mark.parametrize(
    ("role", "queries", "query"),
    [
        # Session, user, grant, freshness rules, totals, the page; near a point, the page and its totals
        # in one statement.
        (Role.COORDINATION, 6, {}),
        (Role.COORDINATION, 5, FIND),
        # Outside the field teams, the published occupancy: its cells and the published free total of
        # these filters are computed once, then kept; whether they changed is asked once a second
        # (tests/indicators/test_availability_publication.py), not on every request.
        (Role.COMITE, 6, {}),
        (Role.COMITE, 5, FIND),
        (Role.POLICE, 5, FIND),
    ],
)
def test_board_and_find_a_place_run_a_fixed_number_of_queries_whatever_the_number_of_structures(
    client, django_assert_num_queries, role, queries, query
):
    client.force_login(UserFactory(role=role))
    StructureFactory(kind=StructureKind.LHSS, places=12, occupied=11, latitude=48.87, longitude=2.37)
    client.get(reverse("board:index"), query)  # warm the session and the published cells
    with django_assert_num_queries(queries):
        client.get(reverse("board:index"), query)
    for n in range(12):
        StructureFactory(kind=StructureKind.LHSS, places=20, occupied=n + 5, latitude=48.8 + n / 100, longitude=2.3)
        StructureFactory(kind=StructureKind.HOTEL, places=3, availability_mode="computed")
    client.get(reverse("board:index"), query)  # the data changed: the published cells are computed again
    with django_assert_num_queries(queries):
        response = client.get(reverse("board:index"), query)
    assert len(response.context["rows"]) == (13 if query else 25)


def test_find_a_place_shows_the_nearest_twenty_and_totals_cover_every_match(client):
    """A maraude near a point wants the nearest few, not a hundred: a page of 20, nearest first, the
    next ones on the following pages, the totals over every structure of the type."""
    for n in range(25):
        StructureFactory(
            name=f"LHSS {n:02}",
            kind=StructureKind.LHSS,
            places=4,
            occupied=1,
            latitude=48.88 + n / 1000,
            longitude=2.38,
        )
    StructureFactory(kind=StructureKind.HOTEL, places=4, occupied=1, latitude=48.88, longitude=2.38)
    client.force_login(UserFactory(role=Role.MARAUDE))
    first = client.get(reverse("board:index"), FIND)
    assert [r.name for r in first.context["rows"]] == [f"LHSS {n:02}" for n in range(20)]
    assert first.context["rows"][0].distance_km == 0.0
    assert first.context["totals"] == {"open": 100, "free": 75, "stale": 0, "structures": 25}
    second = client.get(reverse("board:index"), {**FIND, "page": 2})
    assert [r.name for r in second.context["rows"]] == [f"LHSS {n:02}" for n in range(20, 25)]
    # Without a point, the board keeps its pages of 100.
    assert len(client.get(reverse("board:index")).context["rows"]) == 26


def test_board_pages_its_rows_but_totals_cover_all(client, monkeypatch):
    from relais.www.board import views

    monkeypatch.setattr(views, "BOARD_PAGE_SIZE", 3)
    for _ in range(4):
        StructureFactory(places=5, occupied=2)
    StructureFactory(places=5)  # never confirmed: stale, no free figure
    client.force_login(UserFactory(role=Role.MARAUDE))
    first = client.get(reverse("board:index"))
    assert len(first.context["rows"]) == 3
    assert first.context["totals"] == {"open": 25, "free": 12, "stale": 1, "structures": 5}
    # Outside the field teams, free places are those of the published occupancy (here all hidden).
    client.force_login(UserFactory(role=Role.COMITE))
    assert client.get(reverse("board:index")).context["totals"] == {"open": 25, "free": 0, "stale": 1, "structures": 5}
    second = client.get(reverse("board:index"), {"page": 2})
    assert len(second.context["rows"]) == 2
    assert text(select_one(second, ".fr-pagination [aria-current=page]")) == "Page 2 sur 2"
    previous = select_one(second, ".fr-pagination a.fr-pagination__link--prev")["href"]
    assert [r.pk for r in client.get(reverse("board:index") + previous).context["rows"]] == [
        r.pk for r in first.context["rows"]
    ]


HTMX = {"HTTP_HX_REQUEST": "true"}


def test_a_refused_htmx_declaration_shows_its_reason_in_the_row_and_nothing_on_the_next_page(client):
    structure = StructureFactory(places=3, occupied=1)
    client.force_login(UserFactory(operateur_of=structure.operator))
    response = client.post(reverse("board:declare", args=[structure.pk]), {"occupied": 4}, **HTMX)
    error = select_one(response, f"#structure-{structure.pk} [data-testid=row-error]")
    assert text(error) == (
        f"{structure.name} : Le nombre de places occupées (4) dépasse le nombre de places ouvertes (3)."
    )
    assert select_one(response, f"#occ-{structure.pk}")["aria-invalid"] == "true"
    assert OccupancyDeclaration.objects.count() == 1
    assert select(client.get(reverse("board:index")), "#messages .fr-alert") == []


def test_the_success_message_of_an_htmx_declaration_comes_out_of_band(client):
    structure = StructureFactory(places=10, occupied=2)
    client.force_login(UserFactory(operateur_of=structure.operator))
    response = client.post(reverse("board:declare", args=[structure.pk]), {"occupied": 9}, **HTMX)
    assert select_one(response, "#messages")["hx-swap-oob"] == "true"
    assert texts(response, "#messages .fr-alert") == [f"{structure.name} : occupation enregistrée."]
    assert select(client.get(reverse("board:index")), "#messages .fr-alert") == []


def test_capacity_is_checked_against_the_structures_places_not_a_fixed_ceiling(client):
    structure = StructureFactory(places=3, occupied=1)
    places = Place.objects.bulk_create(
        Place(structure=structure, kind=PlaceKind.BED, label=f"Grand {n}") for n in range(5200)
    )
    PlaceServicePeriod.objects.bulk_create(
        PlaceServicePeriod(place=place, start=datetime.date(2020, 1, 1)) for place in places
    )
    client.force_login(UserFactory(operateur_of=structure.operator))
    client.post(reverse("board:declare", args=[structure.pk]), {"occupied": 5100}, **HTMX)
    assert OccupancyDeclaration.objects.order_by("-pk").first().occupied == 5100
    response = client.post(reverse("board:declare", args=[structure.pk]), {"occupied": 6000}, **HTMX)
    assert text(select_one(response, "[data-testid=row-error]")).endswith(
        "Le nombre de places occupées (6000) dépasse le nombre de places ouvertes (5203)."
    )


def test_the_published_free_total_follows_a_declaration_at_once(client):
    """The published cells and the free total of a filter are kept by the process, until a service changes a figure."""
    structure = StructureFactory(places=40, occupied=12)
    client.force_login(UserFactory(role=Role.COMITE))
    free = lambda: client.get(reverse("board:index")).context["totals"]["free"]  # noqa: E731
    assert abs(free() - 28) <= MAX_NOISE
    occupancy_declare(structure=structure, occupied=30, by=UserFactory(operateur_of=structure.operator))
    assert abs(free() - 10) <= MAX_NOISE


def test_a_row_escapes_what_it_prints_and_its_form_carries_the_csrf_field(client):
    structure = StructureFactory(name='<script>alert("x")</script> & Cie', places=10, occupied=2)
    client.force_login(UserFactory(operateur_of=structure.operator))
    response = client.get(reverse("board:index"))
    assert '<script>alert("x")</script>' not in response.content.decode()
    row = select_one(response, f"tr#structure-{structure.pk}")
    assert text(row.select_one("a")) == '<script>alert("x")</script> & Cie'
    form = row.select_one("form")
    assert form["hx-post"] == reverse("board:declare", args=[structure.pk])
    assert form.select_one("input[name=csrfmiddlewaretoken]")["value"]
    assert select_one(row, f"#occ-{structure.pk}")["value"] == "2"


def test_a_page_number_past_any_row_shows_the_last_page(client):
    client.force_login(UserFactory(role=Role.COORDINATION))
    StructureFactory(kind=StructureKind.LHSS, places=3, latitude=48.87, longitude=2.37)
    for page in ("99999999999999999999999999", "2", "0", "abc"):
        response = client.get(reverse("board:index"), {**FIND, "page": page})
        assert response.status_code == 200
        assert len(response.context["rows"]) == 1
